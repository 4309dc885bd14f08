"""The offers in the admin: a flat listing of the territory's offers with their own filters
(type, status, availability) and the stale ones (not updated for months), besides the tree."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import OfferPage, OfferStatus, OfferType

STALE_MONTHS = [(6, _("6 months")), (12, _("12 months"))]


class OfferAdminFilterSet(PageFilterSet):
    offer_type = django_filters.MultipleChoiceFilter(
        label=_("Type"), choices=OfferType.choices, widget=forms.CheckboxSelectMultiple
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=OfferStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    available = django_filters.ChoiceFilter(
        label=_("Availability"),
        choices=[("now", _("Available now")), ("later", _("Available later"))],
        method="filter_available",
        empty_label=_("Any date"),
    )
    stale = django_filters.TypedChoiceFilter(
        label=_("Not updated for"),
        choices=STALE_MONTHS,
        coerce=int,
        method="filter_stale",
    )

    class Meta:
        model = OfferPage
        fields = []

    def filter_available(self, queryset, name, value):
        today = timezone.localdate()
        now = Q(available_from__isnull=True) | Q(available_from__lte=today)
        return queryset.filter(now) if value == "now" else queryset.exclude(now)

    def filter_stale(self, queryset, name, value):
        """Stale: live, still on the market, and no revision for ``value`` months."""
        limit = timezone.now() - timedelta(days=round(30.44 * int(value)))
        return queryset.filter(live=True, latest_revision_created_at__lt=limit).exclude(
            status=OfferStatus.CONCLUDED
        )


class OfferListingViewSet(PageListingViewSet):
    model = OfferPage
    icon = "home"
    menu_label = _("Offers")
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = OfferAdminFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column("reference", label=_("Reference"), sort_key="reference"),
        Column("get_offer_type_display", label=_("Type"), sort_key="offer_type"),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        Column("commune", label=_("Commune"), sort_key="commune"),
        DateColumn(
            "latest_revision_created_at",
            label=_("Updated"),
            sort_key="latest_revision_created_at",
        ),
        PageStatusColumn("live_status", label=_("Publication"), sort_key="live"),
    ]
