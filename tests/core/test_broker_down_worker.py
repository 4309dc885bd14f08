"""The broker down when a page is published: nothing is lost. A redis-server of the test's
own (never the shared one) is the broker; it is stopped, a page is published, it is started
again, the outbox is drained and a real Celery worker process indexes the page, once."""

import io
import shutil
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from attractiveness.models import NewsIndexPage, NewsPage
from core import outbox
from core.models import OutboxMessage
from tests.factories import make_territory
from tests.failing_services import OwnRedis

from .conftest import purge_queues, queue_size, run_worker_until, services_missing

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]

BOUND = 90  # seconds: a bound for a worker to finish, not a measurement


@pytest.fixture
def own_broker():
    """This process's Celery broker on a redis-server of its own, eager mode off."""
    reason = services_missing()
    if reason:
        pytest.skip(reason)
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH to run a broker of the test's own")
    from config.celery import app

    server = OwnRedis()
    server.start()
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    outbox.resume_broker()
    try:
        yield server
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        outbox.resume_broker()
        if server.process.poll() is None:
            server.stop()


def _searchable(word: str) -> bool:
    return NewsPage.objects.live().search(word).count() > 0


def _drain() -> str:
    out = io.StringIO()
    call_command("drain_outbox", stdout=out)
    return out.getvalue()


def test_a_page_published_while_the_broker_is_down_is_indexed_once_it_is_back(
    own_broker, page_tree_root, tmp_path
):
    territory = make_territory("Plateau de Millevaches", "millevaches.test", languages=("fr",))
    news_index = NewsIndexPage.objects.descendant_of(territory.site.root_page).get()
    # Start from a clean slate: provisioning's own index updates are not this test's.
    purge_queues()
    OutboxMessage.objects.update(done_at=timezone.now())

    own_broker.stop()
    word = f"zorglub{uuid.uuid4().hex[:10]}"
    page = NewsPage(title=f"Tiers-lieu {word}", slug=slugify(word), summary="Ouvert.", live=False)
    news_index.add_child(instance=page)
    page.save_revision().publish()  # commits (transactional test): the send fails, quietly

    waiting = OutboxMessage.objects.filter(done_at__isnull=True)
    assert waiting.filter(queue="search").exists(), "the index update was recorded"
    assert not waiting.exclude(sent_at=None).exists(), "nothing reached the broker"
    # A commit's messages go to the broker together: the first commit's send failed once
    # for all of them, and the later commits did not wait for the broker again.
    failed = waiting.filter(last_error__startswith="send:")
    assert failed.exists()
    assert set(failed.values_list("attempts", flat=True)) == {1}
    assert len(set(failed.values_list("next_attempt_at", flat=True))) == 1, "one attempt"
    assert not waiting.filter(attempts__gt=1).exists()
    assert not _searchable(word)

    own_broker.start()
    waiting.update(next_attempt_at=timezone.now())  # their backoff has elapsed
    drained = _drain()
    assert drained.startswith(f"sent {waiting.count()}"), drained
    assert queue_size("search") > 0
    assert _drain().startswith("sent 0"), "a drain sends nothing twice"

    log = run_worker_until(
        lambda: not waiting.exists(), log_path=tmp_path / "worker.log", name="outbox", bound=BOUND
    )

    assert [p.pk for p in NewsPage.objects.live().search(word)] == [page.pk]
    assert "core.deliver_outbox_message" in log
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()
