"""Showcase pages of a territory: ecosystems (filières), success stories, news, events, key
figures."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import IMAGE_HELP, SeoMixin
from home.chrome import site_chrome
from home.models import SectionIndexPage
from home.tree import same_territory
from territories.moderation import TerritoryWorkflowMixin
from territories.tenancy import TerritoryOwned

from .ecosystem_sections import ecosystem_sections

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
    """A filière: a sector the territory is strong in (aeronautics, agri-food, health…): its
    key figures, its named contact, a call to action, then what other apps add
    (``ecosystem_sections``: its success stories, its offers, its companies)."""

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

    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_role = models.CharField(
        _("contact role"), max_length=120, blank=True, help_text=_("e.g. Head of the health team")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact photo"),
    )
    cta_label = models.CharField(
        _("call to action"),
        max_length=80,
        blank=True,
        help_text=_(
            "The button at the end of the page, e.g. “Set up your health company here”. It "
            "leads to the project form, or to the contact page when the site has none."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("figures", label=_("Key figure"), heading=_("Key figures of the filière")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_role")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("contact_photo"),
            ],
            heading=_("Contact for this filière"),
        ),
        FieldPanel("cta_label"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["attractiveness.EcosystemIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ecosystem")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = list(self.figures.all())
        context["call_to_action"] = self.call_to_action(request)
        context["ecosystem_sections"] = ecosystem_sections(request, self)
        return context

    def call_to_action(self, request) -> dict | None:
        """The button's label and target: the site's project form (investors) in this
        language, else its contact page; found among the home page's children the site
        chrome already holds, so no query. None when the page has no label or no target."""
        chrome = site_chrome(request)
        if not self.cta_label or chrome is None:
            return None
        children = [*chrome["menu"], *chrome["footer"]]
        for app_label, model in (("investors", "projectinquirypage"), ("home", "contactpage")):
            try:
                content_type = ContentType.objects.get_by_natural_key(app_label, model)
            except ContentType.DoesNotExist:  # an install without that app
                continue
            for page in children:
                if page.content_type_id == content_type.pk:
                    return {"label": self.cta_label, "url": page.get_url(request)}
        return None


class EcosystemFigure(Orderable):
    """One key figure of a filière: “4,200 jobs”, “120 companies” (value, unit, label),
    with where it comes from and its year, so that a visitor can trust it."""

    page = ParentalKey(EcosystemPage, on_delete=models.CASCADE, related_name="figures")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, M€"))
    label = models.CharField(_("label"), max_length=120)
    source = models.CharField(
        _("source"), max_length=160, blank=True, help_text=_("e.g. INSEE, URSSAF")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )

    panels = [
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit")]),
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("year")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("key figure of the filière")

    @property
    def display_value(self) -> str:
        return _display_number(self.value)


def _display_number(value) -> str:
    """A decimal in the active language's number format ("12,400" / "12 400", "1.5" /
    "1,5"), with as many decimals as it has."""
    value = value.normalize()
    if value == value.to_integral():
        value = value.quantize(1)  # 1.24E+4 -> 12400
    return formats.number_format(value, use_l10n=True, force_grouping=True)


class SuccessStoryIndexPage(SectionIndexPage):
    """“They chose the territory”: the territory's success stories, newest first, twelve a
    page."""

    subpage_types = ["attractiveness.SuccessStoryPage"]
    cache_query_params = ("page",)

    class Meta:
        verbose_name = _("success story index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            SuccessStoryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .only(*STORY_TEASER, "image")
            .order_by("-year", "-first_published_at", "-pk")
        )
        context["items"] = paginate(request, stories)
        return context


# What a story's teaser card shows, and what a listing reads: never the body or the quote.
STORY_TEASER = [
    *("title", "slug", "url_path", "path", "depth", "locale", "summary"),
    *("seo_title", "search_description", "company_name", "year", "jobs_created"),
]


class SuccessStoryPageForm(WagtailAdminPageForm):
    def clean_ecosystem(self):
        """The filière must be one of this territory's: the chooser only offers those, but
        a posted id is anyone's."""
        ecosystem = self.cleaned_data.get("ecosystem")
        parent = self.parent_page
        if ecosystem is not None and parent is not None and not same_territory(parent, ecosystem):
            raise forms.ValidationError(_("Choose a filière of this territory."))
        return ecosystem


class SuccessStoryPage(SeoMixin, Page):
    """A company that settled or grew in the territory: who, in which filière, how many
    jobs, how much investment, when, in its own words."""

    company_name = models.CharField(_("company"), max_length=160)
    ecosystem = models.ForeignKey(
        EcosystemPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="success_stories",
        verbose_name=_("filière"),
        help_text=_("The story is listed on this filière's page."),
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    investment = models.DecimalField(
        _("investment (€)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("When the company settled or the project was completed."),
    )
    summary = models.CharField(_("summary"), max_length=240)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main photo"),
        help_text=IMAGE_HELP,
    )
    quote = models.TextField(_("quote"), max_length=600, blank=True)
    quote_author = models.CharField(
        _("quote author"), max_length=160, blank=True, help_text=_("Name and role")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("company_name"),
        FieldPanel("ecosystem"),
        FieldRowPanel([FieldPanel("jobs_created"), FieldPanel("investment"), FieldPanel("year")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel([FieldPanel("quote"), FieldPanel("quote_author")], heading=_("Quote")),
        FieldPanel("body"),
        InlinePanel("photos", label=_("Photo"), heading=_("Photo gallery")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("company_name"),
        index.SearchField("summary"),
        index.SearchField("quote"),
        index.SearchField("body"),
    ]
    parent_page_types = ["attractiveness.SuccessStoryIndexPage"]
    subpage_types = []
    base_form_class = SuccessStoryPageForm

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = list(self.photos.select_related("image"))
        ecosystem = self.ecosystem
        context["ecosystem"] = ecosystem if ecosystem is not None and ecosystem.live else None
        return context

    @property
    def display_investment(self) -> str:
        return _display_number(self.investment) if self.investment is not None else ""


class SuccessStoryPhoto(Orderable):
    page = ParentalKey(SuccessStoryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(
        _("caption"),
        max_length=200,
        help_text=_("Shown under the photo and read by screen readers, e.g. “The new plant”."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]


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
        return _display_number(self.value)
