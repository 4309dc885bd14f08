"""Writes of an investor's own account: profile, export and erasure of their data.

Other apps contribute to the account page, the export and the erasure through Wagtail hooks
(``users/hooks.py``), so that ``users`` never names them.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from wagtail import hooks

from .hooks import BEFORE_ACCOUNT_DELETE, PERSONAL_DATA
from .models import User


def has_admin_access(user: User) -> bool:
    """Staff of a territory (or of the platform): their account is managed by an admin."""
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def account_data_export(*, user: User) -> dict:
    """Everything Territoria keeps about this person, as JSON-ready data (GDPR art. 15 and 20):
    the account, its email addresses, which second factors exist (never their secrets), and
    what each app contributes through the ``PERSONAL_DATA`` hook."""

    def when(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }
    for contribute in hooks.get_hooks(PERSONAL_DATA):
        data.update(contribute(user) or {})
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase an investor's account (GDPR art. 17). Each app first erases or anonymises what
    it holds about them (``BEFORE_ACCOUNT_DELETE``), in the same transaction: all or nothing.
    Staff accounts are never deleted here: their territory's administrators manage them."""
    if has_admin_access(user):
        raise PermissionError("staff accounts are managed by an administrator")
    for erase in hooks.get_hooks(BEFORE_ACCOUNT_DELETE):
        erase(user)
    user.delete()
