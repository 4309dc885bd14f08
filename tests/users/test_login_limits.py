"""Password guessing is limited on every login form (django-axes on the Wagtail and Django
admins, allauth's own limits and axes on /accounts/): after five wrong passwords the right
one is refused with a clear 429, the lockout is per account and address and per address,
another account from another address is unaffected, and a success or the cool-off ends it."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORMS = {
    "wagtail": ("/admin/login/", "username"),
    "django": ("/django-admin/login/", "username"),
}


def _client(address: str) -> Client:
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="fr")


def _login(client, form, email, password):
    url, field = FORMS[form]
    return client.post(url, {field: email, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _staff():
    return UserFactory(is_staff=True, is_superuser=True)


def _assert_locked_out(response):
    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives de connexion échouées" in body
    assert "Réessayez dans 15 minutes." in body
    assert response["Retry-After"] == str(15 * 60)


@pytest.mark.parametrize("form", FORMS)
def test_five_wrong_passwords_lock_the_account_from_that_address(form):
    user, other = _staff(), _staff()
    attacker = _client("10.0.0.1")
    statuses = [_login(attacker, form, user.email, "wrong").status_code for _ in range(5)]
    assert statuses[:4] == [200] * 4 and statuses[4] == 429
    response = _login(attacker, form, user.email, PASSWORD)
    _assert_locked_out(response)
    assert not _signed_in(attacker)
    # Another account from another address signs in as usual.
    bystander = _client("10.0.0.2")
    assert _login(bystander, form, other.email, PASSWORD).status_code == 302
    assert _signed_in(bystander)


def test_the_account_is_one_whatever_the_case_of_its_address():
    user = _staff()
    attacker = _client("10.0.0.1")
    for variant in (user.email.upper(), user.email, user.email.title(), " " + user.email, "x"):
        _login(attacker, "wagtail", variant, "wrong")
    assert AccessAttempt.objects.filter(username=user.email.lower()).get().failures_since_start == 4


def test_five_failures_from_one_address_lock_that_address_for_every_account():
    accounts = [_staff() for _ in range(6)]
    attacker = _client("10.0.0.3")
    for user in accounts[:5]:
        _login(attacker, "wagtail", user.email, "wrong")
    _assert_locked_out(_login(attacker, "wagtail", accounts[5].email, PASSWORD))
    assert not _signed_in(attacker)
    assert _login(_client("10.0.0.4"), "wagtail", accounts[5].email, PASSWORD).status_code == 302


def test_a_success_resets_the_count():
    user = _staff()
    client = _client("10.0.0.5")
    for _ in range(4):
        _login(client, "wagtail", user.email, "wrong")
    assert _login(client, "wagtail", user.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "wagtail", user.email, "wrong").status_code == 200
    assert _login(client, "wagtail", user.email, PASSWORD).status_code == 302


def _locked_out(address: str):
    """A staff account, and a client at ``address`` that made five wrong guesses for it:
    its right password is refused."""
    user, client = _staff(), _client(address)
    for _ in range(5):
        _login(client, "wagtail", user.email, "wrong")
    _assert_locked_out(_login(client, "wagtail", user.email, PASSWORD))
    return user, client


def test_the_lockout_ends_after_the_cool_off():
    user, client = _locked_out("10.0.0.6")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "wagtail", user.email, PASSWORD).status_code == 302


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_the_count_lives_in_the_database_not_the_cache():
    """A cache that keeps nothing (as good as a Redis that is down): still locked out."""
    _locked_out("10.0.0.7")


def test_the_lockout_speaks_english_to_an_english_admin():
    user = _staff()
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.0.0.8", HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        _login(client, "wagtail", user.email, "wrong")
    response = _login(client, "wagtail", user.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_allauth_login_is_limited_too():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    attacker = _client("10.0.0.9")
    for _ in range(5):
        attacker.post("/fr/accounts/login/", {"login": user.email, "password": "wrong"})
    response = attacker.post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert not _signed_in(attacker)
    body = response.content.decode()
    assert "Trop de tentatives de connexion" in body
    bystander = _client("10.0.0.10")
    other = UserFactory()
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    response = bystander.post("/fr/accounts/login/", {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(bystander)


def test_logins_without_a_request_still_work():
    """The test client's login() and scripts call authenticate() with no request: axes
    has no address to count and leaves them to the other backends."""
    user = UserFactory()
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    assert not client.login(email=user.email, password="wrong")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "81.2.69.160", "10.0.0.1"),  # no proxy declared: the header is not trusted
        (1, "81.2.69.160", "81.2.69.160"),
        (1, "6.6.6.6, 81.2.69.160", "81.2.69.160"),  # the client's own entry is ignored
        (2, "6.6.6.6, 81.2.69.160, 10.0.0.9", "81.2.69.160"),
        (2, "81.2.69.160", "10.0.0.1"),  # fewer entries than proxies: not through them
    ],
)
def test_the_address_counted_is_the_one_the_trusted_proxies_saw(proxies, forwarded, expected):
    from django.test import RequestFactory

    from core.public_forms import client_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TERRITORIA_TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected


@override_settings(TERRITORIA_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_visitors_are_told_apart():
    user, other = _staff(), _staff()
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    attacker = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR="81.2.69.160", **proxy)
    for _ in range(5):
        _login(attacker, "wagtail", user.email, "wrong")
    _assert_locked_out(_login(attacker, "wagtail", user.email, PASSWORD))
    visitor = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR="81.2.69.161", **proxy)
    assert _login(visitor, "wagtail", other.email, PASSWORD).status_code == 302
