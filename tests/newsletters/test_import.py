"""CSV import: Latin-1, BOM, semicolons; malformed addresses reported by row; a consent
source required; nothing imported twice; the admin screen answers 400, never 500."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsletters.imports import subscribers_import
from newsletters.models import MailingList, Subscriber, Subscription
from tests.factories import make_member
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(two_territories):
    a, b = (tenant.territory for tenant in two_territories)
    return (
        MailingList.objects.create(territory=a, name="Lettre A"),
        MailingList.objects.create(territory=b, name="Lettre B"),
    )


def test_latin1_semicolons_and_bad_rows(lists):
    own, _ = lists
    text = (
        "Courriel;Nom;language\nelodie@exemple.fr;Élodie Hélène;fr\nnot-an-address;X;fr\n\n"
        "BOB@Example.com ;Bob;en\n<script>@x;Y;fr\n"
    )
    raw = text.encode("cp1252")
    result = subscribers_import(mailing_list=own, raw=raw, consent_source="Salon 2026")
    assert (result.created, result.confirmed) == (2, 2)
    assert [row for row, _message in result.errors] == [3, 6]
    assert "not-an-address" in result.errors[0][1]
    people = dict(Subscriber.objects.values_list("email", "language"))
    assert people == {"elodie@exemple.fr": "fr", "bob@example.com": "en"}
    subscription = Subscription.objects.get(subscriber__email="bob@example.com")
    assert subscription.status == "confirmed" and "Salon 2026" in subscription.consent_text
    again = subscribers_import(mailing_list=own, raw=raw, consent_source="Salon 2026")
    assert (again.created, again.confirmed, again.unchanged) == (0, 0, 2)


def test_bom_commas_and_unsubscribed_people_stay_so(lists):
    own, _ = lists
    raw = b"\xef\xbb\xbfemail\na@example.com\n"
    assert subscribers_import(mailing_list=own, raw=raw, consent_source="CRM").confirmed == 1
    Subscription.objects.update(status="unsubscribed")
    subscribers_import(mailing_list=own, raw=b"email,x\na@example.com,1\n", consent_source="CRM")
    assert Subscription.objects.get().status == "unsubscribed"


@pytest.mark.parametrize(
    ("raw", "source"),
    [
        (b"email\na@example.com\n", "   "),
        (b"name\nBob\n", "Salon"),
        (b"", "Salon"),
        (b"\x00\x01\x02PK", "Salon"),
    ],
)
def test_unreadable_files_are_refused_clearly(lists, raw, source):
    with pytest.raises(ValidationError):
        subscribers_import(mailing_list=lists[0], raw=raw, consent_source=source)
    assert not Subscriber.objects.exists()


def test_the_import_screen(two_territories, lists):
    a, _b = two_territories
    own, foreign = lists
    client = admin_client(make_member(a.territory, "Communication"))
    url = reverse("wagtailsnippets_newsletters_subscriber:import")
    assert client.get(url).status_code == 200

    def post(mailing_list, content, source="Salon"):
        upload = SimpleUploadedFile("list.csv", content, content_type="text/csv")
        data = {"mailing_list": mailing_list.pk, "consent_source": source, "file": upload}
        return client.post(url, data)

    ok = post(own, b"email\nok@example.com\nbad\n")
    assert ok.status_code == 200 and ok.context["result"].errors[0][0] == 3
    assert post(foreign, b"email\nx@example.com\n").status_code == 400  # B's list
    assert post(own, b"nothing here").status_code == 400
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ok@example.com"]
