"""Newsletters: a territory's lists, their subscribers, the letters and one delivery row per
letter and recipient (docs/newsletters.md).

Every row belongs to one territory (``TerritoryOwned`` / ``TerritoryOwnedVia``). A subscriber
is one address in one territory (case-insensitive, stored lower-case); their consent is per
list (``Subscription``). A ``Newsletter`` is a snippet with Wagtail's preview panel and
revisions; once a send starts its subject, HTML and text are frozen on the row and the
edit form refuses changes. ``Delivery`` is the exactly-once ledger of a send (its states are
documented on the class).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin, RevisionMixin

from territories.tenancy import TerritoryOwned, TerritoryOwnedVia, territory_manager

from .admin_forms import NewsletterForm
from .blocks import NewsletterStreamBlock

LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


class MailingList(TerritoryOwned):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=1000,
        blank=True,
        help_text=_("Shown on the subscription form: what the letter is about, how often."),
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES, default="fr")
    is_public = models.BooleanField(
        _("offered on the subscription form"),
        default=True,
        help_text=_("Unticked: subscribers come by import only."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = territory_manager()

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="newsletters_list_name")
        ]

    def __str__(self):
        return self.name


class Subscriber(TerritoryOwned):
    class Suppression(models.TextChoices):
        NONE = "", _("None")
        BOUNCE = "bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Complaint")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed from everything")

    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES, default="fr")
    interests = models.ManyToManyField(
        "attractiveness.EcosystemPage",
        blank=True,
        related_name="+",
        verbose_name=_("interests"),
        help_text=_("The territory's ecosystems this person wants to hear about."),
    )
    suppressed = models.CharField(
        _("suppression"), max_length=20, choices=Suppression.choices, blank=True, default=""
    )
    suppressed_at = models.DateTimeField(_("suppressed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = territory_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "email"], name="newsletters_subscriber_email"
            )
        ]

    def __str__(self):
        return self.email

    def clean(self):
        self.email = (self.email or "").strip().lower()


class Subscription(TerritoryOwnedVia):
    territory_path = "subscriber__territory"

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("Subscription form")
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("Added in the admin")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("subscriber"),
    )
    mailing_list = models.ForeignKey(
        MailingList,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("mailing list"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    consent_source = models.CharField(_("consent source"), max_length=20, choices=Source.choices)
    consent_text = models.TextField(_("consent"), blank=True, max_length=2000)
    consent_at = models.DateTimeField(_("consent time"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = territory_manager("subscriber__territory")

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["mailing_list", "subscriber"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "mailing_list"], name="newsletters_subscription_once"
            )
        ]

    def __str__(self):
        return f"{self.subscriber} · {self.mailing_list} ({self.get_status_display()})"


class Newsletter(PreviewableMixin, RevisionMixin, TerritoryOwned):
    """A letter: written and previewed in the admin (a snippet with preview panel and
    revisions), sent once to its lists' confirmed subscribers (segment: their interests)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")

    EDITABLE = (Status.DRAFT, Status.SCHEDULED)

    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=150,
        blank=True,
        help_text=_("The line email programs show after the subject."),
    )
    lists = models.ManyToManyField(MailingList, related_name="+", verbose_name=_("lists"))
    segment = models.ManyToManyField(
        "attractiveness.EcosystemPage",
        blank=True,
        related_name="+",
        verbose_name=_("segment: interests"),
        help_text=_("Empty: every confirmed subscriber of the lists."),
    )
    body = StreamField(NewsletterStreamBlock(), verbose_name=_("content"), blank=True)
    send_at = models.DateTimeField(_("send date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    public_key = models.UUIDField(_("web version key"), default=uuid.uuid4, unique=True)
    tracking = models.BooleanField(
        _("opens and clicks tracked"),
        default=False,
        editable=False,
        help_text=_("The territory's setting when the send started (frozen with the content)."),
    )
    # Frozen when the send starts: what every recipient gets, whatever is edited later.
    sent_subject = models.CharField(_("subject sent"), max_length=150, blank=True)
    sent_html = models.TextField(_("HTML sent"), blank=True)
    sent_text = models.TextField(_("text sent"), blank=True)
    from_email = models.CharField(_("sender"), max_length=300, blank=True)
    reply_to = models.EmailField(_("reply-to sent"), max_length=254, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = territory_manager()
    base_form_class = NewsletterForm

    panels = [
        FieldPanel("territory"),
        FieldPanel("subject"),
        FieldPanel("preheader"),
        MultiFieldPanel([FieldPanel("lists"), FieldPanel("segment")], heading=_("Recipients")),
        FieldPanel("body"),
        HelpPanel(
            content=_(
                "Schedule, test send and progress are on the letter's “Send” screen. "
                "Opens and clicks are tracked only if the territory's newsletter settings "
                "turn tracking on."
            )
        ),
    ]

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def clean(self):
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored and stored[0] not in self.EDITABLE:
                raise ValidationError(
                    _("This newsletter is being sent or was sent: its content is frozen.")
                )

    # --- Preview (the admin's preview panel): the email as it will look ---------------

    preview_modes = [("html", _("HTML email")), ("text", _("Plain text"))]
    default_preview_mode = "html"

    def serve_preview(self, request, mode_name):
        from .rendering import render_newsletter

        rendered = render_newsletter(self, preview=True)
        if mode_name == "text":
            return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
        return HttpResponse(rendered.html)


class Delivery(TerritoryOwnedVia):
    """One letter to one subscriber, at most once.

    States (docs/newsletters.md, "Exactly once"):

    - ``pending``: to send from ``next_attempt_at``;
    - ``claimed``: taken by a batch until ``claimed_until``; nothing has gone to SMTP for
      this row, so an expired claim (a worker killed) goes back to ``pending`` (the sweeper);
    - ``sending``: marked just before the DATA command, under the same claim; an expired
      one is ``uncertain``: the server may have accepted it, so it is never resent blindly
      (``deliveries_reconcile`` settles it from the server's log of Message-IDs);
    - ``sent`` (250), ``bounced`` (5xx: the address is suppressed), ``failed`` (4xx after
      the last retry), ``skipped`` (unsubscribed or suppressed before its turn).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLAIMED = "claimed", _("Claimed")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")
        UNCERTAIN = "uncertain", _("Uncertain")

    territory_path = "newsletter__territory"

    newsletter = models.ForeignKey(
        Newsletter,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("newsletter"),
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    email = models.EmailField(_("email"), max_length=254)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim = models.UUIDField(_("claim"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Tracking (only when the letter was sent with ``Newsletter.tracking``).
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    # What the mail provider said afterwards (django-anymail's tracking webhook).
    esp_event = models.CharField(_("provider event"), max_length=20, blank=True)
    esp_event_at = models.DateTimeField(_("provider event at"), null=True, blank=True)

    objects = territory_manager("newsletter__territory")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "subscriber"], name="newsletters_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["newsletter", "state"], name="newsletters_delivery_state")]

    def __str__(self):
        return f"{self.email} · {self.get_state_display()}"

    @staticmethod
    def message_id_for(delivery_id: int, newsletter_id: int) -> str:
        """The Message-ID of a delivery: the key reconciliation matches the server's log on."""
        return f"<nl{newsletter_id}.d{delivery_id}@territoria.newsletters>"


class NewsletterSettings(TerritoryOwned):
    """The communication team's knobs for its territory's letters (one row per territory;
    none yet means every default)."""

    tracking = models.BooleanField(
        _("track opens and clicks"),
        default=False,
        help_text=_(
            "Off by default. On: each letter sent from now on carries an invisible image "
            "that records the first opening, and its links pass through the site to count "
            "clicks. The subscription form and the preference page say so."
        ),
    )

    reply_to = models.EmailField(
        _("reply-to address"),
        blank=True,
        help_text=_("Where replies to the letters go. Empty: the territory's sender address."),
    )

    objects = territory_manager()

    class Meta:
        verbose_name = _("newsletter settings")
        verbose_name_plural = _("newsletter settings")
        constraints = [
            models.UniqueConstraint(fields=["territory"], name="newsletters_settings_once")
        ]

    def __str__(self):
        return self.reply_to or str(_("Newsletter settings"))

    @classmethod
    def tracking_on(cls, territory) -> bool:
        return cls.objects.filter(territory=territory, tracking=True).exists()
