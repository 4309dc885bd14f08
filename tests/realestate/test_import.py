"""The offer import (realestate/imports.py): round trips with the export, idempotency, updates
with columns left out, every hostile file and row, and isolation between territories."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision

from realestate import exports
from realestate.imports import ImportFileError, parse_file
from realestate.models import OfferImport, OfferPage

from .conftest import make_offer, offer_index
from .import_helpers import BASE_ROW, csv_bytes, errors_of, result_of, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def offers_of(tenant):
    return OfferPage.objects.child_of(offer_index(tenant))


def revisions() -> int:
    return Revision.objects.count()


def test_a_moderator_creates_and_publishes_offers(two_territories, capture):
    own, _other = two_territories
    rows = [BASE_ROW, {**BASE_ROW, "reference": "IMP-2", "title": "Entrepôt", "type": "warehouse"}]
    item = run_import(capture, own, csv_bytes(rows), user=own.moderator)
    assert item.status == OfferImport.Status.DONE, item.error
    assert (item.total, item.created, item.rejected) == (2, 2, 0), item.report
    offer = offers_of(own).get(reference="IMP-1")
    assert offer.live and not offer.has_unpublished_changes
    assert offer.surface == 450 and offer.rent == Decimal("180")
    assert offer.owner == own.moderator
    assert offer.latest_revision.user == own.moderator
    assert offer.is_live and offer.index_page_id == offer_index(own).pk  # offer_sync ran


def test_an_editor_imports_drafts_for_moderation(two_territories, capture):
    own, _other = two_territories
    item = run_import(capture, own, csv_bytes([BASE_ROW]), user=own.editor)
    assert item.created == 1, item.report
    assert item.report[0]["draft"] is True
    offer = offers_of(own).get(reference="IMP-1")
    assert not offer.live and offer.latest_revision is not None
    # The same file again changes nothing: the draft is compared, not the empty live page.
    before = revisions()
    again = run_import(capture, own, csv_bytes([BASE_ROW]), user=own.editor)
    assert again.unchanged == 1, again.report
    assert revisions() == before


def test_reimporting_the_same_file_changes_nothing(two_territories, capture):
    own, _other = two_territories
    content = csv_bytes([BASE_ROW])
    run_import(capture, own, content, user=own.moderator)
    before = revisions()
    again = run_import(capture, own, content, user=own.moderator)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1), again.report
    assert revisions() == before
    assert offers_of(own).count() == 1


def test_an_update_keeps_the_columns_left_out(two_territories, capture):
    own, _other = two_territories
    run_import(capture, own, csv_bytes([{**BASE_ROW, "fibre": "true"}]), user=own.moderator)
    item = run_import(
        capture, own, csv_bytes([{"reference": "IMP-1", "surface_m2": "500"}]), user=own.moderator
    )
    assert item.updated == 1, item.report
    assert item.report[0]["changed"] == ["surface"]
    offer = offers_of(own).get(reference="IMP-1")
    assert offer.surface == 500 and offer.fibre and offer.title == "Bureaux Part-Dieu"


def test_a_create_without_a_required_column_is_rejected(two_territories, capture):
    own, _other = two_territories
    item = run_import(
        capture, own, csv_bytes([{"reference": "NEW-1", "title": "T"}]), user=own.moderator
    )
    assert item.rejected == 1
    columns = {column for column, _message in errors_of(item, 2)}
    assert {"type", "transaction", "surface_m2", "commune_insee", "contact_email"} <= columns
    assert not offers_of(own).filter(reference="NEW-1").exists()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_export_reimports_as_a_no_op(offers, capture, fmt):
    own, _other, _index_a, _index_b, mine, _theirs = offers
    mine[0].title = '=HYPERLINK("http://evil.example","clic")'
    mine[0].save_revision().publish()
    if fmt == "csv":
        content = "".join(exports.as_csv(own.territory)).encode()
    else:
        content = exports.dumps(exports.as_json(own.territory)).encode()
    assert b"'=HYPERLINK" in content or fmt == "json"  # neutralised in the CSV
    before = revisions()
    item = run_import(capture, own, content, name=f"export.{fmt}", user=own.moderator)
    assert item.status == "done", item.error
    assert item.created == item.updated == item.rejected == 0, item.report
    assert item.unchanged == len(mine)
    assert revisions() == before
    # The formula came back as the text it was, not with the export's quote.
    assert OfferPage.objects.get(pk=mine[0].pk).title.startswith("=HYPERLINK")


def test_an_export_creates_the_offers_in_an_empty_territory(offers, capture, three_territories):
    own, _other, _a, _b, mine, _theirs = offers
    third = three_territories[2]
    rows = exports.as_json(own.territory)["offers"]
    for row in rows:
        row["contact_name"] = "Équipe immobilier"  # not in the open data
    item = run_import(
        capture, third, json.dumps(rows).encode(), name="o.json", user=third.moderator
    )
    assert item.created == len(mine), item.report
    copy = offers_of(third).get(reference=mine[3].reference)
    assert copy.sale_price == mine[3].sale_price and copy.transaction == "sale"
    assert not offers_of(own).exclude(pk__in=[o.pk for o in mine]).exists()


def test_formula_and_script_are_stored_as_text_and_neutralised_in_the_export(
    two_territories, capture
):
    own, _other = two_territories
    row = {
        **BASE_ROW,
        "summary": '=HYPERLINK("http://evil.example")',
        "title": "<script>alert(1)</script>",
    }
    item = run_import(capture, own, csv_bytes([row]), user=own.moderator)
    assert item.created == 1, item.report
    offer = offers_of(own).get(reference="IMP-1")
    assert offer.summary == '=HYPERLINK("http://evil.example")'
    assert offer.title == "<script>alert(1)</script>"
    exported = "".join(exports.as_csv(own.territory))
    assert "'=HYPERLINK" in exported
    from django.test import Client

    page = Client(HTTP_HOST=own.host).get(offer.url)
    assert b"<script>alert(1)</script>" not in page.content


def test_latin1_bom_and_semicolons(two_territories, capture):
    own, _other = two_territories
    row = {
        **BASE_ROW,
        "commune": "Vénissieux",
        "commune_insee": "69259",
        "rent_eur_m2_year": "150,50",
    }
    latin = csv_bytes([row], delimiter=";", encoding="cp1252")
    item = run_import(capture, own, latin, user=own.moderator)
    assert item.created == 1, item.report
    offer = offers_of(own).get(reference="IMP-1")
    assert offer.commune == "Vénissieux" and offer.rent == Decimal("150.50")
    assert any("Windows-1252" in note for note in item.notes)
    bom = "\ufeff".encode() + csv_bytes([{**row, "reference": "IMP-2"}])
    assert run_import(capture, own, bom, user=own.moderator).created == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"reference,surface,prix\nA,1,2\n", "o.csv", "inconnue"),
        (b"title,type\nA,office\n", "o.csv", "reference"),
        (b"", "o.csv", "vide"),
        (b'[{"reference": ', "o.json", "JSON est illisible"),
        (b'{"reference": "A"}', "o.json", "doit être une liste"),
        (b'"just text"', "o.json", "doit être une liste"),
        (b"[" * 100000, "o.json", "JSON est illisible"),
        (b"reference,reference\nA,B\n", "o.csv", "en double"),
    ],
)
def test_files_refused_as_a_whole(content, name, message):
    with pytest.raises(ImportFileError, match=message):
        parse_file(content, name=name)


def test_too_many_rows_and_too_large(settings):
    settings.TERRITORIA_OFFER_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="au plus 3"):
        parse_file(csv_bytes([{**BASE_ROW, "reference": f"R{i}"} for i in range(4)]))
    settings.TERRITORIA_OFFER_IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="au plus 100"):
        parse_file(b"reference\n" + b"A\n" * 100)


def test_rows_are_validated_whole_with_column_and_reason(two_territories, capture):
    own, _other = two_territories
    rows = [
        {**BASE_ROW, "reference": "BAD-1", "divisible_from_m2": "900"},  # lot > surface
        {**BASE_ROW, "reference": "BAD-2", "commune_insee": "6912"},
        {**BASE_ROW, "reference": "BAD-3", "latitude": "45.7"},  # no longitude
        {**BASE_ROW, "reference": "BAD-4", "transaction": "sale"},  # a rent on a sale
        {**BASE_ROW, "reference": "BAD-5", "surface_m2": "beaucoup"},
        {**BASE_ROW, "reference": "BAD-6", "type": "castle"},
        {**BASE_ROW, "reference": "BAD-7", "contact_email": "not-an-email"},
        {**BASE_ROW, "reference": "BAD-8", "available_from": "31/02/2027"},
        {**BASE_ROW, "reference": "BAD-9", "rent_eur_m2_year": "NaN"},
        {**BASE_ROW, "reference": "BAD-1"},  # a reference twice in the file
        {**BASE_ROW, "reference": "", "title": "Sans référence"},
        {**BASE_ROW, "reference": "GOOD", "summary": "x\x00y"},
    ]
    item = run_import(capture, own, csv_bytes(rows), user=own.moderator)
    expected = {
        2: "divisible_from_m2",
        3: "commune_insee",
        4: "longitude",
        5: "rent_eur_m2_year",
        6: "surface_m2",
        7: "type",
        8: "contact_email",
        9: "available_from",
        10: "rent_eur_m2_year",
        11: "reference",
        12: "reference",
    }
    for row, column in expected.items():
        errors = errors_of(item, row)
        assert column in [c for c, _m in errors], (row, errors)
        assert all(message for _c, message in errors)
    assert result_of(item, 13) == "created"
    assert offers_of(own).get(reference="GOOD").summary == "xy"
    assert set(offers_of(own).values_list("reference", flat=True)) == {"GOOD"}
    assert item.rejected == 11


def test_the_reference_is_looked_up_in_the_importers_territory_only(offers, capture):
    own, _other, _index_a, index_b, _mine, _theirs = offers
    theirs = make_offer(index_b, 9, reference="ZB-ONLY", title="ZSEVRE neuf", slug="zsevre-neuf")
    row = {**BASE_ROW, "reference": "ZB-ONLY", "title": "Reprise hostile"}
    for user in (own.moderator, own.editor):
        item = run_import(capture, own, csv_bytes([row]), user=user)
        assert item.rejected == 0, item.report
    theirs.refresh_from_db()
    assert theirs.title == "ZSEVRE neuf" and theirs.latest_revision.user is None
    assert offers_of(own).get(reference="ZB-ONLY").title == "Reprise hostile"


def test_ids_of_another_territory_are_refused(offers, capture):
    """No column takes an id: an id column is an unknown column, and a photo is a file of
    the zip, never an image id."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    own, other, *_ = offers
    image = get_image_model().objects.create(
        title="ZSEVRE image", file=get_test_image_file(), collection=other.territory.collection
    )
    for column in ("floor_plan", "image", "owner", "photos_ids", "index_page", "territory"):
        with pytest.raises(ImportFileError, match="inconnue"):
            parse_file(csv_bytes([{"reference": "X", column: image.pk}]))
    item = run_import(
        capture, own, csv_bytes([{**BASE_ROW, "photos": f"{image.pk}: Façade"}]), user=own.moderator
    )
    assert item.rejected == 1 and errors_of(item, 2)[0][0] == "photos"


