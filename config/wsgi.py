import os

from django.core.wsgi import get_wsgi_application

from core.allocator import fix_mmap_threshold

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# Each worker (gunicorn forks before importing this): image buffers and other blocks of 1 MiB
# and more are given back to the system when freed (core/allocator.py).
fix_mmap_threshold()
application = get_wsgi_application()
