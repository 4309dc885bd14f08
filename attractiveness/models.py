"""Showcase pages of a territory: ecosystems (filières), news, events, key figures."""

from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import IMAGE_HELP, SeoMixin
from home.models import SectionIndexPage
from territories.moderation import TerritoryWorkflowMixin
from territories.tenancy import TerritoryOwned

PER_PAGE = 12


def paginate(request, queryset, per_page: int = PER_PAGE):
    """One page of ``queryset`` from ``?page=`` (bakerydemo's pattern): a malformed number
    is the first page, one past the end the last, never an error."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class EcosystemIndexPage(SectionIndexPage):
    subpage_types = ["attractiveness.EcosystemPage"]

    class Meta:
        verbose_name = _("ecosystem index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ecosystems"] = (
            EcosystemPage.objects.child_of(self).live().public().select_related("image")
        )
        return context


class EcosystemPage(SeoMixin, Page):
    """A filière: a sector the territory is strong in (aeronautics, agri-food, health…)."""

    summary = models.CharField(_("summary"), max_length=240)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=IMAGE_HELP,
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["attractiveness.EcosystemIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ecosystem")


class NewsIndexPage(RoutablePageMixin, SectionIndexPage):
    """The territory's news, newest first, twelve a page; ``rss/`` and ``atom/`` feeds."""

    subpage_types = ["attractiveness.NewsPage"]
    cache_query_params = ("page",)

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().public().select_related("image")
        context["items"] = paginate(request, news.order_by("-date", "-first_published_at"))
        return context

    @path("rss/", name="rss")
    def rss_view(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("atom/", name="atom")
    def atom_view(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPage(SeoMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=240)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=IMAGE_HELP,
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["attractiveness.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """Upcoming events (soonest first), past ones under ``archives/`` (latest first),
    twelve a page; ``ical/`` is the territory's calendar to subscribe to."""

    subpage_types = ["attractiveness.EventPage"]
    cache_query_params = ("page",)

    class Meta:
        verbose_name = _("event index")

    def _events(self):
        return EventPage.objects.child_of(self).live().public()

    def _listing(self, request, events, *, past: bool):
        items = paginate(request, events)
        return self.render(request, context_overrides={"items": items, "past": past})

    @path("", name="upcoming")
    def upcoming_view(self, request):
        upcoming = self._events().filter(end__gte=timezone.now()).order_by("start", "pk")
        return self._listing(request, upcoming, past=False)

    @path("archives/", name="past")
    def past_view(self, request):
        past = self._events().filter(end__lt=timezone.now()).order_by("-start", "-pk")
        return self._listing(request, past, past=True)

    @path("ical/", name="ical")
    def ical_view(self, request):
        from .feeds import events_calendar

        return events_calendar(request, self)


class EventPage(RoutablePageMixin, SeoMixin, Page):
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("For an online or hybrid event: where to join (a video call, a stream)."),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_("Where visitors register. Shown as the event's main button."),
    )
    summary = models.CharField(_("summary"), max_length=240)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("venue"),
        FieldPanel("online_url"),
        FieldPanel("registration_url"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("venue")]
    parent_page_types = ["attractiveness.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    @path("ical/", name="ical")
    def ical_view(self, request):
        """The event as an ``.ics`` file, to add it to a calendar."""
        from .feeds import event_calendar

        return event_calendar(request, self)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})


class KeyFigure(
    TerritoryWorkflowMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    TerritoryOwned,
):
    """A figure the territory is proud of: “12,400 students”, “3 h from Paris by train”.

    Moderated like a page: an editor's change is a draft, submitted to the territory's own
    workflow; the public site shows the live version only (``live=True``) until a moderator
    publishes it."""

    label = models.CharField(_("label"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    source = models.CharField(
        _("source"), max_length=160, blank=True, help_text=_("e.g. INSEE 2024")
    )
    source_url = models.URLField(_("source link"), blank=True)
    date = models.DateField(_("date of the figure"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("territory"),
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("date")]),
        FieldPanel("source_url"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("label"),
        index.FilterField("territory"),
        index.FilterField("locale"),
    ]

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="keyfigure")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="keyfigure",
        for_concrete_model=False,
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.display_value} {self.unit} — {self.label}".replace("  ", " ")

    @property
    def revisions(self):
        return self._revisions

    @property
    @admin.display(description=_("value"))
    def display_value(self) -> str:
        """The value in the active language's number format ("12,400" / "12 400", "1.5" /
        "1,5"), with as many decimals as it has: pages render in their own language."""
        value = self.value.normalize()
        if value == value.to_integral():
            value = value.quantize(1)  # 1.24E+4 -> 12400
        return formats.number_format(value, use_l10n=True, force_grouping=True)


# The company directory lives in its own module (attractiveness/companies.py).
from .companies import (  # noqa: E402
    Company,
    CompanyDirectoryPage,
    CompanyImport,
    HeadcountBand,
    NafMapping,
)

__all__ = [
    "Company",
    "CompanyDirectoryPage",
    "CompanyImport",
    "EcosystemIndexPage",
    "EcosystemPage",
    "EventIndexPage",
    "EventPage",
    "HeadcountBand",
    "KeyFigure",
    "NafMapping",
    "NewsIndexPage",
    "NewsPage",
]
