"""The company directory in a real browser: filtered, paged through, its map drawn from the
compact data; without JavaScript the list and filters work and the map stays hidden;
axe-core finds no WCAG A/AA violation, on a phone or a desktop, in French and English."""

import re

import pytest

from demo.content import CONFLUENCES, HAUT_VALLON
from tests.browser.test_public_a11y import PHONE, _axe, _url

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


# What makes the content scroll sideways: elements of main past the viewport's width.
WIDEST = """(width) => [...document.querySelectorAll('main *')]
  .filter((e) => !e.closest('.leaflet-container'))  // the map clips its own tiles
  .filter((e) => e.getBoundingClientRect().right > width + 1)
  .slice(-3).map((e) => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 60))"""


def _total(page) -> int:
    return int(re.match(r"\d+", page.locator("#company-results-title").inner_text()).group())


def test_a_visitor_filters_the_directory_and_sees_the_map(demo, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(_url(demo, CONFLUENCES["slug"], "/fr/annuaire-des-entreprises/"))
        assert _total(page) >= 60
        assert page.locator(".company-card").count() == 20
        page.locator(
            "[data-company-map] .leaflet-marker-icon, [data-company-map] .marker-cluster"
        ).first.wait_for()
        assert page.locator("[data-company-map]").is_visible()
        page.get_by_label("Filière").select_option(index=1)
        page.get_by_role("button", name="Afficher les entreprises").click()
        page.wait_for_url(re.compile(r".*filiere=\d+.*"))
        assert 0 < _total(page) < 60
    finally:
        context.close()


def test_the_directory_works_without_javascript(demo, chromium):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(_url(demo, HAUT_VALLON["slug"], "/en/company-directory/"))
        total = _total(page)
        assert total >= 60 and page.locator("[data-company-map]").is_hidden()
        page.get_by_role("link", name="Next").click()
        page.wait_for_url(re.compile(r".*page=2.*"))
        assert page.locator(".company-card").count() == min(20, total - 20)
        page.get_by_label("Commune", exact=True).select_option(index=1)
        page.get_by_role("button", name="Show the companies").click()
        page.wait_for_url(re.compile(r".*commune=\d{5}.*"))
        assert _total(page) < total
    finally:
        context.close()


def test_the_directory_has_no_axe_violations(demo, chromium, axe_source):
    urls = [
        _url(demo, CONFLUENCES["slug"], "/fr/annuaire-des-entreprises/"),
        _url(demo, CONFLUENCES["slug"], "/en/company-directory/?band=12"),
        _url(demo, HAUT_VALLON["slug"], "/fr/annuaire-des-entreprises/?page=2&filiere=x"),
    ]
    problems = {}
    for options in ({"viewport": {"width": 1280, "height": 900}}, PHONE):
        context = chromium.new_context(**options)
        page = context.new_page()
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            width = options["viewport"]["width"]
            if violations := _axe(page, axe_source):
                problems[f"{url} @ {width}px"] = violations
            # The directory's own content never runs past a phone's width (the header's
            # language switcher is the base template's: docs/directory.md).
            if page.evaluate(WIDEST, width):
                problems[f"{url} @ {width}px, too wide"] = page.evaluate(WIDEST, width)
        context.close()
    assert problems == {}
