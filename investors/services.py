"""Writes of the investors app: an inquiry recorded as a lead, the team's work on it.

Every email leaves through the outbox (``core.mail.email_enqueue``), recorded in the same
transaction as the lead: SMTP or Redis down delays them, loses nothing.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue, emails_enqueue
from core.public_forms import claim_once

from .models import Lead, LeadActivity, LeadNote, LeadTask
from .selectors import lead_open_for_email, territory_members

# What an inquiry may fill: the public forms' fields (never the pipeline's).
INQUIRY_FIELDS = (
    "contact_name",
    "phone",
    "company",
    "siren",
    "sector",
    "project_type",
    "jobs_planned",
    "surface_needed",
    "land_needed",
    "timeline",
    "budget_range",
)
SOURCE_FIELDS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "referrer",
)


@transaction.atomic
def lead_inquiry_record(
    *, territory, data: dict, token: str, language: str, consent_text: str, page=None, offer=None
):
    """Record a valid inquiry once per submission token: a new lead, or, for an email that
    already has an open lead in this territory, a "new inquiry" on it (its message kept in
    the timeline, empty fields filled). Emails the team (Reply-To the investor) and
    acknowledges to the investor in ``language``.

    ``territory``, ``page`` and ``offer`` come from the site and the page served, never
    from the form. Returns the lead, or None when this token was already submitted."""
    if not claim_once(f"investors:{token}"):
        return None
    email = data["email"].strip()
    message = data.get("message", "") or ""
    lead = lead_open_for_email(territory=territory, email=email)
    if lead is None:
        lead = Lead(territory=territory, email=email, language=language, message=message)
        for name in INQUIRY_FIELDS + SOURCE_FIELDS:
            if data.get(name) not in (None, ""):
                setattr(lead, name, data[name])
        lead.consent_text = consent_text
        lead.consent_at = timezone.now()
        if data.get("share_visits"):
            lead.engagement_consent_at = lead.consent_at
        lead.source_page = page
        lead.offer = offer
        lead.save()
        kind = LeadActivity.Kind.INQUIRY
    else:
        for name in INQUIRY_FIELDS:
            if data.get(name) not in (None, "") and getattr(lead, name) in (None, ""):
                setattr(lead, name, data[name])
        lead.consent_text = consent_text
        lead.consent_at = timezone.now()
        if data.get("share_visits") and lead.engagement_consent_at is None:
            lead.engagement_consent_at = lead.consent_at
        if offer is not None and lead.offer_id is None:
            lead.offer = offer
        lead.save()
        kind = LeadActivity.Kind.NEW_INQUIRY
    about = f"{offer.title}\n" if offer is not None else ""
    LeadActivity.objects.create(lead=lead, kind=kind, text=f"{about}{message}".strip())
    _notify_inquiry(lead=lead, territory=territory, message=message, offer=offer, language=language)
    return lead


def _notify_inquiry(*, lead, territory, message, offer, language):
    """The team's email (Reply-To the investor) and the investor's acknowledgement, recorded
    together (one outbox INSERT)."""
    context = {"lead": lead, "territory": territory, "message": message, "offer": offer}
    team = [a for a in {territory.contact_email, getattr(offer, "contact_email", "")} if a]
    emails = []
    if team:
        with translation.override(territory.default_language):
            emails.append(
                dict(
                    subject=_("New investor inquiry: %(name)s")
                    % {"name": _one_line(lead.contact_name)},
                    body=render_to_string("investors/emails/team_inquiry.txt", context),
                    to=sorted(team),
                    from_email=territory.sender_email or "",
                    reply_to=[lead.email],
                )
            )
    with translation.override(language or territory.default_language):
        emails.append(
            dict(
                subject=_("Your project: %(territory)s has received your message")
                % {"territory": territory.name},
                body=render_to_string("investors/emails/acknowledgement.txt", context),
                to=[lead.email],
                from_email=territory.sender_email or "",
                reply_to=[territory.contact_email] if territory.contact_email else [],
            )
        )
    emails_enqueue(emails)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())[:150]


def _check_member(lead, user):
    if user is not None and not territory_members(lead.territory).filter(pk=user.pk).exists():
        raise ValueError("The assignee is not a member of the lead's territory.")


def _first_answer(lead):
    if lead.first_answer_at is None:
        lead.first_answer_at = timezone.now()


@transaction.atomic
def lead_stage_change(*, lead, stage, actor, lost_reason="", competitor_territory=""):
    if stage not in Lead.Stage.values:
        raise ValueError(stage)
    old = lead.get_stage_display()
    lead.stage = stage
    if stage == Lead.Stage.LOST:
        lead.lost_reason = lost_reason[:300]
        lead.competitor_territory = competitor_territory[:200]
    if stage in Lead.CLOSED_STAGES:
        lead.closed_at = lead.closed_at or timezone.now()
    else:
        lead.closed_at = None
    _first_answer(lead)
    lead.save()
    LeadActivity.objects.create(
        lead=lead,
        kind=LeadActivity.Kind.STAGE,
        actor=actor,
        text=f"{old} → {lead.get_stage_display()}",
    )
    return lead


@transaction.atomic
def lead_assign(*, lead, assignee, actor):
    """Assign to a member of the lead's territory (anyone else: ValueError) and email them."""
    _check_member(lead, assignee)
    lead.assignee = assignee
    lead.save(update_fields=["assignee", "updated_at"])
    LeadActivity.objects.create(
        lead=lead,
        kind=LeadActivity.Kind.ASSIGNMENT,
        actor=actor,
        text=assignee.get_full_name() or assignee.email if assignee else "",
    )
    if assignee is not None and assignee.email:
        territory = lead.territory
        with translation.override(territory.default_language):
            email_enqueue(
                subject=_("A lead was assigned to you: %(name)s")
                % {"name": _one_line(lead.contact_name)},
                body=render_to_string(
                    "investors/emails/assignment.txt", {"lead": lead, "territory": territory}
                ),
                to=[assignee.email],
                from_email=territory.sender_email or "",
            )
    return lead


