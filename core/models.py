"""Page mixins every page type shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


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

    class Meta:
        abstract = True


INTRO_FEATURES = ["bold", "italic", "link"]

IMAGE_HELP = _(
    "Screen readers read the image's description (edit it under Images). An image without "
    "a description is treated as decorative."
)


class OutboxMessage(models.Model):
    """Work to do after a commit (an index update, an email, a purge), written in the same
    transaction as the change that calls for it: a broker or Redis that is down when the
    transaction commits loses nothing, the drain sends it later (core/outbox.py)."""

    handler = models.CharField(max_length=200, help_text="Dotted path of the function to run.")
    kwargs = models.JSONField(default=dict)
    queue = models.CharField(max_length=50, default="default")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.handler} #{self.pk}"


class IdempotencyKey(models.Model):
    """A key a request claims once: a retried POST (double click, a reload of the POST)
    carries the same key and is recognised (core.public_forms.claim_once)."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
