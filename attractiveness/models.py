"""Showcase pages of a territory: home, ecosystems, news, events, standard and contact pages."""

from django.contrib import admin
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import INTRO_FEATURES, SectionIndexPage, SeoMixin
from core.page_cache import skip_page_cache
from territories.forms import TerritoryScopedAdminForm
from territories.scoping import TerritoryOwnedMixin, TerritoryScopedQuerySet

IMAGE_HELP = _(
    "Screen readers read the image's description (edit it under Images). An image without "
    "a description is treated as decorative."
)


class HomePage(SeoMixin, Page):
    hero_title = models.CharField(_("hero title"), max_length=160)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
        help_text=IMAGE_HELP,
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "attractiveness.EcosystemIndexPage",
        "attractiveness.NewsIndexPage",
        "attractiveness.EventIndexPage",
        "attractiveness.StandardPage",
        "attractiveness.ContactPage",
        "realestate.OfferIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_admin_display_title(self):
        """Every territory's home page is called "Accueil": the admin (explorer, form and
        page listings, choosers) names the territory beside it."""
        title = super().get_admin_display_title()
        if "_territory_name" not in self.__dict__:
            from territories.models import Territory

            self._territory_name = (
                Territory.objects.filter(site__root_page__translation_key=self.translation_key)
                .values_list("name", flat=True)
                .first()
            )
        name = self._territory_name
        return f"{title} · {name}" if name and name != title else title

    def get_context(self, request, *args, **kwargs):
        from core.templatetags.territoria_tags import site_chrome

        context = super().get_context(request, *args, **kwargs)
        # Header, footer and branding from the per-site cache, before the template asks for
        # them: an uncached home page stays within a fixed query budget (docs/performance.md).
        chrome = site_chrome(request)
        territory = getattr(request, "territory", None)
        figures = KeyFigure.objects.none()
        if territory is not None:
            figures = KeyFigure.objects.for_territory(territory).filter(locale_id=self.locale_id)
        context["key_figures"] = list(figures[:6])
        # The private sections come with the chrome (each .public() would look them up again).
        private = chrome["private"] if chrome else Page.objects.private_q()
        # Teasers load the columns they show, not the forty of a page and its body: with three
        # listings that is a good share of the page's CPU time (docs/performance.md).
        teaser = ["title", "slug", "url_path", "path", "depth", "locale", "summary"]
        teaser += ["seo_title", "search_description"]
        context["latest_news"] = list(
            NewsPage.objects.live()
            .descendant_of(self)
            .exclude(private)
            .only(*teaser, "date", "image")
            .order_by("-date")[:3]
        )
        context["upcoming_events"] = list(
            EventPage.objects.live()
            .descendant_of(self)
            .exclude(private)
            .filter(start__gte=timezone.now())
            .only(*teaser, "start", "end", "venue")
            .order_by("start")[:3]
        )
        context["ecosystems"] = list(
            EcosystemPage.objects.live()
            .descendant_of(self)
            .exclude(private)
            .select_related("image")
            .only(*teaser, "image")[:6]
        )
        context["sections"] = chrome["menu"] if chrome else []
        return context


class StandardPage(SeoMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["attractiveness.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


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


class NewsIndexPage(SectionIndexPage):
    subpage_types = ["attractiveness.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = NewsPage.objects.child_of(self).live().public().order_by("-date")[:30]
        return context


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


class EventIndexPage(SectionIndexPage):
    subpage_types = ["attractiveness.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .filter(end__gte=timezone.now())
            .order_by("start")
        )
        return context


class EventPage(SeoMixin, Page):
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=240)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("venue"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("venue")]
    parent_page_types = ["attractiveness.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})


SENT = "sent"  # the query parameter of the contact page's thank-you


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(SeoMixin, AbstractEmailForm):
    """The territory's contact form; submissions stay in the territory's admin."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=INTRO_FEATURES)

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    parent_page_types = ["attractiveness.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")

    def serve(self, request, *args, **kwargs):
        """Wagtail's form page, with POST/redirect/GET: a valid submission redirects to the
        thank-you (``?sent=1``), so reloading it never sends the message twice; an invalid
        one is answered 400 with the form and its errors."""
        # Personal responses: the form carries the visitor's CSRF token, the thank-you
        # confirms their message. Neither may be served to someone else from a cache.
        skip_page_cache(request)
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            if form.is_valid():
                self.process_form_submission(form)
                response = HttpResponseRedirect(f"{self.get_url(request)}?{SENT}=1")
                response.status_code = 303  # See Other: the browser follows it with a GET
                return response
            context = self.get_context(request)
            context["form"] = form
            return TemplateResponse(request, self.get_template(request), context, status=400)
        if request.GET.get(SENT) == "1":
            response = self.render_landing_page(request)
            add_never_cache_headers(response)
            return response
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class KeyFigure(TranslatableMixin, TerritoryOwnedMixin):
    """A figure the territory is proud of: “12,400 students”, “3 h from Paris by train”."""

    label = models.CharField(_("label"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    source = models.CharField(
        _("source"), max_length=160, blank=True, help_text=_("e.g. INSEE 2024")
    )
    source_url = models.URLField(_("source link"), blank=True)
    date = models.DateField(_("date of the figure"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TerritoryScopedQuerySet.as_manager()
    base_form_class = TerritoryScopedAdminForm

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

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.display_value} {self.unit} — {self.label}".replace("  ", " ")

    @property
    @admin.display(description=_("value"))
    def display_value(self) -> str:
        value = self.value.normalize()
        return (
            f"{value:,f}".replace(",", "\u202f") if value == value.to_integral() else f"{value:f}"
        )
