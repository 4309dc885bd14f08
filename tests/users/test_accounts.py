"""Investor accounts: allauth's pages on each territory's host, in its chrome and language;
the account page, its data export and account deletion; hostile and malformed input."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from users.models import User

pytestmark = pytest.mark.django_db


def _client(tenant, language="fr", address="192.0.2.10") -> Client:
    return Client(HTTP_HOST=tenant.host, HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=address)


def _investor(email="investor@example.org") -> User:
    user = UserFactory(email=email, first_name="Ada", last_name="Lovelace")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sign_in_page_is_the_territorys_in_its_language(two_territories, language):
    a, b = two_territories
    response = _client(a, language).get(f"/{language}/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert a.territory.name in html and b.territory.name not in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'class="site-header"' in html and "main-nav" in html  # the site's chrome
    title = "Sign In" if language == "en" else "Connexion"
    assert re.search(rf"<title>\s*{title}\s*·\s*{re.escape(a.territory.name)}</title>", html)
    assert response.get("X-Page-Cache") != "hit"


def test_unprefixed_account_urls_redirect_to_the_visitors_language(two_territories):
    a, _b = two_territories
    response = _client(a, "en").get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"


def test_header_links_to_sign_in_then_to_the_account(two_territories):
    a, _b = two_territories
    client = _client(a)
    assert 'href="/fr/accounts/login/"' in client.get("/fr/").content.decode()
    client.force_login(_investor())
    assert 'href="/fr/accounts/"' in client.get("/fr/").content.decode()


def test_signup_verifies_the_address_with_a_link_on_the_territorys_host(two_territories):
    a, _b = two_territories
    client = _client(a, "en")
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "Founder@Example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="founder@example.org")
    assert not user.is_staff and not user.groups.exists()
    (message,) = mail.outbox
    assert message.to == ["founder@example.org"]
    assert f"[{a.territory.name}]" in message.subject
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(f"http://{a.host}/")
    path = link.split(a.host, 1)[1]
    assert client.post(path).status_code == 302
    assert client.get("/en/accounts/").status_code == 200  # signed in on confirmation


def test_sign_in_lands_on_the_account_page(two_territories):
    a, _b = two_territories
    user = _investor()
    client = _client(a)
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/fr/accounts/"
    page = client.get("/fr/accounts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert user.email in html and 'aria-current="page"' in html


def test_account_pages_need_a_signed_in_investor(two_territories):
    a, _b = two_territories
    client = _client(a)
    for path in ("/fr/accounts/", "/fr/accounts/export/", "/fr/accounts/delete/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/fr/accounts/login/?next={path}")


def test_wrong_password_is_a_form_error_in_the_sites_form_style(two_territories):
    a, _b = two_territories
    user = _investor()
    response = _client(a).post("/fr/accounts/login/", {"login": user.email, "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html


@pytest.mark.parametrize(
    "first_name",
    ["x" * 151, "Ada\x00", "Ada\x1b[31m"],
    ids=["too-long", "nul", "escape"],
)
def test_profile_refuses_malformed_names_and_keeps_the_old_one(two_territories, first_name):
    a, _b = two_territories
    user = _investor()
    client = _client(a)
    client.force_login(user)
    response = client.post("/fr/accounts/", {"first_name": first_name, "last_name": "L"})
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "Ada"


def test_profile_stores_hostile_text_as_text(two_territories):
    a, _b = two_territories
    user = _investor()
    client = _client(a)
    client.force_login(user)
    hostile = '<script>alert("x")</script>'
    assert client.post("/fr/accounts/", {"first_name": hostile, "last_name": ""}).status_code == 302
    html = client.get("/fr/accounts/").content.decode()
    assert hostile not in html and "&lt;script&gt;" in html


def test_data_export_holds_this_person_and_nobody_else(two_territories):
    a, _b = two_territories
    user, other = _investor(), _investor("someone.else@example.org")
    client = _client(a)
    client.force_login(user)
    response = client.get("/fr/accounts/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert other.email not in response.content.decode()


def test_deletion_needs_the_password_and_the_confirmation(two_territories):
    a, _b = two_territories
    user = _investor()
    client = _client(a)
    client.force_login(user)
    assert (
        client.post("/fr/accounts/delete/", {"password": "wrong", "confirm": "on"}).status_code
        == 400
    )
    assert client.post("/fr/accounts/delete/", {"password": PASSWORD}).status_code == 400
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post("/fr/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_a_territorys_staff_cannot_delete_their_account_here(two_territories):
    a, _b = two_territories
    client = _client(a)
    client.force_login(a.editor)
    assert client.get("/fr/accounts/delete/").status_code == 403
    response = client.post("/fr/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 403
    assert User.objects.filter(pk=a.editor.pk).exists()


def test_signups_from_one_address_are_rate_limited_with_a_page_in_the_sites_chrome(two_territories):
    a, _b = two_territories
    client = _client(a, address="192.0.2.77")
    statuses = []
    for index in range(7):
        response = client.post(
            "/fr/accounts/signup/",
            {
                "email": f"bot{index}@example.org",
                "password1": "a long passphrase 42",
                "password2": "a long passphrase 42",
            },
        )
        statuses.append(response.status_code)
        client.logout()
    assert statuses[:5] == [302] * 5
    assert statuses[-1] == 429
    assert a.territory.name in response.content.decode()
    assert User.objects.filter(email__startswith="bot").count() == 5


def test_account_lists_this_sites_inquiries_and_exports_every_territorys(two_territories):
    from tests.factories.investors import LeadFactory

    a, b = two_territories
    user = _investor()
    EmailAddress.objects.create(user=user, email="unproven@example.org", verified=False)
    LeadFactory(territory=a.territory, email="INVESTOR@example.org", company="Mine in A")
    LeadFactory(territory=b.territory, email="investor@example.org", company="Mine in B")
    LeadFactory(territory=a.territory, email="unproven@example.org", company="Not proven")
    LeadFactory(territory=a.territory, email="someone@example.org", company="Somebody else")
    client = _client(a)
    client.force_login(user)
    html = client.get("/fr/accounts/").content.decode()
    assert "Mine in A" in html
    assert "Mine in B" not in html and "Not proven" not in html and "Somebody else" not in html
    data = json.loads(client.get("/fr/accounts/export/").content)
    assert sorted(item["company"] for item in data["inquiries"]) == ["Mine in A", "Mine in B"]
