"""The company directory (docs/directory.md): the territory's establishments from SIRENE,
the mapping of NAF codes to its filières, imports, and the public directory page.

Imported by ``attractiveness.models`` (so that Django finds the models there, and other code
names them ``attractiveness.models.Company``)."""

import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import connections, models
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.imports import ImportRecord
from home.models import SectionIndexPage
from home.search import fold
from territories.tenancy import TerritoryOwned, TerritoryOwnedQuerySet, territory_manager


class HeadcountBand(models.TextChoices):
    """INSEE's ``tranche d'effectif salarié`` codes (SIRENE, "Recherche d'entreprises")."""

    NONE = "NN", _("No employee (non-employer unit)")
    ZERO = "00", _("0 employees")
    B01 = "01", _("1 or 2 employees")
    B02 = "02", _("3 to 5 employees")
    B03 = "03", _("6 to 9 employees")
    B11 = "11", _("10 to 19 employees")
    B12 = "12", _("20 to 49 employees")
    B21 = "21", _("50 to 99 employees")
    B22 = "22", _("100 to 199 employees")
    B31 = "31", _("200 to 249 employees")
    B32 = "32", _("250 to 499 employees")
    B41 = "41", _("500 to 999 employees")
    B42 = "42", _("1,000 to 1,999 employees")
    B51 = "51", _("2,000 to 4,999 employees")
    B52 = "52", _("5,000 to 9,999 employees")
    B53 = "53", _("10,000 employees or more")


# schema.org numberOfEmployees: the band's bounds (minValue, maxValue).
HEADCOUNT_RANGES = {
    "00": (0, 0), "01": (1, 2), "02": (3, 5), "03": (6, 9), "11": (10, 19), "12": (20, 49),
    "21": (50, 99), "22": (100, 199), "31": (200, 249), "32": (250, 499), "41": (500, 999),
    "42": (1000, 1999), "51": (2000, 4999), "52": (5000, 9999), "53": (10000, None),
}  # fmt: skip

NAF_CODE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
NAF_PREFIX = re.compile(r"^\d{2}(\.\d{0,2}[A-Z]?)?$")
insee_code = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$", _("An INSEE commune code has five characters, e.g. 69123 or 2A004.")
)
naf_code_validator = RegexValidator(
    NAF_CODE, _("A NAF code (rev. 2) looks like 62.01Z: two digits, a dot, two digits, a letter.")
)
web_url = URLValidator(schemes=["http", "https"])


def normalise_naf(value: str) -> str:
    """``6201Z``, ``62.01z``, `` 62.01Z`` → ``62.01Z``; a prefix (``62``, ``62.0``) as is."""
    text = (value or "").strip().upper().replace(" ", "")
    if re.fullmatch(r"\d{4}[A-Z]", text):
        return f"{text[:2]}.{text[2:]}"
    if re.fullmatch(r"\d{3,4}", text):
        return f"{text[:2]}.{text[2:]}"
    return text


# python-stdnum is imported by the validators (a company form, an import), not by every worker
# at start: it imports pydoc (docs/performance.md, "Worker memory").


def validate_siret(value: str) -> None:
    from stdnum.fr import siret as stdnum_siret

    if not stdnum_siret.is_valid(value or ""):
        raise ValidationError(_("This is not a valid SIRET number (14 digits, checksum)."))


def validate_siren(value: str) -> None:
    from stdnum.fr import siren as stdnum_siren

    if not stdnum_siren.is_valid(value or ""):
        raise ValidationError(_("This is not a valid SIREN number (9 digits, checksum)."))


# What a visitor's words are matched on (docs/directory.md, "Search"). PostgreSQL: the
# ``search_vector`` column that PostgreSQL itself computes from these columns (migration
# 0015), French stemming without accents; elsewhere ``search_text``, their folded words.
SEARCHED_FIELDS = ("name", "naf_label", "commune")
# The SQL below is constant; the visitor's words are always a query parameter (hence noqa).
PG_QUERY = "plainto_tsquery('territoria_french'::regconfig, %s)"
MAX_SEARCH_WORDS = 10  # SQLite: one LIKE per word


