import re
import time
from unittest import mock

import pytest

from core.models import OutboxMessage
from investors.models import ProjectInquiryPage
from tests.public_forms import token_in

STARTED_INPUT = re.compile(r'<input type="hidden" name="form_started" value="([^"]+)"')
FORM_ACTION = re.compile(r'<form action="([^"]+)" method="post"')


@pytest.fixture
def project(two_territories):
    """A's project page (fr) and its URL; the outbox emptied of the world's rows."""
    tenant = two_territories[0]
    page = ProjectInquiryPage.objects.child_of(tenant.territory.site.root_page).get()
    OutboxMessage.objects.all().delete()
    return tenant, page, page.relative_url(tenant.territory.site)


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """GET the form (token, fill-time stamp), then POST it as a person would: later."""

    def send(host, url, data, *, get_first=True, **extra):
        """With ``get_first``, to the form's own action, as a browser posts it (the query
        string of ``url`` stays with the GET: the form carries its UTM fields)."""
        payload = dict(data)
        if get_first:
            page = client.get(url, HTTP_HOST=host)
            payload.setdefault("submission_token", token_in(page))
            payload.setdefault("form_started", STARTED_INPUT.search(page.content.decode())[1])
            url = FORM_ACTION.search(page.content.decode())[1]
        later = time.time() + 60
        with (
            mock.patch("core.public_forms.time.time", return_value=later),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return client.post(url, payload, HTTP_HOST=host, **extra)

    return send


def valid(**extra):
    return {
        "contact_name": "Camille Investor",
        "email": "camille@example.com",
        "phone": "+33 6 00 00 00 00",
        "company": "Acme SAS",
        "message": "Nous cherchons 3 000 m².",
        "consent": "on",
        **extra,
    }


def make_leads(territory, count: int, **fields):
    """``count`` leads of ``territory`` spread over three stages (new, visit, won); a
    callable field value is called with the lead's number."""
    from territories.tenancy import platform_wide
    from tests.factories.investors import LeadFactory

    with platform_wide():
        for number in range(count):
            values = {k: v(number) if callable(v) else v for k, v in fields.items()}
            LeadFactory(territory=territory, stage=["new", "visit", "won"][number % 3], **values)
