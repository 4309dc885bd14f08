"""What every public form shares: a honeypot, a submission token, a per-address rate limit.

- **Honeypot.** A text field humans never see nor reach (off-screen, ``aria-hidden``, out of
  the tab order, its label says to leave it empty). A filled one is a robot: the view
  answers as if all went well and stores and sends nothing.
- **Submission token.** A hidden UUID, new for every form rendered; ``claim_once`` records it
  with the submission, so a double click or a retried POST saves and sends nothing twice.
- **Minimum fill time** (for a form class that sets ``min_fill_seconds``, as the inquiry and
  subscription forms do with ``MIN_FILL_SECONDS``): the time the form was rendered travels in
  a signed hidden field, and a form sent back sooner is a robot's, as with the honeypot. A
  missing stamp (an old cached page) passes; a forged one does not.
- **Rate limit.** ``TERRITORIA_PUBLIC_FORM_RATE`` submissions per client address and scope
  (a territory), counted in the cache by django-ratelimit. It fails open: with Redis down
  every submission is accepted (the cache logs the error).
- **Client address.** ``REMOTE_ADDR``, unless ``TERRITORIA_TRUSTED_PROXY_COUNT`` says how
  many proxies in front append to ``X-Forwarded-For``: the address the nearest trusted proxy
  saw is then used. A client cannot choose its address by sending the header.
"""

import copy
import functools
import ipaddress
import logging
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from .models import IdempotencyKey

logger = logging.getLogger(__name__)

HONEYPOT = "website_url"
TOKEN = "submission_token"
STARTED = "form_started"
MIN_FILL_SECONDS = 3


def client_address(request) -> str | None:
    """The client's address as configured (module docstring), or None when the request has
    none (a login made in code, as the test client's ``force_login``): the login limits'
    ``AXES_CLIENT_IP_CALLABLE``, whose database column takes an address or nothing."""
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TERRITORIA_TRUSTED_PROXY_COUNT
    if hops:
        chain = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(chain) >= hops:
            try:
                return str(ipaddress.ip_address(chain[-hops]))
            except ValueError:
                logger.warning("Unparsable X-Forwarded-For %r", chain[-hops][:100])
    return remote


def client_ip(request) -> str:
    """The client's address, or "unknown": django-ratelimit's key for public forms."""
    return client_address(request) or "unknown"


def rate_limited(request, *, scope: str) -> int:
    """Count this submission; 0 when the client is within the limit for ``scope``, else the
    seconds until the window ends (for ``Retry-After``). Any cache failure allows it (fail
    open): a limit never costs a legitimate message."""
    try:
        usage = get_usage(
            request,
            group=f"public-form:{scope}",
            key=lambda _group, req: client_ip(req),
            rate=settings.TERRITORIA_PUBLIC_FORM_RATE,
            increment=True,
        )
    except Exception as error:  # the cache, whatever it raised: allow
        logger.warning("Rate limit not checked (cache error), allowed: %r", error)
        return 0
    if usage is None or not usage["should_limit"]:
        return 0
    return max(int(usage["time_left"]), 1)


