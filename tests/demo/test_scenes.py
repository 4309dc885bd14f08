"""The demo's pictures: every subject the content names is drawn, the same bytes every time,
a JPEG of tens of KB, with a description in both languages (the offers' alt text)."""

import io

import pytest
from PIL import Image

from demo import news, offers, scenes
from demo.content import TERRITORIES
from demo.stories import STORIES


def _named_subjects() -> set[str]:
    named = set()
    for spec in TERRITORIES:
        for group in ("ecosystems", "news"):
            named |= {item["picture"] for item in spec[group]}
        named |= {item["picture"] for item in news.NEWS.get(spec["slug"], [])}
        named |= {item["picture"] for item in news.EVENTS.get(spec["slug"], [])}
        for story in STORIES.get(spec["slug"], []):
            named |= {story["picture"], story["gallery"]}
    return named | set(news.EVENT_PICTURES.values()) | set(offers.ALT)


def test_every_subject_the_content_names_is_drawn():
    assert _named_subjects() <= set(scenes.SUBJECTS)


@pytest.mark.parametrize("subject", sorted(scenes.SUBJECTS))
def test_a_picture_is_deterministic_small_and_described(subject):
    palette = TERRITORIES[0]["palette"]
    data = scenes.picture(palette, subject, seed=7)
    assert data == scenes.picture(palette, subject, seed=7)
    assert 10_000 < len(data) < 80_000
    assert Image.open(io.BytesIO(data)).size == scenes.SIZE
    french, english = scenes.description(subject, "fr"), scenes.description(subject, "en")
    assert french and english and french != english
