"""WCAG 2.1 contrast arithmetic, used to refuse brand colours that would fail AA."""

import re

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
AA_TEXT = 4.5  # WCAG 1.4.3, normal text
AA_NON_TEXT = 3.0  # WCAG 1.4.11, UI components and large text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
