"""Filière-page sections of the test app (tests/attractiveness/test_ecosystem_sections.py)."""

from attractiveness.ecosystem_sections import EcosystemSection


def _probe(key):
    def context(request, page):
        return {"probe_key": key, "probe_text": f"{key} of {page.title}"}

    return context


LATE = EcosystemSection("probe_late", 90, "testapp/ecosystem_probe.html", _probe("late"))
EARLY = EcosystemSection("probe_early", 5, "testapp/ecosystem_probe.html", _probe("early"))
EMPTY = EcosystemSection("probe_empty", 50, "testapp/ecosystem_probe.html", lambda r, p: {})
NOT_A_SECTION = {"key": "dict"}
