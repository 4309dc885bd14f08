"""The request's host name, validated once per distinct Host header in a process.

``request.get_host()`` checks the Host header against ALLOWED_HOSTS on every call (about
4 µs here, a sixth of what a page-cache hit costs above a static file). What it accepts
depends only on that header (or X-Forwarded-Host, or SERVER_NAME and the port: Django's
``_get_raw_host``) and on the settings, so a header it accepted once is accepted again:
``request_hostname`` remembers the headers it accepted (never one it refused, which raises
DisallowedHost every time), at most ``REMEMBERED``, forgotten when those settings change.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.request import split_domain_port

REMEMBERED = 256
# raw Host header -> its host name without the port, for the headers get_host() accepted.
_accepted: dict[str, str] = {}


def request_hostname(request: HttpRequest) -> str:
    """The validated Host header without its port, lower-cased (DisallowedHost → 400)."""
    raw = request._get_raw_host()
    hostname = _accepted.get(raw)
    if hostname is None:
        hostname, _port = split_domain_port(request.get_host())  # raises when refused
        if len(_accepted) >= REMEMBERED:
            _accepted.clear()
        _accepted[raw] = hostname
    return hostname


@receiver(setting_changed)
def _forget_accepted(*, setting, **kwargs):
    if setting in ("ALLOWED_HOSTS", "DEBUG", "USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT"):
        _accepted.clear()
