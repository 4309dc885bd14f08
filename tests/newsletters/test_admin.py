"""The communication team's admin: its own section, its territory only. A Communication
member of A writes a letter with A's offers and event, previews it, sends a test,
schedules it; hostile ids (B's pages, B's lists, B's letter) are refused."""

import pytest
from django.core import mail
from django.urls import reverse

from newsletters.models import MailingList, Newsletter
from tests.factories import make_member
from tests.territories.isolation_world import admin_client

from .world import audience

pytestmark = pytest.mark.django_db

NS = "wagtailsnippets_newsletters_newsletter"


@pytest.fixture
def team(two_territories):
    a, b = two_territories
    return (
        make_member(a.territory, "Communication", email="comms@lyonne.test"),
        make_member(b.territory, "Communication", email="comms@sevre.test"),
    )


def body(*blocks) -> dict:
    data = {"body-count": str(len(blocks))}
    for i, (kind, value) in enumerate(blocks):
        data.update(
            {
                f"body-{i}-type": kind,
                f"body-{i}-value": str(value),
                f"body-{i}-deleted": "",
                f"body-{i}-order": str(i),
                f"body-{i}-id": "",
            }
        )
    return data


def letter_form(mailing_list, *blocks, subject="Lettre de décembre") -> dict:
    return {
        "territory": mailing_list.territory_id,
        "subject": subject,
        "preheader": "Nos offres",
        "lists": [mailing_list.pk],
        **body(*blocks),
    }


def test_a_communication_member_writes_previews_tests_and_schedules(two_territories, team, content):
    a, _b = two_territories
    comms, _ = team
    client = admin_client(comms)
    own_list = audience(a.territory, 3)
    assert client.get(reverse(f"{NS}:list")).status_code == 200
    data = letter_form(
        own_list,
        ("heading", "À la une"),
        ("offer", content["offers"][0].pk),
        ("offer", content["offers"][1].pk),
        ("event", content["event"].pk),
    )
    response = client.post(reverse(f"{NS}:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    letter = Newsletter.objects.get()
    assert letter.territory == a.territory
    preview = client.post(reverse(f"{NS}:preview_on_edit", args=[letter.pk]), data)
    assert preview.status_code == 200 and preview.json()["is_valid"]
    shown = client.get(reverse(f"{NS}:preview_on_edit", args=[letter.pk]), {"mode": "text"})
    assert "Bureaux A1" in shown.content.decode() and "Salon A" in shown.content.decode()
    send_url = reverse(f"{NS}:send", args=[letter.pk])
    assert client.get(send_url).status_code == 200
    bad = client.post(send_url, {"test_send": "1", "test-addresses": "not an address"})
    assert bad.status_code == 400 and not mail.outbox
    client.post(send_url, {"test_send": "1", "test-addresses": "moi@example.com, toi@example.com"})
    assert sorted(m.to[0] for m in mail.outbox) == ["moi@example.com", "toi@example.com"]
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert "Bureaux A1" in mail.outbox[0].alternatives[0][0]
    client.post(send_url, {"schedule": "1", "schedule-send_at": "2030-01-15 09:00"})
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SCHEDULED and letter.send_at.year == 2030
    progress = client.get(reverse(f"{NS}:progress", args=[letter.pk])).json()
    assert progress["total"] == 0 and progress["status"] == "scheduled"


def test_hostile_ids_and_other_territories_are_refused(two_territories, team, content):
    a, b = two_territories
    comms_a, comms_b = team
    own_list = MailingList.objects.create(territory=a.territory, name="Lettre A")
    other_list = MailingList.objects.create(territory=b.territory, name="Lettre B")
    client = admin_client(comms_a)
    for data, field in (
        (letter_form(own_list, ("offer", content["foreign_offer"].pk)), "body"),
        (letter_form(own_list, ("event", content["foreign_event"].pk)), "body"),
        ({**letter_form(other_list, ("heading", "x")), "territory": a.territory.pk}, "lists"),
    ):
        response = client.post(reverse(f"{NS}:add"), data)
        assert response.status_code == 200
        assert list(response.context["form"].errors) == [field], data
    malformed = client.post(reverse(f"{NS}:add"), letter_form(own_list, ("offer", "1 OR 1=1")))
    assert malformed.status_code == 400  # a malformed id: a clear 400, never a 500
    assert not Newsletter.objects.exists()
    # A person in both teams cannot put B's offer in A's letter either.
    comms_b.groups.add(a.territory.group_for("Communication"))
    both = admin_client(comms_b)
    data = {
        **letter_form(own_list, ("offer", content["foreign_offer"].pk)),
        "territory": a.territory.pk,
    }
    response = both.post(reverse(f"{NS}:add"), data)
    assert response.status_code == 200 and "body" in response.context["form"].errors
    # B's letter is no business of A's team; editors are no communication team.
    letter_b = Newsletter.objects.create(territory=b.territory, subject="Lettre de B")
    for name in ("send", "progress", "edit"):
        assert client.get(reverse(f"{NS}:{name}", args=[letter_b.pk])).status_code == 404
        assert client.post(
            reverse(f"{NS}:{name}", args=[letter_b.pk]), {"pause": "1"}
        ).status_code in (404, 405)
    assert admin_client(a.editor).get(reverse(f"{NS}:list")).status_code in (302, 403)


def test_content_is_frozen_once_the_send_starts(
    two_territories, team, sink, django_capture_on_commit_callbacks
):
    from newsletters import sending

    from .world import scheduled_letter

    a, _b = two_territories
    letter = scheduled_letter(a.territory, audience(a.territory, 2))
    with django_capture_on_commit_callbacks(execute=True):
        sending.deliveries_sweep()
    response = admin_client(team[0]).post(
        reverse(f"{NS}:edit", args=[letter.pk]),
        letter_form(letter.lists.get(), ("heading", "Changed"), subject="Changed"),
    )
    assert response.status_code == 200 and response.context["form"].errors
    letter.refresh_from_db()
    assert letter.subject == "La lettre du territoire" and "Changed" not in letter.sent_html


def test_the_team_turns_tracking_on_for_its_own_territory_only(two_territories, team):
    from newsletters.models import NewsletterSettings

    settings_ns = "wagtailsnippets_newsletters_newslettersettings"
    a, b = two_territories
    client = admin_client(team[0])
    assert client.get(reverse(f"{settings_ns}:list")).status_code == 200
    foreign = client.post(
        reverse(f"{settings_ns}:add"), {"territory": b.territory.pk, "tracking": "on"}
    )
    assert foreign.status_code == 200 and "territory" in foreign.context["form"].errors
    assert not NewsletterSettings.objects.exists()
    added = client.post(
        reverse(f"{settings_ns}:add"), {"territory": a.territory.pk, "tracking": "on"}
    )
    assert added.status_code == 302
    assert NewsletterSettings.tracking_on(a.territory)
    assert not NewsletterSettings.tracking_on(b.territory)
    twice = client.post(reverse(f"{settings_ns}:add"), {"territory": a.territory.pk})
    assert twice.status_code == 200 and twice.context["form"].errors  # one row per territory
    theirs = NewsletterSettings.objects.create(territory=b.territory, tracking=True)
    assert client.get(reverse(f"{settings_ns}:edit", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse(f"{settings_ns}:list")).content.decode()
    assert b.territory.name not in listing
    assert admin_client(a.editor).get(reverse(f"{settings_ns}:list")).status_code in (302, 403)
