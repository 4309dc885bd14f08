"""``manage.py import_offers``: the same service from a shell, on the documented sample."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from realestate.models import OfferImport, OfferPage

from .conftest import offer_index

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "realestate" / "samples"
SAMPLE, PHOTOS = SAMPLES / "offers-import.csv", SAMPLES / "offers-import-photos.zip"


def run(*args) -> str:
    out = StringIO()
    call_command("import_offers", *args, stdout=out)
    return out.getvalue()


def test_the_sample_imports_then_reimports_unchanged(two_territories):
    own, other = two_territories
    slug = own.territory.slug
    checked = run(slug, str(SAMPLE), "--photos", str(PHOTOS), "--dry-run")
    assert "check only: 3 rows: 3 created" in checked
    assert not OfferPage.objects.filter(reference__startswith="EX-").exists()

    out = run(slug, str(SAMPLE), "--photos", str(PHOTOS), "--user", own.moderator.email)
    assert "3 rows: 3 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected" in out
    offers = OfferPage.objects.child_of(offer_index(own)).filter(reference__startswith="EX-")
    assert offers.filter(live=True).count() == 3
    first = offers.get(reference="EX-001")
    assert first.photos.count() == 2 and "<p>Accès badge" in first.description
    assert OfferImport.objects.filter(territory=own.territory).count() == 2

    again = run(slug, str(SAMPLE), "--photos", str(PHOTOS))
    assert "3 unchanged" in again
    assert not OfferPage.objects.child_of(offer_index(other)).exists()


def test_bad_arguments_are_clear_errors(two_territories, tmp_path):
    own, _other = two_territories
    with pytest.raises(CommandError, match="No live territory"):
        run("nowhere", str(SAMPLE))
    with pytest.raises(CommandError, match="No user"):
        run(own.territory.slug, str(SAMPLE), "--user", "nobody@example.org")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="JSON est illisible"):
        run(own.territory.slug, str(bad))
    rows = tmp_path / "rows.csv"
    rows.write_text("reference,surface_m2\nNEW-1,12\n")
    out = run(own.territory.slug, str(rows))
    assert "row 2 NEW-1: rejected [title] Obligatoire pour créer une offre." in out
