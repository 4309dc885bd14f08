from django.conf import settings


def territory(request):
    return {
        "territory": getattr(request, "territory", None),
        "matomo_url": settings.TERRITORIA_MATOMO_URL,
    }
