"""Error reporting: Sentry is on exactly when SENTRY_DSN is set, sends no personal data, and
the 500 page promises a fix only when someone was actually told."""

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import RequestFactory, override_settings

from core.views import server_error

from .conftest import BASE_DIR
from .test_settings import production_env

NOTIFIED = ("We have been notified", "Nous en sommes informés")


def render_500() -> str:
    response = server_error(RequestFactory().get("/fr/"))
    assert response.status_code == 500
    return response.content.decode()


@override_settings(TERRITORIA_ERRORS_REPORTED=False)
def test_the_500_page_promises_nothing_without_error_reporting():
    body = render_500()
    assert "Something went wrong" in body
    assert not any(promise in body for promise in NOTIFIED)


@override_settings(TERRITORIA_ERRORS_REPORTED=True)
def test_the_500_page_says_we_were_notified_when_errors_are_reported():
    body = render_500()
    assert all(promise in body for promise in NOTIFIED)


class Collector(BaseHTTPRequestHandler):
    """A Sentry ingestion endpoint on a loopback port: keeps each envelope it receives."""

    envelopes: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        Collector.envelopes.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


REPORT = """
import json, django
django.setup()
import sentry_sdk
from django.conf import settings
options = sentry_sdk.get_client().options
print(json.dumps({
    "active": sentry_sdk.get_client().is_active(),
    "pii": options["send_default_pii"],
    "integrations": sorted(sentry_sdk.get_client().integrations),
    "reported": settings.TERRITORIA_ERRORS_REPORTED,
}))
sentry_sdk.capture_message("territoria-test-report")
sentry_sdk.flush(timeout=10)
"""


def run_with_env(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = production_env(tmp_path, **extra)
    env["TERRITORIA_PAGE_CACHE"] = "false"
    return subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_sentry_reports_with_django_and_celery_integrations_and_no_pii(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Collector.envelopes = []
    try:
        port = server.server_address[1]
        result = run_with_env(
            tmp_path,
            SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42",
            SENTRY_ENVIRONMENT="staging",
            SENTRY_RELEASE="territoria@1.2.3",
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[0])
    assert seen["active"] and seen["reported"] and seen["pii"] is False
    assert {"django", "celery"} <= set(seen["integrations"])
    received = b"".join(Collector.envelopes).decode()
    assert "territoria-test-report" in received
    assert '"environment":"staging"' in received and '"release":"territoria@1.2.3"' in received


def test_without_a_dsn_nothing_is_reported(tmp_path):
    result = run_with_env(tmp_path)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[0])
    assert not seen["active"] and not seen["reported"]
