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
    broker.control.purge()
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
