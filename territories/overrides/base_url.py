"""Links in admin mails point at the territory concerned, not at one global base URL.

Wagtail builds every link of its notification and password-reset mails from
``get_admin_base_url()``, i.e. the single WAGTAILADMIN_BASE_URL. Here it answers a context
variable first, set around each send: a moderation or comment mail links to the page's Site
(its configured root URL), a password reset to the recipient's territory. Platform-wide
users and objects of no territory keep WAGTAILADMIN_BASE_URL.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from . import override

_base_url: ContextVar[str | None] = ContextVar("territoria_admin_base_url", default=None)


@contextmanager
def admin_base_url(url: str | None) -> Iterator[None]:
    """Within this block, Wagtail's admin links start with ``url`` (None: the setting)."""
    token = _base_url.set(url)
    try:
        yield
    finally:
        _base_url.reset(token)


def base_url_for_object(obj) -> str | None:
    """The root URL of the Site a page lives on, or of a territory-owned row's territory."""
    from wagtail.models import Page

    if isinstance(obj, Page):
        site = obj.get_site()
        return site.root_url if site is not None else None
    territory = getattr(obj, "territory", None)
    return getattr(territory, "root_url", None)


def base_url_for_user(user) -> str | None:
    from ..membership import mail_territory_for

    territory = mail_territory_for(user)
    return territory.root_url if territory is not None else None


def install() -> None:
    from wagtail.admin import mail, utils
    from wagtail.admin.forms.auth import PasswordResetForm
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.admin.views.pages import edit

    for module in (utils, wagtailadmin_tags):

        @override(module, "get_admin_base_url", [])
        def get_admin_base_url(original):
            return _base_url.get() or original()

    @override(
        mail.EmailNotificationMixin,
        "send_emails",
        ["self", "template_set", "context", "recipients", "kwargs"],
    )
    def send_emails(original, self, template_set, context, recipients, **kwargs):
        """Workflow and moderation mails: links on the object's territory."""
        with admin_base_url(base_url_for_object(context.get("page") or context.get("object"))):
            return original(template_set, context, recipients, **kwargs)

    # Comment notifications; the page editor imported the function by name.
    for module in (mail, edit):

        @override(module, "send_notification", ["recipient_users", "notification", "extra_context"])
        def send_notification(original, recipient_users, notification, extra_context):
            url = base_url_for_object(extra_context.get("page"))
            with admin_base_url(url):
                return original(recipient_users, notification, extra_context)

    @override(
        PasswordResetForm,
        "send_mail",
        [
            "self",
            "subject_template_name",
            "email_template_name",
            "context",
            "from_email",
            "to_email",
            "html_email_template_name",
        ],
    )
    def send_mail(original, self, subject_template_name, email_template_name, context, *a, **kw):
        """The admin's password reset: the link opens on the recipient's territory."""
        with admin_base_url(base_url_for_user(context["user"])):
            return original(subject_template_name, email_template_name, context, *a, **kw)
