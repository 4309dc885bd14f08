"""Production settings, security headers and upload limits: safe by default, bad input is a
form error, never a 500."""

import io
import json
import os
import secrets
import shutil
import struct
import subprocess
import sys
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.images import get_image_model

from .conftest import BASE_DIR

Image = get_image_model()


def production_env(tmp_path, **extra) -> dict[str, str]:
    """A valid production environment; nothing inherited from the test process's settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=".territoria.example,territoria.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/15",
        EMAIL_URL="smtp://mail.territoria.example:587",
    )
    env.update(extra)
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable" in result.stderr


# --- Which settings read .env ------------------------------------------------------------

READ_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "base_dir": str(settings.BASE_DIR),
    "domain": settings.TERRITORIA_BASE_DOMAIN,
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db.get("CONN_HEALTH_CHECKS", False),
}))
"""


def settings_in_a_copy(tmp_path, module: str, dotenv: str = "", **environ) -> dict:
    """The settings ``module`` sees, loaded in a child process from a copy of config/ whose
    BASE_DIR is ``tmp_path``, next to a ``.env`` holding ``dotenv``: the real checkout's
    own .env (a developer's) plays no part, and a leak cannot hide behind one."""
    shutil.copytree(BASE_DIR / "config", tmp_path / "config")
    (tmp_path / ".env").write_text(dotenv)
    env = production_env(tmp_path, PYTHONPATH=str(tmp_path))
    env.pop("TERRITORIA_BASE_DOMAIN", None)
    env.update(environ, DJANGO_SETTINGS_MODULE=module)
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["base_dir"] == str(tmp_path)  # the copy was loaded, not the checkout
    return seen


@pytest.mark.parametrize(
    "module, domain",
    [
        # The control: the file is where dev.py reads it, and its value arrives.
        ("config.settings.dev", "leaked.example"),
        ("config.settings.test", "localhost"),
        ("config.settings.production", "localhost"),
    ],
)
def test_only_the_dev_settings_read_dot_env(tmp_path, module, domain):
    seen = settings_in_a_copy(tmp_path, module, "TERRITORIA_BASE_DOMAIN=leaked.example\n")
    assert seen["domain"] == domain


def test_the_real_environment_wins_over_dot_env_in_dev(tmp_path):
    seen = settings_in_a_copy(
        tmp_path,
        "config.settings.dev",
        "TERRITORIA_BASE_DOMAIN=leaked.example\n",
        TERRITORIA_BASE_DOMAIN="territoria.example",
    )
    assert seen["domain"] == "territoria.example"


@pytest.mark.parametrize("max_age, health_checks", [("60", True), ("0", False)])
def test_kept_database_connections_are_health_checked(tmp_path, max_age, health_checks):
    seen = settings_in_a_copy(tmp_path, "config.settings.production", DJANGO_CONN_MAX_AGE=max_age)
    assert seen["conn_max_age"] == int(max_age)
    assert seen["health_checks"] is health_checks


@pytest.mark.django_db
def test_public_page_sends_the_security_headers(client, two_territories):
    a, _ = two_territories
    response = client.get("/fr/", HTTP_HOST=a.host)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_production_like_settings_send_hsts_and_redirect_plain_http(client, two_territories):
    a, _ = two_territories
    plain = client.get("/fr/", HTTP_HOST=a.host)
    assert plain.status_code == 301
    assert plain["Location"] == f"https://{a.host}/fr/"
    secure = client.get("/fr/", HTTP_HOST=a.host, HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- Uploads through the Wagtail admin, by a territory editor ---------------------------


def png_bytes(width=4, height=4) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (29, 79, 145)).save(buffer, "PNG")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels: a decompression bomb's shape."""
    data = bytearray(png_bytes(1, 1))
    # Signature (8 bytes), then the IHDR chunk: length (4), type (4), data (13), CRC (4).
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    return bytes(data)


def noise_png(min_bytes: int) -> bytes:
    """A genuine PNG larger than ``min_bytes`` (random pixels do not compress)."""
    side = int((min_bytes / 3) ** 0.5) + 64
    image = PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def upload(client, tenant, name: str, content: bytes):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type="image/png"),
            "collection": tenant.territory.collection_id,
        },
        HTTP_HOST=tenant.host,
    )


@pytest.fixture
def editor_client(client, two_territories):
    a, _ = two_territories
    client.force_login(a.editor)
    client.raise_request_exception = False
    return client, a


@pytest.mark.django_db
def test_a_valid_image_upload_is_saved_in_the_territorys_collection(editor_client):
    client, a = editor_client
    response = upload(client, a, "logo.png", png_bytes())
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.get(title="logo.png")
    assert image.collection_id == a.territory.collection_id


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("pas-une-image.png", b"%PDF-1.7\n" + b"0" * 4096, "invalid_image"),
        ("bombe.png", png_declaring(20000, 20000), "file_too_many_pixels"),
        ("trop-de-pixels.png", png_declaring(8000, 6000), "file_too_many_pixels"),
        ("trop-lourde.png", None, "file_too_large"),
    ],
)
def test_bad_uploads_are_refused_with_a_form_error(editor_client, settings, name, content, message):
    client, a = editor_client
    if content is None:
        content = noise_png(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
        assert len(content) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    before = Image.objects.count()
    response = upload(client, a, name, content)
    assert response.status_code < 500
    assert response.status_code in (200, 400, 413)
    assert Image.objects.count() == before
    if response.status_code == 200:
        errors = response.context["form"].errors.as_data()["file"]
        assert [e.code for e in errors] == [message]


@pytest.mark.django_db
def test_multiple_uploader_refuses_a_truncated_bomb_and_accepts_a_good_image(editor_client):
    client, a = editor_client
    answers = []
    for name, content in (("bombe.png", png_declaring(8000, 6000)), ("ok.png", png_bytes())):
        response = client.post(
            "/admin/images/multiple/add/",
            {
                "files[]": SimpleUploadedFile(name, content, content_type="image/png"),
                "collection": a.territory.collection_id,
            },
            HTTP_HOST=a.host,
        )
        assert response.status_code == 200
        answers.append(response.json()["success"])
    assert answers == [False, True]
    assert list(Image.objects.values_list("title", flat=True)) == ["ok.png"]


# The value .env.example ships: copying the file without editing it must not start.
EXAMPLE_SECRET = next(
    line.split("=", 1)[1]
    for line in (BASE_DIR / ".env.example").read_text().splitlines()
    if line.startswith("DJANGO_SECRET_KEY=")
)


@pytest.mark.parametrize(
    "secret, message",
    [
        (EXAMPLE_SECRET, "a placeholder"),
        ("change-me-" + secrets.token_urlsafe(50), "a placeholder"),
        ("dev-only-insecure-secret-key-never-in-production", "a placeholder"),
        (secrets.token_urlsafe(20), "too weak"),
        ("a" * 60, "too weak"),
    ],
    # Fixed ids: the random secrets would differ between pytest-xdist workers.
    ids=["env-example", "change-me", "dev-secret", "short", "repetitive"],
)
def test_production_refuses_a_placeholder_or_weak_secret(tmp_path, secret, message):
    env = production_env(tmp_path)
    env["DJANGO_SECRET_KEY"] = secret
    result = manage(env, "check")
    assert result.returncode != 0
    assert f"ImproperlyConfigured: DJANGO_SECRET_KEY is {message}" in result.stderr
