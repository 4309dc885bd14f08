"""gunicorn believes X-Forwarded-Proto only from the proxy's addresses (FORWARDED_ALLOW_IPS),
and Django takes the scheme from gunicorn, not from the header: a client that talks to
gunicorn directly and claims https is redirected to https like any plain-http visitor."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import BASE_DIR
from .test_settings import production_env

COMPOSE = Path(BASE_DIR) / "docker-compose.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "localhost", **headers})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


@pytest.fixture
def gunicorn(tmp_path):
    servers = []

    def start(forwarded_allow_ips: str) -> int:
        port = free_port()
        env = production_env(
            tmp_path,
            DJANGO_ALLOWED_HOSTS="localhost",
            TERRITORIA_PAGE_CACHE="false",
            DJANGO_SECURE_SSL_REDIRECT="true",
            FORWARDED_ALLOW_IPS=forwarded_allow_ips,
        )
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        command += [f"--bind=127.0.0.1:{port}", "--workers=1"]
        server = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        servers.append(server)
        for _ in range(300):  # bounded: gunicorn answers in a few seconds
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited: {server.stderr.read().decode()}")
            try:
                if fetch(port, "/healthz")[0] == 200:
                    return port
            except OSError:
                time.sleep(0.1)
        pytest.fail("gunicorn did not answer /healthz")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=30)


def test_a_client_outside_the_proxy_cannot_claim_https(gunicorn):
    port = gunicorn("192.0.2.10")  # the proxy is elsewhere; we connect from 127.0.0.1
    status, location = fetch(port, "/robots.txt", **{"X-Forwarded-Proto": "https"})
    assert (status, location) == (301, "https://localhost/robots.txt")


def test_the_proxy_is_believed(gunicorn):
    port = gunicorn("127.0.0.1")
    assert fetch(port, "/robots.txt", **{"X-Forwarded-Proto": "https"}) == (200, None)
    assert fetch(port, "/robots.txt")[0] == 301  # plain http through the proxy


def test_compose_and_the_image_never_trust_every_address():
    for path in (COMPOSE, Path(BASE_DIR) / "Dockerfile"):
        text = path.read_text()
        assert "forwarded-allow-ips=*" not in text and "FORWARDED_ALLOW_IPS: *" not in text
    assert "FORWARDED_ALLOW_IPS: ${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}" in COMPOSE.read_text()
