"""Bounces and complaints from a mail provider, through django-anymail's normalised
tracking webhooks (docs/newsletters.md, "Bounces and complaints").

``config/urls.py`` includes ``urlpatterns`` (``/anymail/<esp>/tracking/``) only when
``ANYMAIL_WEBHOOK_SECRET`` is set: anymail then checks the provider's HTTP basic auth (and
the provider's own signature where it has one) before a payload is read. Each tracking view
is wrapped so that a payload it cannot read (not JSON, a list instead of an object, a field
of the wrong type) is a 400, never a 500 (which a provider would retry for days).

The receiver of ``anymail.signals.tracking`` is ``newsletters.provider_events.on_tracking``, not
here: importing ``anymail.urls`` imports every provider's webhook views (boto3 and botocore
for Amazon SES, cryptography for Postal: about 16 MB per process), which only a site that
routes the webhooks should pay (docs/performance.md, "Worker memory").
"""

import functools
import logging

from anymail.exceptions import AnymailConfigurationError, AnymailError
from anymail.urls import urlpatterns as anymail_urlpatterns
from django.http import HttpResponseBadRequest
from django.urls import URLPattern

logger = logging.getLogger(__name__)

# AnymailConfigurationError: a payload of another kind (inbound mail) posted to a tracking URL.
MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError, AnymailError,
             AnymailConfigurationError)  # fmt: skip


def _readable_or_400(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MALFORMED as error:
            logger.warning("Provider webhook %s: unreadable payload (%r)", request.path, error)
            return HttpResponseBadRequest(
                b"Malformed webhook payload.", content_type="text/plain; charset=utf-8"
            )

    return wrapped


def _tracking_patterns() -> list:
    patterns = []
    for pattern in anymail_urlpatterns:
        if isinstance(pattern, URLPattern) and (pattern.name or "").endswith("tracking_webhook"):
            patterns.append(
                URLPattern(pattern.pattern, _readable_or_400(pattern.callback), name=pattern.name)
            )
    return patterns


app_name = "anymail"
urlpatterns = _tracking_patterns()
