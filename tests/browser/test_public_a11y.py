"""What a first walkthrough found on the public sites, in a real browser: the phone menu is
collapsed from the first paint (no layout shift when the script arrives) and still works
without JavaScript; form errors are announced; the thank-you survives a reload; the new
pages (search, 404, thank-you, form with errors) pass axe-core with zero violations and do not
scroll sideways on a phone."""

import pytest

from demo.content import CONFLUENCES, HAUT_VALLON

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

# Installed before any script of the page: every layout shift, from the first paint on.
LAYOUT_SHIFTS = """
window.__shifts = [];
window.__keepShifts = (entries) => {
  for (const entry of entries) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
};
window.__shiftObserver = new PerformanceObserver((list) => window.__keepShifts(list.getEntries()));
window.__shiftObserver.observe({type: 'layout-shift', buffered: true});
"""
TOTAL_SHIFT = """() => {
  window.__keepShifts(window.__shiftObserver.takeRecords());
  return window.__shifts.reduce((a, b) => a + b, 0);
}"""


def _url(demo, slug: str, path: str = "/fr/") -> str:
    return f"http://{slug}.localhost:{demo['port']}{path}"


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(**PHONE)
    context.add_init_script(LAYOUT_SHIFTS)
    yield context.new_page()
    context.close()


def test_phone_menu_is_collapsed_from_the_first_paint(demo, phone):
    """main.js is held back until the page has painted: whatever the network, the menu
    must already be collapsed then, and nothing may move when the script arrives."""
    page = phone
    held = []
    page.route("**/static/js/main.js", lambda route: held.append(route))
    page.goto(_url(demo, HAUT_VALLON["slug"]), wait_until="commit")
    # A function, not an expression: the page's CSP forbids the eval an expression needs.
    page.wait_for_function(
        "() => performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')"
    )
    menu = page.get_by_role("navigation", name="Menu principal")
    toggle = page.get_by_role("button", name="Menu")
    assert not menu.is_visible(), "the menu is open at the first paint"
    assert toggle.is_visible()
    assert held, "main.js was requested"
    held[0].continue_()
    page.wait_for_load_state("load")

    assert page.evaluate(TOTAL_SHIFT) < 0.01
    assert not menu.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    assert menu.get_by_role("link", name="Actualités").is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")


def test_phone_pages_do_not_shift(demo, phone):
    for slug, path in ((HAUT_VALLON["slug"], "/fr/"), (CONFLUENCES["slug"], "/fr/contact/")):
        phone.goto(_url(demo, slug, path))
        phone.wait_for_load_state("load")
        assert phone.evaluate(TOTAL_SHIFT) < 0.01, path


def test_menu_is_open_and_usable_without_javascript(demo, chromium):
    context = chromium.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(_url(demo, HAUT_VALLON["slug"]))
        menu = page.get_by_role("navigation", name="Menu principal")
        assert menu.is_visible()
        assert not page.locator(".nav-toggle").is_visible(), "a toggle that cannot work is hidden"
        menu.get_by_role("link", name="Actualités").click()
        page.wait_for_url("**/fr/actualites/")
    finally:
        context.close()


def test_desktop_menu_is_always_visible(demo, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(_url(demo, HAUT_VALLON["slug"]))
        assert page.get_by_role("navigation", name="Menu principal").is_visible()
        assert not page.locator(".nav-toggle").is_visible()
    finally:
        context.close()


def test_contact_form_errors_are_announced_and_the_thank_you_survives_a_reload(demo, phone):
    from wagtail.contrib.forms.models import FormSubmission

    page = phone
    page.goto(_url(demo, CONFLUENCES["slug"], "/fr/contact/"))
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state("load")

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate(
        "document.activeElement === document.querySelector('[data-error-summary]')"
    )
    assert page.title().startswith("Erreur")
    # Every id named by aria-describedby exists, and invalid fields say so.
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')]
            .flatMap(el => el.getAttribute('aria-describedby').split(/\\s+/))
            .filter(id => !document.getElementById(id))"""
    )
    assert missing == []
    first_link = summary.get_by_role("link").first
    target = first_link.get_attribute("href")[1:]
    first_link.click()
    assert page.evaluate("document.activeElement.id") == target
    assert page.locator(f"#{target}").get_attribute("aria-invalid") == "true"

    page.fill("#id_nom_et_prenom", "Camille Martin")
    page.fill("#id_adresse_electronique", "camille@example.org")
    page.fill("#id_message", "Nous cherchons 2 000 m² de bureaux.")
    before = FormSubmission.objects.count()
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/fr/contact/?sent=1")
    assert page.locator("h1").inner_text() == "Merci"
    page.reload()
    assert page.locator("h1").inner_text() == "Merci"
    assert FormSubmission.objects.count() == before + 1, "a reload sends nothing again"


def _axe(page, axe_source):
    page.evaluate(axe_source + "\n;void 0")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_TAGS,
    )


def test_new_pages_have_no_axe_violations(demo, chromium, axe_source):
    confluences = CONFLUENCES["slug"]
    urls = [
        _url(demo, confluences, "/fr/recherche/?q=sant%C3%A9"),
        _url(demo, confluences, "/en/search/?q=health"),
        _url(demo, confluences, "/fr/recherche/?q=zzzzzz"),
        _url(demo, confluences, "/fr/recherche/?q=" + "x" * 201),
        _url(demo, confluences, "/fr/contact/?sent=1"),
        _url(demo, confluences, "/fr/cette-page-n-existe-pas/"),
        f"http://nulle-part.localhost:{demo['port']}/fr/",
        _url(demo, confluences, "/fr/accounts/login/"),
        _url(demo, confluences, "/en/accounts/signup/"),
        _url(demo, confluences, "/fr/accounts/password/reset/"),
        _url(demo, confluences, "/fr/agenda/archives/"),
        _url(demo, confluences, "/en/events/"),
        _url(demo, confluences, "/fr/actualites/?page=2"),
        _url(demo, confluences, "/fr/actualites/?category=implantations"),
        _url(demo, confluences, "/en/news/battery-recycling-plant/"),
    ]
    problems = {}
    for width in (1280, 375):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for url in urls:
            page.goto(url)
            if violations := _axe(page, axe_source):
                problems[f"{url} @ {width}px"] = violations
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems[f"{url} @ {width}px"] = "scrolls sideways"
        page.goto(_url(demo, confluences, "/fr/contact/"))
        page.get_by_role("button", name="Envoyer").click()
        page.wait_for_load_state("load")
        if violations := _axe(page, axe_source):
            problems[f"contact form with errors @ {width}px"] = violations
        page.goto(_url(demo, confluences, "/fr/accounts/login/"))
        page.locator("input[name=login]").fill("nobody@example.org")
        page.locator("input[name=password]").fill("wrong password")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        if violations := _axe(page, axe_source):
            problems[f"sign-in with errors @ {width}px"] = violations
        context.close()
    assert problems == {}
