"""Business real-estate offers: one Wagtail page per offer, under the territory's offer index.

Offers are pages so that drafts, moderation, scheduling, revisions, translation and the
territory's page permissions come from Wagtail; the index page runs the faceted search
(``selectors.offer_search``) on its own children.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page
from modelcluster.fields import ParentalKey
from modelcluster.models import model_from_serializable_data
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from core.alt_text import ALT_HELP
from core.imports import ImportRecord
from core.models import INTRO_FEATURES, SeoMixin
from core.seo import SCHEMA
from home.easy_read import EasyReadMixin
from home.models import SectionIndexPage
from territories.tenancy import TerritoryOwned

from .forms import SEARCH_FILTERS, OfferPageForm


class OfferType(models.TextChoices):
    OFFICE = "office", _("Office")
    PREMISES = "premises", _("Activity premises")
    WAREHOUSE = "warehouse", _("Warehouse / logistics")
    RETAIL = "retail", _("Retail")
    LAND = "land", _("Land")
    COWORKING = "coworking", _("Coworking / third place")
    BUSINESS_CENTRE = "business_centre", _("Business centre / incubator")


class Transaction(models.TextChoices):
    RENT = "rent", _("For rent")
    SALE = "sale", _("For sale")
    BOTH = "both", _("For rent or sale")


class OfferStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    UNDER_OFFER = "under_offer", _("Under offer")
    CONCLUDED = "concluded", _("Let or sold")


class EnergyClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


# INSEE commune codes: five digits, or 2A/2B and three digits in Corsica.
insee_code = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$", _("An INSEE commune code has five characters, e.g. 69123 or 2A004.")
)
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class OfferIndexPage(RoutablePageMixin, SectionIndexPage):
    """The territory's offers: a faceted search over its children (works without
    JavaScript; its state is in the URL, so a search can be shared), and the same result
    set as GeoJSON for the map (``geojson/``, same parameters)."""

    subpage_types = ["realestate.OfferPage"]
    # The search's parameters (realestate/forms.py): a page cache entry per combination of
    # these only; any other parameter is served, never stored (docs/page-cache.md).
    cache_query_params = (*SEARCH_FILTERS, "sort", "page")

    class Meta:
        verbose_name = _("offer index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import offer_search

        context = super().get_context(request, *args, **kwargs)
        context["search"] = offer_search(index=self, params=request.GET)
        context["map_tiles"] = settings.TERRITORIA_MAP_TILES
        context["type_labels"] = json.dumps({code: str(label) for code, label in OfferType.choices})
        return context

    # For the apps that keep searches (investors' saved searches), which may not import
    # realestate: the search as this page judges it (realestate/selectors.py).
    def search_normalise(self, params) -> tuple[str, list[str]]:
        from .selectors import offer_search_normalise

        return offer_search_normalise(index=self, params=params)

    def search_matches(self, params):
        from .selectors import offer_matches

        return offer_matches(index=self, params=params)

    def search_label(self, query: str) -> str:
        from .selectors import offer_search_label

        return offer_search_label(index=self, query=query)

    @path("geojson/", name="geojson")
    def geojson_view(self, request):
        """Every offer of the search with coordinates (not one page of them): the map shows
        the list's result set. Compact: short keys, five decimals (about a metre)."""
        return _geojson(request, self)


