import hashlib
import re
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from .colors import AA_NON_TEXT, AA_TEXT, HEX_COLOR, WHITE, contrast_ratio

REGIONS = [
    ("ARA", "Auvergne-Rhône-Alpes"),
    ("BFC", "Bourgogne-Franche-Comté"),
    ("BRE", "Bretagne"),
    ("CVL", "Centre-Val de Loire"),
    ("COR", "Corse"),
    ("GES", "Grand Est"),
    ("HDF", "Hauts-de-France"),
    ("IDF", "Île-de-France"),
    ("NOR", "Normandie"),
    ("NAQ", "Nouvelle-Aquitaine"),
    ("OCC", "Occitanie"),
    ("PDL", "Pays de la Loire"),
    ("PAC", "Provence-Alpes-Côte d'Azur"),
    ("GUA", "Guadeloupe"),
    ("GUF", "Guyane"),
    ("MTQ", "Martinique"),
    ("LRE", "La Réunion"),
    ("MAY", "Mayotte"),
]


def validate_siren(value: str) -> None:
    """A collectivité's SIREN: nine digits with a valid Luhn checksum."""
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("A SIREN number has exactly nine digits."))
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    if total % 10:
        raise ValidationError(_("This SIREN number fails its checksum: check for a typo."))


def validate_languages(value) -> None:
    known = dict(settings.LANGUAGES)
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."))
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unsupported language(s): %(codes)s. Available: %(known)s."),
            params={"codes": ", ".join(map(str, unknown)), "known": ", ".join(known)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each language may appear only once."))


class TerritoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)


