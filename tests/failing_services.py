"""Services that fail for real, on loopback: a closed port (connection refused) and a
server that accepts connections and never answers (a hung Redis or SMTP server)."""

import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import redis
from django.test import override_settings

from core.cache import reset_breaker

START_BOUND = 90  # seconds for a redis-server to start: a bound, not a measurement


def free_port() -> int:
    """A port nothing listens on (connection refused), until someone binds it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own on a free loopback port (never the shared one)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + START_BOUND
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                assert self.process.poll() is None, "redis-server exited"
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=START_BOUND)

    def pause(self):
        """SIGSTOP: the kernel still accepts connections, the server never answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


class HungServer:
    """Accepts every connection, reads what it is sent, never replies. ``connections``
    counts the connections made: how many times a client tried it."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.accepted = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self.accepted.append(conn)  # kept open, silent

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def redis_cache_at(port: int) -> dict:
    """The production cache settings (config/settings/base.py), on this port."""
    from django.conf import settings

    default = dict(settings.CACHES["default"])
    if default["BACKEND"] != "django_redis.cache.RedisCache":
        default = {
            "BACKEND": "django_redis.cache.RedisCache",
            "KEY_PREFIX": "failsoft",
            "OPTIONS": {
                "CLIENT_CLASS": "core.cache.PrefixScopedClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
                "CONNECTION_FACTORY": "core.cache.FailFastConnectionFactory",
            },
        }
    default["LOCATION"] = f"redis://127.0.0.1:{port}/0"
    return {**settings.CACHES, "default": default}


@contextmanager
def cache_at(port: int):
    """Django's cache pointed at ``port`` for the block (refused or hung), breaker reset."""
    reset_breaker()
    with override_settings(
        CACHES=redis_cache_at(port),
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
        DJANGO_REDIS_LOGGER="core.cache",
    ):
        try:
            yield
        finally:
            reset_breaker()


def smtp_at(port: int, **extra):
    """Settings that send email by SMTP to 127.0.0.1:``port`` (a real aiosmtpd server, or a
    closed port for "SMTP down"), plain and without credentials."""
    from django.test import override_settings

    return override_settings(
        **{
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
            **extra,
        }
    )