def idempotency_keys_prune(*, older_than) -> int:
    """Forget claimed keys: a POST retried that late is no double click."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=older_than).delete()
    return deleted


def claim_once(key: str) -> bool:
    """Record ``key`` in the current transaction; False when an earlier request did (a
    concurrent one waits for that request's commit on the unique index, then gets False).

    One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL and SQLite 3.35+): no
    savepoint, no IntegrityError to catch, one round trip."""
    table = connection.ops.quote_name(IdempotencyKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "created_at") VALUES (%s, %s) '  # noqa: S608
            'ON CONFLICT ("key") DO NOTHING RETURNING "id"',
            [key, timezone.now()],
        )
        return cursor.fetchone() is not None


class HoneypotInput(forms.TextInput):
    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


@functools.cache
def _added_fields() -> dict[str, forms.Field]:
    """The fields ``PublicFormMixin`` adds, built once: each form gets copies of them, as
    Django gives it copies of its declared fields (a copy costs a fraction of a build)."""
    return {
        HONEYPOT: forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            max_length=200,
            widget=HoneypotInput(),
        ),
        TOKEN: forms.CharField(required=False, widget=forms.HiddenInput),
        STARTED: forms.CharField(required=False, widget=forms.HiddenInput),
    }


class PublicFormMixin:
    """Adds the honeypot, the submission token and, where ``min_fill_seconds`` is set, the
    signed start time to a form class; ``clean`` takes them out of ``cleaned_data``, so
    nothing downstream stores or emails them."""

    token_expired_message = _("This form had expired. Check your message and send it again.")
    min_fill_seconds: float | None = None
    started_salt = "core.form-started"

    @classmethod
    def started_stamp(cls, at: float | None = None) -> str:
        """The signed start time the form is rendered with (``at``, else now)."""
        moment = time.time() if at is None else at
        return signing.TimestampSigner(salt=cls.started_salt).sign(str(int(moment)))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prototypes = _added_fields()
        self.fields[HONEYPOT] = copy.deepcopy(prototypes[HONEYPOT])
        self.fields[TOKEN] = copy.deepcopy(prototypes[TOKEN])
        self.token_expired = False
        self.submission_token = None
        if not self.is_bound:
            self.initial[TOKEN] = str(uuid.uuid4())
        elif not _is_uuid(self.data.get(TOKEN)):
            # An old page or a script without the token: a new one for the form shown again.
            self.data = self.data.copy()
            self.data[TOKEN] = str(uuid.uuid4())
            self.token_expired = True
        if self.min_fill_seconds is not None:
            self.fields[STARTED] = copy.deepcopy(prototypes[STARTED])
            if not self.is_bound:
                self.initial[STARTED] = self.started_stamp()

    @property
    def too_fast(self) -> bool:
        """Sent back sooner than a person could fill it, or with a forged stamp (a missing
        one, an old cached form, passes)."""
        if self.min_fill_seconds is None or not self.is_bound:
            return False
        stamp = self.data.get(STARTED) or ""
        if not stamp:
            return False
        try:
            signer = signing.TimestampSigner(salt=self.started_salt)
            started = int(signer.unsign(stamp))
        except (signing.BadSignature, ValueError):
            return True
        return time.time() - started < self.min_fill_seconds

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and (self.data.get(HONEYPOT) or "").strip())

    @property
    def honeypot(self):
        return self[HONEYPOT]

    def public_fields(self):
        """The fields a visitor fills, for the template: not the honeypot, not the hidden
        ones (the token, an editor's hidden fields), which ``hidden_fields()`` renders."""
        return [field for field in self.visible_fields() if field.name != HONEYPOT]

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data.pop(HONEYPOT, None)
        cleaned_data.pop(STARTED, None)
        token = cleaned_data.pop(TOKEN, None)
        if self.token_expired:
            raise ValidationError(self.token_expired_message, code="token")
        self.submission_token = str(uuid.UUID(token))
        return cleaned_data


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class PublicFormBuilder(FormBuilder):
    """Wagtail's form builder with a length limit on every field an editor can add (a single
    line already has 255): the browser shows it (``maxlength``) and the server enforces it."""

    MULTILINE_MAX = 5000

    def create_multiline_field(self, field, options):
        options["max_length"] = self.MULTILINE_MAX
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        return super().create_email_field(field, options)

    def create_url_field(self, field, options):
        options["max_length"] = 2000
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        return forms.DecimalField(max_digits=20, **options)

    def create_hidden_field(self, field, options):
        options["max_length"] = 255
        return super().create_hidden_field(field, options)

    def get_form_class(self):
        return type("PublicForm", (PublicFormMixin, BaseForm), self.formfields)
