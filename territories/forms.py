import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from .models import REGIONS, Territory, validate_siren


class TerritoryOwnedAdminForm(WagtailAdminModelForm):
    """The admin form of every territory-owned model (``TerritoryOwnedViewSetMixin`` puts it
    under whatever form the viewset builds, so no model has to remember it).

    The ``territory`` field offers only the territories where the user holds the add (new
    row) or change permission on this model, preselected when there is one; without the
    field, a new row goes to the user's only such territory, and a row of any other territory
    is refused in ``clean()``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._allowed_territories = None
        user = getattr(self, "for_user", None)
        if user is None:
            return
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(self._meta.model)
        ids = policy.territory_ids_for(user, ["change" if self.instance.pk else "add"])
        allowed = Territory.objects.active()
        if ids is not None:
            allowed = allowed.filter(pk__in=ids)
        self._allowed_territories = allowed
        field = self.fields.get("territory")
        if field is not None:
            field.queryset = allowed
            if not self.instance.pk and len(allowed) == 1:
                field.initial = allowed[0].pk

    def clean(self):
        cleaned = super().clean()
        allowed = self._allowed_territories
        if allowed is None or "territory" in self.fields:
            return cleaned
        from .tenancy import territory_id_of

        if (
            not self.instance.pk
            and hasattr(self.instance, "territory_id")
            and self.instance.territory_id is None
            and len(allowed) == 1
        ):
            self.instance.territory = allowed[0]
        if territory_id_of(self.instance) not in {t.pk for t in allowed}:
            raise ValidationError(_("You may not add or change rows of this territory."))
        return cleaned


def territory_owned_form(form_class):
    """``form_class`` with ``TerritoryOwnedAdminForm`` underneath (itself when it has it)."""
    if issubclass(form_class, TerritoryOwnedAdminForm):
        return form_class
    attrs = {"__module__": form_class.__module__}
    if hasattr(form_class, "Meta"):
        attrs["Meta"] = form_class.Meta
    bases = (TerritoryOwnedAdminForm, form_class)
    return type(f"TerritoryOwned{form_class.__name__}", bases, attrs)


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
