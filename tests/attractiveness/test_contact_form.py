"""The public contact form: errors announced (summary, ids that aria-describedby names,
aria-invalid) and POST/redirect/GET, so that reloading the thank-you sends nothing twice."""

import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactFormField, ContactPage
from tests.public_forms import fresh_token

pytestmark = pytest.mark.django_db

IDS = re.compile(r'\bid="([^"]+)"')
DESCRIBEDBY = re.compile(r'aria-describedby="([^"]+)"')


@pytest.fixture
def contact(two_territories):
    tenant = two_territories[0]
    page = ContactPage.objects.child_of(tenant.territory.site.root_page).get()
    page.form_fields = [
        ContactFormField(label="Nom", field_type="singleline", required=True),
        ContactFormField(
            label="Adresse électronique",
            field_type="email",
            required=True,
            help_text="Pour vous répondre.",
        ),
        ContactFormField(
            label="Votre projet",
            field_type="radio",
            required=True,
            choices="Implantation\nLocaux",
            help_text="Choisissez-en un.",
        ),
        ContactFormField(
            label="Sujets", field_type="checkboxes", choices="Aides\nEmploi", required=False
        ),
        ContactFormField(label="Message", field_type="multiline", required=True),
    ]
    page.save_revision().publish()
    return tenant, page, page.relative_url(tenant.territory.site)


VALID = {
    "nom": "Camille Martin",
    "adresse_electronique": "camille@example.org",
    "votre_projet": "Implantation",
    "message": "Bonjour",
}


def test_every_aria_describedby_names_an_element_of_the_page(client, contact):
    tenant, _page, url = contact
    for response in (
        client.get(url, HTTP_HOST=tenant.host),
        client.post(url, {"adresse_electronique": "pas-une-adresse"}, HTTP_HOST=tenant.host),
    ):
        html = response.content.decode()
        ids = set(IDS.findall(html))
        named = {name for value in DESCRIBEDBY.findall(html) for name in value.split()}
        assert named, "help texts and errors are attached to their fields"
        assert named <= ids, f"aria-describedby names missing ids: {named - ids}"


def test_invalid_post_marks_fields_and_summarises_the_errors(client, contact):
    tenant, _page, url = contact
    response = client.post(url, {"adresse_electronique": "pas-une-adresse"}, HTTP_HOST=tenant.host)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"<title>Erreur\s?:", html), "the title says the page has errors"

    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary, "an error summary at the top"
    tag = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'role="alert"' in tag and 'tabindex="-1"' in tag and "data-error-summary" in tag
    assert html.index('class="error-summary"') < html.index("<form")
    links = re.findall(r'<a href="#([^"]+)"', summary.group(1))
    assert links == ["id_nom", "id_adresse_electronique", "id_votre_projet_0", "id_message"]
    ids = set(IDS.findall(html))
    assert set(links) <= ids, "each summary link leads to its field"

    email = re.search(r'<input type="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email
    described = DESCRIBEDBY.search(email).group(1).split()
    assert described == ["id_adresse_electronique_helptext", "id_adresse_electronique_error"]
    # The radio group is a fieldset with a legend, described by its help text and error.
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert "id_votre_projet_helptext id_votre_projet_error" in fieldset
    assert "<legend>Votre projet" in html
    # A valid optional field is not marked.
    assert 'aria-invalid="true"' not in re.search(r'<input[^>]*name="sujets"[^>]*>', html).group(0)
    assert FormSubmission.objects.count() == 0 and mail.outbox == []


def test_valid_post_redirects_to_the_thank_you(client, contact, django_capture_on_commit_callbacks):
    tenant, page, url = contact
    token = fresh_token(client, url, tenant.host)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**VALID, "submission_token": token}, HTTP_HOST=tenant.host)
    assert response.status_code == 303
    assert response["Location"] == f"{url}?sent=1"
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert len(mail.outbox) == 1

    thanks = client.get(response["Location"], HTTP_HOST=tenant.host)
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "Merci" in html and 'content="noindex"' in html
    assert "private" in thanks["Cache-Control"] and "no-store" in thanks["Cache-Control"]
    # Reloading the thank-you (a GET) sends nothing again.
    client.get(response["Location"], HTTP_HOST=tenant.host)
    assert FormSubmission.objects.filter(page=page).count() == 1 and len(mail.outbox) == 1


def test_form_page_and_thank_you_never_come_from_the_page_cache(client, contact):
    """The form carries the visitor's CSRF token: a cached copy would break everyone else's
    submission (403) even when the visitor already had a CSRF cookie."""
    tenant, _page, url = contact
    client.cookies["csrftoken"] = "x" * 32
    for path in (url, f"{url}?sent=1"):
        client.get(path, HTTP_HOST=tenant.host)
        again = client.get(path, HTTP_HOST=tenant.host)
        assert again.get("X-Page-Cache") != "hit", path
        assert "no-store" in again["Cache-Control"]


def test_hostile_submissions_are_form_errors(client, contact):
    tenant, _page, url = contact
    valid = {**VALID, "submission_token": fresh_token(client, url, tenant.host)}
    for data in (
        {**valid, "nom": "a\x00b"},
        {**valid, "votre_projet": "Pas un choix"},
        {**valid, "sujets": ["Inconnu"]},
        {**valid, "nom": "x" * 10_000},
        {**valid, "message": "x" * 5001},
    ):
        response = client.post(url, data, HTTP_HOST=tenant.host)
        assert response.status_code == 400, data
        assert 'class="error-summary"' in response.content.decode()
    assert FormSubmission.objects.count() == 0
