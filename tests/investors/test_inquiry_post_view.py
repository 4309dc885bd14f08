"""The inquiry forms post to ``/<language>/inquiries/<page id>/`` (a plain Django view, off
Wagtail's page routing): the page and the offer of the URL are looked up among this site's
live pages in the request's language; the lead lands in the territory of the host."""

import re
import time
from unittest import mock

import pytest

from investors.models import Lead, ProjectInquiryPage
from territories.tenancy import platform_wide
from tests.cache_reads import count_cache_reads
from tests.investors.conftest import FORM_ACTION, STARTED_INPUT, valid
from tests.public_forms import token_in
from tests.realestate.conftest import make_offer, offer_index

pytestmark = pytest.mark.django_db


def project_page(tenant, language="fr"):
    home = tenant.territory.site.root_page
    if language != "fr":
        home = home.get_translation(language_code_locale(language))
    return ProjectInquiryPage.objects.child_of(home).get()


def language_code_locale(language):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=language)


def lead_count() -> int:
    with platform_wide():
        return Lead.objects.count()


def test_the_form_posts_to_the_inquiry_view_and_a_lead_lands_in_the_host_territory(
    project, submit, client
):
    tenant, page, url = project
    form = client.get(url, HTTP_HOST=tenant.host).content.decode()
    assert FORM_ACTION.search(form)[1] == f"/fr/inquiries/{page.pk}/"
    response = submit(tenant.host, url, valid())
    assert response.status_code == 303
    assert response["Location"] == f"{url}?sent=1"
    with platform_wide():
        [lead] = Lead.objects.all()
    assert lead.territory == tenant.territory and lead.source_page_id == page.pk


def test_another_territorys_page_id_posted_on_this_host_is_a_404_and_nothing_saved(
    two_territories, client
):
    own, other = two_territories
    foreign = project_page(other)
    for path in (f"/fr/inquiries/{foreign.pk}/", f"/fr/inquiries/{foreign.pk}/offer/1/"):
        assert client.post(path, valid(), HTTP_HOST=own.host).status_code == 404
    assert lead_count() == 0


def test_another_territorys_offer_on_this_sites_page_is_a_404(two_territories, client):
    own, other = two_territories
    page = project_page(own)
    foreign_offer = make_offer(offer_index(other), 903)
    response = client.post(
        f"/fr/inquiries/{page.pk}/offer/{foreign_offer.pk}/", valid(), HTTP_HOST=own.host
    )
    assert response.status_code == 404
    assert lead_count() == 0


def test_the_page_of_another_language_a_draft_and_unknown_ids_are_404s(two_territories, client):
    own, _other = two_territories
    english = project_page(own, "en")
    assert (
        client.post(f"/fr/inquiries/{english.pk}/", valid(), HTTP_HOST=own.host).status_code == 404
    )
    french = project_page(own)
    french.unpublish()
    for path in (
        f"/fr/inquiries/{french.pk}/",
        "/fr/inquiries/99999999/",
        "/fr/inquiries/-1/",
        "/fr/inquiries/1e3/",
        f"/fr/inquiries/{french.pk}/offer/abc/",
    ):
        assert client.post(path, valid(), HTTP_HOST=own.host).status_code == 404, path
    assert lead_count() == 0


@pytest.mark.parametrize("where", ["page", "home"])
def test_a_page_under_a_view_restriction_is_a_404(two_territories, client, where):
    """A password on the page, or on its home (an ancestor): the form is not public."""
    from wagtail.models import PageViewRestriction

    own, _other = two_territories
    page = project_page(own)
    restricted = page if where == "page" else own.territory.site.root_page
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert client.post(f"/fr/inquiries/{page.pk}/", valid(), HTTP_HOST=own.host).status_code == 404
    assert lead_count() == 0


def test_a_project_page_deeper_than_the_home_is_not_this_sites_form(two_territories, client):
    """Only a child of the site's home (in the request's language) takes inquiries: one moved
    under another page is a 404, like one of another territory."""
    own, _other = two_territories
    page = project_page(own)
    news = own.territory.site.root_page.get_children().exclude(pk=page.pk).first()
    page.move(news, pos="last-child")
    assert client.post(f"/fr/inquiries/{page.pk}/", valid(), HTTP_HOST=own.host).status_code == 404
    assert lead_count() == 0


def test_the_english_form_posts_to_its_own_language(two_territories, submit, client):
    own, _other = two_territories
    page = project_page(own, "en")
    url = page.relative_url(own.territory.site)
    form = client.get(url, HTTP_HOST=own.host).content.decode()
    assert FORM_ACTION.search(form)[1] == f"/en/inquiries/{page.pk}/"
    assert submit(own.host, url, valid()).status_code == 303
    with platform_wide():
        [lead] = Lead.objects.all()
    assert lead.language == "en" and lead.territory == own.territory


def test_a_get_of_the_post_address_goes_to_the_form(project, client):
    tenant, page, url = project
    response = client.get(f"/fr/inquiries/{page.pk}/", HTTP_HOST=tenant.host)
    assert response.status_code == 302 and response["Location"] == url


