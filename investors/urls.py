"""The investors app's public URLs, under each language's ``accounts/`` (never page-cached)."""

from django.urls import path

from . import saved_views

urlpatterns = [
    path("saved/offers/<int:offer_id>/", saved_views.offer_save, name="offer_save"),
    path("saved/offers/<int:offer_id>/remove/", saved_views.offer_unsave, name="offer_unsave"),
    path("saved/state/", saved_views.saved_state, name="saved_state"),
    path("saved/searches/new/", saved_views.search_save, name="search_save"),
    path("saved/searches/<int:search_id>/", saved_views.search_change, name="search_change"),
    path(
        "saved/unsubscribe/<str:token>/",
        saved_views.saved_search_unsubscribe,
        name="saved_search_unsubscribe",
    ),
    path("saved/visits/stop/", saved_views.engagement_stop, name="engagement_stop"),
    path("saved/viewed/", saved_views.page_viewed, name="page_viewed"),
]
