"""A letter as email: offers and events of its territory only, alt texts, no script,
hostile text escaped, a plain-text twin, the admin's preview in both modes."""

import pytest
from django.test import RequestFactory

from newsletters.models import Newsletter
from newsletters.rendering import render_newsletter

from .world import audience

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'


def letter_with(territory, blocks, subject="Lettre de décembre"):
    letter = Newsletter.objects.create(territory=territory, subject=subject,
                                       preheader="Trois nouvelles", body=blocks)  # fmt: skip
    letter.lists.set([audience(territory, 1)])
    return letter


def test_the_email_shows_the_territorys_pages_and_skips_anothers(two_territories, content):
    own = two_territories[0].territory
    offers, event = content["offers"], content["event"]
    letter = letter_with(own, [
        {"type": "heading", "value": "À la une"},
        {"type": "offer", "value": offers[0].pk},
        {"type": "offer", "value": offers[1].pk},
        {"type": "event", "value": event.pk},
        {"type": "offer", "value": content["foreign_offer"].pk},  # stored by a hostile hand
        {"type": "event", "value": content["foreign_event"].pk},
        {"type": "offer", "value": 987654},  # gone
    ])  # fmt: skip
    rendered = render_newsletter(letter)
    for page in (*offers, event):
        assert page.title in rendered.html and page.title in rendered.text
        assert page.full_url in rendered.text and page.full_url.startswith(own.root_url)
    for foreign in (content["foreign_offer"], content["foreign_event"]):
        assert foreign.title not in rendered.html and foreign.title not in rendered.text
    html = rendered.html
    assert "<script" not in html and "style=" in html  # CSS inlined
    assert 'name="viewport"' in html and "prefers-color-scheme: dark" in html
    assert "Trois nouvelles" in html  # the preheader
    assert all('alt="' in tag for tag in html.split("<img")[1:])


def test_hostile_text_is_escaped_everywhere(two_territories):
    own = two_territories[0].territory
    letter = letter_with(own, [{"type": "heading", "value": HOSTILE}], subject=HOSTILE)
    rendered = render_newsletter(letter)
    assert "<script>alert(2)" not in rendered.html and "onerror=alert" not in rendered.html.replace(
        "&lt;img src=x onerror=alert(1)&gt;", ""
    )
    assert "&lt;script&gt;" in rendered.html
    assert HOSTILE in rendered.text  # plain text is text


def test_admin_preview_in_both_modes(two_territories, content):
    own = two_territories[0].territory
    letter = letter_with(own, [{"type": "offer", "value": content["offers"][0].pk}])
    request = RequestFactory().get("/")
    html = letter.serve_preview(request, "html")
    text = letter.serve_preview(request, "text")
    assert html.status_code == text.status_code == 200
    assert b"Bureaux A1" in html.content and b"<table" in html.content
    assert text["Content-Type"].startswith("text/plain") and b"Bureaux A1" in text.content