def test_a_person_in_two_territories_imports_where_they_chose(two_territories, capture):
    own, other = two_territories
    from tests.factories import make_member

    both = make_member(own.territory, "Moderators")
    both.groups.add(other.territory.group_for("Editors"))
    item = run_import(capture, other, csv_bytes([BASE_ROW]), user=both)
    assert item.created == 1
    assert offers_of(other).get(reference="IMP-1").live is False  # an editor in B: a draft
    assert not offers_of(own).filter(reference="IMP-1").exists()


def test_an_editor_of_another_territory_cannot_write_here(two_territories, capture):
    own, other = two_territories
    make_offer(offer_index(own), 7, reference="IMP-1")
    item = run_import(
        capture, own, csv_bytes([{**BASE_ROW, "surface_m2": "999"}]), user=other.editor
    )
    assert item.rejected == 1
    assert offers_of(own).get(reference="IMP-1").surface == 700


def test_dry_run_reports_without_writing(two_territories, capture):
    own, _other = two_territories
    before = (revisions(), OfferPage.objects.count())
    rows = [BASE_ROW, {**BASE_ROW, "reference": "IMP-2", "surface_m2": "-3"}]
    item = run_import(capture, own, csv_bytes(rows), user=own.moderator, dry_run=True)
    assert (item.created, item.rejected) == (1, 1)
    assert (revisions(), OfferPage.objects.count()) == before


