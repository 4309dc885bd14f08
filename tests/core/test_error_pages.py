"""Bad requests are a 400 in the site's chrome, never a 500 and never a bare page: a form
posted in a charset other than UTF-8, a form with more fields than the server reads (a
long StreamField), a garbled StreamField post. Nothing is stored. 403 has its page too."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Revision

from core.views import permission_denied
from home.models import ContactPage, StandardPage
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"
CHARSETS = ["utf-16", "utf-32", "cp1252", "latin-1"]


def _client(**kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    return client


def _post(client, url, body: bytes, content_type: str, **extra):
    # generic(): post() would re-encode the body in the declared charset first.
    return client.generic("POST", url, data=body, content_type=content_type, **extra)


def _page_of(tenant) -> StandardPage:
    root = tenant.territory.site.root_page
    return StandardPage.objects.descendant_of(root).filter(locale=root.locale).first()


def _revisions() -> list:
    return list(Revision.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.parametrize("charset", CHARSETS)
def test_public_form_in_another_charset_is_a_400_in_the_chrome(two_territories, charset):
    lyonne = two_territories[0]
    contact = ContactPage.objects.child_of(lyonne.territory.site.root_page).get()
    url = contact.relative_url(lyonne.territory.site)
    before = FormSubmission.objects.count()
    response = _post(
        _client(),
        url,
        "nom=Émile&message=été".encode(charset),
        f"{URLENCODED}; charset={charset}",
        HTTP_HOST=lyonne.host,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="site-header"' in body and lyonne.territory.name in body
    assert "Requête incomprise" in body and "rien n'a été enregistré" in body
    assert 'name="robots" content="noindex"' in body
    assert FormSubmission.objects.count() == before


@pytest.mark.parametrize("charset", CHARSETS)
def test_admin_form_in_another_charset_is_a_400_and_saves_nothing(two_territories, charset):
    lyonne = two_territories[0]
    page = _page_of(lyonne)
    before, title = _revisions(), page.title
    response = _post(
        admin_client(lyonne.editor),
        f"/admin/pages/{page.pk}/edit/",
        f"title=Pirate&slug={page.slug}".encode(charset),
        f"{URLENCODED}; charset={charset}",
    )
    response_client_error(response)
    assert _revisions() == before
    page.refresh_from_db()
    assert page.title == title


def response_client_error(response):
    assert response.status_code == 400, response.status_code
    body = response.content.decode()
    assert "<h1>" in body and "Bad Request (400)" not in body


def test_garbled_streamfield_post_is_a_400_not_a_500(two_territories):
    """An unknown charset is ignored (read as UTF-8): the post then lacks the StreamField's
    count, which Wagtail read with ``data["body-count"]``."""
    lyonne = two_territories[0]
    page = _page_of(lyonne)
    before = _revisions()
    client = admin_client(lyonne.editor)
    client.raise_request_exception = False
    for body in (b"\xff\xfe\x00a=b", f"title=T&slug={page.slug}&body-count=abc".encode()):
        response = _post(
            client, f"/admin/pages/{page.pk}/edit/", body, f"{URLENCODED}; charset=bogus"
        )
        response_client_error(response)
    partial = f"title=T&slug={page.slug}&body-count=2&body-0-deleted=&body-0-type=heading"
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", partial.encode(), content_type=URLENCODED
    )
    response_client_error(response)
    assert "contenu de la page est arrivé incomplet" in response.content.decode()
    assert _revisions() == before


def _many_headings(page, count: int) -> dict:
    data = {"title": page.title, "slug": page.slug, "intro": "null", "body-count": str(count)}
    for i in range(count):
        data.update(
            {
                f"body-{i}-type": "heading",
                f"body-{i}-value-text": f"Titre {i}",
                f"body-{i}-value-level": "h2",
                f"body-{i}-deleted": "",
                f"body-{i}-order": str(i),
                f"body-{i}-id": "",
            }
        )
    return data


def test_a_long_streamfield_saves(two_territories):
    """400 headings post 2,400 fields: over Django's default 1,000, within ours."""
    lyonne = two_territories[0]
    page = _page_of(lyonne)
    response = admin_client(lyonne.editor).post(
        f"/admin/pages/{page.pk}/edit/", _many_headings(page, 400)
    )
    assert response.status_code == 302
    page.refresh_from_db()
    saved = page.get_latest_revision_as_object()
    assert len(saved.body) == 400


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=500)
def test_too_many_fields_says_why_and_saves_nothing(two_territories):
    lyonne = two_territories[0]
    page = _page_of(lyonne)
    before = _revisions()
    client = admin_client(lyonne.editor)
    client.raise_request_exception = False
    response = client.post(f"/admin/pages/{page.pk}/edit/", _many_headings(page, 100))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Trop de contenu pour un seul enregistrement" in body
    assert "plus de 500 champs" in body and "Scindez le contenu" in body
    assert _revisions() == before


def test_permission_denied_is_a_403_in_the_chrome(two_territories):
    lyonne = two_territories[0]
    request = RequestFactory().get("/fr/", HTTP_HOST=lyonne.host)
    request.territory, request.is_platform = lyonne.territory, False
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("fr"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    body = response.content.decode()
    assert "Accès refusé" in body and lyonne.territory.name in body


def test_every_error_handler_is_ours():
    from config import urls

    assert urls.handler400 == "core.views.bad_request"
    assert urls.handler403 == "core.views.permission_denied"
    assert urls.handler404 == "core.views.page_not_found"
    assert urls.handler500 == "core.views.server_error"
    assert Page.objects.exists()


def test_a_forged_host_gets_a_bare_400_naming_no_territory(two_territories):
    response = _client().get("/fr/", HTTP_HOST="lyonne.test:x")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Requête incomprise" in body and "Request not understood" in body
    assert all(tenant.territory.name not in body for tenant in two_territories)


def test_the_500_page_needs_no_request():
    from core.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_a_form_without_its_csrf_token_is_a_403_that_says_why(two_territories):
    lyonne = two_territories[0]
    contact = ContactPage.objects.child_of(lyonne.territory.site.root_page).get()
    before = FormSubmission.objects.count()
    client = Client(enforce_csrf_checks=True, HTTP_HOST=lyonne.host)
    response = client.post(contact.relative_url(lyonne.territory.site), {"message": "Bonjour"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Le formulaire a expiré" in body and "rien n'a été envoyé" in body
    assert 'class="site-header"' in body and lyonne.territory.name in body
    assert FormSubmission.objects.count() == before
