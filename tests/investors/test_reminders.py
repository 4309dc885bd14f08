"""The daily reminder of due tasks: one email per assignee and territory, in their
language, links to the leads on the territory's host; twice the same day sends once; the
next day overdue tasks are reminded again; never to someone outside the lead's territory."""

import datetime

import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from core.models import OutboxMessage
from investors.services import lead_tasks_remind
from investors.tasks import lead_tasks_remind as remind_task
from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadTaskFactory

from .test_crm_admin import crm  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


def _mails():
    return [
        message.kwargs for message in OutboxMessage.objects.filter(handler="core.mail.send_email")
    ]


def test_one_email_per_assignee_and_territory_once_a_day(crm):  # noqa: F811
    own, other, developer, both, lead_a, lead_b = crm
    both.groups.add(other.territory.group_for("Developers"))
    UserProfile.get_for_user(developer).__class__.objects.filter(user=developer).update(
        preferred_language="en"
    )
    with platform_wide():
        LeadTaskFactory(lead=lead_a, title="ZDUE today", due_date=TODAY, assignee=developer)
        LeadTaskFactory(
            lead=lead_a, title="ZLATE", due_date=TODAY.replace(day=1), assignee=developer
        )
        LeadTaskFactory(
            lead=lead_a, title="ZLATER", due_date=TODAY.replace(day=20), assignee=developer
        )
        LeadTaskFactory(lead=lead_a, title="ZDONE", due_date=TODAY, assignee=developer, done=True)
        LeadTaskFactory(lead=lead_a, title="ZBOTH A", due_date=TODAY, assignee=both)
        LeadTaskFactory(lead=lead_b, title="ZBOTH B", due_date=TODAY, assignee=both)
    OutboxMessage.objects.all().delete()
    assert lead_tasks_remind(today=TODAY) == 3
    mails = _mails()
    (mine,) = [mail for mail in mails if mail["to"] == [developer.email]]
    assert "ZDUE today" in mine["body"] and "ZLATE" in mine["body"]
    assert "ZLATER" not in mine["body"] and "ZDONE" not in mine["body"]
    assert mine["subject"].startswith("Your CRM tasks")  # the developer's language: English
    assert f"{own.territory.root_url}/admin/leads/edit/{lead_a.pk}/" in mine["body"]
    theirs = [mail for mail in mails if mail["to"] == [both.email]]
    assert len(theirs) == 2  # one per territory, each with its own tasks only
    assert sum("ZBOTH B" in mail["body"] and "ZBOTH A" not in mail["body"] for mail in theirs) == 1
    # Twice the same day: nothing more. The next day: the overdue tasks again.
    assert lead_tasks_remind(today=TODAY) == 0
    assert lead_tasks_remind(today=TODAY + datetime.timedelta(days=1)) == 3


def test_an_assignee_who_left_the_territory_is_not_written_to(crm):  # noqa: F811
    own, other, _developer, _both, lead_a, _lead_b = crm
    gone = make_member(own.territory, "Developers")
    with platform_wide():
        LeadTaskFactory(lead=lead_a, title="ZGONE", due_date=TODAY, assignee=gone)
    gone.groups.clear()
    gone.groups.add(other.territory.group_for("Developers"))
    OutboxMessage.objects.all().delete()
    assert lead_tasks_remind(today=TODAY) == 0 and not _mails()


def test_the_beat_task_runs_the_reminder(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    with platform_wide():
        LeadTaskFactory(lead=lead_a, due_date=datetime.date(2020, 1, 1), assignee=developer)
    assert remind_task.apply().get() == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["lead-tasks-remind"]
    assert schedule["task"] == "investors.lead_tasks_remind"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({7}, {30})
