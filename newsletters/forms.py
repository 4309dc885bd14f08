"""The public forms: subscription (honeypot, submission token, minimum fill time, rate
limit in the view) and the preference page."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.public_forms import MIN_FILL_SECONDS, PublicFormMixin

from .models import MailingList


def public_lists(territory, language: str):
    return MailingList.objects.filter(
        territory=territory, is_public=True, language=language
    ).order_by("name")


def ecosystems(territory, language: str):
    """The territory's live ecosystem (filière) pages in this language."""
    model = apps.get_model("attractiveness", "EcosystemPage")
    root = territory.site.root_page
    homes = Page.objects.filter(
        translation_key=root.translation_key, locale__language_code=language
    )
    home = homes.first() or root
    return model.objects.live().public().descendant_of(home).order_by("title")


class ListsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.description}" if obj.description else obj.name


class SubscribeForm(PublicFormMixin, forms.Form):
    min_fill_seconds = MIN_FILL_SECONDS
    started_salt = "newsletters.form-started"

    email = forms.EmailField(label=_("Email"), max_length=254)
    lists = ListsField(
        label=_("Letters"),
        queryset=MailingList.objects.none(),
        error_messages={"required": _("Choose at least one letter.")},
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Your interests (optional)"),
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("I agree to receive these letters by email (see the notice above)."),
        error_messages={"required": _("Tick the box to agree to receive the letters.")},
    )

    def __init__(self, *args, territory, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = public_lists(territory, language)
        self.has_lists = self.fields["lists"].queryset.exists()
        self.fields["interests"].queryset = ecosystems(territory, language)
        if not self.fields["interests"].queryset.exists():
            del self.fields["interests"]


class PreferencesForm(forms.Form):
    lists = ListsField(label=_("The letters I receive"), queryset=None, required=False)
    interests = forms.ModelMultipleChoiceField(
        label=_("My interests"),
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, territory, language, subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        own = subscriber.subscriptions.values("mailing_list")
        self.fields["lists"].queryset = (
            (public_lists(territory, language) | MailingList.objects.filter(pk__in=own))
            .distinct()
            .order_by("name")
        )
        self.fields["interests"].queryset = ecosystems(territory, language)
        if not self.fields["interests"].queryset.exists():
            del self.fields["interests"]
