"""What a web worker imports (docs/performance.md, "Worker memory"): libraries only a few
code paths use are imported by those paths, not by every worker at start."""

import json
import platform

import pytest

from .test_settings import manage, production_env

# Imported at the first use: boto3/botocore (anymail's Amazon SES webhook, only when the
# webhooks are routed), fido2 and cryptography's Rust bindings (allauth's WebAuthn, off),
# css-inline (a newsletter's rendering), python-stdnum (SIREN and SIRET validators).
LAZY = ["boto3", "botocore", "fido2", "cryptography.hazmat.bindings._rust", "css_inline", "stdnum"]

LOADED = """
import json, sys
from django.urls import get_resolver, reverse
get_resolver().url_patterns
reverse("healthz")
{use}
print(json.dumps({{name: name in sys.modules for name in {names!r}}}))
"""


def loaded(env, names, use: str = "") -> dict:
    code = LOADED.format(names=names, use=use)
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_url_conf_loads_without_the_libraries_of_rare_paths(tmp_path):
    assert loaded(production_env(tmp_path), LAZY) == dict.fromkeys(LAZY, False)


def test_the_paths_that_use_them_still_load_them(tmp_path):
    env = production_env(tmp_path, ANYMAIL_WEBHOOK_SECRET="provider:" + "s" * 32)
    assert loaded(env, ["boto3"]) == {"boto3": True}
    use = (
        "from allauth.mfa.webauthn.internal import auth; auth.Fido2Server\n"
        "from newsletters.rendering import _inliner; _inliner()"
    )
    assert loaded(production_env(tmp_path), ["fido2", "css_inline"], use) == {
        "fido2": True,
        "css_inline": True,
    }


def test_healthz_asks_a_redis_broker_without_kombus_transport(tmp_path):
    """/healthz pings the broker with redis-py (the cache's client): kombu's transports and
    the Celery app stay unloaded in a worker that only serves pages and health checks."""
    use = "from core.views import _check_broker; _check_broker()"  # raises if Redis is down
    names = ["kombu.transport.redis", "celery.app.amqp"]
    assert loaded(production_env(tmp_path), names, use) == dict.fromkeys(names, False)


MAPPED = """
import ctypes, json
import config.wsgi  # what a gunicorn worker imports

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split())]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
block = bytearray(8 << 20)
del block  # glibc's own rule would now serve the next 8 MiB block from the heap
heap = libc.mallinfo2().arena
block = bytearray(8 << 20)
info = libc.mallinfo2()
print(json.dumps({"mapped": info.hblkhd >= 8 << 20, "heap_growth": info.arena - heap}))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_a_worker_maps_large_blocks_instead_of_keeping_them_in_its_heap(tmp_path):
    """After one image rendition a worker kept the high-water mark of Pillow's buffers
    (core/allocator.py): config.wsgi fixes glibc's mmap threshold, so a large block freed
    and allocated again is still a mapping of its own, given back when freed."""
    result = manage(production_env(tmp_path), "shell", "--no-imports", "-c", MAPPED)
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["mapped"], measured
    assert measured["heap_growth"] < 8 << 20, measured


FROZEN = """
import gc, json, sys
import config.wsgi  # what a gunicorn worker imports
frozen = gc.get_freeze_count()
class Cycle:
    pass
garbage = Cycle(); garbage.me = garbage; del garbage  # what a request may leave behind
found = gc.collect()
print(json.dumps({
    "frozen": frozen,
    "url_conf": "wagtail.admin.urls" in sys.modules,
    "frozen_after": gc.get_freeze_count(),
    "collected": found,
}))
"""


def test_a_worker_leaves_what_it_loaded_out_of_full_collections(tmp_path):
    """config.wsgi loads the URL conf (the views, the admin, their models) and freezes what
    is alive then (core/allocator.py): a full collection no longer scans those objects (150
    to 185 ms a pause in a worker before, in the inquiry bench), and still finds what is
    left behind after."""
    result = manage(production_env(tmp_path), "shell", "--no-imports", "-c", FROZEN)
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["url_conf"], measured
    assert measured["frozen"] > 100_000, measured
    assert measured["frozen_after"] == measured["frozen"], measured
    assert measured["collected"] >= 1, measured  # the cycle
