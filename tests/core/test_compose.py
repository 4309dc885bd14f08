"""docker-compose.yml wires media to MinIO: a one-shot job makes the bucket private with
anonymous read on renditions only, and the web and worker processes wait for it. (CI also
validates the whole file with the real Compose binary: .ci/run.)"""

from pathlib import Path

import pytest

from .conftest import BASE_DIR

yaml = pytest.importorskip("yaml", reason="PyYAML comes with the dev dependencies (moto)")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((Path(BASE_DIR) / "docker-compose.yml").read_text())


def test_web_and_worker_store_media_in_minio_once_the_bucket_exists(compose):
    services = compose["services"]
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["DJANGO_MEDIA_STORAGE"] == "${DJANGO_MEDIA_STORAGE:-s3}"
        assert env["AWS_S3_ENDPOINT_URL"] == "${AWS_S3_ENDPOINT_URL:-http://minio:9000}"
        condition = services[name]["depends_on"]["minio-bucket"]["condition"]
        assert condition == "service_completed_successfully"


def test_the_bucket_is_private_but_for_renditions(compose):
    job = " ".join(compose["services"]["minio-bucket"]["command"])
    assert 'mc anonymous set none "local/$$BUCKET"' in job
    assert 'mc anonymous set download "local/$$BUCKET/images"' in job
    assert "documents" not in job and "original_images" not in job
