"""An offer's inquiry form: linked from the (cacheable) offer page, the offer is the one of
the URL, looked up among this site's live offers; another territory's offer id is a 404."""

import pytest

from investors.models import Lead, ProjectInquiryPage
from territories.tenancy import platform_wide
from tests.investors.conftest import valid
from tests.realestate.conftest import make_offer, offer_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer_pair(two_territories):
    own, other = two_territories
    return own, make_offer(offer_index(own), 901), other, make_offer(offer_index(other), 902)


def inquiry_url(tenant, offer):
    page = ProjectInquiryPage.objects.child_of(tenant.territory.site.root_page).get()
    return page.relative_url(tenant.territory.site) + page.reverse_subpage("offer", args=[offer.pk])


def test_offer_page_links_to_its_inquiry_form_and_stays_cacheable(offer_pair, client):
    own, offer, _other, _offer_b = offer_pair
    url = offer.relative_url(own.territory.site)
    response = client.get(url, HTTP_HOST=own.host)
    assert response.status_code == 200
    body = response.content.decode()
    assert inquiry_url(own, offer) in body
    assert "csrfmiddlewaretoken" not in body and "submission_token" not in body
    assert response.get("X-Page-Cache") == "miss"


def test_offer_inquiry_records_the_offer_and_emails_its_contact(
    offer_pair, submit, django_capture_on_commit_callbacks
):
    from django.core import mail

    own, offer, _other, _offer_b = offer_pair
    response = submit(own.host, inquiry_url(own, offer), valid())
    assert response.status_code == 303
    with platform_wide():
        [lead] = Lead.objects.all()
    assert lead.offer_id == offer.pk and lead.territory == own.territory
    team = next(m for m in mail.outbox if "immobilier@example.org" in m.to)
    assert offer.title in team.body


def test_another_territorys_offer_id_is_a_404_and_nothing_saved(offer_pair, client):
    own, _offer, _other, offer_b = offer_pair
    url = inquiry_url(own, _offer).replace(f"/{_offer.pk}/", f"/{offer_b.pk}/")
    assert client.get(url, HTTP_HOST=own.host).status_code == 404
    assert client.post(url, valid(), HTTP_HOST=own.host).status_code == 404
    with platform_wide():
        assert not Lead.objects.exists()


def test_a_posted_offer_field_is_ignored(offer_pair, submit):
    own, offer, _other, offer_b = offer_pair
    submit(own.host, inquiry_url(own, offer), valid(offer=str(offer_b.pk), territory="999"))
    with platform_wide():
        [lead] = Lead.objects.all()
    assert lead.offer_id == offer.pk and lead.territory == own.territory