@gzip_page  # about a tenth of the size on the wire; never page-cached (not HTML)
def _geojson(request, index):
    from .selectors import offer_geojson

    return JsonResponse(
        offer_geojson(index=index, params=request.GET, request=request),
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


class OfferPage(SeoMixin, EasyReadMixin, Page):
    """One business property offer: an office floor, premises, a plot, a coworking space."""

    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_("Your own or the broker's reference; imports match offers on it."),
    )
    offer_type = models.CharField(_("type"), max_length=20, choices=OfferType.choices)
    transaction = models.CharField(_("transaction"), max_length=10, choices=Transaction.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.AVAILABLE,
        help_text=_("A let or sold offer stays online, marked as such."),
    )
    summary = models.CharField(_("summary"), max_length=240)
    description = RichTextField(_("description"), blank=True, features=INTRO_FEATURES)

    surface = models.PositiveIntegerField(
        _("surface (m²)"), validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    surface_divisible_from = models.PositiveIntegerField(
        _("divisible from (m²)"),
        null=True,
        blank=True,
        help_text=_("The smallest lot you can offer, when the surface can be divided."),
    )
    land_area = models.PositiveIntegerField(_("land area (m²)"), null=True, blank=True)
    sale_price = models.DecimalField(_("sale price (€)"), null=True, blank=True, **MONEY)
    rent = models.DecimalField(
        _("rent (€ / m² / year, excl. tax and charges)"), null=True, blank=True, **MONEY
    )
    charges = models.DecimalField(_("charges (€ / m² / year)"), null=True, blank=True, **MONEY)
    available_from = models.DateField(
        _("available from"), null=True, blank=True, help_text=_("Leave empty: available now.")
    )

    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=80)
    commune_insee = models.CharField(
        _("commune INSEE code"), max_length=5, validators=[insee_code], db_index=True
    )
    business_zone = models.CharField(_("business zone"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    parking_spaces = models.PositiveIntegerField(_("parking spaces"), default=0)
    fibre = models.BooleanField(_("fibre"), default=False)
    rail_access = models.BooleanField(_("rail access"), default=False)
    port_access = models.BooleanField(_("port access"), default=False)
    icpe = models.BooleanField(
        _("classified site (ICPE)"),
        default=False,
        help_text=_("Authorised for activities classified for environmental protection."),
    )
    power_kva = models.PositiveIntegerField(_("power (kVA)"), null=True, blank=True)
    ceiling_height = models.DecimalField(
        _("ceiling height (m)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    loading_docks = models.PositiveIntegerField(_("loading docks"), default=0)
    energy_class = models.CharField(
        _("energy class"), max_length=1, choices=EnergyClass.choices, blank=True
    )

    floor_plan = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("floor plan"),
    )
    ecosystem = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("filière"),
        help_text=_("The offer is shown on this filière's page (e.g. laboratories: health)."),
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    # Denormalised from the page tree for the public search (docs/realestate.md, "Speed"):
    # the offer index the offer is a child of, and whether the page is live. Set after every
    # save of the page, whatever its class (publish, unpublish, move, copy: ``signals.py``),
    # so that the search reads this table alone, never a path scan joined to the pages.
    index_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        editable=False,
        on_delete=models.DO_NOTHING,  # the index's children go with it
        db_constraint=False,
        db_index=False,  # the search's indexes below start with it
        related_name="+",
    )
    is_live = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(null=True, editable=False)  # first_published_at

    content_panels = [
        *Page.content_panels,
        FieldPanel("easy_read"),
        FieldRowPanel([FieldPanel("reference"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("offer_type"), FieldPanel("transaction")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        # A page of the showcase, named by string: real estate does not import it.
        PageChooserPanel("ecosystem", page_type="attractiveness.EcosystemPage"),
        InlinePanel("photos", label=_("Photos"), heading=_("Photo gallery")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("surface"), FieldPanel("surface_divisible_from")]),
                FieldPanel("land_area"),
                FieldRowPanel(
                    [FieldPanel("sale_price"), FieldPanel("rent"), FieldPanel("charges")]
                ),
                FieldPanel("available_from"),
            ],
            heading=_("Surface, price, availability"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel(
                    [FieldPanel("postcode"), FieldPanel("commune"), FieldPanel("commune_insee")]
                ),
                FieldPanel("business_zone"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("parking_spaces"),
                        FieldPanel("loading_docks"),
                        FieldPanel("power_kva"),
                        FieldPanel("ceiling_height"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("fibre"),
                        FieldPanel("rail_access"),
                        FieldPanel("port_access"),
                        FieldPanel("icpe"),
                    ]
                ),
                FieldPanel("energy_class"),
                FieldPanel("floor_plan"),
            ],
            heading=_("Features"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact at the territory"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("commune"),
        index.SearchField("business_zone"),
        index.FilterField("offer_type"),
        index.FilterField("status"),
    ]
    parent_page_types = ["realestate.OfferIndexPage"]
    subpage_types = []
    base_form_class = OfferPageForm

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            # Every search reads one index's live offers. The facets' counts read all of
            # them: these columns let PostgreSQL count from the index alone (index-only scan).
            models.Index(
                fields=[
                    "index_page",
                    "is_live",
                    "offer_type",
                    "transaction",
                    "commune_insee",
                    "commune",
                    "status",
                    "surface",
                    "rent",
                    "sale_price",
                    "available_from",
                    "parking_spaces",
                    "loading_docks",
                    "fibre",
                    "rail_access",
                    "port_access",
                    "icpe",
                    "page_ptr",  # counted: COUNT(page_ptr_id) reads the index alone too
                ],
                name="offer_search_facets",
            ),
            # One page of results in each order, walking the index (LIMIT 12); with the
            # status, the ids of an unfiltered page come from the index alone, however deep.
            models.Index(
                fields=["index_page", "is_live", "-published_at", "-page_ptr", "status"],
                name="offer_search_recent",
            ),
            models.Index(
                fields=["index_page", "is_live", "surface", "page_ptr", "status"],
                name="offer_search_surface",
            ),
            models.Index(
                fields=["index_page", "is_live", "rent", "page_ptr", "status"],
                name="offer_search_rent",
            ),
            models.Index(
                fields=["index_page", "is_live", "sale_price", "page_ptr", "status"],
                name="offer_search_price",
            ),
            # Similar offers: the nearest surfaces of the same type.
            models.Index(fields=["index_page", "offer_type", "surface"], name="offer_similar"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        lot, surface = self.surface_divisible_from, self.surface
        if lot and surface and lot > surface:
            errors["surface_divisible_from"] = _("A lot cannot be larger than the whole surface.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both the latitude and the longitude, or neither.")
        if self.transaction == Transaction.SALE and self.rent is not None:
            errors["rent"] = _("An offer for sale has no rent: choose “For rent or sale”.")
        if self.transaction == Transaction.RENT and self.sale_price is not None:
            errors["sale_price"] = _(
                "An offer for rent has no sale price: choose “For rent or sale”."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["similar"] = list(self.similar_offers())
        return context

    def jsonld_main(self, request, site) -> list[dict]:
        """schema.org data for search engines: a real-estate listing (the page), about the
        place, offering it for sale or lease (``itemOffered`` cannot be a Place)."""
        place = {
            "@type": "Place",
            "name": self.title,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "postalCode": self.postcode,
                "addressLocality": self.commune,
                "addressCountry": "FR",
            },
        }
        if self.has_coordinates:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        url = self.get_full_url(request)
        offer = {
            "@type": "Offer",
            "name": self.title,
            "url": url,
            "sku": self.reference,
            "businessFunction": "http://purl.org/goodrelations/v1#"
            + ("Sell" if self.transaction == Transaction.SALE else "LeaseOut"),
            "availability": f"{SCHEMA}/" + ("InStock" if self.is_available else "SoldOut"),
            "offeredBy": site.organization_ref(),
        }
        if self.sale_price is not None:
            offer.update(price=str(self.sale_price), priceCurrency="EUR")
        if self.available_from:
            offer["availabilityStarts"] = self.available_from.isoformat()
        listing = {
            "@context": SCHEMA,
            "@type": "RealEstateListing",
            "name": self.title,
            "description": self.summary,
            "url": url,
            "inLanguage": site.language,
            "about": place,
            "offers": offer,
        }
        if self.first_published_at:
            listing["datePosted"] = timezone.localtime(self.first_published_at).isoformat()
        return [listing]

    @property
    def is_available(self) -> bool:
        return self.status == OfferStatus.AVAILABLE

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def features(self) -> list[str]:
        """The offer's features as short labels, for the key facts and the cards."""
        labels = []
        if self.parking_spaces:
            labels.append(_("%(n)s parking spaces") % {"n": self.parking_spaces})
        for flag in ("fibre", "rail_access", "port_access", "icpe"):
            if getattr(self, flag):
                labels.append(self._meta.get_field(flag).verbose_name)
        if self.loading_docks:
            labels.append(_("%(n)s loading docks") % {"n": self.loading_docks})
        return labels

    def similar_offers(self, limit: int = 3) -> list:
        """Live, public, available offers of the same index and type, the nearest in
        surface first: the nearest ``limit`` above and below, each walking the
        ``offer_similar`` index, merged (two queries and the photos, whatever the number of
        offers)."""
        from django.db.models import prefetch_related_objects

        from .selectors import listed_offers

        index = Page(pk=self.index_page_id, path=self.path[: -Page.steplen], depth=self.depth - 1)
        same = (
            listed_offers(index)
            .filter(offer_type=self.offer_type, status=OfferStatus.AVAILABLE)
            .exclude(pk=self.pk)
        )
        above = list(same.filter(surface__gte=self.surface).order_by("surface", "pk")[:limit])
        below = list(same.filter(surface__lt=self.surface).order_by("-surface", "pk")[:limit])
        nearest = sorted(
            above + below, key=lambda offer: (abs(offer.surface - self.surface), offer.pk)
        )
        nearest = nearest[:limit]
        prefetch_related_objects(nearest, "photos__image")
        return nearest


class OfferPhoto(TranslatableMixin, Orderable):
    """A photo of the offer's gallery. Translatable, as a story's gallery photos are:
    wagtail-localize synchronises the rows of a model that is not, and the English offer
    would read the French alt text."""

    page = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    image_alt = models.CharField(_("alternative text"), max_length=250, help_text=ALT_HELP)

    panels = [FieldPanel("image"), FieldPanel("image_alt")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        pass

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """The photo as a revision holds it. modelcluster checks that each foreign key still
        exists, one query a key a photo, each time a revision is published (an import
        publishes every row): the locale's is left out, it cannot be missing
        (``on_delete=PROTECT``), so a photo costs what it cost before it had a locale."""
        data = dict(data)
        locale = data.pop("locale", None)
        photo = model_from_serializable_data(cls, data, check_fks=check_fks, strict_fks=strict_fks)
        if photo is not None:
            photo.locale_id = locale
        return photo


def _import_upload_to(instance, filename: str) -> str:
    # Private in object storage (core/storage.py makes only images/ public), and a random
    # folder: the name an editor gave the file is never a guessable URL.
    import uuid

    return f"imports/offers/{uuid.uuid4().hex}/{filename}"


class OfferImport(ImportRecord, TerritoryOwned):
    """One upload of offers (CSV or JSON, photos in an optional zip), its progress and its
    per-row report (``core.imports.ImportRecord``). The rows are validated and written by
    ``realestate.imports``, on a worker (``realestate.tasks.offer_import_run``)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    file = models.FileField(_("file"), upload_to=_import_upload_to, max_length=255)
    photos = models.FileField(
        _("photos (zip)"), upload_to=_import_upload_to, max_length=255, blank=True
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    dry_run = models.BooleanField(
        _("check only"),
        default=False,
        help_text=_("Validate every row and report, without changing any offer."),
    )
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    # report: [{"row": 2, "reference": "…", "result": "created|updated|unchanged|skipped|
    #   rejected", "draft": bool, "errors": [{"column": "…", "message": "…"}]}], in file order.

    class Meta(ImportRecord.Meta):
        verbose_name = _("offer import")
        verbose_name_plural = _("offer imports")
