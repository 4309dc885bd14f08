"""`make screenshots`: the public site of a seeded demo territory, photographed for docs/.

    python -m demo.screenshots --port PORT -- <the command that serves the demo>
    python -m demo.screenshots --port PORT            (a demo already served on PORT)

Starts the command (as demo/smoke.py does), then drives Debian's Chromium through
Playwright (never a downloaded browser) over the home page and one filière page of
Rhône-Confluences, at phone width (375 px) and desktop width (1280 px), full page. Each
PNG is cut at MAX_HEIGHT CSS pixels (the rest of a long page repeats the same components)
and reduced to a 256-colour palette, which keeps it under about 400 KB. Writes
docs/screenshots/<page>-<width>.png.
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

from demo.smoke import LOG, ROOT, stop, wait_until_up

OUT = ROOT / "docs" / "screenshots"
HOST = "confluences.localhost"
PAGES = {"home": "/fr/", "filiere": "/fr/filieres/sante-biotechnologies/"}
WIDTHS = {"phone": (375, 812), "desktop": (1280, 800)}
MAX_HEIGHT = {"phone": 5200, "desktop": 3200}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _optimised(png: bytes, width: int, max_height: int) -> bytes:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    scale = image.width / width  # the device pixel ratio
    if image.height > max_height * scale:
        image = image.crop((0, 0, image.width, int(max_height * scale)))
    if scale != 1:
        image = image.resize((width, int(image.height / scale)), Image.LANCZOS)
    quantised = image.quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    quantised.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def shoot(port: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for device, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    is_mobile=device == "phone",
                    has_touch=device == "phone",
                    locale="fr-FR",
                )
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(f"http://{HOST}:{port}{path}", wait_until="networkidle")
                    page.evaluate("document.fonts.ready")
                    # lazy images: scroll through the page so that they load
                    page.evaluate(
                        "async () => { for (let y = 0; y < document.body.scrollHeight;"
                        " y += 600) { window.scrollTo(0, y);"
                        " await new Promise(r => setTimeout(r, 60)); } window.scrollTo(0, 0); }"
                    )
                    page.wait_for_load_state("networkidle")
                    png = page.screenshot(full_page=True)
                    target = OUT / f"{name}-{device}.png"
                    target.write_bytes(_optimised(png, width, MAX_HEIGHT[device]))
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="The port the demo is served on.")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the server command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    server = None
    if command:
        LOG.parent.mkdir(parents=True, exist_ok=True)
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=LOG.open("w"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=os.environ,
        )
    try:
        if server is not None:
            wait_until_up(args.port, server)
        for path in shoot(args.port):
            print(f"  {path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB", flush=True)
    finally:
        if server is not None:
            stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
