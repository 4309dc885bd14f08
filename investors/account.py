"""What the investors app adds to an investor's account (users/hooks.py): the inquiries
they sent on this territory's site, and, in their data export, every territory's leads
under their verified addresses."""

from allauth.account.models import EmailAddress
from django.db.models import Q

from territories.tenancy import platform_wide

from .models import Lead


def _verified_emails(user) -> list[str]:
    # Only addresses the person proved they own: an unverified address could be anybody's.
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def _leads_of(emails: list[str]):
    if not emails:
        return Lead.objects.none()
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    return Lead.objects.filter(match)


def inquiries_section(request) -> list[dict]:
    """The inquiries sent on this site: the request's scope is its territory only."""
    territory = getattr(request, "territory", None)
    if territory is None:
        return []
    leads = (
        _leads_of(_verified_emails(request.user))
        .filter(territory=territory)
        .select_related("offer")
        .order_by("-created_at")[:50]
    )
    return [
        {"template": "investors/account_inquiries.html", "context": {"leads": leads}, "order": 20}
    ]


def personal_data(user) -> dict:
    """Each lead under the person's verified addresses, in every territory: what they told
    the team, their consent and where the inquiry came from."""
    with platform_wide():
        leads = _leads_of(_verified_emails(user)).select_related("territory", "offer")
        return {
            "inquiries": [
                {
                    "territory": lead.territory.name,
                    "sent_at": lead.created_at.isoformat(),
                    "contact_name": lead.contact_name,
                    "email": lead.email,
                    "phone": lead.phone,
                    "company": lead.company,
                    "siren": lead.siren,
                    "project_type": lead.project_type,
                    "message": lead.message,
                    "offer": lead.offer.title if lead.offer else None,
                    "consent_text": lead.consent_text,
                    "consent_at": lead.consent_at.isoformat() if lead.consent_at else None,
                    "stage": lead.stage,
                }
                for lead in leads.order_by("created_at", "pk")
            ]
        }
