"""The saved searches' digest: the offers published since a search's watermark that match
it, one email per person and territory per run (docs/investors.md).

Run every hour by Celery beat (``investors.send_saved_search_digests``); from
``TERRITORIA_DIGEST_HOUR`` (local time) a daily search is due once a day, a weekly one once
every seven days. Each person and territory is one transaction: the searches locked, the
email recorded in the outbox (core.mail: sent from a worker, retried while SMTP is down) and
the watermarks advanced together, so a second run, or two runs at once, send nothing twice.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core.mail import OutboxEmailBackend

from .models import SavedSearch

logger = logging.getLogger(__name__)

PERIOD_DAYS = {SavedSearch.Frequency.DAILY: 1, SavedSearch.Frequency.WEEKLY: 7}
OFFERS_PER_SEARCH = 20
TOKEN_SALT = "investors.saved-search-unsubscribe"
TOKEN_MAX_AGE = 180 * 24 * 3600  # seconds: a digest's link works for six months


def unsubscribe_token(*, territory_id: int, search_ids: list[int]) -> str:
    return signing.dumps({"t": territory_id, "s": sorted(search_ids)}, salt=TOKEN_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, list[int]]:
    """The territory and the searches of a token; ``signing.BadSignature`` (or its subclass
    ``SignatureExpired``) when forged, damaged or too old."""
    data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    try:
        return int(data["t"]), [int(pk) for pk in data["s"]]
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("malformed token") from error


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _due(now: datetime.datetime) -> Q:
    today = timezone.localdate(now)
    due = Q()
    for frequency, days in PERIOD_DAYS.items():
        since = _start_of(today - datetime.timedelta(days=days - 1))
        due |= Q(frequency=frequency, last_checked_at__lt=since)
    return Q(active=True) & due


def saved_search_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send the digests that are due at ``now``; returns how many emails were recorded.
    Before the local digest hour, nothing is due."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < settings.TERRITORIA_DIGEST_HOUR:
        return 0
    pairs = (
        SavedSearch.objects.filter(_due(now), user__is_active=True)
        .order_by("user_id", "territory_id")
        .values_list("user_id", "territory_id")
        .distinct()
    )
    sent = 0
    for user_id, territory_id in list(pairs):
        try:
            sent += digest_send(user_id=user_id, territory_id=territory_id, now=now)
        except Exception:  # one person's failure must not stop the others' digests
            logger.exception("Digest of user %s in territory %s failed", user_id, territory_id)
    return sent


@transaction.atomic
def digest_send(*, user_id: int, territory_id: int, now: datetime.datetime) -> int:
    """One person's digest for one territory: 1 when an email was recorded, else 0. The
    searches that are due are locked (another run skips them), each one's new matching
    offers found, the email recorded, the watermarks advanced, all in one transaction."""
    searches = list(
        SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(_due(now), user_id=user_id, territory_id=territory_id)
        .select_related("user", "territory__site", "index")
        .order_by("created_at", "pk")
    )
    if not searches:
        return 0
    sections = []
    for search in searches:
        new = search.index.search_matches(QueryDict(search.query)).filter(
            published_at__gt=search.watermark, published_at__lte=now
        )
        offers = list(new.order_by("-published_at", "pk")[:OFFERS_PER_SEARCH])
        if offers:
            sections.append({"search": search, "offers": offers, "total": new.count()})
        search.watermark = now
        search.last_checked_at = now
        if offers:
            search.last_sent_at = now
    SavedSearch.objects.bulk_update(searches, ["watermark", "last_checked_at", "last_sent_at"])
    if not sections:
        return 0
    _email(searches[0].user, searches[0].territory, sections)
    return 1


def _absolute(site, path: str) -> str:
    return site.root_url.rstrip("/") + path


def _email(user, territory, sections) -> None:
    site = territory.site
    language = sections[0]["search"].language
    with translation.override(language):
        ids = [section["search"].pk for section in sections]
        unsubscribe_all = _absolute(
            site,
            reverse(
                "saved_search_unsubscribe",
                args=[unsubscribe_token(territory_id=territory.pk, search_ids=ids)],
            ),
        )
        for section in sections:
            search = section["search"]
            section["unsubscribe_url"] = _absolute(
                site,
                reverse(
                    "saved_search_unsubscribe",
                    args=[unsubscribe_token(territory_id=territory.pk, search_ids=[search.pk])],
                ),
            )
            section["results_url"] = search.index.get_full_url() + (
                f"?{search.query}" if search.query else ""
            )
            section["offer_links"] = [(offer, offer.get_full_url()) for offer in section["offers"]]
        context = {
            "user": user,
            "territory": territory,
            "sections": sections,
            "unsubscribe_url": unsubscribe_all,
            "account_url": _absolute(site, reverse("account")),
        }
        count = sum(section["total"] for section in sections)
        subject = ngettext(
            "%(territory)s: %(count)s new offer for your searches",
            "%(territory)s: %(count)s new offers for your searches",
            count,
        ) % {
            "territory": territory.name,
            "count": count,
        }
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split())[:200],
            body=render_to_string("investors/emails/digest.txt", context),
            from_email=territory.sender_email or None,
            to=[user.email],
            reply_to=[territory.contact_email] if territory.contact_email else None,
            # RFC 8058: one-click unsubscribe, which mail clients offer next to the sender.
            headers={
                "List-Unsubscribe": f"<{unsubscribe_all}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("investors/emails/digest.html", context), "text/html"
        )
    # Through the outbox explicitly (whatever EMAIL_BACKEND is): recorded in this
    # transaction, delivered by a worker after the commit, retried while SMTP is down.
    OutboxEmailBackend().send_messages([message])
