"""A real Celery worker process, on the real Redis broker and the same test database, makes a
published page searchable: Wagtail's indexing runs on the worker, not in the request."""

import uuid

import pytest
from django.utils.text import slugify

from attractiveness.models import NewsIndexPage, NewsPage
from core.models import IdempotencyKey, OutboxMessage
from tests.factories import make_territory

from .conftest import purge_queues, queue_size, run_worker_until

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]

WORKER_TIMEOUT = 90  # seconds: a bound, not a measurement; a round trip takes well under one


def _searchable(word: str) -> bool:
    return NewsPage.objects.live().search(word).count() > 0


def test_published_page_becomes_searchable_through_the_worker(broker, page_tree_root, tmp_path):
    territory = make_territory("Causses du Larzac", "larzac.test", languages=("fr",))
    news_index = NewsIndexPage.objects.descendant_of(territory.site.root_page).get()
    purge_queues()  # provisioning queued its own index updates: start from empty queues

    word = f"zorglub{uuid.uuid4().hex[:10]}"
    page = NewsPage(
        title=f"Ouverture du campus {word}",
        slug=slugify(word),
        summary="Un nouveau campus d'innovation ouvre ses portes.",
        live=False,
    )
    news_index.add_child(instance=page)
    page.save_revision().publish()

    assert queue_size("search") > 0, "publishing queued no search-index update"
    assert not _searchable(word), "the page was indexed in-process, without a worker"

    log = run_worker_until(
        lambda: _searchable(word), log_path=tmp_path / "worker.log", name="ci", bound=WORKER_TIMEOUT
    )

    results = list(NewsPage.objects.live().search(word))
    assert [p.pk for p in results] == [page.pk]
    assert "core.deliver_outbox_pending" in log


def test_an_unpublished_page_leaves_the_public_search_at_once_and_the_index_through_the_worker(
    broker, page_tree_root, tmp_path, client
):
    """Publish, index through the worker: the territory's search page finds it. Unpublish: gone
    from the search page at once (it asks the index for live pages only, so no window where a
    withdrawn page is found). Delete: the worker removes its index entry."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.search.models import IndexEntry

    territory = make_territory("Pays de Bray", "bray.test", languages=("fr",))
    news_index = NewsIndexPage.objects.descendant_of(territory.site.root_page).get()
    purge_queues()
    word = f"zorglub{uuid.uuid4().hex[:10]}"
    page = NewsPage(title=f"Salon {word}", slug=slugify(word), summary="Salon des métiers.")
    news_index.add_child(instance=page)
    page.save_revision().publish()
    with translation.override("fr"):
        url = reverse("search")

    def found() -> list[int]:
        response = client.get(url, {"q": word}, HTTP_HOST=territory.site.hostname)
        assert response.status_code == 200
        return [result.pk for result in response.context["results"]]

    run_worker_until(
        lambda: found() == [page.pk], log_path=tmp_path / "w1.log", name="ci", bound=WORKER_TIMEOUT
    )
    page.unpublish()
    assert found() == []

    entries = IndexEntry.objects.filter(object_id=str(page.pk))
    assert entries.exists()
    page.delete()
    run_worker_until(
        lambda: not entries.exists(), log_path=tmp_path / "w2.log", name="ci", bound=WORKER_TIMEOUT
    )


def record_backend(*, n: int) -> None:
    """An outbox handler run by the worker: which PostgreSQL server process served it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        IdempotencyKey.objects.create(key=f"backend:{n}:{cursor.fetchone()[0]}")


def record_n(*, n: int) -> None:
    IdempotencyKey.objects.create(key=f"burst:{n}")


def test_the_worker_keeps_its_database_connection_between_tasks(broker, transactional_db, tmp_path):
    """Celery's Django fix-up closed every connection around each task (a new PostgreSQL
    connection per email): the deliveries of four commits and a follow-up task are served by
    one server process, as Django's CONN_MAX_AGE says."""
    from django.db import connection

    from core.outbox import outbox_enqueue

    if connection.vendor != "postgresql":
        pytest.skip("pg_backend_pid() is PostgreSQL's: set DATABASE_URL (CI does)")
    handler = f"{__name__}.record_backend"
    for n in range(4):
        outbox_enqueue(handler=handler, kwargs={"n": n})
    keys = IdempotencyKey.objects.filter(key__startswith="backend:")
    log = run_worker_until(
        lambda: keys.count() == 4,
        log_path=tmp_path / "worker.log",
        name="ci",
        bound=WORKER_TIMEOUT,
        env={"DJANGO_CONN_MAX_AGE": "60"},
    )
    backends = {key.rsplit(":", 1)[1] for key in keys.values_list("key", flat=True)}
    assert len(backends) == 1, backends
    assert "core.deliver_outbox_pending" in log


def test_commits_in_a_burst_send_one_task_and_the_worker_delivers_them_all(
    broker, transactional_db, tmp_path
):
    """A commit kicks its queue (core/outbox.py): while a kicked task is pending, the next
    commits send nothing, and that task delivers every message of them; once it is done, the
    next commit kicks a new one."""
    from django.db import transaction

    from core.outbox import outbox_enqueue

    handler = f"{__name__}.record_n"
    for n in range(5):  # five commits with no worker running: one task queued
        outbox_enqueue(handler=handler, kwargs={"n": n})
    with transaction.atomic():  # a commit of two messages
        outbox_enqueue(handler=handler, kwargs={"n": 5})
        outbox_enqueue(handler=handler, kwargs={"n": 6})
    assert queue_size("default") == 1
    keys = IdempotencyKey.objects.filter(key__startswith="burst:")
    log = run_worker_until(
        lambda: keys.count() == 7, log_path=tmp_path / "w1.log", name="ci", bound=WORKER_TIMEOUT
    )
    assert log.count("core.deliver_outbox_pending") >= 1
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()

    # The task released the kick: the next commit sends a task of its own.
    outbox_enqueue(handler=handler, kwargs={"n": 7})
    assert queue_size("default") == 1
    run_worker_until(
        lambda: keys.count() == 8, log_path=tmp_path / "w2.log", name="ci", bound=WORKER_TIMEOUT
    )
