"""The offer imports in the admin: upload (and check only), progress, report, isolation."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from realestate.models import OfferImport, OfferPage
from tests.factories import make_member
from tests.factories.owned import OWNED_FACTORIES
from tests.territories.isolation_world import admin_client, is_denied

from .conftest import offer_index
from .import_helpers import BASE_ROW, csv_bytes, png, zip_bytes

pytestmark = pytest.mark.django_db

ADD = reverse("offer_imports:add")


def upload(client, content, *, name="offres.csv", territory=None, photos=None, dry_run=False,
           capture=None):  # fmt: skip
    data = {"file": SimpleUploadedFile(name, content)}
    if territory is not None:
        data["territory"] = territory.pk
    if photos is not None:
        data["photos"] = SimpleUploadedFile("photos.zip", photos)
    if dry_run:
        data["dry_run"] = "on"
    with capture(execute=True):
        return client.post(ADD, data)


def test_a_moderator_uploads_and_follows_the_import(
    two_territories, django_capture_on_commit_callbacks
):
    own, _other = two_territories
    client = admin_client(own.moderator)
    assert client.get(ADD).status_code == 200
    rows = [BASE_ROW, {**BASE_ROW, "reference": "IMP-2", "summary": "=1+1", "surface_m2": "x"}]
    response = upload(client, csv_bytes(rows), capture=django_capture_on_commit_callbacks,
                      photos=zip_bytes({"a.png": png()}))  # fmt: skip
    item = OfferImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("offer_imports:detail", args=[item.pk])
    assert item.territory == own.territory and item.created_by == own.moderator
    assert (item.status, item.created, item.rejected) == ("done", 1, 1)

    page = client.get(response.url)
    assert page.status_code == 200
    assert "surface_m2" in page.content.decode()  # the rejected row's column, on the page

    progress = client.get(reverse("offer_imports:progress", args=[item.pk])).json()
    assert progress["finished"] and progress["percent"] == 100 and progress["created"] == 1

    report = client.get(reverse("offer_imports:report", args=[item.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    text = report.content.decode("utf-8-sig")
    assert "IMP-2" in text and "surface_m2" in text

    listing = client.get(reverse("offer_imports:index")).content.decode()
    assert "offres.csv" in listing


def test_check_only_writes_nothing(two_territories, django_capture_on_commit_callbacks):
    own, _other = two_territories
    upload(admin_client(own.editor), csv_bytes([BASE_ROW]), dry_run=True,
           capture=django_capture_on_commit_callbacks)  # fmt: skip
    item = OfferImport.objects.get()
    assert item.dry_run and item.created == 1
    assert not OfferPage.objects.filter(reference="IMP-1").exists()
    page = admin_client(own.editor).get(reverse("offer_imports:detail", args=[item.pk]))
    assert "Vérification seule" in page.content.decode()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b'[{"reference": ', "offres.json", "JSON est illisible"),
        (b'{"a": 1}', "offres.json", "doit être une liste"),
        (b"reference;prix\nA;3\n", "offres.csv", "inconnue"),
        (b"\n\n", "offres.csv", "vide"),
    ],
)
def test_a_bad_file_is_a_400_with_its_reason(two_territories, content, name, message,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    own, _other = two_territories
    response = upload(admin_client(own.moderator), content, name=name,
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OfferImport.objects.exists()


def test_an_oversized_file_or_zip_is_a_400(two_territories, settings,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    own, _other = two_territories
    settings.TERRITORIA_OFFER_IMPORT_MAX_BYTES = 200
    response = upload(admin_client(own.moderator), csv_bytes([BASE_ROW] * 5),
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert response.status_code == 400 and "au plus 200" in response.content.decode()
    settings.TERRITORIA_OFFER_IMPORT_MAX_BYTES = 10_000
    response = upload(admin_client(own.moderator), csv_bytes([BASE_ROW]), photos=b"no zip",
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert response.status_code == 400 and "zip" in response.content.decode()
    assert not OfferImport.objects.exists()


def test_imports_of_another_territory_are_404(two_territories):
    own, other = two_territories
    theirs = OWNED_FACTORIES[OfferImport](territory=other.territory, marker="ZTHEIRS")
    client = admin_client(own.moderator)
    for name in ("detail", "progress", "report"):
        assert client.get(reverse(f"offer_imports:{name}", args=[theirs.pk])).status_code == 404
    assert "ZTHEIRS" not in client.get(reverse("offer_imports:index")).content.decode()


def test_a_person_in_two_territories_picks_one(two_territories, django_capture_on_commit_callbacks):
    own, other = two_territories
    both = make_member(own.territory, "Moderators")
    both.groups.add(other.territory.group_for("Editors"))
    client = admin_client(both)
    form = client.get(ADD).content.decode()
    assert own.territory.name in form and other.territory.name in form
    upload(client, csv_bytes([BASE_ROW]), territory=other.territory,
           capture=django_capture_on_commit_callbacks)  # fmt: skip
    item = OfferImport.objects.get()
    assert item.territory == other.territory and item.created == 1
    assert OfferPage.objects.child_of(offer_index(other)).filter(reference="IMP-1").exists()
    assert not OfferPage.objects.child_of(offer_index(own)).filter(reference="IMP-1").exists()


def test_a_territory_without_the_right_is_refused(
    two_territories, django_capture_on_commit_callbacks
):
    """An editor of A who is a Developer in B (no offers there) cannot import into B."""
    own, other = two_territories
    member = make_member(own.territory, "Editors")
    member.groups.add(other.territory.group_for("Developers"))
    response = upload(admin_client(member), csv_bytes([BASE_ROW]), territory=other.territory,
                      capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert response.status_code == 400
    assert not OfferImport.objects.exists()


def test_roles_without_offers_have_no_imports(two_territories):
    own, _other = two_territories
    developer = make_member(own.territory, "Developers")
    client = admin_client(developer)
    assert is_denied(client.get(ADD))
    assert is_denied(client.get(reverse("offer_imports:index")))
    menu = admin_client(own.editor).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("offer_imports:index") in menu


def test_progress_of_a_running_import(two_territories):
    own, _other = two_territories
    item = OWNED_FACTORIES[OfferImport](territory=own.territory, marker="ZRUN")
    OfferImport.objects.filter(pk=item.pk).update(status="running", total=200, processed=50)
    client = admin_client(own.editor)
    data = json.loads(client.get(reverse("offer_imports:progress", args=[item.pk])).content)
    assert (data["percent"], data["finished"]) == (25, False)
    page = client.get(reverse("offer_imports:detail", args=[item.pk])).content.decode()
    assert 'value="25"' in page and reverse("offer_imports:progress", args=[item.pk]) in page
