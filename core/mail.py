"""Email sent from a worker, through the outbox: SMTP down delays a message, never loses it
nor fails the request that asked for it (docs/security.md).

Two ways in, one way out:
- ``OutboxEmailBackend`` is Django's ``EMAIL_BACKEND`` outside the tests: every message any
  code sends (Wagtail's moderation and comment notifications, password resets, allauth's
  confirmations) becomes an outbox row in the sender's transaction;
- ``email_enqueue`` records a message by its fields (the contact form).
A worker hands each one to the real backend (``TERRITORIA_EMAIL_DELIVERY_BACKEND``, from
EMAIL_URL) with ``deliver_message`` / ``send_email``; a failure is retried by the drain.
"""

import base64
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "core.mail.OutboxEmailBackend"


_kept = threading.local()


def delivery_connection():
    """The backend that really sends: ``EMAIL_BACKEND`` itself unless that is the outbox.
    Inside ``delivery_connection_kept``, the one connection opened for the batch."""
    if getattr(_kept, "active", False):
        if _kept.connection is None:
            _kept.connection = _new_delivery_connection()
            _kept.connection.open()
        return _kept.connection
    return _new_delivery_connection()


def _new_delivery_connection():
    backend = settings.EMAIL_BACKEND
    if backend == OUTBOX_BACKEND:
        backend = settings.TERRITORIA_EMAIL_DELIVERY_BACKEND
    return get_connection(backend, fail_silently=False)


@contextmanager
def delivery_connection_kept():
    """The emails delivered inside share one connection to the mail server, opened by the
    first and closed at the end: a task's batch pays one connection (TCP, TLS, login), not
    one per message. A failed send drops it (``_send``): the next message opens a new one."""
    _kept.active, _kept.connection = True, None
    try:
        yield
    finally:
        _kept.active = False
        _drop_kept_connection()


def _drop_kept_connection() -> None:
    connection, _kept.connection = getattr(_kept, "connection", None), None
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a connection already broken: nothing more to close
            logger.debug("Mail: broken connection closed", exc_info=True)


def _send(email: EmailMessage) -> None:
    try:
        email.send(fail_silently=False)
    except Exception:
        _drop_kept_connection()
        raise


def send_email(
    *, subject: str, body: str, to: list[str], from_email: str = "", reply_to: list[str] = ()
) -> None:
    """The outbox handler of an email recorded by its fields: raises on any SMTP failure, so
    the outbox retries it later, and is marked done once (the outbox's lock) when the server
    accepted it."""
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=from_email or None,
        to=to,
        reply_to=list(reply_to) or None,
        connection=delivery_connection(),
    )
    _send(email)


def email_enqueue(
    *, subject: str, body: str, to: list[str], from_email: str = "", reply_to: list[str] = ()
):
    """Record an email to send once the current transaction commits (core/outbox.py)."""
    return emails_enqueue(
        [dict(subject=subject, body=body, to=to, from_email=from_email, reply_to=reply_to)]
    )[0]


def emails_enqueue(emails: list[dict]):
    """``email_enqueue`` of several emails (dicts of its arguments), recorded in one INSERT."""
    from .outbox import outbox_enqueue_many

    return outbox_enqueue_many(
        [
            {
                "handler": "core.mail.send_email",
                "kwargs": {
                    "subject": str(email["subject"]),
                    "body": email["body"],
                    "to": list(email["to"]),
                    "from_email": email.get("from_email", ""),
                    "reply_to": list(email.get("reply_to", ())),
                },
            }
            for email in emails
        ]
    )


def serialize_message(message: EmailMessage) -> dict:
    """An email as JSON for the outbox: text, HTML alternatives, headers, attachments."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment  # MIMEBase attachments: none here
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def deliver_message(*, message: dict) -> None:
    """The outbox handler of an email recorded by ``OutboxEmailBackend``."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
        connection=delivery_connection(),
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    for filename, content, mimetype in message["attachments"]:
        email.attach(filename, base64.b64decode(content), mimetype)
    _send(email)


class OutboxEmailBackend(BaseEmailBackend):
    """Django's email backend for the site: a message is recorded, not sent, and goes out
    from a worker once the sender's transaction commits (retried while SMTP is down)."""

    def send_messages(self, email_messages):
        from .outbox import outbox_enqueue_many

        outbox_enqueue_many(
            [
                {
                    "handler": "core.mail.deliver_message",
                    "kwargs": {"message": serialize_message(message)},
                }
                for message in email_messages
            ]
        )
        return len(email_messages)