class CompanyQuerySet(TerritoryOwnedQuerySet):
    def listed(self):
        """What the public directory shows: open establishments (SIRENE's state A)."""
        return self.filter(active=True)

    def matching(self, words: str):
        """Companies whose name, NAF label or commune hold every word of ``words`` (plain
        words: home.search.search_words)."""
        if connections[self.db].vendor == "postgresql":
            matches = f"search_vector @@ {PG_QUERY}"
            return self.filter(RawSQL(matches, [words], output_field=BooleanField()))  # noqa: S611
        matched = self
        for word in fold(words).split()[:MAX_SEARCH_WORDS]:
            matched = matched.filter(search_text__contains=word)
        return matched

    def by_relevance(self, words: str, *, candidates: int | None = None):
        """The best matches of ``matching(words)`` first on PostgreSQL (``ts_rank``), then by
        name; elsewhere by name. ``candidates``: rank only that many matches (the first
        found), so that a word shared by 10,000 companies does not cost 10,000 ranks."""
        if connections[self.db].vendor != "postgresql":
            return self.order_by("name", "pk")
        rows = self
        if candidates:  # the matches' ids (limited), then only those rows: none read twice
            ids = self.order_by().values("pk")[:candidates]
            rows = self.model._default_manager.filter(pk__in=ids)
        rank = RawSQL(f"ts_rank(search_vector, {PG_QUERY})", [words], FloatField())  # noqa: S611
        return rows.order_by(rank.desc(), "name", "pk")

    # Imports write in bulk (no save()): the folded text follows the columns it comes from.
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for company in objs:
            company.search_text = company.folded_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if set(fields) & set(SEARCHED_FIELDS):
            for company in objs:
                company.search_text = company.folded_search_text()
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class Company(TerritoryOwned):
    """An establishment of the territory (one SIRET), from SIRENE or typed in by an editor.
    Closed establishments (``active`` false: SIRENE's ``etatAdministratif`` F) stay in the
    admin and leave the public directory."""

    siren = models.CharField(_("SIREN"), max_length=9, validators=[validate_siren])
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        validators=[validate_siret],
        help_text=_("14 digits: the SIREN of the company and the NIC of the establishment."),
    )
    name = models.CharField(_("name"), max_length=200)
    naf_code = models.CharField(
        _("NAF code"), max_length=6, validators=[naf_code_validator], help_text=_("e.g. 62.01Z")
    )
    naf_label = models.CharField(_("activity"), max_length=200, blank=True)
    headcount_band = models.CharField(
        _("headcount"), max_length=2, choices=HeadcountBand.choices, default=HeadcountBand.NONE
    )
    is_head_office = models.BooleanField(_("head office"), default=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    commune_insee = models.CharField(
        _("commune INSEE code"), max_length=5, blank=True, validators=[insee_code]
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    website = models.URLField(
        _("website"), blank=True, validators=[web_url], help_text=_("An http or https address.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    filieres = models.ManyToManyField(
        "attractiveness.EcosystemPage",
        blank=True,
        related_name="companies",
        verbose_name=_("filières"),
        help_text=_("Imports add the filières the territory's NAF mappings give."),
    )
    active = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("Closed establishments (SIRENE state F) are not shown on the public site."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Name, NAF label and commune folded (no case, no accents): the site search's match
    # where PostgreSQL's full text is not there (SQLite). Kept by save() and bulk writes.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = territory_manager(queryset_class=CompanyQuerySet)

    panels = [
        FieldPanel("territory"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("siret"), FieldPanel("siren")]),
        FieldRowPanel([FieldPanel("naf_code"), FieldPanel("naf_label")]),
        FieldRowPanel([FieldPanel("headcount_band"), FieldPanel("is_head_office")]),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                FieldPanel("commune_insee"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("filieres", widget=forms.CheckboxSelectMultiple),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "siret"], name="company_territory_siret")
        ]
        indexes = [
            models.Index(fields=["territory", "active", "name", "id"], name="company_listed"),
            models.Index(fields=["territory", "commune_insee"], name="company_commune"),
        ]

    def __str__(self):
        return f"{self.name} ({self.siret})"

    def folded_search_text(self) -> str:
        return fold(" ".join(getattr(self, name) or "" for name in SEARCHED_FIELDS))

    def save(self, *args, **kwargs):
        self.search_text = self.folded_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.naf_code:
            self.naf_code = normalise_naf(self.naf_code)
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            errors["siren"] = _("The SIREN is the first nine digits of the SIRET.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both coordinates, or neither.")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude is between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude is between -180 and 180.")
        if errors:
            raise ValidationError(errors)

    @property
    def headcount_range(self):
        return HEADCOUNT_RANGES.get(self.headcount_band)

    def as_jsonld(self) -> dict:
        """schema.org ``Organization`` of the establishment (docs/directory.md)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
            "identifier": [
                {"@type": "PropertyValue", "propertyID": "SIRET", "value": self.siret},
                {"@type": "PropertyValue", "propertyID": "SIREN", "value": self.siren},
                {"@type": "PropertyValue", "propertyID": "NAF", "value": self.naf_code},
            ],
            "description": self.naf_label or None,
            "url": self.website or None,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address or None,
                "postalCode": self.postcode or None,
                "addressLocality": self.commune or None,
                "addressCountry": "FR",
            },
        }
        if self.latitude is not None and self.longitude is not None:
            data["location"] = {
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": float(self.latitude),
                    "longitude": float(self.longitude),
                },
            }
        bounds = self.headcount_range
        if bounds:
            employees = {"@type": "QuantitativeValue", "minValue": bounds[0]}
            if bounds[1] is not None:
                employees["maxValue"] = bounds[1]
            data["numberOfEmployees"] = employees
        data["address"] = {k: v for k, v in data["address"].items() if v is not None}
        return {k: v for k, v in data.items() if v is not None}


class NafMapping(TerritoryOwned):
    """One of the territory's rules: companies whose NAF code starts with ``code`` belong
    to ``ecosystem`` (one of its filières). Every matching rule applies."""

    code = models.CharField(
        _("NAF code or prefix"),
        max_length=6,
        help_text=_("A full code (62.01Z) or its start (62, 62.0, 62.01): every code under it."),
    )
    ecosystem = models.ForeignKey(
        "attractiveness.EcosystemPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("filière"),
    )

    panels = [FieldPanel("territory"), FieldPanel("code"), FieldPanel("ecosystem")]

    class Meta:
        verbose_name = _("NAF mapping")
        verbose_name_plural = _("NAF mappings")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "code", "ecosystem"], name="nafmapping_territory_code"
            )
        ]

    def __str__(self):
        return f"{self.code} → {self.ecosystem.title if self.ecosystem_id else '?'}"

    def clean(self):
        super().clean()
        self.code = normalise_naf(self.code)
        if not NAF_PREFIX.fullmatch(self.code):
            raise ValidationError(
                {"code": _("A NAF code or its start: 62, 62.0, 62.01 or 62.01Z.")}
            )

    def matches(self, naf_code: str) -> bool:
        return naf_code.startswith(self.code)


def _import_upload_to(instance, filename: str) -> str:
    # Private in object storage, in a random folder (as realestate's imports).
    return f"imports/companies/{uuid.uuid4().hex}/{filename}"


class CompanyImport(ImportRecord, TerritoryOwned):
    """One upload of companies (SIRENE CSV, possibly zipped, or "Recherche d'entreprises"
    JSON), its progress and its report (``core.imports.ImportRecord``); run by
    ``attractiveness.company_imports`` on a worker."""

    PERCENT_WHILE_RUNNING_MAX = 99

    class Format(models.TextChoices):
        CSV = "csv", "CSV (SIRENE)"
        ZIP = "zip", "ZIP (SIRENE CSV)"
        JSON = "json", "JSON (Recherche d'entreprises)"

    file = models.FileField(_("file"), upload_to=_import_upload_to, max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    closed = models.PositiveIntegerField(
        _("closed"), default=0, help_text=_("Rows of closed establishments (state F).")
    )
    # [{"row": 2, "siret": "…", "result": "created|updated|unchanged|rejected",
    #   "errors": [{"column": "…", "message": "…"}]}]: rejected rows always (up to a cap),
    # accepted rows too while the file is small (docs/directory.md, "Report").

    class Meta(ImportRecord.Meta):
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")


class CompanyDirectoryPage(RoutablePageMixin, SectionIndexPage):
    """The territory's public directory: its open companies, filtered by filière,
    headcount band and commune, 20 a page (works without JavaScript), and the same result
    set as compact JSON for the map (``map/``, same parameters)."""

    subpage_types = []
    cache_query_params = ("filiere", "band", "commune", "page")

    class Meta:
        verbose_name = _("company directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["directory"] = self._directory(request)
        context["map_tiles"] = settings.TERRITORIA_MAP_TILES
        return context

    def _directory(self, request):
        from .company_selectors import company_directory

        # Once a request: the page's listing and its JSON-LD (``jsonld``) share it.
        if getattr(request, "_company_directory", None) is None:
            request._company_directory = company_directory(
                page=self, params=request.GET, request=request
            )
        return request._company_directory

    @path("map/", name="map")
    def map_view(self, request):
        from .company_selectors import company_map_response

        return company_map_response(request, page=self)

    def jsonld(self, request) -> list[dict]:
        """The page's own (its WebPage and breadcrumb trail, core.models.SeoMixin), then
        the companies of the page shown, as schema.org Organizations."""
        companies = [company.as_jsonld() for company in self._directory(request).results]
        return [*super().jsonld(request), *companies]
