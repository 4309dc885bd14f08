"""Writes of the site every territory has: the contact form's submissions."""

from django.db import transaction

from core.mail import email_enqueue
from core.public_forms import claim_once


@transaction.atomic
def contact_submission_create(*, page, form):
    """Save a valid contact form's submission once per submission token, and record its
    email in the same transaction (sent by a worker once it commits; SMTP down delays it).

    Returns the submission, or None when this token was already submitted (a double click,
    a retried POST): nothing is saved or sent again.
    """
    if not claim_once(f"contact:{form.submission_token}"):
        return None
    submission = page.get_submission_class().objects.create(form_data=form.cleaned_data, page=page)
    if page.to_address:
        email_enqueue(
            subject=page.subject,
            body=page.render_email(form),
            to=[address.strip() for address in page.to_address.split(",") if address.strip()],
            from_email=page.from_address,
        )
    return submission
