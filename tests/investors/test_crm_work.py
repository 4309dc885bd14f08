"""A lead's work on its edit page: notes, tasks and the timeline. Each posts to the lead's
own edit URL, so another territory's lead is refused as the edit is; a task id or an assignee
of another lead or territory is refused; hostile text is shown as text."""

import pytest
from django.urls import reverse

from investors.models import LeadActivity, LeadNote, LeadTask
from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadTaskFactory
from tests.territories.isolation_world import admin_client

from .test_crm_admin import crm  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("lead")</script>'


def _edit(lead):
    return reverse("leads:edit", args=[lead.pk])


def test_a_note_is_added_to_the_timeline_and_shown_as_text(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    client = admin_client(developer)
    response = client.post(_edit(lead_a), {"add_note": "1", "note-text": HOSTILE})
    assert response.status_code == 302
    with platform_wide():
        assert LeadNote.objects.filter(lead=lead_a, text=HOSTILE).exists()
        assert LeadActivity.objects.filter(lead=lead_a, kind="note").exists()
        lead_a.refresh_from_db()
    assert lead_a.first_answer_at is not None
    page = client.get(_edit(lead_a)).content.decode()
    assert HOSTILE not in page and "&lt;script&gt;alert" in page


@pytest.mark.parametrize("text", ["", "x" * 10001], ids=["empty", "too-long"])
def test_a_malformed_note_is_a_form_error_and_stores_nothing(crm, text):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    response = admin_client(developer).post(_edit(lead_a), {"add_note": "1", "note-text": text})
    assert response.status_code == 400
    with platform_wide():
        assert not LeadNote.objects.filter(lead=lead_a).exists()


def test_a_task_with_an_assignee_of_another_territory_is_refused(crm):  # noqa: F811
    _own, other, developer, _both, lead_a, _lead_b = crm
    stranger = make_member(other.territory, "Developers")
    client = admin_client(developer)
    data = {"add_task": "1", "task-title": "Call back", "task-assignee": str(stranger.pk)}
    assert client.post(_edit(lead_a), data).status_code == 400
    data["task-assignee"] = str(developer.pk)
    data["task-due_date"] = "2026-12-24"
    assert client.post(_edit(lead_a), data).status_code == 302
    with platform_wide():
        (task,) = LeadTask.objects.filter(lead=lead_a)
    assert task.assignee == developer and str(task.due_date) == "2026-12-24"


def test_marking_done_takes_only_this_leads_tasks(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, lead_b = crm
    with platform_wide():
        own_task = LeadTaskFactory(lead=lead_a, title="Send the brochure")
        other_task = LeadTaskFactory(lead=lead_b, title="Their task")
    client = admin_client(developer)
    for hostile in (str(other_task.pk), "abc", "-1", ""):
        assert client.post(_edit(lead_a), {"task_done": hostile}).status_code == 404
    assert client.post(_edit(lead_a), {"task_done": str(own_task.pk)}).status_code == 302
    with platform_wide():
        own_task.refresh_from_db()
        other_task.refresh_from_db()
        assert LeadActivity.objects.filter(lead=lead_a, kind="task_done").count() == 1
    assert own_task.done and not other_task.done


def test_another_territorys_lead_takes_no_note_task_or_done(crm):  # noqa: F811
    _own, _other, _developer, both, _lead_a, lead_b = crm
    with platform_wide():
        task_b = LeadTaskFactory(lead=lead_b, title="Theirs")
    client = admin_client(both)
    for data in (
        {"add_note": "1", "note-text": "hijack"},
        {"add_task": "1", "task-title": "hijack"},
        {"task_done": str(task_b.pk)},
    ):
        assert client.post(_edit(lead_b), data).status_code in (302, 403, 404)
    with platform_wide():
        assert not LeadNote.objects.filter(lead=lead_b).exists()
        assert LeadTask.objects.filter(lead=lead_b).count() == 1
        task_b.refresh_from_db()
    assert not task_b.done


def test_the_edit_page_shows_the_inquiry_tasks_and_timeline(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    with platform_wide():
        LeadTaskFactory(lead=lead_a, title="Visit the site")
    page = admin_client(developer).get(_edit(lead_a)).content.decode()
    assert "Visit the site" in page
    assert 'id="lead-timeline-title"' in page and 'id="lead-tasks-title"' in page
