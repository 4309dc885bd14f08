"""A real Celery worker process, on the real Redis broker and the same test database, makes a
published page searchable: Wagtail's indexing runs on the worker, not in the request."""

import subprocess
import time
import uuid

import pytest
from django.utils.text import slugify

from attractiveness.models import NewsIndexPage, NewsPage
from tests.factories import make_territory

from .conftest import BASE_DIR, queue_size, worker_command, worker_env

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]

WORKER_TIMEOUT = 90  # seconds: a bound, not a measurement; a round trip takes well under one


def _searchable(word: str) -> bool:
    return NewsPage.objects.live().search(word).count() > 0


def test_published_page_becomes_searchable_through_the_worker(broker, page_tree_root, tmp_path):
    territory = make_territory("Causses du Larzac", "larzac.test", languages=("fr",))
    news_index = NewsIndexPage.objects.descendant_of(territory.site.root_page).get()
    broker.control.purge()  # provisioning queued its own index updates: start from empty queues

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

    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            worker_command(f"ci-{uuid.uuid4().hex[:8]}"),
            cwd=BASE_DIR,
            env=worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + WORKER_TIMEOUT
            while not _searchable(word):
                assert worker.poll() is None, f"worker exited early:\n{log_path.read_text()}"
                assert time.monotonic() < deadline, (
                    f"not searchable after {WORKER_TIMEOUT}s:\n{log_path.read_text()}"
                )
                time.sleep(0.2)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    results = list(NewsPage.objects.live().search(word))
    assert [p.pk for p in results] == [page.pk]
    assert "core.deliver_outbox_message" in log_path.read_text()
