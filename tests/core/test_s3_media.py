"""Media on S3-compatible storage, for real against moto_server (the S3 API on a loopback
port): an editor uploads an image through the admin, the page shows its rendition on the
public media domain and that URL answers; documents stay behind Wagtail's serve view, which
streams them from the bucket, and any storage URL for them is a short-lived signed one."""

import importlib.util
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.documents.models import Document
from wagtail.images.models import Image

from .test_settings import png_bytes

pytestmark = pytest.mark.django_db

BUCKET = "territoria-media"
PUBLIC_RENDITIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["*"]},
            "Action": ["s3:GetObject"],
            "Resource": [f"arn:aws:s3:::{BUCKET}/images/*"],
        }
    ],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    """A moto_server of our own on a free loopback port, stopped after the module."""
    if importlib.util.find_spec("moto") is None or shutil.which("moto_server") is None:
        pytest.skip("needs moto[server] (a dev dependency): pip install -e '.[dev]'")
    port = free_port()
    server = subprocess.Popen(
        ["moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # bounded: moto answers within seconds
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def s3(moto_endpoint):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    if BUCKET not in {b["Name"] for b in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=BUCKET)
        # What the compose stack's bucket job and the README's policy grant: anonymous
        # read on renditions only.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_RENDITIONS))
    public_domain = f"{moto_endpoint.split('//')[1]}/{BUCKET}"
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "core.storage.MediaStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=moto_endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_S3_CUSTOM_DOMAIN=public_domain,
        AWS_S3_URL_PROTOCOL="http:",
    ):
        # FileFields keep the storage they were built with: point them at the new default.
        fields = [Image._meta.get_field("file"), Document._meta.get_field("file")]
        from wagtail.images.models import Rendition

        fields.append(Rendition._meta.get_field("file"))
        kept = [field.storage for field in fields]
        for field in fields:
            field.storage = default_storage
        try:
            yield client, public_domain
        finally:
            for field, storage in zip(fields, kept, strict=True):
                field.storage = storage


def keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_uploaded_image_is_shown_from_the_bucket(client, two_territories, s3):
    bucket, public_domain = s3
    a, _ = two_territories
    client.force_login(a.editor)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Vue du fleuve",
            "file": SimpleUploadedFile("fleuve.png", png_bytes(64, 48), content_type="image/png"),
            "collection": a.territory.collection_id,
        },
        HTTP_HOST=a.host,
    )
    assert response.status_code == 302, response.content[:500]
    image = Image.objects.get(title="Vue du fleuve")
    assert f"original_images/{image.file.name.split('/')[-1]}" in keys(bucket)

    home = a.territory.site.root_page.specific
    home.og_image = image
    home.save_revision().publish()
    client.logout()
    body = client.get("/fr/", HTTP_HOST=a.host).content.decode()
    prefix = f'<meta property="og:image" content="http://{public_domain}/images/'
    assert prefix in body
    url = body.split(prefix[: -len("images/")], 1)[1].split('"', 1)[0]
    assert "X-Amz-Signature" not in url  # public renditions: plain, cacheable URLs
    with urllib.request.urlopen(f"http://{public_domain}/{url}", timeout=10) as answer:
        assert answer.status == 200 and answer.read(8) == b"\x89PNG\r\n\x1a\n"


def test_documents_are_streamed_by_the_serve_view_and_never_get_a_public_url(
    client, two_territories, s3
):
    bucket, public_domain = s3
    a, b = two_territories
    document = Document.objects.create(
        title="budget",
        file=ContentFile(b"%PDF-1.7 budget", name="budget.pdf"),
        collection=a.territory.collection,
    )
    assert document.file.name in keys(bucket)
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    served = client.get(document.url, HTTP_HOST=a.host)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.7 budget"
    assert client.get(document.url, HTTP_HOST=b.host).status_code == 404
    storage_url = default_storage.url(document.file.name)
    assert "Signature=" in storage_url and "Expires=" in storage_url
    # The bucket itself refuses the unsigned URL.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://{public_domain}/{document.file.name}", timeout=10)
    assert refused.value.code == 403
