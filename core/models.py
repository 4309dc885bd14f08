"""Page mixins every page type shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from .alt_text import image_alt
from .seo import breadcrumb_list, compact, plain_text, site_facts, web_page


class SeoMixin(models.Model):
    """Open Graph image on top of Wagtail's own SEO title and search description."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sharing image"),
        help_text=_("Shown when the page is shared on social networks (1200×630 works best)."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]

    # Where the fallbacks look, in order (core/seo.py): text fields for the description,
    # image fields for the sharing image. A page type may name its own.
    seo_text_fields = ("summary", "intro", "hero_text")
    seo_image_fields = ("image", "hero_image")
    og_type = "website"

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's, unless the page cache's opt-in (core/wagtail_hooks.py) has just read
        them for this instance being served: then that evaluated queryset, once. An instance
        whose restrictions its router already knows to be none (``no_view_restrictions``)
        answers an empty queryset, which runs no query."""
        served = self.__dict__.pop("_served_view_restrictions", None)
        if served is not None:
            return served
        if self.__dict__.get("_no_view_restrictions"):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def no_view_restrictions(self) -> None:
        """Known to be under no view restriction, on itself or an ancestor (aliases
        resolved): for this instance only, which its router made for one request."""
        self._no_view_restrictions = True

    def seo_page_description(self) -> str:
        """The page's own description: its search description, else its first text field
        that has something (as plain text); "" when none."""
        fields = (getattr(self, name, "") for name in self.seo_text_fields)
        for value in (self.search_description, *fields):
            text = plain_text(value)
            if text:
                return text
        return ""

    def seo_page_image(self):
        """The page's own sharing image: the one chosen for sharing, else its first image
        field that is set, else the first of its ``photos``; None when it has none."""
        if self.og_image_id:
            return self.og_image
        for name in self.seo_image_fields:
            if getattr(self, f"{name}_id", None):
                return getattr(self, name)
        photos = getattr(self, "photos", None)
        first = next(iter(photos.all()), None) if photos is not None else None
        return getattr(first, "image", None)

    def seo_page_image_alt(self) -> str:
        """The alt text of ``seo_page_image`` in the page's language (core/alt_text.py): a
        sharing image that is also one of the page's images has that image's alt text, the
        first of its ``photos`` (a gallery's rows, each with its ``image_alt``) its own."""
        chosen = [name for name in self.seo_image_fields if getattr(self, f"{name}_id", None)]
        if self.og_image_id:
            same = (n for n in chosen if getattr(self, f"{n}_id") == self.og_image_id)
            return image_alt(self, next(same, "og_image"))
        if chosen:
            return image_alt(self, chosen[0])
        photos = getattr(self, "photos", None)
        first = next(iter(photos.all()), None) if photos is not None else None
        return image_alt(first, "image") if first is not None else ""  # its ``image_alt``

    def jsonld(self, request) -> list[dict]:
        """The page's schema.org objects (rendered by base.html): what ``jsonld_main``
        says the page is, then its breadcrumb trail."""
        site = site_facts(request)
        if site is None:
            return []
        crumbs = breadcrumb_list(request, self, site)
        return compact([*self.jsonld_main(request, site), *([crumbs] if crumbs else [])])

    def jsonld_main(self, request, site) -> list[dict]:
        """What the page is, for search engines: a WebPage unless a page type says more."""
        return [web_page(request, self, site)]


INTRO_FEATURES = ["bold", "italic", "link"]

IMAGE_HELP = _("Describe it in its alternative text, in this page's language.")


class OutboxKwargsField(models.JSONField):
    """A JSONField whose bulk INSERT stays on ``VALUES (…), (…)``.

    Django 5.2 sends the rows of a ``bulk_create`` on PostgreSQL as one array per column
    (``UNNEST``) unless a field has a placeholder of its own; psycopg then escapes the text
    of those arrays in Python, one ``re.sub`` replacement per quote, backslash or newline
    of the JSON: 0.6–0.8 ms of CPU for an inquiry's two emails against 0.4–0.5 ms as rows
    of values (bench/measure_outbox_insert.py; docs/performance.md, CRM item 9). The
    placeholder is the default one."""

    def get_placeholder(self, value, compiler, connection):
        return "%s"


class OutboxMessage(models.Model):
    """Work to do after a commit (an index update, an email, a purge), written in the same
    transaction as the change that calls for it: a broker or Redis that is down when the
    transaction commits loses nothing, the drain sends it later (core/outbox.py)."""

    handler = models.CharField(max_length=200, help_text="Dotted path of the function to run.")
    kwargs = OutboxKwargsField(default=dict)
    queue = models.CharField(max_length=50, default="default")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    # Both are read through the indexes below (``outbox_due`` leads with them): an index of
    # their own would only be more work for every INSERT and every delivery's UPDATE.
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["done_at", "next_attempt_at"], name="outbox_due"),
            # A kicked task's batches (core.outbox._pending): the queue's messages not done,
            # oldest first. A plain index scan of this partial index skips the entries of
            # rows done since (PostgreSQL marks them dead), where the bitmap scan of
            # ``done_at`` read every version a busy hour left until the next VACUUM.
            models.Index(
                fields=["queue", "id"],
                name="outbox_pending",
                condition=models.Q(done_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.handler} #{self.pk}"


class IdempotencyKey(models.Model):
    """A key a request claims once: a retried POST (double click, a reload of the POST)
    carries the same key and is recognised (core.public_forms.claim_once)."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
