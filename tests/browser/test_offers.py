"""An investor searches a territory's business property in a real browser: ticks a type,
narrows the surface, pages through, opens an offer; on a phone and on a desktop, with and
without JavaScript; axe-core finds no WCAG A/AA violation on the search or the offer."""

import re

import pytest

from demo.content import CONFLUENCES, HAUT_VALLON
from tests.browser.test_public_a11y import PHONE, _axe, _url

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_an_investor_filters_offers_and_opens_one_on_a_phone(demo, chromium):
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(_url(demo, CONFLUENCES["slug"], "/fr/immobilier/"))
        total = int(re.match(r"\d+", page.locator("#offer-results-title").inner_text()).group())
        assert total >= 25  # 30 seeded, let or sold ones left out
        # On a phone the filters are folded under their heading: the results come first.
        filters = page.locator("details.offer-filters")
        assert filters.get_attribute("open") is None
        page.locator("summary.offer-filters__summary").click()
        page.get_by_role("checkbox", name=re.compile(r"^Entrepôt")).check()
        page.get_by_label("Surface minimale (m²)").fill("2000")
        page.get_by_role("button", name="Afficher les offres").click()
        page.wait_for_url(re.compile(r".*type=warehouse.*surface_min=2000.*"))
        cards = page.locator(".offer-list .card")
        assert cards.count() >= 1
        for text in cards.locator(".offer-card__type").all_inner_texts():
            assert text.upper().startswith("ENTREPÔT")
        # The URL is the search: reloading it (or sharing it) gives the same results.
        count = cards.count()
        page.reload()
        assert page.locator(".offer-list .card").count() == count
        cards.first.locator("a:not(.save-offer)").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().startswith("Entrepôt")
        assert page.get_by_role("heading", name="L'essentiel").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    finally:
        context.close()


def test_the_search_works_without_javascript(demo, chromium):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(_url(demo, HAUT_VALLON["slug"], "/en/property/"))
        assert page.locator("details.offer-filters").get_attribute("open") is not None
        page.get_by_role("checkbox", name=re.compile(r"^Land")).check()
        page.get_by_role("button", name="Show the offers").click()
        page.wait_for_url(re.compile(r".*type=land.*"))
        for text in page.locator(".offer-card__type").all_inner_texts():
            assert text.upper().startswith("LAND")
    finally:
        context.close()


def test_offer_pages_have_no_axe_violations(demo, chromium, axe_source):
    slug = CONFLUENCES["slug"]
    problems = {}
    for width in (1280, 375):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        urls = [
            _url(demo, slug, "/fr/immobilier/"),
            _url(demo, slug, "/fr/immobilier/?type=office&transaction=rent&feature=fibre"),
            _url(demo, slug, "/fr/immobilier/?surface_min=-5&page=999"),
            _url(demo, slug, "/fr/immobilier/?type=land&surface_max=1"),  # no result
            _url(demo, slug, "/en/property/?sort=-surface&page=2"),
        ]
        for url in urls:
            page.goto(url)
            if violations := _axe(page, axe_source):
                problems[f"{url} @ {width}px"] = violations
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems[f"{url} @ {width}px"] = "scrolls sideways"
        page.goto(urls[0])
        page.locator(".offer-list .card .card__title a").first.click()
        page.wait_for_load_state("load")
        if violations := _axe(page, axe_source):
            problems[f"{page.url} @ {width}px"] = violations
        context.close()
    assert problems == {}
