"""The site every territory has, whatever features are installed: the home page, the
standard pages (legal notice, accessibility, privacy), the contact form and the base of
section index pages. Feature apps add their sections (``territory_feature``) and their
home-page blocks (``home_sections``) in their own ``apps.py``; this app names none of them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.alt_text import AltTextPageForm, alt_field
from core.blocks import BodyBlock
from core.models import IMAGE_HELP, INTRO_FEATURES, SeoMixin
from core.page_cache import cached_for_host, skip_page_cache
from core.public_forms import PublicFormBuilder, rate_limited
from core.seo import SCHEMA
from territories.tenancy import TerritoryOwned

from .chrome import site_chrome
from .easy_read import EasyReadMixin
from .sections import render_home_sections, seconds_left
from .services import contact_submission_create

HOME_CACHE_VERSION = 2  # part of the cache key: bump it when a home block's markup changes


class HomePage(SeoMixin, EasyReadMixin, Page):
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
    hero_image_alt = alt_field()
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    alt_text_images = ("hero_image",)
    base_form_class = AltTextPageForm

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

    @classmethod
    def allowed_subpage_models(cls):
        """This app's own pages and the section pages the installed apps declare
        (territories.features), without naming any of them here."""
        from django.apps import apps

        from territories.features import sections

        declared = {apps.get_model(section.model) for section in sections()}
        declared |= {StandardPage, ContactPage}
        return [model for model in super().allowed_subpage_models() if model in declared]

    def jsonld_main(self, request, site) -> list[dict]:
        """The territory itself, and its site."""
        website = {
            "@context": SCHEMA,
            "@type": "WebSite",
            "name": site.name,
            "url": site.url,
            "inLanguage": site.language,
            "publisher": site.organization_ref(),
        }
        return [site.organization, website]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Header, footer and branding from the per-site cache, before the template asks for
        # them: an uncached home page stays within a fixed query budget (docs/performance.md).
        chrome = site_chrome(request)
        context["sections"] = chrome["menu"] if chrome else []
        parts = self._cached_parts(request, chrome)
        hero = parts["hero_image"]
        if hero is not None and hero.pk == self.hero_image_id:
            self.hero_image = hero  # read with the blocks: no query for it
        context["home_sections"] = parts["sections"]
        return context

    @staticmethod
    def parts_name(language: str, translation_key) -> str:
        """The name of a home page's blocks in ``cached_for_host``: one home page is served
        per host and language (its translation, else the site's root page), so its
        translation key, the same in every language, names it before routing has found it
        (home/views.py reads the blocks with the chrome, in one round trip)."""
        return f"home:{HOME_CACHE_VERSION}:{language}:{translation_key}"

    def _cached_parts(self, request, chrome) -> dict:
        """The apps' blocks rendered (home/sections.py) and the hero image, cached per host,
        language and page-cache generation: every purge of the host renders them again, and
        an event that starts does too (``seconds_left``). Never for a preview (a draft)."""

        def build():
            sections = render_home_sections(request, self, chrome)
            return {"sections": sections, "hero_image": self.hero_image}

        if getattr(request, "is_preview", False):
            return build()
        return cached_for_host(
            request,
            self.parts_name(translation.get_language(), self.translation_key),
            build,
            timeout=lambda parts: seconds_left(parts["sections"]),
        )


class StandardPage(SeoMixin, EasyReadMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class SectionIndexPage(SeoMixin, EasyReadMixin, Page):
    """A section of a territory's site, directly under its home page (news, events…):
    an introduction, then the listing its subclass puts in ``get_context``."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("easy_read"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


SENT = "sent"  # the query parameter of the contact page's thank-you
RATE_LIMITED_MESSAGE = _(
    "You have sent several messages in a short time. Please wait a few minutes before "
    "sending this one; your text is still below."
)


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(SeoMixin, EasyReadMixin, AbstractEmailForm):
    """The territory's contact form; submissions stay in the territory's admin."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=INTRO_FEATURES)

    form_builder = PublicFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("easy_read"),
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
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")

    def clean(self):
        super().clean()
        # These become email headers: a line break would let an editor add headers of
        # their own (Bcc: …). Django would refuse to send; refuse to save instead.
        errors = {
            name: _("Must be on a single line.")
            for name in ("subject", "to_address", "from_address")
            if "\n" in (getattr(self, name) or "") or "\r" in (getattr(self, name) or "")
        }
        if errors:
            raise ValidationError(errors)

    def process_form_submission(self, form):
        """Saved once per submission token; the email leaves from a worker (outbox)."""
        return contact_submission_create(page=self, form=form)

    def _thank_you(self, request):
        response = HttpResponseRedirect(f"{self.get_url(request)}?{SENT}=1")
        response.status_code = 303  # See Other: the browser follows it with a GET
        return response

    def _form_again(self, request, form, status):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def serve(self, request, *args, **kwargs):
        """Wagtail's form page, with POST/redirect/GET: a valid submission redirects to the
        thank-you (``?sent=1``), so reloading it never sends the message twice; an invalid
        one is answered 400 with the form and its errors, one over the address's limit 429
        (docs/security.md, "Public forms"). A filled honeypot gets the thank-you, and
        nothing is stored or sent."""
        # Personal responses: the form carries the visitor's CSRF token, the thank-you
        # confirms their message. Neither may be served to someone else from a cache.
        skip_page_cache(request)
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            if form.is_spam:
                return self._thank_you(request)
            if not form.is_valid():
                return self._form_again(request, form, status=400)
            territory = getattr(request, "territory", None)
            scope = f"territory-{territory.pk}" if territory else f"page-{self.pk}"
            if retry_after := rate_limited(request, scope=scope):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                response = self._form_again(request, form, status=429)
                response["Retry-After"] = str(retry_after)
                return response
            self.process_form_submission(form)
            return self._thank_you(request)
        if request.GET.get(SENT) == "1":
            response = self.render_landing_page(request)
            add_never_cache_headers(response)
            return response
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class SearchPromotion(TerritoryOwned):
    """A result the territory's team puts first for a search: "foncier" → the land offers
    page, "aides" → the regional agency's grants page. Matched on the query's words, without
    case or accents ("Foncier", "fonciér" and "foncier " are one query).

    Not ``wagtail.contrib.search_promotions``: its queries and promotions are platform-wide
    rows with a platform-wide admin, which no hook scopes to a territory (docs/public-site.md)."""

    query = models.CharField(
        _("search terms"),
        max_length=100,
        help_text=_("What visitors type, e.g. “land” or “grants”. Case and accents do not matter."),
    )
    query_key = models.CharField(max_length=100, editable=False, db_index=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to promote in every language of the site."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A page of this site. Shown only while it is published and public."),
    )
    external_url = models.URLField(
        _("external link"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Or a page of another site, e.g. the regional agency's grants."),
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("Shown instead of the page's title. Required for an external link."),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("territory"),
        FieldRowPanel([FieldPanel("query"), FieldPanel("language")]),
        FieldPanel("page"),
        FieldPanel("external_url"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("promoted search result")
        verbose_name_plural = _("promoted search results")
        ordering = ["query_key", "sort_order", "pk"]
        indexes = [models.Index(fields=["territory", "query_key"], name="home_promo_query")]

    def __str__(self):
        return f"{self.query} → {self.title or self.page or self.external_url}"

    def clean(self):
        from .search import search_key

        errors = {}
        self.query_key = search_key(self.query)
        if self.query and not self.query_key:
            errors["query"] = _("Type at least one word.")
        if bool(self.page_id) == bool(self.external_url):
            errors["page"] = _("Choose a page of this site or give an external link, not both.")
        if self.external_url and not self.title:
            errors["title"] = _("An external link needs a title.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from .search import search_key

        self.query_key = search_key(self.query)
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        return self.title or (self.page.title if self.page_id else self.external_url)

    @property
    def url(self) -> str:
        return self.external_url or self.page.url
