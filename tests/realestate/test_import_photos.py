"""Photos of an offer import from a zip: attached with their alt text, deduplicated by hash,
in the territory's collection; bombs, traversal, non-images and missing alt text refused."""

import io
import zipfile

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from realestate.import_photos import ArchiveError, PhotoArchive, PhotoError
from realestate.models import OfferPage

from .conftest import offer_index
from .import_helpers import BASE_ROW, csv_bytes, errors_of, png, run_import, zip_bytes

pytestmark = pytest.mark.django_db

Image = get_image_model()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def offer(tenant, reference="IMP-1"):
    return OfferPage.objects.child_of(offer_index(tenant)).get(reference=reference)


def test_photos_are_attached_in_order_with_their_alt_text(two_territories, capture):
    own, _other = two_territories
    photos = zip_bytes({"facade.png": png((10, 20, 30)), "plateau.png": png((40, 50, 60))})
    row = {**BASE_ROW, "photos": "facade.png: Façade sud | plateau.png: Plateau ouvert"}
    item = run_import(capture, own, csv_bytes([row]), user=own.moderator, photos=photos)
    assert item.created == 1, item.report
    attached = list(offer(own).photos.order_by("sort_order"))
    assert [p.image_alt for p in attached] == ["Façade sud", "Plateau ouvert"]
    assert {p.image.collection_id for p in attached} == {own.territory.collection_id}
    assert attached[0].image.uploaded_by_user == own.moderator

    # The same file and zip again: no new image, no new revision.
    images = Image.objects.count()
    again = run_import(capture, own, csv_bytes([row]), user=own.moderator, photos=photos)
    assert again.unchanged == 1, again.report
    assert Image.objects.count() == images
    # Another offer with the same file reuses the image.
    second = {**row, "reference": "IMP-2"}
    run_import(capture, own, csv_bytes([second]), user=own.moderator, photos=photos)
    assert Image.objects.count() == images


def test_json_photos_as_objects(two_territories, capture):
    own, _other = two_territories
    import json

    rows = [{**BASE_ROW, "photos": [{"file": "a.png", "alt": "Vue aérienne"}]}]
    item = run_import(
        capture, own, json.dumps(rows).encode(), name="o.json", user=own.moderator,
        photos=zip_bytes({"a.png": png()}),
    )  # fmt: skip
    assert item.created == 1, item.report
    assert offer(own).photos.get().image_alt == "Vue aérienne"


def test_another_territorys_identical_image_is_never_reused(two_territories, capture):
    own, other = two_territories
    data = png((1, 2, 3))
    from django.core.files.images import ImageFile

    theirs = Image(title="ZSEVRE", collection=other.territory.collection,
                   file=ImageFile(io.BytesIO(data), name="same.png"))  # fmt: skip
    theirs._set_image_file_metadata()
    theirs.save()
    row = {**BASE_ROW, "photos": "same.png: Façade"}
    run_import(
        capture, own, csv_bytes([row]), user=own.moderator, photos=zip_bytes({"same.png": data})
    )
    image = offer(own).photos.get().image
    assert image.pk != theirs.pk and image.collection_id == own.territory.collection_id


@pytest.mark.parametrize(
    ("photos_cell", "entries", "message"),
    [
        ("facade.png", {"facade.png": png()}, "pas de description"),
        ("facade.png:   ", {"facade.png": png()}, "pas de description"),
        ("absent.png: Façade", {"facade.png": png()}, "pas dans le zip"),
        ("../evil.png: Façade", {"../evil.png": png()}, "racine du zip"),
        ("dir/facade.png: Façade", {"dir/facade.png": png()}, "racine du zip"),
        ("notes.txt: Texte", {"notes.txt": b"hello"}, "notes.txt"),
        ("fake.png: Faux", {"fake.png": b"\x89PNG\r\n\x1a\nnot really"}, "fake.png"),
        ("bomb.png: Bombe", {"bomb.png": b"\0" * (2 * 1024 * 1024)}, "bombe zip"),
    ],
)
def test_bad_photos_reject_the_row(two_territories, capture, photos_cell, entries, message):
    own, _other = two_territories
    images = Image.objects.count()
    row = {**BASE_ROW, "photos": photos_cell}
    item = run_import(capture, own, csv_bytes([row]), user=own.moderator, photos=zip_bytes(entries))
    assert item.rejected == 1, item.report
    errors = errors_of(item, 2)
    assert errors[0][0] == "photos" and message in errors[0][1], errors
    assert not OfferPage.objects.filter(reference="IMP-1").exists()
    assert Image.objects.count() == images


