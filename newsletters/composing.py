"""One frozen letter, many recipients: what every message of a batch shares is built once
(``BatchLetter``), and each message is that plus the recipient's own links and headers.

Per recipient there is no template render and no ``email`` package work: the frozen HTML is
cut once at its per-recipient places (``rendering.FrozenHtml``), the URL prefixes are
reversed once, the shared headers (From, Subject, List-Id, the MIME structure) are encoded
once, and each message's bytes are the shared head, its own To / Message-ID /
List-Unsubscribe headers and its two parts in 8bit (quoted-printable by ``binascii``,
in C, when a line is too long).
``message()`` builds the same letter as a Django ``EmailMultiAlternatives`` for a backend
that is not SMTP (an anymail provider's API, the test backends).
"""

import binascii
import json
import uuid
from email.header import Header
from email.utils import formatdate

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.urls import reverse
from django.utils import translation

from . import tokens
from .models import Delivery
from .rendering import FrozenHtml, personalise
from .tracking import Links

ESP_SALT = "newsletters.esp"
ESP_KEY = "territoria_delivery"  # the metadata key the tracking webhook reads back


def esp_tracking_configured() -> bool:
    """True when a provider's tracking webhook is configured (``ANYMAIL_WEBHOOK_SECRET``):
    messages then carry the signed delivery id as metadata."""
    return bool(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))


def esp_reference(delivery_id: int) -> str:
    return signing.Signer(salt=ESP_SALT).sign(str(delivery_id))


def esp_delivery_id(value) -> int | None:
    """The delivery id of a signed reference; None when it is absent, forged or malformed."""
    try:
        return int(signing.Signer(salt=ESP_SALT).unsign(str(value)[:200]))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _header(value: str) -> str:
    value = " ".join(str(value).splitlines())  # no header injection
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=76).encode(linesep="\r\n")


LINE_LIMIT = 998  # RFC 5322, without the CRLF


def _part(text: str) -> tuple[bytes, bytes]:
    """(Content-Transfer-Encoding, body): 8bit when every line fits, as Django does (fewer,
    longer lines: less work for every server on the way), quoted-printable otherwise."""
    data = text.encode("utf-8").replace(b"\r\n", b"\n")
    if max(map(len, data.split(b"\n"))) <= LINE_LIMIT:
        return b"8bit", data.replace(b"\n", b"\r\n")
    return b"quoted-printable", binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n")


class BatchLetter:
    def __init__(self, newsletter, *, list_ids, language: str):
        territory = newsletter.territory
        self.newsletter = newsletter
        self.territory = territory
        self.list_ids = sorted(list_ids)
        self.html = FrozenHtml(newsletter.sent_html, tracked=newsletter.tracking)
        self.text = newsletter.sent_text
        self.links = Links(territory.root_url) if newsletter.tracking else None
        self.esp = esp_tracking_configured()
        root = territory.root_url
        self._unsubscribe = root + reverse("newsletters_unsubscribe", kwargs={"token": "T"})
        with translation.override(language):
            self._preferences = root + reverse("newsletters:preferences", kwargs={"token": "T"})
        self.list_id = f"{territory.name} <newsletter.{territory.slug}.territoria>"
        self.reply_to = " ".join(newsletter.reply_to.split())
        self.boundary = f"=_territoria_{uuid.uuid4().hex}"
        self.head = (
            f"From: {sanitize_address(newsletter.from_email, 'utf-8')}\r\n"
            f"Subject: {_header(newsletter.sent_subject)}\r\n"
            f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}\r\n"
            "MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"\r\n'
            f"List-Id: {_header(self.list_id)}\r\n"
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            "Precedence: bulk\r\n"
            + (f"Reply-To: {sanitize_address(self.reply_to, 'utf-8')}\r\n" if self.reply_to else "")
        ).encode("ascii")
        part = f'--{self.boundary}\r\nContent-Type: text/%s; charset="utf-8"\r\n'
        self._text_part = (part % "plain").encode("ascii")
        self._html_part = b"\r\n" + (part % "html").encode("ascii")
        self._end = f"\r\n--{self.boundary}--\r\n".encode("ascii")

    # --- per recipient ---------------------------------------------------------------

    def urls(self, row) -> tuple[str, str]:
        one_click = tokens.make(
            tokens.UNSUBSCRIBE,
            territory_id=self.territory.pk,
            subscriber_id=row.subscriber_id,
            list_ids=self.list_ids,
        )
        preferences = tokens.make(
            tokens.PREFERENCES, territory_id=self.territory.pk, subscriber_id=row.subscriber_id
        )
        return (
            self._unsubscribe.replace("/T/", f"/{one_click}/", 1),
            self._preferences.replace("/T/", f"/{preferences}/", 1),
        )

    def bodies(self, row, one_click: str, preferences: str) -> tuple[str, str]:
        text = personalise(self.text, unsubscribe_url=one_click, preferences_url=preferences)
        html = self.html.render(
            unsubscribe_url=one_click,
            preferences_url=preferences,
            delivery_id=row.pk,
            links=self.links,
        )
        return text, html

    def headers(self, row, one_click: str) -> dict:
        headers = {
            "Message-ID": Delivery.message_id_for(row.pk, self.newsletter.pk),
            "List-Unsubscribe": f"<{one_click}>",
        }
        if self.esp:
            reference = esp_reference(row.pk)
            # Provider metadata for a relay by SMTP (Postmark, Mailgun); API backends get
            # ``message.metadata`` (anymail).
            headers[f"X-PM-Metadata-{ESP_KEY}"] = reference
            headers["X-Mailgun-Variables"] = json.dumps({ESP_KEY: reference})
        return headers

    def compose(self, row) -> bytes:
        """The message's bytes for SMTP ``DATA``."""
        one_click, preferences = self.urls(row)
        text, html = self.bodies(row, one_click, preferences)
        to = row.email if row.email.isascii() else sanitize_address(row.email, "utf-8")
        own = "".join(f"{key}: {value}\r\n" for key, value in self.headers(row, one_click).items())
        text_encoding, text_body = _part(text)
        html_encoding, html_body = _part(html)
        return b"".join((
            self.head, f"To: {to}\r\n{own}\r\n".encode(),
            self._text_part, b"Content-Transfer-Encoding: ", text_encoding, b"\r\n\r\n",
            text_body,
            self._html_part, b"Content-Transfer-Encoding: ", html_encoding, b"\r\n\r\n",
            html_body, self._end,
        ))  # fmt: skip

    def message(self, row, *, connection=None) -> EmailMultiAlternatives:
        """The same letter for a backend that takes messages, not bytes."""
        one_click, preferences = self.urls(row)
        text, html = self.bodies(row, one_click, preferences)
        headers = self.headers(row, one_click)
        headers.update({
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": self.list_id,
            "Precedence": "bulk",
        })  # fmt: skip
        message = EmailMultiAlternatives(
            reply_to=[self.reply_to] if self.reply_to else None,
            subject=self.newsletter.sent_subject,
            body=text,
            from_email=self.newsletter.from_email,
            to=[row.email],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        if self.esp:
            message.metadata = {ESP_KEY: esp_reference(row.pk)}  # anymail
            message.tags = ["newsletter"]
        return message
