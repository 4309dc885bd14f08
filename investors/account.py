"""What the investors app adds to an investor's account (users/hooks.py): the inquiries
they sent on this territory's site, and, in their data export, every territory's leads
under their verified addresses."""

from allauth.account.models import EmailAddress
from django.db.models.functions import Lower

from territories.tenancy import platform_wide

from .models import Lead


def verified_emails(user) -> list[str]:
    # Only addresses the person proved they own: an unverified address could be anybody's.
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def leads_of(emails: list[str]):
    if not emails:
        return Lead.objects.none()
    # Lower() as the investors_lead_email_ci index has it (iexact is UPPER() on PostgreSQL).
    return Lead.objects.alias(email_ci=Lower("email")).filter(
        email_ci__in=[email.lower() for email in emails]
    )


def inquiries_section(request) -> list[dict]:
    """The inquiries sent on this site: the request's scope is its territory only."""
    territory = getattr(request, "territory", None)
    if territory is None:
        return []
    leads = (
        leads_of(verified_emails(request.user))
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
        leads = leads_of(verified_emails(user)).select_related("territory", "offer")
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


def saved_section(request) -> list[dict]:
    """Saved offers (a let, sold or withdrawn offer stays, marked) and saved searches of this
    site; the sharing of visits, when the person agreed to it here."""
    from .models import FavouriteOffer, SavedSearch

    territory = getattr(request, "territory", None)
    if territory is None:
        return []
    user = request.user
    favourites = (
        FavouriteOffer.objects.filter(user=user, territory=territory)
        .select_related("offer")
        .order_by("-created_at", "-pk")
    )
    searches = [
        {
            "search": search,
            "results_url": search.index.url + (f"?{search.query}" if search.query else ""),
            "frequencies": SavedSearch.Frequency.choices,
        }
        for search in SavedSearch.objects.filter(user=user, territory=territory).select_related(
            "index"
        )
    ]
    sharing = (
        leads_of(verified_emails(user))
        .filter(territory=territory, engagement_consent_at__isnull=False)
        .exists()
    )
    context = {"favourites": favourites, "searches": searches, "sharing": sharing}
    return [{"template": "investors/account_saved.html", "context": context, "order": 10}]


def saved_personal_data(user) -> dict:
    """Saved offers and searches in every territory, and the visits recorded under the
    person's leads (which page, which day, how many times)."""
    from .models import FavouriteOffer, LeadView, SavedSearch

    with platform_wide():
        favourites = FavouriteOffer.objects.filter(user=user).select_related("territory", "offer")
        searches = SavedSearch.objects.filter(user=user).select_related("territory")
        views = LeadView.objects.filter(lead__in=leads_of(verified_emails(user))).select_related(
            "lead__territory", "page"
        )
        return {
            "saved_offers": [
                {
                    "territory": f.territory.name,
                    "offer": f.offer.title,
                    "saved_at": f.created_at.isoformat(),
                }
                for f in favourites.order_by("created_at", "pk")
            ],
            "saved_searches": [
                {
                    "territory": s.territory.name,
                    "name": s.name,
                    "search": s.query,
                    "frequency": s.frequency,
                    "language": s.language,
                    "active": s.active,
                    "saved_at": s.created_at.isoformat(),
                    "last_sent_at": s.last_sent_at.isoformat() if s.last_sent_at else None,
                }
                for s in searches.order_by("created_at", "pk")
            ],
            "visits_shared": [
                {
                    "territory": v.lead.territory.name,
                    "page": v.page.title,
                    "day": v.day.isoformat(),
                    "views": v.count,
                }
                for v in views.order_by("day", "pk")
            ],
        }


def saved_erase(user) -> None:
    """Account deletion: saved offers and searches go, and the visits recorded through the
    account (the leads themselves are the territory team's record of an inquiry)."""
    from .models import FavouriteOffer, LeadView, SavedSearch

    with platform_wide():
        leads = leads_of(verified_emails(user))
        LeadView.objects.filter(lead__in=leads).delete()
        leads.filter(engagement_consent_at__isnull=False).update(engagement_consent_at=None)
        FavouriteOffer.objects.filter(user=user).delete()
        SavedSearch.objects.filter(user=user).delete()
