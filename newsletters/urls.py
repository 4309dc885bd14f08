"""Public URLs, in the site's language (``/fr/newsletter/…``; config/urls.py), and the
builders of the absolute links mail carries. The one-click unsubscribe endpoint,
``newsletters_unsubscribe``, has no language prefix (mail programs POST to it)."""

from django.urls import path, reverse
from django.utils import translation

from . import tokens, views

app_name = "newsletters"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("letters/<uuid:key>/", views.web_version, name="web_version"),
]


def _in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"newsletters:{name}", kwargs=kwargs)


def subscribe_url(territory, language: str) -> str:
    return territory.root_url + _in(language, "subscribe")


def confirm_url(territory, subscriber_id: int, list_ids, language: str) -> str:
    token = tokens.make(
        tokens.CONFIRM, territory_id=territory.pk, subscriber_id=subscriber_id, list_ids=list_ids
    )
    return territory.root_url + _in(language, "confirm", token=token)


def preferences_url(territory, subscriber_id: int, language: str) -> str:
    token = tokens.make(tokens.PREFERENCES, territory_id=territory.pk, subscriber_id=subscriber_id)
    return territory.root_url + _in(language, "preferences", token=token)


def unsubscribe_url(territory, subscriber_id: int, list_ids) -> str:
    token = tokens.make(
        tokens.UNSUBSCRIBE,
        territory_id=territory.pk,
        subscriber_id=subscriber_id,
        list_ids=list_ids,
    )
    return territory.root_url + reverse("newsletters_unsubscribe", kwargs={"token": token})


def web_version_path(newsletter) -> str:
    first = newsletter.lists.order_by("pk").first()
    language = first.language if first else newsletter.territory.default_language
    return _in(language, "web_version", key=newsletter.public_key)
