"""Two-factor authentication required of staff before the views that hold investors'
personal data (the CRM). allauth's MFA (TOTP and recovery codes) does the checking; this only
says where it is required: a session must have passed a second factor (allauth records it
with the session's authentication methods), and the account must have an authenticator app.

A feature app opts its admin viewset in with ``MFARequiredViewSetMixin``;
``TERRITORIA_MFA_REQUIRED`` (on, except in the local demo) switches the requirement.
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def session_passed_mfa(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_required(view):
    """Let the view run only for a session that passed a second factor; otherwise send the
    person to confirm it (authenticator app set up) or to set it up, and back afterwards."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if not settings.TERRITORIA_MFA_REQUIRED or not user.is_authenticated:
            return view(request, *args, **kwargs)  # the admin's own login check answers
        has_app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if has_app and session_passed_mfa(request):
            return view(request, *args, **kwargs)
        back = urlencode({"next": request.get_full_path()})
        if has_app:
            messages.info(request, _("Confirm it is you with your authenticator app."))
            return redirect(f"{reverse('mfa_reauthenticate')}?{back}")
        messages.warning(
            request,
            _(
                "This part of the administration holds investors' personal data: set up "
                "two-factor authentication to open it."
            ),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{back}")

    return guarded


class MFARequiredViewSetMixin:
    """Every view of a Wagtail viewset behind ``mfa_required``."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = mfa_required(pattern.callback)
        return patterns
