"""Showcase pages of a territory: ecosystems (filières), success stories, news, events, key
figures."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
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

from core.alt_text import ALT_HELP, AltTextPageForm, alt_field
from core.blocks import BodyBlock
from core.models import IMAGE_HELP, SeoMixin
from core.seo import SCHEMA, page_seo, shorten
from home.chrome import restricted_pages, site_chrome
from home.easy_read import EasyReadMixin
from home.models import SectionIndexPage
from home.tree import same_territory
from territories.moderation import TerritoryWorkflowMixin
from territories.tenancy import TerritoryOwned, TerritoryOwnedQuerySet, territory_manager

from .ecosystem_sections import ecosystem_sections

PER_PAGE = 12
# Teaser images: one 3:2 crop in two widths, the browser picks by the slot's width
# (templates/components/teaser_image.html; prefetched with the listings).
TEASER_RENDITIONS = ["fill-360x240|format-webp", "fill-720x480|format-webp"]


class ListedPageMixin(models.Model):
    """Columns copied from the page tree so that a listing reads its own table, in the order
    it shows, through one index (docs/performance.md, "Listings"): the index page the page is
    a child of, whether it is live, and its first publication. ``signals.py`` keeps them
    equal to the tree's after every save of the page, whatever its class."""

    index_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        editable=False,
        on_delete=models.DO_NOTHING,  # the index's children go with it
        db_constraint=False,
        db_index=False,  # the listings' indexes start with it
        related_name="+",
    )
    is_live = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(null=True, editable=False)  # first_published_at

    class Meta:
        abstract = True


def paginate(request, queryset, per_page: int = PER_PAGE):
    """One page of ``queryset`` from ``?page=`` (bakerydemo's pattern): a malformed number
    is the first page, one past the end the last, never an error.

    The count and the page's slice read the ids only (the page type's own table, by the
    index the order follows, without the join to ``wagtailcore_page``); the page's rows are
    then loaded by id, in the same query as the slice (a subquery)."""
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.object_list = queryset.filter(pk__in=page.object_list)
    return page


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


class EcosystemPage(SeoMixin, EasyReadMixin, Page):
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
    image_alt = alt_field()
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
        help_text=IMAGE_HELP,
    )
    contact_photo_alt = alt_field(_("alternative text of the contact photo"))
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
        FieldPanel("easy_read"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
        InlinePanel("figures", label=_("Key figure"), heading=_("Key figures of the filière")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_role")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldRowPanel([FieldPanel("contact_photo"), FieldPanel("contact_photo_alt")]),
            ],
            heading=_("Contact for this filière"),
        ),
        FieldPanel("cta_label"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["attractiveness.EcosystemIndexPage"]
    subpage_types = []
    alt_text_images = ("image", "contact_photo")
    base_form_class = AltTextPageForm

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
    *("seo_title", "search_description", "company_name", "year", "jobs_created", "image_alt"),
]


class SuccessStoryPageForm(AltTextPageForm):
    def clean_ecosystem(self):
        """The filière must be one of this territory's: the chooser only offers those, but
        a posted id is anyone's."""
        ecosystem = self.cleaned_data.get("ecosystem")
        parent = self.parent_page
        if ecosystem is not None and parent is not None and not same_territory(parent, ecosystem):
            raise forms.ValidationError(_("Choose a filière of this territory."))
        return ecosystem


