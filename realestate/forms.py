"""The offer editor's form, and the public search's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class OfferPageForm(WagtailAdminPageForm):
    def clean_reference(self):
        """A reference names one offer of the territory: imports match offers on it."""
        from .models import OfferPage

        reference = self.cleaned_data["reference"].strip()
        if self.parent_page is not None:
            taken = OfferPage.objects.child_of(self.parent_page).filter(reference=reference)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("Another offer of this territory has this reference.")
                )
        return reference

    def clean_ecosystem(self):
        """A filière of this territory: the chooser offers the editor's own trees, but a
        posted id is anyone's, and any page's."""
        from django.contrib.contenttypes.models import ContentType

        from home.tree import same_territory

        page = self.cleaned_data.get("ecosystem")
        if page is None:
            return None
        filiere = ContentType.objects.get_by_natural_key("attractiveness", "ecosystempage")
        parent = self.parent_page
        if page.content_type_id != filiere.pk or (
            parent is not None and not same_territory(parent, page)
        ):
            raise forms.ValidationError(_("Choose a filière of this territory."))
        return page


SURFACE = {"min_value": 0, "max_value": 10_000_000, "required": False}
MONEY = {"min_value": 0, "max_value": 10**10, "required": False, "decimal_places": 2}


# The search's parameters that say which offers match (sort and page only say how they show).
SEARCH_FILTERS = (
    "type",
    "transaction",
    "commune",
    "surface_min",
    "surface_max",
    "rent_max",
    "price_max",
    "available",
    "feature",
    "include_concluded",
)


class OfferFilterForm(forms.Form):
    """The public search's parameters. Every field is optional, and a value that does not
    clean (a negative surface, an unknown type, text in a number) is dropped, not fatal:
    the search runs with the valid ones and says which were ignored."""

    FEATURES = [
        ("parking", _("Parking")),
        ("fibre", _("Fibre")),
        ("rail", _("Rail access")),
        ("port", _("Port access")),
        ("icpe", _("Classified site (ICPE)")),
        ("docks", _("Loading docks")),
    ]
    AVAILABILITY = [
        ("", _("Any date")),
        ("now", _("Available now")),
        ("3m", _("Within 3 months")),
        ("6m", _("Within 6 months")),
    ]
    SORTS = [
        ("recent", _("Most recent")),
        ("surface", _("Surface, smallest first")),
        ("-surface", _("Surface, largest first")),
        ("rent", _("Rent, lowest first")),
        ("price", _("Sale price, lowest first")),
    ]

    type = forms.MultipleChoiceField(
        label=_("Type of property"), required=False, widget=forms.CheckboxSelectMultiple
    )
    transaction = forms.ChoiceField(label=_("Transaction"), required=False)
    commune = forms.MultipleChoiceField(
        label=_("Commune"), required=False, widget=forms.CheckboxSelectMultiple
    )
    surface_min = forms.IntegerField(label=_("Surface from (m²)"), **SURFACE)
    surface_max = forms.IntegerField(label=_("Surface up to (m²)"), **SURFACE)
    rent_max = forms.DecimalField(label=_("Rent up to (€ / m² / year)"), **MONEY)
    price_max = forms.DecimalField(label=_("Sale price up to (€)"), **MONEY)
    available = forms.ChoiceField(label=_("Availability"), choices=AVAILABILITY, required=False)
    feature = forms.MultipleChoiceField(
        label=_("Features"), choices=FEATURES, required=False, widget=forms.CheckboxSelectMultiple
    )
    include_concluded = forms.BooleanField(label=_("Include let or sold offers"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, data, *, type_choices, commune_choices, **kwargs):
        super().__init__(data, **kwargs)
        from .models import Transaction

        self.fields["type"].choices = type_choices
        self.fields["commune"].choices = commune_choices
        self.fields["transaction"].choices = [("", _("Rent or sale")), *Transaction.choices[:2]]
        for name in ("surface_min", "surface_max", "rent_max", "price_max"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})

    @property
    def range_fields(self):
        return [self[name] for name in ("surface_min", "surface_max", "rent_max", "price_max")]

    def valid_values(self) -> tuple[dict, list[str]]:
        """The cleaned values of the fields that are valid, and the labels of the others."""
        self.is_valid()
        ignored = [str(self.fields[name].label) for name in self.errors]
        values = {
            name: value for name, value in self.cleaned_data.items() if name not in self.errors
        }
        return values, ignored
