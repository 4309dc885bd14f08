"""What a web worker imports (docs/performance.md, "Worker memory"): libraries only a few
code paths use are imported by those paths, not by every worker at start."""

import json

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
