"""The investor's saved offers and searches in a real browser: the account page with saved
items, the "save this search" form and the unsubscribe confirmation pass axe-core (WCAG 2.1
AA); on an offer page the script marks a saved offer and saves another in one click."""

import pytest
from django.urls import reverse
from django.utils import translation

from demo.content import CONFLUENCES
from demo.seed import INVESTOR_EMAIL, PASSWORDS
from tests.browser.test_public_a11y import _axe, _url

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _sign_in(page, demo):
    page.goto(_url(demo, CONFLUENCES["slug"], "/fr/accounts/login/"))
    page.locator("input[name=login]").fill(INVESTOR_EMAIL)
    page.locator("input[name=password]").fill(PASSWORDS["investor"])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_saved_items_pages_have_no_axe_violations(demo, chromium, axe_source):
    from investors.digest import unsubscribe_token
    from investors.models import SavedSearch
    from territories.models import Territory
    from territories.tenancy import platform_wide

    with platform_wide():
        territory = Territory.objects.get(slug=CONFLUENCES["slug"])
        search = SavedSearch.objects.filter(territory=territory).first()
    with translation.override("fr"):
        unsubscribe = reverse(
            "saved_search_unsubscribe",
            args=[unsubscribe_token(territory_id=territory.pk, search_ids=[search.pk])],
        )
        save_search = reverse("search_save") + "?type=office&surface_min=100"
    problems = {}
    for width in (1280, 375):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        _sign_in(page, demo)
        for path in ("/fr/accounts/", save_search, unsubscribe):
            page.goto(_url(demo, CONFLUENCES["slug"], path))
            assert "Mes offres enregistrées" in page.content() or path != "/fr/accounts/"
            if violations := _axe(page, axe_source):
                problems[f"{path} @ {width}px"] = violations
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems[f"{path} @ {width}px"] = "scrolls sideways"
        context.close()
    assert problems == {}


def test_the_offer_page_script_marks_and_saves(demo, chromium):
    from investors.models import FavouriteOffer
    from realestate.models import OfferPage
    from territories.models import Territory
    from territories.tenancy import platform_wide

    with platform_wide():
        territory = Territory.objects.get(slug=CONFLUENCES["slug"])
        saved_ids = set(
            FavouriteOffer.objects.filter(territory=territory).values_list("offer_id", flat=True)
        )
        offer = (
            OfferPage.objects.live()
            .filter(locale__language_code="fr", index_page__isnull=False)
            .descendant_of(territory.site.root_page)
            .exclude(pk__in=saved_ids)
            .first()
        )
        path = offer.relative_url(territory.site)
    context = chromium.new_context()
    page = context.new_page()
    _sign_in(page, demo)
    page.goto(_url(demo, CONFLUENCES["slug"], path))
    link = page.locator(f"main .offer__contact [data-save-offer='{offer.pk}']")
    link.click()
    page.wait_for_function(
        "(el) => el.getAttribute('aria-pressed') === 'true'", arg=link.element_handle()
    )
    assert page.url.endswith(path)  # saved without leaving the page
    with platform_wide():
        assert FavouriteOffer.objects.filter(territory=territory, offer=offer).exists()
        FavouriteOffer.objects.filter(territory=territory, offer=offer).delete()
    context.close()
