"""Opens and clicks: only for letters sent while their territory turned tracking on.
Real sends to the aiosmtpd sink; the pixel and the links are read from the message as the
server received it, then requested on the territory's host. Forged, altered and foreign
signatures count nothing and never redirect."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.utils import translation
from django.utils.html import escape

from newsletters import tracking
from newsletters.models import Delivery, NewsletterSettings
from newsletters.services import newsletter_report
from newsletters.views import LINK_ERRORS, NOTICE, NOTICE_TRACKED

from .test_sending import run
from .world import audience, scheduled_letter

pytestmark = pytest.mark.django_db

TARGET = "https://example.org/agenda?mois=5&ville=rodez"
BODY = [{"type": "paragraph", "value": f'<p>Voir <a href="{escape(TARGET)}">l’agenda</a>.</p>'}]
PIXEL = re.compile(r'<img src="([^"]+/newsletters/o/[^"]+)"')
CLICK = re.compile(r'href="([^"]*/newsletters/c/[^"]+)"')


def send(tenant, count, django_capture_on_commit_callbacks, *, prefix="reader"):
    letter = scheduled_letter(tenant.territory, audience(tenant.territory, count, prefix=prefix))
    letter.body = BODY
    letter.save()
    run(letter, django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    return letter


def html_of(sink, address):
    (message,) = [m for recipient, m in sink.messages if recipient == address]
    return message.get_body(("html",)).get_content(), message


def path_of(url):
    parts = urlsplit(url.replace("&amp;", "&"))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_untracked_by_default_no_pixel_and_links_untouched(
    two_territories, sink, django_capture_on_commit_callbacks
):
    a = two_territories[0]
    letter = send(a, 3, django_capture_on_commit_callbacks)
    assert letter.tracking is False
    html, message = html_of(sink, f"reader0@{a.territory.site.hostname}")
    assert not PIXEL.search(html) and not CLICK.search(html)
    assert f'href="{escape(TARGET)}"' in html
    assert "/newsletters/" not in html.replace("/newsletters/unsubscribe/", "")
    report = newsletter_report(letter).as_dict()
    assert report["tracking"] is False and report["opened"] == report["clicks"] == 0
    assert message["Reply-To"] is None  # no settings row: no Reply-To


def test_tracked_letter_counts_first_open_and_clicks(
    client, two_territories, sink, django_capture_on_commit_callbacks
):
    a = two_territories[0]
    NewsletterSettings.objects.create(
        territory=a.territory, tracking=True, reply_to="equipe@lyonne.test"
    )
    letter = send(a, 3, django_capture_on_commit_callbacks)
    assert letter.tracking is True and letter.reply_to == "equipe@lyonne.test"
    address = f"reader1@{a.territory.site.hostname}"
    delivery = Delivery.objects.get(newsletter=letter, email=address)
    html, message = html_of(sink, address)
    (pixel,) = PIXEL.findall(html)
    clicks = CLICK.findall(html)
    assert pixel.startswith(a.territory.root_url) and f"/o/{delivery.pk}/" in pixel
    click_url = next(u for u in clicks if quote(TARGET, safe="") in u.replace("&amp;", "&"))
    assert f"/c/{delivery.pk}/" in click_url
    # the unsubscribe and preference links are never redirected
    assert "/newsletters/unsubscribe/" in html and "/newsletter/preferences/" in html
    assert "/newsletters/c/" not in message["List-Unsubscribe"]
    assert message["Reply-To"] == "equipe@lyonne.test"

    opened = client.get(path_of(pixel), HTTP_HOST=a.host)
    assert opened.status_code == 200 and opened["Content-Type"] == "image/gif"
    assert opened.content == tracking.PIXEL
    assert "no-cache" in opened["Cache-Control"] and "no-store" in opened["Cache-Control"]
    delivery.refresh_from_db()
    first = delivery.opened_at
    assert first is not None
    client.get(path_of(pixel), HTTP_HOST=a.host)
    delivery.refresh_from_db()
    assert delivery.opened_at == first  # the first opening only

    for n in (1, 2):
        followed = client.get(path_of(click_url), HTTP_HOST=a.host)
        assert followed.status_code == 302 and followed["Location"] == TARGET
        assert "no-store" in followed["Cache-Control"]
        delivery.refresh_from_db()
        assert delivery.clicks == n
    report = newsletter_report(letter).as_dict()
    assert (report["opened"], report["clicked"], report["clicks"]) == (1, 1, 2)
    assert report["delivered"] == 3


def test_forged_altered_or_foreign_tracking_links_count_nothing_and_never_redirect(
    client, two_territories, sink, django_capture_on_commit_callbacks
):
    a, b = two_territories
    NewsletterSettings.objects.create(territory=a.territory, tracking=True)
    NewsletterSettings.objects.create(territory=b.territory, tracking=True)
    letter_a = send(a, 2, django_capture_on_commit_callbacks)
    letter_b = send(b, 1, django_capture_on_commit_callbacks, prefix="b")
    mine = Delivery.objects.filter(newsletter=letter_a).order_by("pk").first()
    other = Delivery.objects.filter(newsletter=letter_a).order_by("pk").last()
    foreign = Delivery.objects.get(newsletter=letter_b)
    links = tracking.Links(a.territory.root_url)
    good = path_of(links.click(mine.pk, TARGET))
    signature = good.split("/")[4]
    evil = "https://evil.example/phish"
    hostile = {
        "another URL under the signature": good.split("?")[0] + f"?u={quote(evil, safe='')}",
        "a forged signature": good.replace(signature, "0" * 32),
        "a truncated signature": good.replace(signature, signature[:10]),
        "no URL": good.split("?")[0],
        "a URL twice as long": good + "x" * 3000,
        "the signature of another delivery": good.replace(f"/c/{mine.pk}/", f"/c/{other.pk}/"),
        "javascript, signed": path_of(links.click(mine.pk, "javascript:alert(1)")),
        "a huge id": good.replace(f"/c/{mine.pk}/", "/c/99999999999999999999/"),
    }
    for case, url in hostile.items():
        response = client.get(url, HTTP_HOST=a.host)
        assert response.status_code == 400, case
        assert "Location" not in response, case
        assert response.context["message"] == LINK_ERRORS["click"], case
    # B's delivery, correctly signed, on A's site; and A's link on B's site
    foreign_path = path_of(tracking.Links(b.territory.root_url).click(foreign.pk, TARGET))
    assert client.get(foreign_path, HTTP_HOST=a.host).status_code == 400
    assert client.get(good, HTTP_HOST=b.host).status_code == 400
    pixel = path_of(links.pixel(mine.pk))
    assert client.get(pixel.replace(".gif", "0.gif"), HTTP_HOST=a.host).status_code == 400
    assert client.get(pixel, HTTP_HOST=b.host).status_code == 400
    assert not Delivery.objects.filter(clicks__gt=0).exists()
    assert not Delivery.objects.filter(opened_at__isnull=False).exists()
    # the genuine link still works
    assert client.get(good, HTTP_HOST=a.host)["Location"] == TARGET
    assert parse_qs(urlsplit(good).query)["u"] == [TARGET]


def test_a_letter_sent_untracked_stays_untracked(
    client, two_territories, sink, django_capture_on_commit_callbacks
):
    a = two_territories[0]
    letter = send(a, 1, django_capture_on_commit_callbacks)
    NewsletterSettings.objects.create(territory=a.territory, tracking=True)  # turned on later
    delivery = Delivery.objects.get(newsletter=letter)
    links = tracking.Links(a.territory.root_url)
    assert client.get(path_of(links.pixel(delivery.pk)), HTTP_HOST=a.host).status_code == 400
    assert (
        client.get(path_of(links.click(delivery.pk, TARGET)), HTTP_HOST=a.host).status_code == 400
    )
    delivery.refresh_from_db()
    assert delivery.opened_at is None and delivery.clicks == 0


@pytest.mark.parametrize("language", ["fr", "en"])
def test_form_and_preferences_say_whether_tracking_is_on(client, two_territories, language):
    from newsletters.models import MailingList, Subscriber
    from newsletters.urls import preferences_url

    a, b = two_territories
    NewsletterSettings.objects.create(territory=a.territory, tracking=True)
    for territory in (a.territory, b.territory):
        MailingList.objects.create(territory=territory, name="Lettre", language=language)
    with translation.override(language):
        tracked, untracked = str(NOTICE_TRACKED), str(NOTICE)
    if language == "fr":  # translated, not the English source
        with translation.override("en"):
            assert tracked != str(NOTICE_TRACKED) and untracked != str(NOTICE)
    on = client.get(f"/{language}/newsletter/", HTTP_HOST=a.host).content.decode()
    off = client.get(f"/{language}/newsletter/", HTTP_HOST=b.host).content.decode()
    assert escape(tracked) in on and escape(untracked) not in on
    assert escape(untracked) in off and escape(tracked) not in off
    person = Subscriber.objects.create(territory=a.territory, email="p@example.com")
    page = client.get(
        urlsplit(preferences_url(a.territory, person.pk, language)).path, HTTP_HOST=a.host
    )
    assert page.status_code == 200 and escape(tracked) in page.content.decode()


def test_the_sending_path_joins_the_frozen_html_once_cut(two_territories):
    """The per-recipient slots of the frozen HTML, checked without a send."""
    from newsletters.rendering import PREFERENCES, UNSUBSCRIBE, FrozenHtml

    html = (
        f'<a href="{UNSUBSCRIBE}">u</a><a href="{PREFERENCES}">p</a>'
        '<a href="https://x.example/a?b=1&amp;c=2">x</a><a href="mailto:a@b.c">m</a></body>'
    )
    plain = FrozenHtml(html, tracked=False).render(unsubscribe_url="U", preferences_url="P")
    assert plain == html.replace(UNSUBSCRIBE, "U").replace(PREFERENCES, "P")
    links = tracking.Links("https://a.example")
    tracked = FrozenHtml(html, tracked=True).render(
        unsubscribe_url="U", preferences_url="P", delivery_id=7, links=links
    )
    assert 'href="U"' in tracked and 'href="P"' in tracked and 'href="mailto:a@b.c"' in tracked
    assert escape(links.click(7, "https://x.example/a?b=1&c=2")) in tracked
    assert links.pixel(7) in tracked and tracked.endswith("</body>")


def test_composed_bytes_parse_back_and_long_lines_go_quoted_printable(two_territories):
    """The raw MIME of the SMTP path: 8bit while every line fits, quoted-printable past
    998 bytes; the parsed parts are the letter, non-ASCII subject and all."""
    import email
    from email.policy import default

    from newsletters.composing import BatchLetter
    from newsletters.models import Newsletter
    from newsletters.sending import Claimed

    a = two_territories[0].territory
    letter = Newsletter.objects.create(
        territory=a,
        subject="Lettre d’été : «\u00a0Zones » & co",
        sent_subject="Lettre d’été : «\u00a0Zones » & co",
        sent_html="<html><body><p>Été</p><p>" + "é" * 1200 + "</p></body></html>",
        sent_text="Bonjour, été.\nSe désabonner : %%UNSUBSCRIBE_URL%%\n",
        from_email=f"Métropole <{a.sender_email}>",
        status=Newsletter.Status.SENDING,
    )
    raw = BatchLetter(letter, list_ids=[1], language="fr").compose(
        Claimed(pk=5, subscriber_id=9, email="lecteur@example.org", attempts=0)
    )
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert b"\n" not in raw.replace(b"\r\n", b"")
    parsed = email.message_from_bytes(raw, policy=default)
    assert parsed["Subject"] == letter.sent_subject and parsed["To"] == "lecteur@example.org"
    assert parsed["Message-ID"] == f"<nl{letter.pk}.d5@territoria.newsletters>"
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text["Content-Transfer-Encoding"] == "8bit"
    assert html["Content-Transfer-Encoding"] == "quoted-printable"
    assert html.get_content().replace("\r\n", "\n") == letter.sent_html
    assert "/newsletters/unsubscribe/" in text.get_content() and "%%" not in text.get_content()
    assert parsed["List-Unsubscribe"].strip("<>") in text.get_content()