class Territory(models.Model):
    """The tenant: one territory, one Wagtail Site, one collection, four groups."""

    site = models.OneToOneField(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        related_name="territory",
        verbose_name=_("site"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    official_code = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("The collectivité's SIREN number (nine digits)."),
    )
    region = models.CharField(_("region"), max_length=3, choices=REGIONS, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("Language codes the public site is published in; the first is the default."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    sender_email = models.EmailField(
        _("sender email"), blank=True, help_text=_("The From address of this territory's emails.")
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        related_name="territory",
        verbose_name=_("media collection"),
    )
    groups = models.ManyToManyField(
        Group, related_name="territories", blank=True, verbose_name=_("groups")
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TerritoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("official_code"),
        FieldPanel("region"),
        FieldPanel("contact_email"),
        FieldPanel("sender_email"),
    ]

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else settings.LANGUAGE_CODE

    @property
    def root_url(self) -> str:
        return self.site.root_url

    def group_for(self, role: str) -> Group | None:
        return self.groups.filter(name=group_name(self, role)).first()


def group_name(territory: Territory, role: str) -> str:
    return f"{territory.name} · {role}"


hex_color_validator = RegexValidator(
    HEX_COLOR, _("Enter a colour as #RRGGBB, for example #1d4f91.")
)


# TerritorySettings' texts shown to the public: ``<name>`` is written in the territory's
# default language, ``<name>_<code>`` in each other language of settings.LANGUAGES.
TRANSLATED_TEXTS = ("tagline", "legal_notice")
TRANSLATION_HELP = _(
    "Shown on the pages in this language. Leave empty to show the text in the default language."
)
LEGAL_NOTICE_FEATURES = ["bold", "italic", "link"]


class LocalizedText(NamedTuple):
    text: str
    language: str  # the language the text is written in


class TerritorySettingsForm(WagtailAdminModelForm):
    """Offers the texts in the territory's languages only, each labelled with its language:
    the plain field for the default language, ``_<code>`` fields for the others. The fields
    of other languages are left out of the form, so that saving never clears them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        territory = Territory.objects.filter(site_id=self.instance.site_id).first()
        languages = territory.languages if territory else [code for code, _n in settings.LANGUAGES]
        default = languages[0] if languages else settings.LANGUAGE_CODE
        names = dict(settings.LANGUAGES)
        for base in TRANSLATED_TEXTS:
            label = capfirst(TerritorySettings._meta.get_field(base).verbose_name)
            self.fields[base].label = f"{label} ({names.get(default, default)})"
            for code, name in settings.LANGUAGES:
                field = f"{base}_{code}"
                if field not in self.fields:
                    continue
                if code == default or code not in languages:
                    del self.fields[field]
                else:
                    self.fields[field].label = f"{label} ({name})"


@register_setting(icon="palette")
class TerritorySettings(BaseSiteSetting):
    """Editors' knobs for their territory: branding, social links, legal notice, analytics.

    The public texts (``TRANSLATED_TEXTS``) have a field per language; ``text()`` picks the
    page's language, falling back to the territory's default language."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=160,
        blank=True,
        help_text=_("In the territory's default language; shown where no translation is given."),
    )
    tagline_fr = models.CharField(
        _("tagline (French)"), max_length=160, blank=True, help_text=TRANSLATION_HELP
    )
    tagline_en = models.CharField(
        _("tagline (English)"), max_length=160, blank=True, help_text=TRANSLATION_HELP
    )
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#1d4f91",
        validators=[hex_color_validator],
        help_text=_("Links and buttons (white text on it): needs 4.5:1 contrast with white."),
    )
    secondary_color = models.CharField(
        _("secondary colour"),
        max_length=7,
        default="#14213d",
        validators=[hex_color_validator],
        help_text=_("Header and footer background (white text on it): needs 4.5:1 with white."),
    )
    accent_color = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#c25e00",
        validators=[hex_color_validator],
        help_text=_("Decorative accents and focus rings: needs 3:1 contrast with white."),
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    legal_notice = RichTextField(
        _("legal notice"),
        blank=True,
        features=LEGAL_NOTICE_FEATURES,
        help_text=_("In the territory's default language; shown where no translation is given."),
    )
    legal_notice_fr = RichTextField(
        _("legal notice (French)"),
        blank=True,
        features=LEGAL_NOTICE_FEATURES,
        help_text=TRANSLATION_HELP,
    )
    legal_notice_en = RichTextField(
        _("legal notice (English)"),
        blank=True,
        features=LEGAL_NOTICE_FEATURES,
        help_text=TRANSLATION_HELP,
    )
    analytics_id = models.CharField(
        _("Matomo site id"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d+$", _("A Matomo site id is a number."))],
        help_text=_(
            "Audience measurement (Matomo, CNIL-exempt configuration). Leave empty to disable."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("tagline"),
                FieldPanel("tagline_fr"),
                FieldPanel("tagline_en"),
                FieldPanel("primary_color"),
                FieldPanel("secondary_color"),
                FieldPanel("accent_color"),
            ],
            heading=_("Branding"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("x_url"),
                FieldPanel("youtube_url"),
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
            ],
            heading=_("Social networks"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_notice"),
                FieldPanel("legal_notice_fr"),
                FieldPanel("legal_notice_en"),
            ],
            heading=_("Legal notice"),
        ),
        FieldPanel("analytics_id"),
    ]
    base_form_class = TerritorySettingsForm

    class Meta:
        verbose_name = _("territory settings")

    def clean(self):
        super().clean()
        errors = {}
        rules = (
            ("primary_color", AA_TEXT, _("white text on buttons")),
            ("secondary_color", AA_TEXT, _("white text in the header and footer")),
            ("accent_color", AA_NON_TEXT, _("focus rings and accents on white")),
        )
        for field, minimum, usage in rules:
            value = getattr(self, field) or ""
            if not HEX_COLOR.match(value):
                continue  # the field validator already explains the format
            ratio = contrast_ratio(value, WHITE)
            if ratio < minimum:
                errors[field] = _(
                    "%(color)s has a contrast of %(ratio).2f:1 against white; %(usage)s needs at "
                    "least %(minimum).1f:1 (WCAG 2.1 AA). Choose a darker shade."
                ) % {"color": value, "ratio": ratio, "usage": usage, "minimum": minimum}
        if errors:
            raise ValidationError(errors)

    def text(self, name: str, language: str, default_language: str) -> LocalizedText:
        """The text ``name`` for a page in ``language``: its translation when there is one,
        otherwise the default language's (with that language, for the ``lang`` attribute)."""
        if language != default_language:
            translated = getattr(self, f"{name}_{language}", "")
            if translated:
                return LocalizedText(translated, language)
        return LocalizedText(getattr(self, name), default_language)

    @property
    def brand_version(self) -> str:
        colors = f"{self.primary_color}{self.secondary_color}{self.accent_color}"
        return hashlib.sha256(colors.encode()).hexdigest()[:10]
