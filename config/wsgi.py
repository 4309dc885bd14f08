import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from core.allocator import fix_mmap_threshold, freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# Each worker (gunicorn forks before importing this): image buffers and other blocks of 1 MiB
# and more are given back to the system when freed (core/allocator.py).
fix_mmap_threshold()
application = get_wsgi_application()
# What every request uses, loaded now rather than by the first request (the URL conf imports
# the views, the admin and their models), then left out of the garbage collector's full
# collections (core/allocator.py).
get_resolver().url_patterns  # noqa: B018
freeze_loaded_objects()
