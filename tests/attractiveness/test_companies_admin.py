"""The company directory in the admin: uploads, progress and report; two territories:
an editor of A neither sees nor imports into B, and B's filières and images are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from attractiveness.models import Company, CompanyImport
from tests.factories import make_member
from tests.factories.owned import OWNED_FACTORIES, _ecosystem
from tests.territories.isolation_world import admin_client, is_denied

from .company_helpers import csv_bytes, make_siret, sirene_row

pytestmark = pytest.mark.django_db

ADD = reverse("company_imports:add")


def upload(client, content, capture, *, name="entreprises.csv", territory=None):
    data = {"file": SimpleUploadedFile(name, content)}
    if territory is not None:
        data["territory"] = territory.pk
    with capture(execute=True):
        return client.post(ADD, data)


def test_an_editor_uploads_and_follows_the_import(
    two_territories, django_capture_on_commit_callbacks
):
    own, _other = two_territories
    client = admin_client(own.editor)
    assert client.get(ADD).status_code == 200
    rows = [sirene_row(1), sirene_row(2, siret="=HYPERLINK(1)")]
    response = upload(client, csv_bytes(rows), django_capture_on_commit_callbacks)
    item = CompanyImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("company_imports:detail", args=[item.pk])
    assert (item.territory, item.created_by) == (own.territory, own.editor)
    assert (item.status, item.created, item.rejected) == ("done", 1, 1)

    page = client.get(response.url)
    assert page.status_code == 200 and "=HYPERLINK(1)" in page.content.decode()
    progress = client.get(reverse("company_imports:progress", args=[item.pk])).json()
    assert progress["finished"] and progress["percent"] == 100 and progress["created"] == 1
    report = client.get(reverse("company_imports:report", args=[item.pk]))
    text = report.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
    listing = client.get(reverse("company_imports:index"))
    assert "entreprises.csv" in listing.content.decode()

    companies = client.get(reverse("wagtailsnippets_attractiveness_company:list"))
    assert companies.status_code == 200 and "Entreprise 1" in companies.content.decode()


def test_a_refused_file_is_a_400_with_its_reason(
    two_territories, django_capture_on_commit_callbacks
):
    own, _other = two_territories
    client = admin_client(own.editor)
    response = upload(client, b"nom;ville\r\nx;y\r\n", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "StockEtablissement" in response.content.decode()
    assert not CompanyImport.objects.exists() and not Company.objects.exists()


def test_an_editor_of_a_cannot_import_into_b_nor_see_its_imports(
    two_territories, django_capture_on_commit_callbacks
):
    own, other = two_territories
    theirs = OWNED_FACTORIES[CompanyImport](territory=other.territory, marker="ZTHEIRS")
    member_of_both = make_member(own.territory, email="both@example.org")
    member_of_both.groups.add(other.territory.group_for("Editors"))
    client = admin_client(own.editor)
    response = upload(
        client,
        csv_bytes([sirene_row(1)]),
        django_capture_on_commit_callbacks,
        territory=other.territory,
    )
    assert response.status_code == 400  # "Select a valid choice"
    assert not Company.objects.exists() and not CompanyImport.objects.exclude(pk=theirs.pk).exists()
    for name in ("detail", "progress", "report"):
        assert is_denied(client.get(reverse(f"company_imports:{name}", args=[theirs.pk])))
    assert "ZTHEIRS" not in client.get(reverse("company_imports:index")).content.decode()
    # A member of A and B chooses.
    response = upload(
        admin_client(member_of_both),
        csv_bytes([sirene_row(3)]),
        django_capture_on_commit_callbacks,
        territory=other.territory,
    )
    assert response.status_code == 302
    assert Company.objects.filter(territory=other.territory, siret=make_siret(3)).exists()


def _edit_data(company, **values):
    data = {
        "territory": company.territory_id,
        "name": company.name,
        "siret": company.siret,
        "siren": company.siren,
        "naf_code": company.naf_code,
        "naf_label": company.naf_label,
        "headcount_band": company.headcount_band,
        "address": "",
        "postcode": company.postcode,
        "commune": company.commune,
        "commune_insee": company.commune_insee,
        "latitude": "",
        "longitude": "",
        "website": "",
        "active": "on",
    }
    data.update(values)
    return data


def test_hostile_filiere_and_logo_ids_are_refused(two_territories):
    own, other = two_territories
    company = OWNED_FACTORIES[Company](territory=own.territory, name="Ours")
    mine, theirs = _ecosystem(own.territory, "MINE"), _ecosystem(other.territory, "THEIRS")
    their_image = Image.objects.create(
        title="Their logo", file=get_test_image_file(), collection=other.territory.collection
    )
    my_image = Image.objects.create(
        title="My logo", file=get_test_image_file(), collection=own.territory.collection
    )
    url = reverse("wagtailsnippets_attractiveness_company:edit", args=[company.pk])
    member_of_both = make_member(own.territory, email="both@example.org")
    member_of_both.groups.add(other.territory.group_for("Editors"))
    for user in (own.editor, member_of_both):
        client = admin_client(user)
        for hostile in ({"filieres": [theirs.pk]}, {"logo": their_image.pk}):
            response = client.post(url, _edit_data(company, name="Changed", **hostile))
            assert response.status_code == 200, hostile  # the form again, with its error
            company.refresh_from_db()
            assert company.name == "Ours" and not company.filieres.exists()
            assert company.logo_id is None
    client = admin_client(own.editor)
    response = client.post(
        url,
        _edit_data(company, filieres=[mine.pk], logo=my_image.pk, website="javascript:alert(1)"),
    )
    assert response.status_code == 200  # javascript: is no website
    response = client.post(
        url, _edit_data(company, filieres=[mine.pk], logo=my_image.pk, website="https://ours.fr")
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert list(company.filieres.all()) == [mine] and company.logo == my_image


def test_an_editor_of_a_never_reaches_bs_companies(two_territories):
    own, other = two_territories
    theirs = OWNED_FACTORIES[Company](territory=other.territory, marker="ZTHEIRCO")
    client = admin_client(own.editor)
    listing = client.get(reverse("wagtailsnippets_attractiveness_company:list"))
    assert listing.status_code == 200 and "ZTHEIRCO" not in listing.content.decode()
    edit = reverse("wagtailsnippets_attractiveness_company:edit", args=[theirs.pk])
    assert is_denied(client.get(edit))
    assert is_denied(client.post(edit, _edit_data(theirs, territory=own.territory.pk)))
    theirs.refresh_from_db()
    assert theirs.territory == other.territory
