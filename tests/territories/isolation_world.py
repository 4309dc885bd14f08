"""Content for admin isolation tests: every kind of object a territory owns, each carrying
a marker string, so that a test can assert the marker never reaches another territory's
people, whatever the admin screen."""

import time
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Locale

from attractiveness.models import KeyFigure
from home.models import ContactFormField, ContactPage, StandardPage

ADMIN_HOST = "localhost"  # the platform host (TERRITORIA_PLATFORM_HOSTS)


@dataclass
class World:
    """One territory's objects, all named with ``marker``."""

    tenant: object
    marker: str
    page: StandardPage
    locked_page: StandardPage
    contact: ContactPage
    image: Image
    document: Document
    key_figure: KeyFigure

    @property
    def secrets(self) -> list[str]:
        """Strings that only this territory's people may ever see."""
        m = self.marker
        return [
            f"{m} page",
            f"{m} locked",
            f"{m} image",
            f"{m} document",
            f"{m} figure",
            f"{m} submission",
            f"{m}Editor",
            f"{m}Moderator",
            self.tenant.territory.name,
            self.tenant.host,
        ]

    def leaks(self, response) -> list[str]:
        body = response.content.decode(errors="replace")
        return [secret for secret in self.secrets if secret in body]


def populate(tenant, marker: str) -> World:
    """Give ``tenant`` a page in moderation, a locked page, a form submission, an image, a
    document and a key figure (with an audit-log entry); each one is named with ``marker``."""
    territory = tenant.territory
    tenant.editor.last_name = f"{marker}Editor"
    tenant.editor.save()
    tenant.moderator.last_name = f"{marker}Moderator"
    tenant.moderator.save()
    home = territory.site.root_page.specific

    page = StandardPage(title=f"{marker} page", slug=f"{marker.lower()}-page", owner=tenant.editor)
    home.add_child(instance=page)
    page.save_revision(user=tenant.editor).publish(user=tenant.moderator)
    page.title = f"{marker} page draft"
    page.save_revision(user=tenant.editor, log_action=True)
    page.get_workflow().start(page, tenant.editor)

    locked_page = StandardPage(title=f"{marker} locked", slug=f"{marker.lower()}-locked")
    home.add_child(instance=locked_page)
    locked_page.save_revision(user=tenant.moderator).publish(user=tenant.moderator)
    locked_page.locked = True
    locked_page.locked_by = tenant.moderator
    locked_page.locked_at = timezone.now()
    locked_page.save()

    contact = ContactPage.objects.descendant_of(home).get(locale__language_code="fr")
    ContactFormField.objects.get_or_create(
        page=contact, clean_name="message", defaults={"label": "Message", "field_type": "multiline"}
    )
    FormSubmission.objects.create(page=contact, form_data={"message": f"{marker} submission"})

    image = Image.objects.create(
        title=f"{marker} image", file=get_test_image_file(), collection=territory.collection
    )
    document = Document.objects.create(
        title=f"{marker} document",
        file=ContentFile(b"hello", name=f"{marker.lower()}.txt"),
        collection=territory.collection,
    )
    key_figure = KeyFigure.objects.create(
        territory=territory,
        label=f"{marker} figure",
        value=Decimal("12400"),
        locale=Locale.objects.get(language_code="fr"),
    )
    log(instance=key_figure, action="wagtail.create", user=tenant.editor)
    return World(tenant, marker, page, locked_page, contact, image, document, key_figure)


def admin_client(user) -> Client:
    """Signed in as ``user`` with a second factor passed, as staff are in production.

    Like ``force_login`` for the password, the session records the authenticator-app step
    the way allauth does (tests/users/test_mfa.py goes through allauth's own form)."""
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    mfa_pass(client, user)
    return client


def mfa_pass(client, user) -> None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, generate_totp_secret()).instance
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"},
    ]
    session.save()


def is_denied(response) -> bool:
    """403, 404, or Wagtail's own "permission denied" (a redirect to the dashboard).

    An admin 404 stays a plain 404 (core.middleware.TerritoriaLocaleMiddleware): a redirect
    to /fr/<path> is not a denial and fails here.
    """
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response.url.split("?")[0] == reverse(
        "wagtailadmin_home"
    )