def test_an_invalid_form_is_shown_again_with_its_errors_and_the_same_action(project, submit):
    tenant, page, url = project
    response = submit(tenant.host, url, valid(email="not an email", consent=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert FORM_ACTION.search(body)[1] == f"/fr/inquiries/{page.pk}/"
    assert re.search(r'aria-invalid="true"|class="[^"]*error', body)
    assert lead_count() == 0


def test_a_post_to_the_page_itself_is_still_taken(
    project, client, django_capture_on_commit_callbacks
):
    """Forms rendered before the change posted to the page's own URL: still a lead."""
    tenant, _page, url = project
    form = client.get(url, HTTP_HOST=tenant.host)
    payload = valid(
        submission_token=token_in(form),
        form_started=STARTED_INPUT.search(form.content.decode())[1],
    )
    with (
        mock.patch("core.public_forms.time.time", return_value=time.time() + 60),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url, payload, HTTP_HOST=tenant.host)
    assert response.status_code == 303 and response["Location"] == f"{url}?sent=1"
    with platform_wide():
        [lead] = Lead.objects.all()
    assert lead.territory == tenant.territory


def test_the_platform_host_has_no_inquiry_view(client, two_territories):
    own, _other = two_territories
    page = project_page(own)
    assert (
        client.post(f"/fr/inquiries/{page.pk}/", valid(), HTTP_HOST="localhost").status_code == 404
    )


def test_the_cached_project_pages_follow_publication_restrictions_and_hosts(
    two_territories, submit, client
):
    """The site's project pages are cached with the host's pages (``inquiry_page_of_site``):
    once warm, an unpublication, a republication and a view restriction are seen at the
    next POST, and the warm page of one host is never this host's form on another."""
    from wagtail.models import PageViewRestriction

    own, other = two_territories
    page = project_page(own)
    url = page.relative_url(own.territory.site)
    assert submit(own.host, url, valid(email="warm@example.com")).status_code == 303
    action = f"/fr/inquiries/{page.pk}/"
    assert client.post(action, valid(), HTTP_HOST=other.host).status_code == 404
    page.unpublish()
    assert client.post(action, valid(), HTTP_HOST=own.host).status_code == 404
    page.save_revision().publish()
    assert submit(own.host, url, valid(email="again@example.com")).status_code == 303
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert client.post(action, valid(), HTTP_HOST=own.host).status_code == 404
    with platform_wide():
        assert sorted(Lead.objects.values_list("email", flat=True)) == [
            "again@example.com",
            "warm@example.com",
        ]


# The inquiry POST's queries with the site warm (bench/measure_inquiry_post.py measures the
# same in production settings): the submission token, the open-lead lookup (its id), the
# lead, its timeline entry and both emails in one INSERT. The page comes from the cache,
# read with the site's chrome.
POST_QUERIES = 5


def test_an_inquiry_post_costs_a_fixed_number_of_queries(project, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tenant, _page, url = project
    for n in range(2):  # the second on a warm site: its chrome and territory are cached
        form = client.get(url, HTTP_HOST=tenant.host).content.decode()
        payload = valid(email=f"budget-{n}@example.com")
        payload["submission_token"] = re.search(r'name="submission_token" value="([^"]+)"', form)[1]
        payload["form_started"] = STARTED_INPUT.search(form)[1]
        with (
            mock.patch("core.public_forms.time.time", return_value=time.time() + 60),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.post(FORM_ACTION.search(form)[1], payload, HTTP_HOST=tenant.host)
        assert response.status_code == 303
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) == POST_QUERIES, "\n".join(sql)
    assert sum(s.startswith('INSERT INTO "core_outboxmessage"') for s in sql) == 1


def test_a_post_reads_the_cache_twice_its_territory_then_its_pages_with_the_generation(
    project, submit, client, monkeypatch
):
    """The host's territory, then the site's chrome and project pages together with the
    host's page-cache generation (``prefetch_for_host``): one round trip where the
    generation took one of its own, and an unpublished page is still refused at once (the
    generation is read with the pages, not remembered)."""
    tenant, page, url = project
    submit(tenant.host, url, valid())  # the chrome and the project pages are cached now
    form = client.get(url, HTTP_HOST=tenant.host)
    data = valid(
        email="second@example.com",
        submission_token=token_in(form),
        form_started=STARTED_INPUT.search(form.content.decode())[1],
    )
    reads = count_cache_reads(monkeypatch)
    action = f"/fr/inquiries/{page.pk}/"
    assert submit(tenant.host, action, data, get_first=False).status_code == 303
    assert len(reads) == 2, reads
    territory, pages = reads
    assert territory.startswith("territory:host:")
    assert [key.split(":")[1] for key in pages] == ["gen", "frag", "frag"], pages
    assert lead_count() == 2
    monkeypatch.undo()
    page.unpublish()
    form = client.get(url, HTTP_HOST=tenant.host)
    assert form.status_code == 404
    response = submit(tenant.host, action, valid(email="third@example.com"), get_first=False)
    assert response.status_code == 404
    assert lead_count() == 2