def test_photos_without_a_zip(two_territories, capture):
    own, _other = two_territories
    item = run_import(
        capture, own, csv_bytes([{**BASE_ROW, "photos": "a.png: A"}]), user=own.moderator
    )
    assert "zip" in errors_of(item, 2)[0][1]


def test_a_lying_header_is_cut_at_the_cap(settings):
    """An entry whose header declares a small size but inflates to more: at most cap + 1
    bytes are read, and it is refused."""
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.png", b"x" * 5000)
    raw = bytearray(buffer.getvalue())
    # Patch the declared sizes (local header and central directory) to 500 bytes.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        raw[at + offset : at + offset + 4] = (500).to_bytes(4, "little")
    archive = PhotoArchive(io.BytesIO(bytes(raw)))
    with pytest.raises(PhotoError):
        archive.photo("big.png")


def test_archives_refused_as_a_whole(settings):
    with pytest.raises(ArchiveError, match="archive zip lisible"):
        PhotoArchive(io.BytesIO(b"not a zip at all"))
    settings.TERRITORIA_OFFER_IMPORT_MAX_PHOTOS = 2
    with pytest.raises(ArchiveError, match="au plus 2"):
        PhotoArchive(io.BytesIO(zip_bytes({f"{i}.png": b"x" for i in range(3)})))


def test_folders_are_ignored_and_noted(two_territories, capture):
    own, _other = two_territories
    photos = zip_bytes({"a.png": png(), "sub/b.png": png(), "__MACOSX/._a.png": b"x"})
    item = run_import(
        capture, own, csv_bytes([{**BASE_ROW, "photos": "a.png: Façade"}]), user=own.moderator,
        photos=photos,
    )  # fmt: skip
    assert item.created == 1
    assert any("sub/b.png" in note for note in item.notes)


def test_an_existing_image_is_found_by_hash_only_in_the_collection(two_territories):
    own, _other = two_territories
    from realestate.import_photos import existing_images

    image = Image.objects.create(
        title="x", file=get_test_image_file(), collection=own.territory.collection
    )
    image.get_file_hash()
    assert existing_images(own.territory, [image.file_hash]) == {image.file_hash: image}
    assert existing_images(_other.territory, [image.file_hash]) == {}


def test_an_extra_photo_costs_its_rows_writes_never_a_lookup(two_territories, capture):
    """Photos are translatable rows (they need their page's locale): the import gives each
    the locale of its page instead of letting Wagtail look the page up photo by photo. What
    one more photo on each row costs, its image already in the library, is what it cost
    before the photos were translatable: Wagtail's writes of the row (created, then
    published) and its reference index (19 queries on SQLite; 32 on PostgreSQL with
    REDIS_URL, where the reference index updates go through the outbox)."""
    own, _other = two_territories
    names = ["a.png", "b.png", "c.png"]
    photos = zip_bytes({name: png((i, 2, 3)) for i, name in enumerate(names)})
    cells = [" | ".join(f"{name}: Vue {name}" for name in names[:count]) for count in (1, 3)]
    run_import(  # the images come into the library once
        capture, own, csv_bytes([{**BASE_ROW, "photos": cells[1]}]), user=own.moderator,
        photos=photos,
    )  # fmt: skip

    def queries(start, cell, count):
        rows = [{**BASE_ROW, "reference": f"Q-{start + i}", "photos": cell} for i in range(4)]
        with CaptureQueriesContext(connection) as captured:
            item = run_import(capture, own, csv_bytes(rows), user=own.moderator, photos=photos)
        assert item.created == 4, item.report
        offers = OfferPage.objects.filter(reference__in=[row["reference"] for row in rows])
        assert {offer.photos.count() for offer in offers} == {count}
        return len(captured)

    one, three = queries(0, cells[0], 1), queries(100, cells[1], 3)
    per_photo = (three - one) / (4 * 2)
    budget = 32 if connection.vendor == "postgresql" and settings.REDIS_URL else 19
    assert per_photo <= budget, (one, three)
