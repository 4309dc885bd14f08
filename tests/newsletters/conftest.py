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
