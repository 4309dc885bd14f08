"""The CRM panel of the admin home page: a territory's figures for its Developers only,
right in Europe/Paris months, drawn as accessible SVG with the same figures in tables, in a
fixed number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investors.dashboard import lead_dashboard
from investors.models import Lead
from territories.tenancy import platform_wide
from tests.factories.investors import LeadFactory
from tests.territories.isolation_world import admin_client

from .conftest import make_leads
from .test_crm_admin import crm  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=PARIS)  # a Thursday


def _lead(territory, *, created, **fields):
    lead = LeadFactory(territory=territory, **fields)
    Lead.objects.filter(pk=lead.pk).update(created_at=created)
    return lead


def test_figures_of_a_territory(crm):  # noqa: F811
    own, other, *_ = crm
    with platform_wide():
        Lead.objects.filter(territory=own.territory).delete()
        monday = datetime.datetime(2026, 3, 9, 0, 30, tzinfo=PARIS)
        _lead(own.territory, created=monday, utm_source="Newsletter")
        _lead(own.territory, created=monday - datetime.timedelta(hours=1), stage="visit")
        # 31 January 23:30 UTC is 1 February in Paris
        _lead(
            own.territory,
            created=datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC),
            utm_source="newsletter",
            stage="won",
            jobs_planned=30,
            closed_at=datetime.datetime(2026, 2, 20, tzinfo=PARIS),
            first_answer_at=datetime.datetime(2026, 2, 1, 12, 30, tzinfo=datetime.UTC),
        )
        _lead(
            own.territory,
            created=datetime.datetime(2026, 2, 10, 9, 0, tzinfo=PARIS),
            stage="decision",
            first_answer_at=datetime.datetime(2026, 2, 10, 13, 0, tzinfo=PARIS),
        )
        _lead(  # won last year: not this year's jobs
            own.territory,
            created=datetime.datetime(2025, 6, 1, tzinfo=PARIS),
            stage="won",
            jobs_planned=500,
            closed_at=datetime.datetime(2025, 12, 31, 22, 0, tzinfo=PARIS),
        )
        _lead(other.territory, created=monday, stage="won", jobs_planned=999, closed_at=monday)
        figures = lead_dashboard(own.territory, now=NOW)
    assert figures.new_this_week == 1
    assert (figures.won_leads, figures.won_jobs) == (1, 30)
    assert figures.median_first_answer == datetime.timedelta(hours=8.5)  # 13 h and 4 h
    assert dict((value, count) for value, _label, count in figures.stages)["won"] == 2
    months = {month["iso"]: month for month in figures.months}
    assert len(figures.months) == 12 and figures.months[-1]["iso"] == "2026-03"
    keys = [key for key, _label, _colour in figures.sources]
    assert keys == ["~direct", "newsletter"]  # "Newsletter" lower-cased, merged
    newsletter = keys.index("newsletter")
    assert sum(month["counts"][newsletter] for month in figures.months) == 2
    assert months["2026-02"]["counts"][keys.index("newsletter")] == 1
    assert months["2026-01"]["total"] == 0
    assert months["2026-03"]["total"] == 2 and months["2025-06"]["total"] == 1
    funnel = {bar.label: bar.value for bar in figures.funnel}
    assert funnel[str(Lead.Stage.NEW.label)] == 5 and funnel[str(Lead.Stage.WON.label)] == 2


def test_the_panel_shows_own_territory_only(crm):  # noqa: F811
    own, other, developer, both, *_ = crm
    with platform_wide():
        LeadFactory(territory=other.territory, stage="won", jobs_planned=987654)
    for user in (developer, both):
        body = admin_client(user).get(reverse("wagtailadmin_home")).content.decode()
        assert f'id="crm-{own.territory.pk}-section"' in body
        assert f'id="crm-{other.territory.pk}-section"' not in body and "987654" not in body
        assert 'role="img"' in body and "<title" in body and "<table" in body


def test_no_panel_for_editors(crm):  # noqa: F811
    own, *_ = crm
    body = admin_client(own.editor).get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="crm-' not in body


def test_the_panel_waits_for_the_second_factor(crm, client):  # noqa: F811
    own, _other, developer, *_ = crm
    with platform_wide():
        LeadFactory(territory=own.territory, stage="won", jobs_planned=424242)
    client.force_login(developer)
    body = client.get(reverse("wagtailadmin_home"), HTTP_HOST="localhost").content.decode()
    assert f'id="crm-{own.territory.pk}-section"' in body and "424242" not in body


def test_dashboard_queries_do_not_grow_with_leads(crm):  # noqa: F811
    own, _other, developer, *_ = crm
    client = admin_client(developer)
    url = reverse("wagtailadmin_home")

    def make(count):
        now = timezone.now()
        make_leads(
            own.territory,
            count,
            utm_source=lambda n: f"source{n % 7}",
            jobs_planned=lambda n: n,
            closed_at=now,
            first_answer_at=now,
        )

    def queries():
        with CaptureQueriesContext(connection) as captured, platform_wide():
            lead_dashboard(own.territory)
        cache.clear()  # the panel's figures computed, not taken from the cache
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        return len(captured), len(page)

    make(5)
    client.get(url)
    few = queries()
    assert few[0] == 4
    make(45)
    assert queries() == few


def test_the_panel_figures_are_kept_until_a_lead_of_the_territory_changes(
    crm,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from investors.dashboard import lead_dashboard_cached

    own, other, *_ = crm
    with platform_wide():
        first = lead_dashboard_cached(own.territory)
        with CaptureQueriesContext(connection) as again:
            kept = lead_dashboard_cached(own.territory)
        assert len(again) == 0 and kept.territory == own.territory
        assert kept.stages == first.stages
        with django_capture_on_commit_callbacks(execute=True):
            LeadFactory(territory=other.territory)  # another territory's lead: still kept
        with CaptureQueriesContext(connection) as still:
            lead_dashboard_cached(own.territory)
        assert len(still) == 0
        # Until the commit, the figures are those of the committed leads (kept).
        with django_capture_on_commit_callbacks(execute=False) as pending:
            LeadFactory(territory=own.territory, stage="visit")
        with CaptureQueriesContext(connection) as before_commit:
            lead_dashboard_cached(own.territory)
        assert len(before_commit) == 0
        for callback in pending:
            callback()
        changed = lead_dashboard_cached(own.territory)
    count = dict((value, n) for value, _label, n in changed.stages)
    before = dict((value, n) for value, _label, n in first.stages)
    assert count["visit"] == before["visit"] + 1
    assert changed.territory == own.territory
