"""Investors' personal data in the CRM: export, erasure and the retention clean-up
(docs/gdpr.md).

A person is found by their email address (case-insensitive) among the leads of one
territory, or of every territory when ``territory`` is None (the platform operator's
command). Erasure *anonymises*: the lead row stays with its stage, dates, jobs, surface,
investment and source, so that the territory's figures (dashboard, funnel, won jobs) stay
true; everything that identifies or describes the person goes: name, email, phone, company,
SIREN, sector, message, referrer, the consent text, the notes' and tasks' text and the
timeline's texts (inquiry messages, emails). The same anonymisation runs on the leads closed
longer than ``TERRITORIA_LEAD_RETENTION_DAYS``.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Lead, LeadActivity, LeadNote, LeadTask
from .services import INQUIRY_FIELDS, SOURCE_FIELDS

logger = logging.getLogger(__name__)
ERASED = "—"
LEAD_EXPORT_FIELDS = [
    "email",
    "language",
    *INQUIRY_FIELDS,
    "message",
    "stage",
    "lost_reason",
    "consent_text",
    "consent_at",
    *SOURCE_FIELDS,
    "created_at",
    "updated_at",
    "closed_at",
]
# What anonymisation blanks on the lead (every other field is a figure, kept).
PERSONAL_FIELDS = {
    "contact_name": ERASED,
    "email": "",
    "phone": "",
    "company": "",
    "siren": "",
    "sector": "",
    "message": "",
    "referrer": "",
    "consent_text": "",
    "lost_reason": "",
    "utm_term": "",
    "utm_content": "",
}


def person_leads(territory, email: str):
    """The leads of this address (case-insensitive) in ``territory`` (None: everywhere),
    not yet anonymised."""
    email = (email or "").strip()
    if not email:
        return Lead.objects.none()
    leads = Lead.objects.alias(email_ci=Lower("email")).filter(
        email_ci=email.lower(), anonymised_at__isnull=True
    )
    if territory is not None:
        leads = leads.filter(territory=territory)
    return leads.select_related("territory__site", "offer").order_by("created_at", "pk")


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value if value is None or isinstance(value, int | str) else str(value)


def person_export(territory, email: str) -> dict:
    """Everything the CRM holds about this address: each lead with its notes, tasks and
    timeline, as JSON-ready data (four queries whatever the number of leads)."""
    leads = list(person_leads(territory, email))
    ids = [lead.pk for lead in leads]
    notes, tasks, activities = {}, {}, {}
    for note in LeadNote.objects.filter(lead_id__in=ids).order_by("created_at", "pk"):
        notes.setdefault(note.lead_id, []).append(
            {"text": note.text, "created_at": _value(note.created_at)}
        )
    for task in LeadTask.objects.filter(lead_id__in=ids).order_by("created_at", "pk"):
        tasks.setdefault(task.lead_id, []).append(
            {"title": task.title, "due_date": _value(task.due_date), "done": task.done}
        )
    for activity in LeadActivity.objects.filter(lead_id__in=ids).order_by("created_at", "pk"):
        activities.setdefault(activity.lead_id, []).append(
            {
                "kind": activity.kind,
                "text": activity.text,
                "created_at": _value(activity.created_at),
            }
        )
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "leads": [
            {
                "territory": lead.territory.name,
                **{name: _value(getattr(lead, name)) for name in LEAD_EXPORT_FIELDS},
                "offer": lead.offer.title if lead.offer else None,
                "notes": notes.get(lead.pk, []),
                "tasks": tasks.get(lead.pk, []),
                "timeline": activities.get(lead.pk, []),
            }
            for lead in leads
        ],
    }


@transaction.atomic
def leads_anonymise(leads) -> int:
    """Anonymise these leads (a queryset) and their notes, tasks and timeline texts, in
    bulk updates (a fixed number of queries). Already anonymised rows are left alone:
    running it again changes nothing. Returns the number of leads anonymised."""
    ids = list(leads.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    Lead.objects.filter(pk__in=ids).update(**PERSONAL_FIELDS, anonymised_at=now, updated_at=now)
    LeadNote.objects.filter(lead_id__in=ids).update(text=ERASED)
    LeadTask.objects.filter(lead_id__in=ids).update(title=ERASED)
    LeadActivity.objects.filter(lead_id__in=ids).update(text="")
    return len(ids)


def person_erase(territory, email: str) -> int:
    """Anonymise this address's leads in ``territory`` (None: every territory); the same
    address in another territory is another controller's data and stays. Returns the
    number of leads anonymised."""
    count = leads_anonymise(person_leads(territory, email))
    # The trace of the request, without the address (that would keep what was erased).
    where = territory.slug if territory is not None else "every territory"
    logger.info("GDPR erasure: %s lead(s) anonymised in %s", count, where)
    return count


def leads_anonymise_closed(*, now=None) -> int:
    """Anonymise, in every territory, the leads closed (won, lost, abandoned) more than
    ``TERRITORIA_LEAD_RETENTION_DAYS`` ago; idempotent. Returns the number of leads."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.TERRITORIA_LEAD_RETENTION_DAYS)
    closed = Lead.objects.filter(stage__in=Lead.CLOSED_STAGES, anonymised_at__isnull=True)
    old = closed.filter(Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, updated_at__lt=cutoff))
    total = 0
    while True:  # in batches: a first run on an old database may hold many
        batch = list(old.values_list("pk", flat=True)[:1000])
        if not batch:
            return total
        count = leads_anonymise(Lead.objects.filter(pk__in=batch))
        logger.info("Retention: %s closed lead(s) anonymised", count)
        total += count
