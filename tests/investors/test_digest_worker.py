"""The digest end to end on the real services: a Celery worker process on the Redis broker
runs the beat task, the email goes through the outbox to a real SMTP server (aiosmtpd)."""

import datetime
import email
from email.policy import default as default_policy

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from investors.models import SavedSearch
from investors.tasks import send_saved_search_digests
from realestate.models import OfferIndexPage
from territories.tenancy import platform_wide
from tests.core.conftest import broker, page_tree_root, purge_queues  # noqa: F401 (fixtures)
from tests.factories import UserFactory, make_territory
from tests.investors.smtp_worker import run_worker_with_smtp
from tests.realestate.conftest import make_offer

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]


def test_the_beat_task_on_a_worker_emails_the_new_offers(
    broker,  # noqa: F811
    page_tree_root,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    territory = make_territory("Plaine du Digest", "digest.test", languages=("fr",))
    index = OfferIndexPage.objects.descendant_of(territory.site.root_page).get()
    user = UserFactory(email="digest-investor@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    past = timezone.now() - datetime.timedelta(days=2)
    with platform_wide():
        SavedSearch.objects.create(
            user=user,
            territory=territory,
            index=index,
            name="Bureaux <Lyon>",
            query="type=office",
            frequency="daily",
            language="fr",
            watermark=past,
            last_checked_at=past,
        )
    offer = make_offer(index, 61, title="Bureaux du digest")
    make_offer(index, 62, offer_type="warehouse", title="Entrepôt hors recherche")
    purge_queues()

    log, sink = run_worker_with_smtp(
        send_saved_search_digests.delay,
        lambda sink: sink.envelopes,
        tmp_path=tmp_path,
        monkeypatch=monkeypatch,
        name="digest",
    )

    assert "investors.send_saved_search_digests" in log
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == [user.email]
    message = email.message_from_bytes(envelope.content, policy=default_policy)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<http://digest.test")
    text = message.get_body(("plain",)).get_content()
    assert offer.title in text and "Entrepôt hors recherche" not in text
    html = message.get_body(("html",)).get_content()
    assert "Bureaux &lt;Lyon&gt;" in html
    with platform_wide():
        search = SavedSearch.objects.get()
    assert search.last_sent_at is not None and search.watermark > past
