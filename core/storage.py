"""Media on S3-compatible object storage (DJANGO_MEDIA_STORAGE=s3): one bucket, two rules.

- ``images/`` (Wagtail's renditions, what pages show) is public: unsigned URLs on
  AWS_S3_CUSTOM_DOMAIN (a CDN, or MinIO's public address) that browsers fetch directly, and
  the bucket grants anonymous read on that prefix only (docker-compose.yml, README).
- Everything else (``documents/``, ``original_images/``) is private in the bucket. Documents
  leave through Wagtail's serve view only, which streams them after the territory and
  privacy checks; any URL the storage is asked for is a short-lived signed one on the
  bucket's own endpoint, never the CDN.
"""

from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage

PUBLIC_PREFIXES = ("images/",)


class MediaStorage(S3Storage):
    querystring_auth = False
    file_overwrite = False  # Wagtail gives clashing names a suffix, never replaces a file

    @cached_property
    def _private(self) -> S3Storage:
        return S3Storage(custom_domain=None, querystring_auth=True, file_overwrite=False)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if name.lstrip("/").startswith(PUBLIC_PREFIXES):
            return super().url(name, parameters, expire, http_method)
        return self._private.url(name, parameters, expire, http_method)
