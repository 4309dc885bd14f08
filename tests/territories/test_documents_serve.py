"""Documents belong to their territory: /documents/<id>/<name> answers only on the host of
the territory whose collection holds the file, collection privacy is honoured, no raw
/media/documents/ URL is served, and hostile uploads are form errors with nothing stored."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import expand_db_html

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.7 territory-only content"


def make_document(collection, name="budget.pdf", content=SECRET) -> Document:
    return Document.objects.create(
        title=name, file=ContentFile(content, name=name), collection=collection
    )


def fetch(client, document, host):
    return client.get(document.url, HTTP_HOST=host)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_document_is_served_on_its_territorys_host_only(client, two_territories, superuser):
    a, b = two_territories
    document = make_document(a.territory.collection)
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    own = fetch(client, document, a.host)
    assert own.status_code == 200 and body(own) == SECRET
    for host in (b.host, "localhost", "nowhere.test"):
        response = fetch(client, document, host)
        assert response.status_code == 404, host
        assert SECRET not in body(response)
    client.force_login(superuser)  # nobody special on the public side
    assert fetch(client, document, b.host).status_code == 404


def test_a_sub_collection_belongs_to_its_territory(client, two_territories):
    a, b = two_territories
    reports = a.territory.collection.add_child(instance=Collection(name="Rapports"))
    document = make_document(reports)
    assert fetch(client, document, a.host).status_code == 200
    assert fetch(client, document, b.host).status_code == 404


def test_the_platform_host_serves_platform_collections_only(client, two_territories):
    a, _ = two_territories
    platform = Collection.get_first_root_node().add_child(instance=Collection(name="Plateforme"))
    document = make_document(platform, "charte.pdf")
    assert fetch(client, document, "localhost").status_code == 200
    assert fetch(client, document, a.host).status_code == 404


def test_a_wrong_filename_is_404(client, two_territories):
    a, _ = two_territories
    document = make_document(a.territory.collection)
    assert client.get(f"/documents/{document.pk}/other.pdf", HTTP_HOST=a.host).status_code == 404


# --- Collection privacy (Wagtail's own check, in its serve view) ----------------------------


def restricted_document(territory, restriction_type, **extra):
    private = territory.collection.add_child(instance=Collection(name="Privé"))
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=restriction_type, **extra
    )
    return make_document(private), restriction


def test_a_password_protected_collection_asks_for_the_password(client, two_territories):
    a, b = two_territories
    document, restriction = restricted_document(
        a.territory, CollectionViewRestriction.PASSWORD, password="sésame-2026"
    )
    form = fetch(client, document, a.host)
    assert form.status_code == 200 and SECRET not in body(form)
    assert b'name="password"' in form.content
    # On another territory's host not even the form is shown.
    assert fetch(client, document, b.host).status_code == 404
    wrong = client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "wrong", "return_url": document.url},
        HTTP_HOST=a.host,
    )
    assert wrong.status_code == 200 and SECRET not in wrong.content
    assert SECRET not in body(fetch(client, document, a.host))
    client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "sésame-2026", "return_url": document.url},
        HTTP_HOST=a.host,
    )
    assert body(fetch(client, document, a.host)) == SECRET


def test_login_and_group_restrictions_are_honoured(client, two_territories):
    a, _ = two_territories
    document, _ = restricted_document(a.territory, CollectionViewRestriction.LOGIN)
    anonymous = fetch(client, document, a.host)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(a.editor)
    assert body(fetch(client, document, a.host)) == SECRET

    client.logout()
    moderators = a.territory.group_for("Moderators")
    grouped, restriction = restricted_document(a.territory, CollectionViewRestriction.GROUPS)
    restriction.groups.set([moderators])
    client.force_login(a.editor)  # not a moderator
    refused = fetch(client, grouped, a.host)
    assert refused.status_code in (302, 403, 404) and SECRET not in body(refused)
    client.force_login(a.moderator)
    assert body(fetch(client, grouped, a.host)) == SECRET


# --- No raw media URL for documents ---------------------------------------------------------


def test_rich_text_links_to_documents_go_through_the_serve_view(two_territories):
    a, _ = two_territories
    document = make_document(a.territory.collection)
    html = expand_db_html(f'<a linktype="document" id="{document.pk}">le budget</a>')
    assert f'href="/documents/{document.pk}/{document.filename}"' in html
    assert "/media/" not in html


def test_media_documents_are_never_served(client, two_territories):
    a, _ = two_territories
    document = make_document(a.territory.collection)
    path = f"/media/{document.file.name}"
    assert Path(settings.MEDIA_ROOT, document.file.name).exists()
    assert client.get(path, HTTP_HOST=a.host).status_code == 404


@pytest.fixture
def debug_urls():
    """config.urls as runserver has it (DEBUG on: media served), put back afterwards."""
    import config.urls

    with override_settings(DEBUG=True):
        module = importlib.reload(config.urls)
        clear_url_caches()
        with override_settings(ROOT_URLCONF=module):
            yield
    importlib.reload(config.urls)
    clear_url_caches()


def test_runserver_serves_images_but_never_documents(client, two_territories, debug_urls):
    a, _ = two_territories
    document = make_document(a.territory.collection)
    Path(settings.MEDIA_ROOT, "images").mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT, "images", "probe.txt").write_bytes(b"image")
    assert client.get("/media/images/probe.txt", HTTP_HOST=a.host).status_code == 200
    for path in (
        f"/media/{document.file.name}",
        f"/media/images/../{document.file.name}",
        f"/media//{document.file.name}",
    ):
        assert client.get(path, HTTP_HOST=a.host).status_code == 404, path


# --- Uploads ----------------------------------------------------------------------------------


def stored_documents(name: str) -> set[str]:
    """The stored files named after ``name`` (other tests, in parallel workers, store their
    own documents in the same folder)."""
    folder = Path(settings.MEDIA_ROOT, "documents")
    stem = Path(name).stem
    return {p.name for p in folder.glob(f"{stem}*")} if folder.exists() else set()


@pytest.fixture
def editor(client, two_territories):
    a, _ = two_territories
    client.force_login(a.editor)
    client.raise_request_exception = False
    return client, a


# name, content, the one error shown (French: the editors' admin language)
HOSTILE = [
    ("trop-lourd.pdf", b"%PDF" + b"0" * 2048, "Ce fichier est trop gros (2,0\xa0Kio)"),
    ("page.html", b"<script>alert(1)</script>", "L'extension de fichier «\xa0html\xa0»"),
    ("vide.pdf", b"", "Le fichier soumis est vide."),
]


@pytest.mark.parametrize("name, content, error", HOSTILE)
def test_hostile_uploads_are_form_errors_and_store_nothing(editor, settings, name, content, error):
    client, a = editor
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    before, files = Document.objects.count(), stored_documents(name)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": a.territory.collection_id,
        },
        HTTP_HOST=a.host,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and errors[0].startswith(error), errors
    assert Document.objects.count() == before and stored_documents(name) == files


@pytest.mark.parametrize("name, content, error", HOSTILE)
def test_hostile_multiple_uploads_store_nothing(editor, settings, name, content, error):
    client, a = editor
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    before, files = Document.objects.count(), stored_documents(name)
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile(name, content),
            "collection": a.territory.collection_id,
        },
        HTTP_HOST=a.host,
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False and answer["error_message"].startswith(error)
    assert Document.objects.count() == before and stored_documents(name) == files


def test_the_size_limit_is_twenty_megabytes_with_a_clear_message(editor, settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    client, a = editor
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = client.post(
        "/admin/documents/add/",
        {"title": "x", "file": SimpleUploadedFile("x.pdf", b"0" * 4096)},
        HTTP_HOST=a.host,
    )
    assert response.context["form"].errors["file"] == [
        "Ce fichier est trop gros (4,0\xa0Kio). La taille de fichier maximale est de 1,0\xa0Kio."
    ]


def test_a_good_upload_is_stored_in_the_territorys_collection(editor):
    client, a = editor
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "ok",
            "file": SimpleUploadedFile("ok.pdf", SECRET),
            "collection": a.territory.collection_id,
        },
        HTTP_HOST=a.host,
    )
    assert response.status_code == 302
    assert Document.objects.get(title="ok").collection_id == a.territory.collection_id
