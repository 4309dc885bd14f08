"""Redis down (connection refused) or hung (accepts, never answers): pages still answer from
the database, /healthz says which dependency is down, and a publication's purge that the
cache missed is recorded in the outbox and done once Redis is back.

The cache is django-redis with the production options (config/settings/base.py), pointed at
a closed port or at a silent socket server: real failures, no mock."""

import logging
import shutil

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from core.cache import reset_breaker
from core.models import OutboxMessage
from core.page_cache import CACHE_HEADER
from tests.failing_services import HungServer, OwnRedis, cache_at, free_port

from .test_page_cache import NEWS, get, publish_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung():
    server = HungServer()
    yield server
    server.close()


def test_with_redis_refusing_connections_pages_answer_from_the_database(
    client, two_territories, caplog
):
    a, b = two_territories
    with cache_at(free_port()), caplog.at_level(logging.ERROR, logger="core.cache"):
        for tenant in (a, b):
            home = client.get("/fr/", HTTP_HOST=tenant.host)
            assert home.status_code == 200
            assert tenant.territory.name in home.content.decode()
            assert get(client, tenant).status_code == 200
        unknown = client.get("/fr/", HTTP_HOST="inconnu.test")
        assert unknown.status_code == 404  # the host lookup still refuses unknown hosts
    assert "Exception ignored" in caplog.text, "the ignored cache errors are logged"


def test_a_hung_redis_costs_a_request_one_timeout_not_one_per_cache_call(
    client, two_territories, hung, caplog
):
    a, _ = two_territories
    with cache_at(hung.port), caplog.at_level(logging.ERROR, logger="core.cache"):
        first = client.get(NEWS, HTTP_HOST=a.host)
        assert first.status_code == 200
        # One connection tried, then the process leaves Redis alone (core.cache breaker):
        # the page cache, the host lookup, Wagtail's site root paths, the chrome fragments
        # made no further attempt.
        assert hung.connections == 1
        again = client.get("/fr/", HTTP_HOST=a.host)
        assert again.status_code == 200
        assert hung.connections == 1
    # The timeout is logged; the commands skipped after it are not, one by one.
    ignored = [r for r in caplog.records if r.getMessage() == "Exception ignored"]
    assert len(ignored) == 1, [r.exc_info[1] for r in ignored]


def test_healthz_names_the_dependency_that_is_down(client, two_territories, hung):
    a, _ = two_territories
    healthy = client.get("/healthz", HTTP_HOST=a.host)
    assert healthy.status_code == 200
    assert healthy.json()["checks"]["database"] == "ok"
    for port in (free_port(), hung.port):
        with cache_at(port):
            response = client.get("/healthz", HTTP_HOST=a.host)
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "down" and body["down"] == ["cache"]
        assert body["checks"]["database"] == "ok"


def test_a_publication_while_redis_is_down_purges_once_redis_is_back(
    client, two_territories, django_capture_on_commit_callbacks
):
    a, b = two_territories
    OutboxMessage.objects.all().delete()  # the world's own (with REDIS_URL), rolled back
    for tenant in (a, b):
        get(client, tenant)
        assert get(client, tenant)[CACHE_HEADER] == "hit"

    with cache_at(free_port()), django_capture_on_commit_callbacks(execute=True):
        publish_news(a, "Ouverture du port sec")
    # The purge the cache missed is in the database, not lost.
    pending = OutboxMessage.objects.filter(
        handler="core.page_cache.purge_host_retry", done_at__isnull=True
    )
    assert pending.count() >= 1
    assert {m.kwargs["hostname"] for m in pending} == {a.host}
    assert all(m.last_error for m in pending), "tried on commit, failed, recorded"

    # Redis is back with the pages it held before the outage.
    assert get(client, a)[CACHE_HEADER] == "hit"
    pending.update(next_attempt_at=timezone.now())  # the backoff has elapsed
    call_command("drain_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not pending.exists()

    fresh = get(client, a)
    assert fresh[CACHE_HEADER] == "miss"
    assert "Ouverture du port sec" in fresh.content.decode()
    assert get(client, b)[CACHE_HEADER] == "hit", "the other territory was not purged"


def test_cache_errors_are_misses_not_500s():
    with cache_at(free_port()):
        assert cache.get("anything") is None
        assert cache.get_many(["a", "b"]) == {}
        cache.set("a", 1)  # ignored
        assert cache.incr("pc:gen:x") is None


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH (a Redis of the test's own)")
    server = OwnRedis()
    server.start()
    yield server
    server.resume()  # a stopped process handles no SIGTERM
    server.stop()


def test_a_redis_server_paused_with_sigstop_does_not_stall_pages(
    client, two_territories, own_redis
):
    a, _ = two_territories
    with cache_at(own_redis.port):
        assert get(client, a)[CACHE_HEADER] == "miss"
        assert get(client, a)[CACHE_HEADER] == "hit"  # the real cache works

        own_redis.pause()
        during = get(client, a)
        assert during.status_code == 200 and during[CACHE_HEADER] == "miss"
        assert client.get("/fr/", HTTP_HOST=a.host).status_code == 200
        health = client.get("/healthz", HTTP_HOST=a.host)
        assert health.status_code == 503 and health.json()["down"] == ["cache"]

        own_redis.resume()
        reset_breaker()  # the pause after a failure has elapsed
        assert client.get("/healthz", HTTP_HOST=a.host).status_code == 200
        assert get(client, a)[CACHE_HEADER] == "hit"
