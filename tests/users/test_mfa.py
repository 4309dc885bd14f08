"""Staff need a second factor for the CRM: without an authenticator app they are sent to set
one up, with one they confirm a code from it through allauth's own form, then come back."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client, override_settings
from django.urls import reverse

from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadFactory
from tests.territories.isolation_world import ADMIN_HOST

pytestmark = pytest.mark.django_db


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def developer(two_territories):
    own, _other = two_territories
    with platform_wide():
        LeadFactory(territory=own.territory, marker="ZMFALEAD")
    return make_member(own.territory, "Developers")


def _signed_in(user) -> Client:
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)  # the password step, as after Wagtail's login form
    return client


def test_without_an_authenticator_app_the_crm_asks_to_set_one_up(developer):
    response = _signed_in(developer).get(reverse("leads:index"))
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/?next=%2Fadmin%2Fleads%2F")


def test_with_an_app_a_code_from_it_opens_the_crm_and_comes_back(developer):
    secret = generate_totp_secret()
    TOTP.activate(developer, secret)
    client = _signed_in(developer)
    response = client.get(reverse("leads:index"))
    assert response.status_code == 302
    confirm = response["Location"]
    assert "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fleads%2F" in confirm

    wrong = "000000" if _current_code(secret) != "000000" else "111111"
    refused = client.post(confirm, {"code": wrong})
    assert refused.status_code == 200 and "data-error-summary" in refused.content.decode()
    assert client.get(reverse("leads:index")).status_code == 302

    accepted = client.post(confirm, {"code": _current_code(secret)})
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/leads/"
    listing = client.get(reverse("leads:index"))
    assert listing.status_code == 200 and "ZMFALEAD" in listing.content.decode()


def test_other_admin_pages_need_no_second_factor(developer):
    assert _signed_in(developer).get("/admin/").status_code == 200


@override_settings(TERRITORIA_MFA_REQUIRED=False)
def test_the_requirement_can_be_switched_off_for_the_local_demo(developer):
    assert _signed_in(developer).get(reverse("leads:index")).status_code == 200
