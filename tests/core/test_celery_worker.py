"""A real Celery worker process, on the real Redis broker and the same test database, makes a
published page searchable: Wagtail's indexing runs on the worker, not in the request."""

import uuid

import pytest
from django.utils.text import slugify

from attractiveness.models import NewsIndexPage, NewsPage
from tests.factories import make_territory

from .conftest import queue_size, run_worker_until

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

    log = run_worker_until(
        lambda: _searchable(word), log_path=tmp_path / "worker.log", name="ci", bound=WORKER_TIMEOUT
    )

    results = list(NewsPage.objects.live().search(word))
    assert [p.pk for p in results] == [page.pk]
    assert "core.deliver_outbox_message" in log