class SuccessStoryPage(SeoMixin, EasyReadMixin, Page):
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
    image_alt = alt_field()
    quote = models.TextField(_("quote"), max_length=600, blank=True)
    quote_author = models.CharField(
        _("quote author"), max_length=160, blank=True, help_text=_("Name and role")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        FieldPanel("company_name"),
        FieldPanel("ecosystem"),
        FieldRowPanel([FieldPanel("jobs_created"), FieldPanel("investment"), FieldPanel("year")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
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
    alt_text_images = ("image",)

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


class SuccessStoryPhoto(TranslatableMixin, Orderable):
    """A photo of the story's gallery. Translatable: wagtail-localize synchronises the rows of
    a model that is not, and the English story would read the French caption and alt text."""

    page = ParentalKey(SuccessStoryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(
        _("caption"),
        max_length=200,
        help_text=_("Shown under the photo and read by screen readers, e.g. “The new plant”."),
    )
    image_alt = models.CharField(_("alternative text"), max_length=250, help_text=ALT_HELP)

    panels = [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("caption")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        pass


def with_teaser_renditions(pages, field: str = "image"):
    """``pages`` with their image joined and its teaser renditions prefetched: two queries
    for a listing however long, even when the renditions cache is cold."""
    from wagtail.images import get_image_model

    renditions = get_image_model().get_rendition_model().objects
    return pages.select_related(field).prefetch_related(
        Prefetch(
            f"{field}__renditions",
            queryset=renditions.filter(filter_spec__in=TEASER_RENDITIONS),
            to_attr="prefetched_renditions",
        )
    )


def _home_of(page: Page):
    """The home page (depth 2) of the tree ``page`` is in, as a queryset of one."""
    return Page.objects.filter(path=page.path[: Page.steplen * 2])


class NewsCategoryQuerySet(TerritoryOwnedQuerySet):
    def of_tree(self, page: Page):
        """The categories of the territory whose tree holds ``page``, in ``page``'s language."""
        return self.filter(
            territory__site__root_page__translation_key__in=_home_of(page).values(
                "translation_key"
            ),
            locale_id=page.locale_id,
        )


class NewsCategory(TranslatableMixin, TerritoryOwned):
    """A theme of the territory's news (“Implantations”, “Innovation”…), named in each of
    its languages (one row per language, tied by ``translation_key`` as Wagtail does)."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        blank=True,
        help_text=_(
            "Part of the filtered news address (…/news/?category=slug). Left empty, "
            "it is made from the name."
        ),
    )

    objects = territory_manager(queryset_class=NewsCategoryQuerySet)

    panels = [FieldPanel("territory"), FieldPanel("name"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.FilterField("territory"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "locale", "slug"],
                name="unique_news_category_slug",
                violation_error_message=_(
                    "This territory already has a category with this slug in this language."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)[:60]


def localized_categories_prefetch(locale_id: int) -> Prefetch:
    """``news.categories`` as ``category_list``, each with the name and slug of its version in
    ``locale_id`` (``local_name``, ``local_slug``; None when it has none): a translated page
    may still point at the source language's categories (wagtail-localize copies the links
    as they are). One query for a whole listing."""
    local = NewsCategory.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=locale_id
    )
    queryset = NewsCategory.objects.annotate(
        local_name=Subquery(local.values("name")[:1]),
        local_slug=Subquery(local.values("slug")[:1]),
    ).order_by("local_name", "pk")
    return Prefetch("categories", queryset=queryset, to_attr="category_list")


class NewsIndexPage(RoutablePageMixin, SectionIndexPage):
    """The territory's news, newest first, twelve a page, filtered by ``?category=<slug>``;
    ``rss/`` and ``atom/`` feeds."""

    subpage_types = ["attractiveness.NewsPage"]
    cache_query_params = ("page", "category")

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .selectors import news_listed

        categories = list(NewsCategory.objects.of_tree(self))
        chosen = None
        wanted = request.GET.get("category", "")
        if wanted:  # empty: a form's "all"
            chosen = next((c for c in categories if c.slug == wanted), None)
            if chosen is None:
                raise Http404("No such news category.")
        news = news_listed(self, restricted=restricted_pages(request))
        if chosen is not None:
            tagged = NewsPage.categories.through.objects.filter(
                newscategory__translation_key=chosen.translation_key
            )
            news = news.filter(pk__in=tagged.values("newspage_id"))
        news = with_teaser_renditions(news).prefetch_related(
            localized_categories_prefetch(self.locale_id)
        )
        context["items"] = paginate(request, news)
        context["categories"] = categories
        context["category"] = chosen
        # Pagination links keep the filter.
        context["page_query"] = urlencode({"category": chosen.slug}) + "&" if chosen else ""
        return context

    @path("rss/", name="rss")
    def rss_view(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("atom/", name="atom")
    def atom_view(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class ScopedChoicesParentalManyToManyField(ParentalManyToManyField):
    """A many-to-many to a territory-owned model whose form field starts with no choices:
    Django builds it from the model's manager when the form class is made (Wagtail's system
    checks make every page form at start-up, outside any territory scope, where the scoped
    manager refuses to query). The page's form fills the choices, within the request's scope
    (``NewsPageForm``)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("queryset", self.remote_field.model._base_manager.none())
        return super().formfield(**kwargs)


class NewsPageForm(AltTextPageForm):
    """Categories offered: those of the page's own territory and language. Another
    territory's id (or another language's) is "Select a valid choice", for superusers too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("categories")
        if field is None:
            return
        page = self.instance
        tree = page if page.path else self.parent_page
        if tree is None:
            field.queryset = NewsCategory.objects.none()
            return
        locale_id = page.locale_id or tree.locale_id
        home = _home_of(tree).values("translation_key")
        field.queryset = NewsCategory.objects.filter(
            territory__site__root_page__translation_key__in=home, locale_id=locale_id
        )
        if page.pk and not self.is_bound:
            # A translated copy points at the source language's categories: tick their
            # versions in this page's language instead.
            keys = [c.translation_key for c in page.categories.all() if c.locale_id != locale_id]
            if keys:
                kept = [c.pk for c in page.categories.all() if c.locale_id == locale_id]
                mapped = field.queryset.filter(translation_key__in=keys).values_list(
                    "pk", flat=True
                )
                self.initial["categories"] = [*kept, *mapped]


class NewsPage(SeoMixin, EasyReadMixin, Page, ListedPageMixin):  # noqa: DJ008 (Page.__str__)
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
    image_alt = alt_field()
    categories = ScopedChoicesParentalManyToManyField(
        NewsCategory,
        blank=True,
        related_name="news",
        verbose_name=_("categories"),
        help_text=_(
            "Managed under “News categories” in the menu; visitors filter the news by them."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["attractiveness.NewsIndexPage"]
    subpage_types = []
    base_form_class = NewsPageForm
    alt_text_images = ("image",)

    og_type = "article"

    class Meta:
        verbose_name = _("news item")
        indexes = [
            # The listings' order (selectors.NEWS_ORDER), walked from the top with a LIMIT.
            models.Index(
                fields=["index_page", "is_live", "-date", "-published_at", "-page_ptr"],
                name="news_listing",
            ),
        ]

    @property
    def chips(self) -> list:
        """The categories to show, in this page's language, from ``category_list`` (the
        listing's prefetch, ``localized_categories_prefetch``); a category without a version
        in this language is left out (its filter would find nothing)."""
        seen, chips = set(), []
        for category in getattr(self, "category_list", ()):
            if category.local_slug and category.local_slug not in seen:
                seen.add(category.local_slug)
                chips.append({"name": category.local_name, "slug": category.local_slug})
        return chips

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In a preview the categories are the form's, held in memory: mapped by key.
        keys = [c.translation_key for c in self.categories.all()]
        local = NewsCategory.objects.filter(translation_key__in=keys, locale_id=self.locale_id)
        context["chips"] = [{"name": c.name, "slug": c.slug} for c in local]
        context["news_index"] = self.get_parent() if context["chips"] else None
        return context

    def jsonld_main(self, request, site) -> list[dict]:
        seo = page_seo(request, self)
        article = {
            "@context": SCHEMA,
            "@type": "NewsArticle",
            "headline": shorten(self.title, 110),  # Google cuts headlines at 110
            "description": seo.description,
            "url": seo.url,
            "mainEntityOfPage": seo.url,
            "datePublished": self.date.isoformat(),
            "inLanguage": site.language,
            "publisher": site.organization_ref(),
            "author": site.organization_ref(),
        }
        if self.last_published_at:
            article["dateModified"] = timezone.localtime(self.last_published_at).isoformat()
        if seo.image is not None:
            article["image"] = [seo.image.url]
        return [article]


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """Upcoming events (soonest first), past ones under ``archives/`` (latest first),
    twelve a page; ``ical/`` is the territory's calendar to subscribe to."""

    subpage_types = ["attractiveness.EventPage"]
    cache_query_params = ("page",)

    class Meta:
        verbose_name = _("event index")

    def _listing(self, request, *, past: bool):
        from .selectors import events_past, events_upcoming

        listed = events_past if past else events_upcoming
        events = with_teaser_renditions(listed(self, restricted=restricted_pages(request)))
        items = paginate(request, events)
        return self.render(request, context_overrides={"items": items, "past": past})

    @path("", name="upcoming")
    def upcoming_view(self, request):
        return self._listing(request, past=False)

    @path("archives/", name="past")
    def past_view(self, request):
        return self._listing(request, past=True)

    @path("ical/", name="ical")
    def ical_view(self, request):
        from .feeds import events_calendar

        return events_calendar(request, self)


class EventPage(RoutablePageMixin, SeoMixin, EasyReadMixin, Page, ListedPageMixin):  # noqa: DJ008
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
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=IMAGE_HELP,
    )
    image_alt = alt_field()
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("venue"),
        FieldPanel("online_url"),
        FieldPanel("registration_url"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("venue")]
    parent_page_types = ["attractiveness.EventIndexPage"]
    subpage_types = []
    alt_text_images = ("image",)
    base_form_class = AltTextPageForm

    class Meta:
        verbose_name = _("event")
        indexes = [
            # Upcoming from now on, past ones backwards from now (selectors.py).
            models.Index(fields=["index_page", "is_live", "start", "page_ptr"], name="event_start"),
            # What has not ended yet (the index's upcoming view): read by its end.
            models.Index(fields=["index_page", "is_live", "end"], name="event_end"),
        ]

    @path("ical/", name="ical")
    def ical_view(self, request):
        """The event as an ``.ics`` file, to add it to a calendar."""
        from .feeds import event_calendar

        return event_calendar(request, self)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def jsonld_main(self, request, site) -> list[dict]:
        """The event: its dates with the territory's UTC offset, where (a place, a link or
        both) and how to register."""
        seo = page_seo(request, self)
        locations = []
        if self.venue:
            locations.append({"@type": "Place", "name": self.venue, "address": self.venue})
        if self.online_url:
            locations.append({"@type": "VirtualLocation", "url": self.online_url})
        mode = (
            "MixedEventAttendanceMode"
            if len(locations) == 2
            else "OnlineEventAttendanceMode"
            if self.online_url
            else "OfflineEventAttendanceMode"
        )
        event = {
            "@context": SCHEMA,
            "@type": "Event",
            "name": self.title,
            "description": seo.description,
            "url": seo.url,
            "startDate": timezone.localtime(self.start).isoformat(),
            "endDate": timezone.localtime(self.end).isoformat(),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": f"{SCHEMA}/{mode}",
            "inLanguage": site.language,
            "organizer": site.organization_ref(),
        }
        if locations:
            event["location"] = locations[0] if len(locations) == 1 else locations
        if seo.image is not None:
            event["image"] = [seo.image.url]
        if self.registration_url:
            # The registration, not a price: the page says nothing of what it costs.
            event["offers"] = {"@type": "Offer", "url": self.registration_url}
        return [event]

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
