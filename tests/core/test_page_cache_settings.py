"""The cache and the Celery broker live in different Redis databases, and production refuses
a page cache that each process would keep for itself."""

import pytest
from django.conf import settings

from config.settings.base import _paired_database, _redis_database

from .test_settings import manage, production_env


@pytest.mark.parametrize(
    "url, paired",
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
        ("redis://:secret@redis:6379/12", "redis://:secret@redis:6379/13"),
        ("redis://redis/13", "redis://redis/12"),
        ("rediss://redis.example:6380/15", "rediss://redis.example:6380/14"),
    ],
)
def test_the_cache_defaults_to_the_paired_database_of_redis_url(url, paired):
    assert _paired_database(url) == paired
    assert _redis_database(paired) != _redis_database(url)


def test_this_run_keeps_cache_and_broker_apart():
    if not settings.REDIS_CACHE_URL:
        pytest.skip("needs REDIS_URL or REDIS_CACHE_URL (the Redis cache)")
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_CACHE_URL
    assert _redis_database(settings.REDIS_CACHE_URL) != _redis_database(settings.CELERY_BROKER_URL)


def test_settings_refuse_one_database_for_cache_and_broker(tmp_path):
    env = production_env(
        tmp_path,
        CELERY_BROKER_URL="redis://127.0.0.1:6379/4",
        REDIS_CACHE_URL="redis://127.0.0.1:6379/4",
    )
    result = manage(env, "check")
    assert result.returncode != 0
    assert "CELERY_BROKER_URL and REDIS_CACHE_URL name the same Redis database" in result.stderr


def test_settings_refuse_a_redis_url_they_cannot_pair(tmp_path):
    env = production_env(tmp_path)
    env["REDIS_URL"] = "unix:///run/redis.sock"
    result = manage(env, "check")
    assert result.returncode != 0
    assert "set REDIS_CACHE_URL" in result.stderr


def test_production_without_redis_needs_the_page_cache_off(tmp_path):
    env = production_env(tmp_path)
    del env["REDIS_URL"]
    refused = manage(env, "check")
    assert refused.returncode != 0
    assert "territoria.E001" in refused.stderr + refused.stdout

    env["TERRITORIA_PAGE_CACHE"] = "false"
    accepted = manage(env, "check")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
