from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    """What an investor may change on the account page; the email address is allauth's
    (its own page verifies a new address before it replaces the old one)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            value = cleaned.get(name) or ""
            if any(ord(char) < 32 for char in value):
                self.add_error(name, _("Remove the control characters from this field."))
            cleaned[name] = value.strip()
        return cleaned


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=4096,
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and the data attached to it will be deleted"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
