"""Investor accounts with Redis (cache, rate limits) or SMTP down: sign-up, sign-in and
password reset still answer, and the emails they owe wait in the outbox, then go out."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import OutboxMessage
from tests.core.test_outbox_mail import outbox_smtp_at
from tests.failing_services import HungServer, cache_at, free_port
from users.models import User

from .test_accounts import _client, _investor

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 42"


def _signup(client, email="founder@example.org"):
    return client.post(
        "/en/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def _drain() -> None:
    OutboxMessage.objects.filter(done_at=None).update(next_attempt_at=timezone.now())
    call_command("drain_outbox", stdout=io.StringIO())


@pytest.mark.parametrize("redis", ["refused", "hung"])
def test_with_redis_down_signup_and_sign_in_work(two_territories, redis):
    a, _b = two_territories
    hung = HungServer() if redis == "hung" else None
    try:
        with cache_at(hung.port if hung else free_port()):
            client = _client(a, "en")
            assert client.get("/en/accounts/signup/").status_code == 200
            assert _signup(client).status_code == 302
            user = User.objects.get(email="founder@example.org")
            (message,) = mail.outbox  # the verification link, sent all the same
            assert "/en/accounts/confirm-email/" in message.body

            investor = _investor()
            other = _client(a, "en", address="192.0.2.20")
            response = other.post(
                "/en/accounts/login/", {"login": investor.email, "password": "password"}
            )
            assert response.status_code == 200  # a wrong password: the form's error
            assert "password" in response.content.decode().lower()
    finally:
        if hung:
            hung.close()
    assert user.is_active


def test_with_redis_down_the_password_reset_email_is_sent(two_territories):
    a, _b = two_territories
    investor = _investor()
    with cache_at(free_port()):
        response = _client(a, "en").post("/en/accounts/password/reset/", {"email": investor.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert re.search(rf"http://{re.escape(a.host)}/en/accounts/password/reset/key/", message.body)


def test_with_smtp_down_the_verification_email_waits_then_goes_out(two_territories):
    a, _b = two_territories
    pending = OutboxMessage.objects.filter(handler="core.mail.deliver_message", done_at=None)
    with outbox_smtp_at(free_port()):  # allauth's email through the outbox, SMTP refusing
        assert _signup(_client(a, "en")).status_code == 302
        assert pending.count() == 1, "recorded, not lost"
        assert mail.outbox == []
    _drain()  # SMTP is back (the test backend)
    (message,) = mail.outbox
    assert message.to == ["founder@example.org"]
    assert "/en/accounts/confirm-email/" in message.body
    assert not pending.exists()


@pytest.mark.parametrize("redis", ["refused", "hung"])
def test_with_redis_down_a_lock_through_the_cache_is_granted_at_once(redis):
    """core.cache.PrefixScopedClient.add fails open: allauth's lock does not wait."""
    from django.core.cache import cache

    hung = HungServer() if redis == "hung" else None
    try:
        with cache_at(hung.port if hung else free_port()):
            assert cache.add("lock", True, timeout=10) is True
            assert cache.add("lock", True, timeout=10) is True  # the breaker is open: at once
            assert cache.get("lock", "default") == "default"
    finally:
        if hung:
            hung.close()
