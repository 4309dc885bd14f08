import pytest

from core.models import OutboxMessage
from tests.failing_services import smtp_at

from .sink import CountingSink


@pytest.fixture
def sink():
    """A real SMTP server on loopback; email of this process and the bulk sends go to it."""
    server = CountingSink().start()
    try:
        with smtp_at(
            server.port,
            TERRITORIA_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            TERRITORIA_NEWSLETTER_RATE=0,
        ):
            yield server
    finally:
        server.stop()


@pytest.fixture
def clean_outbox(db):
    OutboxMessage.objects.all().delete()


# The real-services fixtures (Redis broker, a page tree after a transactional flush).
from tests.core.conftest import broker, page_tree_root  # noqa: E402, F401


@pytest.fixture
def content(two_territories):
    """Published pages to embed: two offers and an event in A, an offer and an event in B."""
    from datetime import timedelta

    from django.utils import timezone

    from attractiveness.models import EventIndexPage, EventPage
    from tests.realestate.conftest import make_offer, offer_index

    def event(tenant, title):
        index = EventIndexPage.objects.descendant_of(tenant.territory.site.root_page).get(
            locale__language_code="fr"
        )
        page = EventPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            summary=f"{title}: le résumé",
            start=timezone.now() + timedelta(days=10),
            end=timezone.now() + timedelta(days=11),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    own, other = two_territories
    return {
        "offers": [make_offer(offer_index(own), n, title=f"Bureaux A{n}") for n in (1, 2)],
        "event": event(own, "Salon A"),
        "foreign_offer": make_offer(offer_index(other), 3, title="Entrepôt de B"),
        "foreign_event": event(other, "Salon B"),
    }
