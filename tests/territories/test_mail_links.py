"""Links in mails open on the territory concerned: Wagtail's moderation and comment mails on
the page's Site, the admin's password reset on the recipient's territory, allauth's mails on
the Site's configured root URL; never one global base URL, never a planted Host port."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from attractiveness.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GLOBAL = "https://admin.territoria.example"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def links(message) -> set[str]:
    return set(LINK.findall(message.body))


def hosts(message) -> set[str]:
    return {link.split("/")[2] for link in links(message)}


def submit_news(tenant, title):
    index = NewsIndexPage.objects.child_of(tenant.territory.site.root_page).get()
    page = NewsPage(title=title, slug=title.lower(), summary="Résumé", live=False)
    index.add_child(instance=page)
    page.save_revision(user=tenant.editor)
    page.get_workflow().start(page, tenant.editor)
    return page


@override_settings(WAGTAILADMIN_BASE_URL=GLOBAL)
def test_moderation_mails_link_to_the_pages_own_site(two_territories):
    for tenant in two_territories:
        mail.outbox = []
        page = submit_news(tenant, f"Soumise{tenant.territory.pk}")
        to_moderator = [m for m in mail.outbox if tenant.moderator.email in m.to]
        assert to_moderator, [m.to for m in mail.outbox]
        message = to_moderator[0]
        assert f"http://{tenant.host}/admin/pages/{page.pk}/edit/" in links(message)
        assert hosts(message) == {tenant.host}


@override_settings(WAGTAILADMIN_BASE_URL=GLOBAL)
def test_admin_password_reset_links_to_the_recipients_territory(client, two_territories):
    a, b = two_territories
    platform_user = UserFactory(email="platform@territoria.example", is_superuser=True)
    expected = {a.editor.email: a.host, b.moderator.email: b.host, platform_user.email: None}
    for email, host in expected.items():
        mail.outbox = []
        # Asked on another host, with a planted port: neither shows in the link.
        response = client.post(
            "/admin/password_reset/", {"email": email}, HTTP_HOST="localhost:9999"
        )
        assert response.status_code == 302
        (message,) = mail.outbox
        (link,) = (link for link in links(message) if "/password_reset/confirm/" in link)
        assert link.startswith(f"http://{host}/admin/" if host else f"{GLOBAL}/admin/")
        assert ":9999" not in message.body


def test_allauth_mails_use_the_sites_root_url(client, two_territories):
    a, _ = two_territories
    known = client.post(
        "/fr/accounts/password/reset/", {"email": a.editor.email}, HTTP_HOST=a.host + ":9999"
    )
    assert known.status_code == 302
    unknown = client.post(
        "/fr/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST=a.host + ":9999"
    )
    assert unknown.status_code == 302
    reset, signup = mail.outbox
    assert any(
        link.startswith(f"http://{a.host}/fr/accounts/password/reset/key/") for link in links(reset)
    )
    assert any(link.startswith(f"http://{a.host}/fr/accounts/signup/") for link in links(signup))
    for message in (reset, signup):
        assert ":9999" not in message.body + message.subject
        assert hosts(message) == {a.host}
