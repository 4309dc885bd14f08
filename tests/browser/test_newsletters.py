"""The newsletter pages and the email in headless Chromium: the public pages (form, form
with errors, check-your-inbox, preferences, unsubscribe, a bad link) pass axe-core and do
not scroll sideways on a phone; the demo's letter (two offers and an event), rendered as
sent, fits 375 px and 640 px without horizontal scroll and every image has an alt."""

from urllib.parse import urlsplit

import pytest

from demo.content import CONFLUENCES
from newsletters.models import Newsletter, Subscriber
from newsletters.rendering import personalise, render_newsletter
from newsletters.urls import preferences_url, unsubscribe_url
from territories.tenancy import platform_wide

from .test_public_a11y import _axe, _url

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _territory(demo):
    return next(t for t in demo["territories"] if t.slug == CONFLUENCES["slug"])


def test_newsletter_pages_have_no_axe_violations(demo, chromium, axe_source):
    territory = _territory(demo)
    slug = territory.slug
    with platform_wide():
        reader = Subscriber.objects.filter(territory=territory).order_by("pk").first()
        lists = list(reader.subscriptions.values_list("mailing_list", flat=True))
        prefs = urlsplit(preferences_url(territory, reader.pk, "fr")).path
        leave = urlsplit(unsubscribe_url(territory, reader.pk, lists)).path
    urls = [
        _url(demo, slug, "/fr/newsletter/"),
        _url(demo, slug, "/fr/newsletter/?sent=1"),
        _url(demo, slug, prefs),
        _url(demo, slug, leave),
        _url(demo, slug, "/fr/newsletter/confirm/forged/"),
    ]
    problems = {}
    for width in (1280, 375):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for url in urls:
            response = page.goto(url)
            assert response.status in (200, 400), url
            if violations := _axe(page, axe_source):
                problems[f"{url} @ {width}px"] = violations
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems[f"{url} @ {width}px"] = "scrolls sideways"
        page.goto(_url(demo, slug, "/fr/newsletter/"))
        page.wait_for_timeout(3500)  # a person takes longer than the form's minimum fill time
        page.get_by_role("button", name="S'abonner").click()
        page.wait_for_load_state("load")
        assert page.locator(".error-summary").count() == 1
        if violations := _axe(page, axe_source):
            problems[f"form with errors @ {width}px"] = violations
        context.close()
    assert problems == {}


def test_the_email_fits_a_phone_and_a_desktop_client(demo, chromium):
    territory = _territory(demo)
    with platform_wide():
        letter = Newsletter.objects.filter(territory=territory).get()
        rendered = render_newsletter(letter)
    kinds = [block.block_type for block in letter.body]
    assert kinds.count("offer") == 2 and kinds.count("event") == 1
    html = personalise(rendered.html, unsubscribe_url="https://example.org/u",
                       preferences_url="https://example.org/p")  # fmt: skip
    for width in (375, 640):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=False
        )
        page = context.new_page()
        page.set_content(html, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        images = page.locator("img")
        for i in range(images.count()):
            assert (images.nth(i).get_attribute("alt") or "").strip(), f"image {i} @ {width}"
        titles = page.locator(".card-title a")
        assert titles.count() == 3
        assert page.locator("script").count() == 0
        context.close()
