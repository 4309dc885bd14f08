"""The public inquiry forms (an offer's, the implantation project's) and their source data.

Both reuse ``core.public_forms.PublicFormMixin`` (honeypot, submission token, minimum fill
time of ``MIN_FILL_SECONDS``: a form sent back sooner is treated as a robot's).
UTM parameters and the referrer come from the landing request, travel as bounded hidden
text and are stored as text: they are untrusted, never ids.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.public_forms import MIN_FILL_SECONDS, PublicFormMixin

from .models import Lead, siren_validator

UTM_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
SOURCE_MAX = 200
REFERRER_MAX = 2000
MESSAGE_MAX = 5000


def _bounded(value, limit: int) -> str:
    """Untrusted text made storable: one line, no control characters, bounded."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable())
    return " ".join(text.split())[:limit]


def source_initial(request) -> dict:
    """The landing's UTM parameters and referrer, for the form's hidden fields."""
    initial = {name: _bounded(request.GET.get(name), SOURCE_MAX) for name in UTM_PARAMS}
    initial["referrer"] = _bounded(request.META.get("HTTP_REFERER"), REFERRER_MAX)
    return initial


class SourceField(forms.CharField):
    """Hidden, untrusted text from the landing: made one bounded line, never an error (the
    visitor could not correct it)."""

    def __init__(self, *, limit: int):
        super().__init__(required=False, widget=forms.HiddenInput)
        self.limit = limit
        self.validators = []

    def to_python(self, value):
        return _bounded(value if isinstance(value, str) else "", self.limit)


class InquiryFormBase(PublicFormMixin, forms.Form):
    min_fill_seconds = MIN_FILL_SECONDS
    started_salt = "investors.form-started"

    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    share_visits = forms.BooleanField(
        label=_("Share my visits with the team (optional)"),
        help_text=_(
            "If you have an account on this site under this email address: while you are "
            "signed in, the offers and pages you open here are recorded for the territory's "
            "team (which page, which day, how many times; never your IP address nor anything "
            "outside this site). You can stop it at any time from your account."
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my data is used to answer my request (see the notice above)."),
    )

    # The landing's source, hidden: declared, so each form gets Django's copies of them.
    utm_source = SourceField(limit=SOURCE_MAX)
    utm_medium = SourceField(limit=SOURCE_MAX)
    utm_campaign = SourceField(limit=SOURCE_MAX)
    utm_term = SourceField(limit=SOURCE_MAX)
    utm_content = SourceField(limit=SOURCE_MAX)
    referrer = SourceField(limit=REFERRER_MAX)


class FixedChoiceField(forms.ChoiceField):
    """A ChoiceField whose choices are the same for every form: each form's copy shares them.
    Django's ChoiceField deep-copies its choices for every form, lazy labels included (the
    largest part of setting up the project form)."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class OfferInquiryForm(InquiryFormBase):
    """The short form of an offer: the offer is the page it is posted on."""


class ProjectInquiryForm(InquiryFormBase):
    siren = forms.CharField(
        label=_("SIREN (optional)"),
        max_length=20,
        required=False,
        help_text=_("9 digits, e.g. 732829320."),
    )
    sector = forms.CharField(label=_("Sector of activity"), max_length=200, required=False)
    project_type = FixedChoiceField(
        label=_("Project type"),
        choices=[("", "—"), *Lead.ProjectType.choices],
        required=False,
    )
    jobs_planned = forms.IntegerField(
        label=_("Jobs planned"), min_value=0, max_value=100000, required=False
    )
    surface_needed = forms.IntegerField(
        label=_("Building surface needed (m²)"), min_value=0, max_value=10_000_000, required=False
    )
    land_needed = forms.IntegerField(
        label=_("Land needed (m²)"), min_value=0, max_value=100_000_000, required=False
    )
    timeline = FixedChoiceField(
        label=_("Timeline"), choices=[("", "—"), *Lead.Timeline.choices], required=False
    )
    budget_range = FixedChoiceField(
        label=_("Budget range"), choices=[("", "—"), *Lead.Budget.choices], required=False
    )

    field_order = [
        "contact_name",
        "email",
        "phone",
        "company",
        "siren",
        "sector",
        "project_type",
        "jobs_planned",
        "surface_needed",
        "land_needed",
        "timeline",
        "budget_range",
        "message",
        "share_visits",
        "consent",
    ]

    def clean_siren(self):
        value = "".join(self.cleaned_data.get("siren", "").split())
        siren_validator(value)
        return value
