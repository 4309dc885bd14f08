"""Investors' implantation projects (leads) and the territory team's work on them.

Every row belongs to one territory (``TerritoryOwned`` / ``TerritoryOwnedVia``). A lead is
found again by its email within its territory (case-insensitive): a second inquiry from
the same address appends to the open lead instead of making a duplicate. See
docs/investors.md.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.models import INTRO_FEATURES, SeoMixin
from home.easy_read import EasyReadMixin
from territories.tenancy import TerritoryOwned, TerritoryOwnedVia, territory_manager


def siren_validator(value: str) -> None:
    # Imported here, not by every worker at start (python-stdnum imports pydoc; docs/
    # performance.md, "Worker memory").
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.fr import siren

    if not value:
        return
    try:
        siren.validate(value)
    except StdnumError as error:
        raise ValidationError(_("Enter a valid SIREN number (9 digits)."), code="siren") from error


class Lead(TerritoryOwned):
    class Stage(models.TextChoices):
        NEW = "new", _("New")
        QUALIFIED = "qualified", _("Qualified")
        ACTIVE = "active", _("Active")
        VISIT = "visit", _("Visit")
        DECISION = "decision", _("Decision")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        ABANDONED = "abandoned", _("Abandoned")

    CLOSED_STAGES = (Stage.WON, Stage.LOST, Stage.ABANDONED)

    class ProjectType(models.TextChoices):
        CREATION = "creation", _("Creation")
        EXTENSION = "extension", _("Extension")
        RELOCATION = "relocation", _("Relocation")

    class Timeline(models.TextChoices):
        SOON = "lt6m", _("Within 6 months")
        YEAR = "6-12m", _("6 to 12 months")
        LATER = "gt12m", _("More than a year")

    class Budget(models.TextChoices):
        SMALL = "lt1m", _("Under €1m")
        MEDIUM = "1-5m", _("€1m to €5m")
        LARGE = "5-20m", _("€5m to €20m")
        HUGE = "gt20m", _("Over €20m")

    # The investor
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[siren_validator])
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    # The project
    project_type = models.CharField(
        _("project type"), max_length=20, choices=ProjectType.choices, blank=True
    )
    jobs_planned = models.PositiveIntegerField(
        _("jobs planned"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    surface_needed = models.PositiveIntegerField(
        _("building surface needed (m²)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )
    land_needed = models.PositiveIntegerField(
        _("land needed (m²)"), null=True, blank=True, validators=[MaxValueValidator(100_000_000)]
    )
    timeline = models.CharField(_("timeline"), max_length=10, choices=Timeline.choices, blank=True)
    budget_range = models.CharField(
        _("budget range"), max_length=10, choices=Budget.choices, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    # The pipeline
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.NEW, db_index=True
    )
    lost_reason = models.CharField(_("lost reason"), max_length=300, blank=True)
    competitor_territory = models.CharField(_("competitor territory"), max_length=200, blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    expected_decision_date = models.DateField(_("expected decision date"), null=True, blank=True)
    investment = models.DecimalField(
        _("investment (€)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assignee"),
    )
    # Consent, as shown to the investor when they sent it
    consent_text = models.TextField(_("consent text"), blank=True)
    consent_at = models.DateTimeField(_("consent time"), null=True, blank=True)
    # The investor's opt-in to their views being recorded while signed in (docs/investors.md)
    engagement_consent_at = models.DateTimeField(
        _("visits shared since"), null=True, blank=True, editable=False
    )
    # Where it came from (untrusted text, bounded)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source page"),
    )
    offer = models.ForeignKey(
        "realestate.OfferPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offer"),
    )
    utm_source = models.CharField(_("UTM source"), max_length=200, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=200, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=200, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=200, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=200, blank=True)
    referrer = models.CharField(_("referrer"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    first_answer_at = models.DateTimeField(_("first answer time"), null=True, blank=True)
    # When the lead entered a closed stage (won, lost, abandoned); the retention clock.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    # Personal data removed (GDPR erasure or retention); the figures stay.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = territory_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(Lower("email"), "territory", name="investors_lead_email_ci"),
            # The Leads listing's default order and its sort by company, within a territory
            # (bench/crm.py: 100,000 leads in one territory). Each ends with the id, as the
            # listing's orderings do: a page's keys are read from the index alone
            # (investors/pagination.py).
            models.Index(fields=["territory", "-created_at", "-id"], name="investors_lead_recent"),
            models.Index(fields=["territory", "company", "id"], name="investors_lead_company"),
            # On PostgreSQL, the search's three columns also have a trigram index each, on
            # the expression Django's icontains writes (migration 0007, not declared here:
            # SQLite has no GIN).
            # The pipeline board's columns: a stage's first cards without a sort.
            models.Index(
                fields=["territory", "stage", "expected_decision_date", "-id"],
                name="investors_lead_board",
            ),
        ]

    def __str__(self):
        company = f" · {self.company}" if self.company else ""
        return f"{self.contact_name} <{self.email}>{company}"

    @property
    def is_open(self) -> bool:
        return self.stage not in self.CLOSED_STAGES


class LeadOwned(TerritoryOwnedVia):
    territory_path = "lead__territory"

    class Meta:
        abstract = True


class LeadNote(LeadOwned):
    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="notes", verbose_name=_("lead")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=10000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = territory_manager("lead__territory")

    class Meta:
        verbose_name = _("lead note")
        verbose_name_plural = _("lead notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:80]


class LeadTask(LeadOwned):
    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("lead")
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assignee"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The day the assignee's daily reminder listed it: one reminder per day at most.
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True, editable=False)

    objects = territory_manager("lead__territory")

    class Meta:
        verbose_name = _("lead task")
        verbose_name_plural = _("lead tasks")
        ordering = ["done", "due_date", "pk"]

    def __str__(self):
        return self.title


class LeadActivity(LeadOwned):
    class Kind(models.TextChoices):
        INQUIRY = "inquiry", _("Inquiry received")
        NEW_INQUIRY = "new_inquiry", _("New inquiry")
        STAGE = "stage", _("Stage change")
        NOTE = "note", _("Note")
        EMAIL = "email", _("Email sent")
        ASSIGNMENT = "assignment", _("Assignment")
        TASK_DONE = "task_done", _("Task done")

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="activities", verbose_name=_("lead")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = territory_manager("lead__territory")

    class Meta:
        verbose_name = _("lead activity")
        verbose_name_plural = _("lead activities")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"


class LeadView(LeadOwned):
    """The pages an identified investor viewed on the territory's site, one row per page and
    day (a count, the last time): no IP address, no user agent, nothing from elsewhere."""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="views", verbose_name=_("lead")
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    is_offer = models.BooleanField(_("offer"), default=False)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("views"), default=1)
    last_viewed_at = models.DateTimeField(_("last viewed at"))

    objects = territory_manager("lead__territory")

    class Meta:
        verbose_name = _("lead page view")
        verbose_name_plural = _("lead page views")
        ordering = ["-last_viewed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "page", "day"], name="investors_leadview_day")
        ]

    def __str__(self):
        return f"{self.lead_id} · {self.page_id} · {self.day}"


# --- What a signed-in investor keeps: favourites and saved searches -------------------------


class FavouriteOffer(TerritoryOwned):
    """An offer an investor saved, on the site (territory) they saved it on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favourite_offers",
        verbose_name=_("user"),
    )
    offer = models.ForeignKey(
        "realestate.OfferPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("offer")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = territory_manager()

    class Meta:
        verbose_name = _("saved offer")
        verbose_name_plural = _("saved offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "offer"], name="investors_favourite_once")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.offer_id}"


class SavedSearch(TerritoryOwned):
    """A search of the territory's offers an investor saved, with the digest of its new
    offers they receive (daily or weekly). ``query`` is the search normalised by the search
    page's own parsing (realestate.selectors.offer_search_normalise); ``watermark`` is the
    publication time up to which offers were already considered."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    index = models.ForeignKey(
        "realestate.OfferIndexPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("offer search page"),
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("language"), max_length=10)
    active = models.BooleanField(_("active"), default=True)
    watermark = models.DateTimeField(_("offers considered up to"))
    last_checked_at = models.DateTimeField(_("last checked at"))
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = territory_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["active", "frequency", "last_checked_at"])]

    def __str__(self):
        return self.name


# --- The public page -----------------------------------------------------------------------


CONSENT_DEFAULT = _(
    "Your details are used by the territory's economic development team only to "
    "answer your request and follow your project. You may ask for them to be "
    "corrected or deleted at any time."
)


class ProjectInquiryPage(RoutablePageMixin, SeoMixin, EasyReadMixin, Page):
    """The territory's "implantation project" form, and each offer's inquiry form
    (``offer/<id>/``: the offer is looked up among this site's live offers, never taken
    from the form). Form pages are personal (CSRF, submission token): never page-cached."""

    page_cache = False

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "Shown at the form and stored with each lead as the consent text. Empty: the "
            "standard notice, in the page's language."
        ),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=INTRO_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("implantation project page")

    def notice(self) -> str:
        """The privacy notice shown at the form, stored with the lead as its consent."""
        return self.privacy_notice.strip() or str(CONSENT_DEFAULT)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_page"] = self._privacy_page()
        context["notice"] = self.notice()
        return context

    def _privacy_page(self):
        from territories.services import KEY_NAMESPACE

        territory = getattr(self, "_territory", None)
        if territory is None:
            return None
        key = uuid.uuid5(KEY_NAMESPACE, f"{territory.slug}:privacy")
        return Page.objects.live().filter(translation_key=key, locale_id=self.locale_id).first()

    @path("", name="project")
    def project_view(self, request):
        from .views import inquiry_serve

        return inquiry_serve(request, page=self, offer=None)

    @path("offer/<int:offer_id>/", name="offer")
    def offer_view(self, request, offer_id):
        from .views import inquiry_serve, offer_of_site

        return inquiry_serve(request, page=self, offer=offer_of_site(request, self, offer_id))
