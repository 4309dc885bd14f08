"""Limits on password guessing (django-axes, docs/security.md "Logins and abuse limits").

Every login form goes through ``django.contrib.auth.authenticate`` with the request: the
Wagtail admin's, the Django admin's and allauth's (which also has its own rate limits,
ACCOUNT_RATE_LIMITS). Axes counts the failures in the database, not the cache, so that a
Redis outage neither lifts nor breaks the limit.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.shortcuts import render


def attempt_username(request, credentials) -> str:
    """The account an attempt is counted against: the Wagtail and Django admins post
    ``username``, allauth passes ``email``; the same address in any case is one account."""
    credentials = credentials or {}
    data = request.POST if request is not None and request.method == "POST" else {}
    for source, field in (
        (credentials, "username"),
        (credentials, "email"),
        (data, "username"),
        (data, "login"),
        (data, "email"),
    ):
        value = source.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return ""


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Axes' backend, first in AUTHENTICATION_BACKENDS. ``authenticate()`` without a
    request (a shell, a script, the test client's ``login()``) has no address to count
    against: it is left to the next backends instead of raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a 429 that says how long to wait, in the site's chrome."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(request, "users/lockout.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