@transaction.atomic
def lead_note_add(*, lead, author, text):
    note = LeadNote.objects.create(lead=lead, author=author, text=text)
    LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.NOTE, actor=author, text=text)
    _first_answer(lead)
    lead.save(update_fields=["first_answer_at", "updated_at"])
    return note


@transaction.atomic
def lead_task_add(*, lead, title, due_date=None, assignee=None):
    _check_member(lead, assignee)
    return LeadTask.objects.create(lead=lead, title=title, due_date=due_date, assignee=assignee)


@transaction.atomic
def lead_task_done(*, task, actor):
    if task.done:
        return task
    task.done = True
    task.done_at = timezone.now()
    task.save(update_fields=["done", "done_at"])
    LeadActivity.objects.create(
        lead=task.lead, kind=LeadActivity.Kind.TASK_DONE, actor=actor, text=task.title
    )
    return task


@transaction.atomic
def lead_offers_send(*, lead, offers, sender):
    """Email the investor the chosen offers (``investors.matching.offers_sendable`` checked
    them), in the lead's language, links on the territory's host, Reply-To the developer who
    sends them; recorded in the timeline as "email sent" (a first answer)."""
    territory = lead.territory
    language = lead.language or territory.default_language
    with translation.override(language):
        items = [{"offer": offer, "url": offer.get_full_url()} for offer in offers]
        context = {"lead": lead, "territory": territory, "items": items, "sender": sender}
        subject = _("Offers selected for your project by %(territory)s") % {
            "territory": territory.name
        }
        email_enqueue(
            subject=_one_line(subject),
            body=render_to_string("investors/emails/offers.txt", context),
            to=[lead.email],
            from_email=territory.sender_email or "",
            reply_to=[sender.email] if sender.email else [],
        )
    titles = "\n".join(f"{item['offer'].title} — {item['url']}" for item in items)
    LeadActivity.objects.create(
        lead=lead,
        kind=LeadActivity.Kind.EMAIL,
        actor=sender,
        text=_("Offers sent: %(count)s") % {"count": len(offers)} + "\n" + titles,
    )
    _first_answer(lead)
    lead.save(update_fields=["first_answer_at", "updated_at"])
    return lead


def _language_of(user, territory) -> str:
    """The admin language the user chose (Wagtail's profile), else the territory's."""
    profile = getattr(user, "wagtail_userprofile", None)
    chosen = getattr(profile, "preferred_language", "") if profile is not None else ""
    return chosen or territory.default_language


def lead_tasks_remind(*, today=None) -> int:
    """One email per assignee and territory listing their open tasks due ``today`` (local
    date by default) or overdue, with links to the leads on the territory's host. A task is
    marked ``reminded_on`` in the transaction that records the email: running twice the
    same day sends nothing more. An assignee who is no longer a member of the lead's
    territory (or inactive, or of an archived territory) is not written to. Returns the
    number of emails recorded."""
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    from territories.models import Territory

    today = today or timezone.localdate()
    member = Group.objects.filter(
        user=OuterRef("assignee_id"), territories=OuterRef("lead__territory_id")
    )
    due = (
        LeadTask.objects.filter(
            done=False,
            due_date__lte=today,
            assignee__is_active=True,
            lead__territory__in=Territory.objects.active(),
        )
        .exclude(reminded_on=today)
        .filter(Exists(member))
    )
    pairs = set(due.values_list("assignee_id", "lead__territory_id"))
    return sum(_remind_one(due, user_id, territory_id, today) for user_id, territory_id in pairs)


@transaction.atomic
def _remind_one(due, user_id, territory_id, today) -> int:
    tasks = list(
        due.filter(assignee_id=user_id, lead__territory_id=territory_id)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("lead", "lead__territory__site", "assignee")
        .order_by("due_date", "pk")
    )
    if not tasks:  # another run took them
        return 0
    user, territory = tasks[0].assignee, tasks[0].lead.territory
    LeadTask.objects.filter(pk__in=[task.pk for task in tasks]).update(reminded_on=today)
    if not user.email:
        return 0
    from django.urls import reverse

    items = [
        {
            "task": task,
            "overdue": task.due_date < today,
            "url": territory.root_url + reverse("leads:edit", args=[task.lead_id]),
        }
        for task in tasks
    ]
    with translation.override(_language_of(user, territory)):
        email_enqueue(
            subject=_("Your CRM tasks for today: %(count)s (%(territory)s)")
            % {"count": len(tasks), "territory": territory.name},
            body=render_to_string(
                "investors/emails/task_reminder.txt",
                {"items": items, "territory": territory, "user": user, "today": today},
            ),
            to=[user.email],
            from_email=territory.sender_email or "",
        )
    return 1
