"""allauth's mails (password reset, email confirmation, unknown account) on the site's
configured root URL, not the request's Host header with whatever port a visitor planted."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from .selectors import root_url_for_request


def _site_name(request) -> str:
    territory = getattr(request, "territory", None)
    return territory.name if territory is not None else settings.WAGTAIL_SITE_NAME


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        """ "[Métropole de Lyonne] …", where allauth would put the Host header."""
        request = allauth_context.request
        if app_settings.EMAIL_SUBJECT_PREFIX is not None or request is None:
            return super().format_email_subject(subject)
        return f"[{_site_name(request)}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        if request is not None:
            # allauth builds its links with request.build_absolute_uri: move them onto the
            # Site's (or platform's) root URL, and name the territory, not the Host header.
            asked, root = request.build_absolute_uri("/"), root_url_for_request(request) + "/"
            context = {
                name: root + value[len(asked) :]
                if isinstance(value, str) and value.startswith(asked)
                else value
                for name, value in context.items()
            }
            context.setdefault(
                "current_site",
                SimpleNamespace(name=_site_name(request), domain=urlsplit(root).netloc),
            )
        super().send_mail(template_prefix, email, context)
