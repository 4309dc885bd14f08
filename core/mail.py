"""Email sent from a worker, through the outbox: SMTP down delays a message, never loses it
nor fails the request that asked for it (docs/security.md)."""

from django.core.mail import EmailMessage


def send_email(
    *, subject: str, body: str, to: list[str], from_email: str = "", reply_to: list[str] = ()
) -> None:
    """The outbox handler of every email: raises on any SMTP failure, so the outbox retries
    it later, and is marked done once (the outbox's lock) when the server accepted it."""
    EmailMessage(
        subject=subject,
        body=body,
        from_email=from_email or None,
        to=to,
        reply_to=list(reply_to) or None,
    ).send(fail_silently=False)


def email_enqueue(
    *, subject: str, body: str, to: list[str], from_email: str = "", reply_to: list[str] = ()
):
    """Record an email to send once the current transaction commits (core/outbox.py)."""
    from .outbox import outbox_enqueue

    return outbox_enqueue(
        handler="core.mail.send_email",
        kwargs={
            "subject": subject,
            "body": body,
            "to": list(to),
            "from_email": from_email,
            "reply_to": list(reply_to),
        },
    )