def test_translations_in_the_export_are_skipped(offers, capture):
    own, *_ = offers
    rows = [{**BASE_ROW, "language": "en", "reference": "EN-1"}, {**BASE_ROW, "language": "fr"}]
    item = run_import(capture, own, csv_bytes(rows), user=own.moderator)
    assert (result_of(item, 2), result_of(item, 3)) == ("skipped", "created")


def test_a_pending_draft_is_not_published_by_an_import(two_territories, capture):
    own, _other = two_territories
    offer = make_offer(offer_index(own), 3, reference="IMP-1")
    offer.summary = "Brouillon d'un rédacteur"
    offer.save_revision(user=own.editor)
    item = run_import(
        capture, own, csv_bytes([{"reference": "IMP-1", "surface_m2": "333"}]), user=own.moderator
    )
    assert item.rejected == 1 and "modération" in errors_of(item, 2)[0][1]
    offer.refresh_from_db()
    assert offer.surface == 300


def test_queries_per_row_are_bounded(two_territories, capture):
    own, _other = two_territories

    def queries(count, start, result="created"):
        rows = [{**BASE_ROW, "reference": f"Q-{start + i}"} for i in range(count)]
        with CaptureQueriesContext(connection) as captured:
            item = run_import(capture, own, csv_bytes(rows), user=own.moderator)
        assert getattr(item, result) == count, item.report
        return len(captured)

    small, large = queries(2, 0), queries(8, 100)
    # Wagtail's own create, revision, publication, search and reference index: about a
    # hundred queries (some 160 with REDIS_URL, where Wagtail's index updates are queued
    # through the outbox), the same for every row.
    assert (large - small) / 6 < 180, (small, large)
    # What the import adds itself: the existing offers come in one query per batch.
    small, large = queries(2, 0, "unchanged"), queries(8, 100, "unchanged")
    assert (large - small) / 6 <= 3, (small, large)


def test_the_task_runs_once_when_delivered_twice(two_territories, capture):
    from realestate.tasks import offer_import_task

    own, _other = two_territories
    item = run_import(capture, own, csv_bytes([BASE_ROW]), user=own.moderator)
    before = revisions()
    assert offer_import_task.apply(kwargs={"import_id": item.pk}).get() == "skipped"
    assert revisions() == before
