"""Editors keep their territory's offers in the Wagtail admin: an offer is a page, so it is
moderated, and every id in its form (photos, floor plan) must be the territory's own."""

from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from realestate.models import OfferPage
from tests.realestate.conftest import offer_index
from tests.territories.isolation_world import admin_client, is_denied


def offer_form(**overrides):
    values = {
        "title": "Bureaux Gerland",
        "slug": "bureaux-gerland",
        "reference": "GER-1",
        "status": "available",
        "offer_type": "office",
        "transaction": "rent",
        "summary": "Plateau de 450 m²",
        "description": rich_text(""),
        "photos": inline_formset([]),
        "surface": "450",
        "surface_divisible_from": "",
        "land_area": "",
        "sale_price": "",
        "rent": "180",
        "charges": "",
        "available_from": "",
        "address": "",
        "postcode": "69007",
        "commune": "Lyon",
        "commune_insee": "69123",
        "business_zone": "",
        "latitude": "",
        "longitude": "",
        "parking_spaces": "0",
        "power_kva": "",
        "ceiling_height": "",
        "loading_docks": "0",
        "energy_class": "",
        "floor_plan": "",
        "contact_name": "Julien Morel",
        "contact_email": "immobilier@example.org",
        "contact_phone": "",
        "seo_title": "",
        "search_description": "",
        "og_image": "",
    }
    values.update(overrides)
    return nested_form_data(values)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["realestate", "offerpage", index.pk])


def test_an_editor_adds_an_offer_that_waits_for_moderation(two_territories):
    own, _other = two_territories
    index = offer_index(own)
    client = admin_client(own.editor)
    response = client.post(add_url(index), {**offer_form(), "action-submit": "1"})
    assert response.status_code == 302, response.context["form"].errors
    offer = OfferPage.objects.get(reference="GER-1")
    assert not offer.live and offer.workflow_in_progress
    assert client.get(offer.get_url_parts()[2], HTTP_HOST=own.host).status_code == 404


def test_an_editor_cannot_add_offers_to_another_territory(two_territories):
    own, other = two_territories
    client = admin_client(own.editor)
    assert is_denied(client.get(add_url(offer_index(other))))
    assert is_denied(client.post(add_url(offer_index(other)), offer_form(reference="X-1")))
    assert not OfferPage.objects.filter(reference="X-1").exists()


def test_another_territorys_photo_and_floor_plan_are_refused(two_territories):
    own, other = two_territories
    image = Image.objects.create(
        title="ZSEVRE photo", file=get_test_image_file(), collection=other.territory.collection
    )
    plan = Document.objects.create(
        title="ZSEVRE plan",
        file=ContentFile(b"%PDF-1.4", name="plan.pdf"),
        collection=other.territory.collection,
    )
    client = admin_client(own.editor)
    data = offer_form(
        photos=inline_formset([{"image": image.pk, "image_alt": "Façade"}]), floor_plan=plan.pk
    )
    response = client.post(add_url(offer_index(own)), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "ZSEVRE" not in body
    assert "floor_plan" in response.context["form"].errors
    assert not OfferPage.objects.filter(reference="GER-1").exists()


def test_bad_offer_input_is_a_form_error(two_territories):
    own, _other = two_territories
    index = offer_index(own)
    client = admin_client(own.editor)
    cases = {
        "surface_divisible_from": {"surface_divisible_from": "900"},  # larger than 450
        "longitude": {"latitude": "45.7"},  # without a longitude
        "latitude": {"latitude": "145", "longitude": "4.8"},
        "commune_insee": {"commune_insee": "6912"},
        "rent": {"transaction": "sale", "rent": "180"},
        "surface": {"surface": "-3"},
        "contact_email": {"contact_email": "not an address"},
        "photos": {"photos": inline_formset([{"image": "", "image_alt": ""}])},
    }
    for field, overrides in cases.items():
        response = client.post(add_url(index), offer_form(**overrides))
        assert response.status_code == 200, field
        form = response.context["form"]
        errors = dict(form.errors)
        if field == "photos":
            assert any(f.errors for f in form.formsets["photos"].forms), field
        else:
            assert field in errors, (field, errors)
    assert not OfferPage.objects.filter(reference="GER-1").exists()

    # A reference already used by another offer of the territory.
    assert client.post(add_url(index), offer_form()).status_code == 302
    response = client.post(add_url(index), offer_form(slug="autre"))
    assert "reference" in response.context["form"].errors


def test_the_offers_listing_filters_the_territorys_offers(offers):
    from datetime import timedelta

    from django.utils import timezone

    own, other, _index, _index_b, a, _b = offers
    client = admin_client(own.editor)
    url = reverse("offers:index")

    def listed(query=""):
        response = client.get(url + query)
        assert response.status_code == 200, query
        body = response.content.decode()
        assert "ZSEVRE" not in body, query
        # The filters (site, owner, edited by) name nothing of the other territory.
        assert other.territory.site.site_name not in body and other.host not in body, query
        return sorted(o.reference for o in response.context["object_list"])

    assert listed() == sorted(offer.reference for offer in a)
    # Offers can be selected for the bulk actions (the status change among them).
    assert "change_offer_status" in client.get(url).content.decode()
    assert listed("?offer_type=warehouse") == ["REF-3", "REF-4"]
    assert listed("?status=concluded") == ["REF-5"]
    # Stale: still on the market and not updated for 6 months.
    old = timezone.now() - timedelta(days=200)
    OfferPage.objects.filter(pk__in=[a[0].pk, a[4].pk]).update(latest_revision_created_at=old)
    assert listed("?stale=6") == ["REF-1"]  # REF-5 is let or sold
    for hostile in ("?stale=abc", "?status=bogus", "?offer_type=castle", "?available=x", "?p=999"):
        assert client.get(url + hostile).status_code < 500, hostile


def test_a_moderator_changes_several_offers_status_at_once(offers):
    own, _other, _index, _index_b, a, b = offers
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "change_offer_status"])
    pending = a[2]
    pending.summary = "Brouillon en attente"
    pending.save_revision(user=own.editor)  # a change waiting for moderation: left alone
    query = "?" + "&".join(f"id={o.pk}" for o in (a[0], a[1], pending, b[0]))

    editor = admin_client(own.editor)  # editors may not publish: nothing to act on
    assert "ZSEVRE" not in editor.get(url + query).content.decode()
    editor.post(url + query, {"status": "concluded"})
    assert OfferPage.objects.filter(status="concluded").count() == 1  # a[4] from the fixture

    moderator = admin_client(own.moderator)
    confirm = moderator.get(url + query)
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "ZSEVRE" not in body and a[0].title in body
    response = moderator.post(url + query, {"status": "concluded"})
    assert response.status_code == 302
    changed = {o.pk: o for o in OfferPage.objects.filter(pk__in=[o.pk for o in (*a, *b)])}
    assert changed[a[0].pk].status == changed[a[1].pk].status == "concluded"
    assert changed[a[0].pk].live and not changed[a[0].pk].has_unpublished_changes
    assert changed[pending.pk].status == "available"  # its draft was not published with it
    assert changed[b[0].pk].status == "available"
    # A bogus status is a form error, nothing changes.
    moderator.post(url + f"?id={a[3].pk}", {"status": "demolished"})
    assert OfferPage.objects.get(pk=a[3].pk).status == "available"
