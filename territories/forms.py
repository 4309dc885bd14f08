import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from .models import REGIONS, Territory, validate_siren


class TerritoryScopedAdminForm(WagtailAdminModelForm):
    """Offers only the editor's territories; preselects it when there is just one."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("territory")
        if field is None or for_user is None:
            return
        field.queryset = Territory.objects.for_user(for_user).active()
        if not self.instance.pk and field.queryset.count() == 1:
            field.initial = field.queryset.first().pk


HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class TerritoryProvisionForm(forms.Form):
    """The superuser's "Create territory" form: everything ``territory_provision`` needs,
    validated here so that bad input is a form error, never a half-created territory."""

    name = forms.CharField(label=_("Name"), max_length=120)
    hostname = forms.CharField(
        label=_("Hostname"),
        max_length=255,
        help_text=_("The public site's domain, without http:// (e.g. lyonne.example.org)."),
    )
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to derive it from the name."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The first one checked is the default language."),
    )
    official_code = forms.CharField(
        label=_("SIREN"), max_length=9, required=False, validators=[validate_siren]
    )
    region = forms.ChoiceField(label=_("Region"), choices=[("", "—"), *REGIONS], required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    sender_email = forms.EmailField(label=_("Sender email"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.pop("instance", None)
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)

    def clean_hostname(self):
        hostname = self.cleaned_data["hostname"].strip().lower().rstrip(".")
        if not HOSTNAME.match(hostname):
            raise ValidationError(_("Enter a domain name such as lyonne.example.org."))
        if Site.objects.filter(hostname=hostname).exists():
            raise ValidationError(_("A site already answers on this hostname."))
        return hostname

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            slug = cleaned.get("slug") or slugify(name)
            if not slug:
                self.add_error("name", _("This name gives an empty slug: enter a slug."))
            elif Territory.objects.filter(slug=slug).exists():
                field = "slug" if cleaned.get("slug") else "name"
                self.add_error(
                    field, _("A territory with the slug “%(slug)s” exists.") % {"slug": slug}
                )
            else:
                cleaned["slug"] = slug
        return cleaned

    def provision_kwargs(self) -> dict:
        data = self.cleaned_data
        keys = (
            "name",
            "hostname",
            "slug",
            "official_code",
            "region",
            "contact_email",
            "sender_email",
        )
        return {**{key: data[key] for key in keys}, "languages": list(data["languages"])}
