"""A moderator who clicks "Approve" twice: the second request arrives while (or after) the
first one approves and publishes. It must get a message and a redirect, never a 500, and the
page must end live, published exactly once.

The race is reproduced without threads: the edit view's ``before_edit_page`` hook (and, for
the dashboard's action URL, the action check) runs after the second request has loaded the
page and before it acts; the first click's approval is committed right there. A threaded
version runs on PostgreSQL, whose row locks make it a real race."""

import threading
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.views.generic.workflow import BaseWorkflowFormView
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from attractiveness.models import NewsIndexPage, NewsPage


class _FormFields(HTMLParser):
    """The fields of the page editor's form, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._textarea, self._select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._in_form = True
        if tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        if not self._in_form or "name" not in attrs:
            return
        name = attrs["name"]
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea, self.data[name] = name, ""
        elif tag == "select":
            self._select, self.data[name] = name, ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _edit_form_data(client, page, host) -> dict:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]), HTTP_HOST=host)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    assert "title" in parser.data, "the editor form was not found"
    # StreamFields are drawn by the admin's JavaScript; these pages' bodies are empty.
    streams = {f"{field.name}-count": "0" for field in page._meta.fields if field.name == "body"}
    return {
        **streams,
        **parser.data,
        "action-workflow-action": "true",
        "workflow-action-name": "approve",
    }


@pytest.fixture
def draft_in_moderation(two_territories):
    """A news item an editor wrote and submitted: never published, awaiting the moderators."""
    tenant = two_territories[0]
    index = NewsIndexPage.objects.child_of(tenant.territory.site.root_page).get()
    page = NewsPage(title="Nouvelle zone d'activités", slug="zone", summary="Résumé", live=False)
    index.add_child(instance=page)
    page.save_revision(user=tenant.editor)
    page.get_workflow().start(page, tenant.editor)
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live and page.current_workflow_task_state is not None
    return tenant, page


def _assert_published_once(page):
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert page.live_revision_id == page.latest_revision_id
    assert not page.has_unpublished_changes
    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions.count("wagtail.publish") == 1
    assert actions.count("wagtail.workflow.approve") == 1
    assert list(TaskState.objects.values_list("status", flat=True)) == ["approved"]
    assert list(WorkflowState.objects.values_list("status", flat=True)) == ["approved"]


def _error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def _first_click_lands(page, moderator):
    """What the first request does: approve (and so publish) the page, committed."""
    fresh = NewsPage.objects.get(pk=page.pk)
    fresh.current_workflow_task.on_action(fresh.current_workflow_task_state, moderator, "approve")


def test_second_approve_from_the_editor_is_refused_and_the_page_stays_live(
    client, draft_in_moderation
):
    tenant, page = draft_in_moderation
    client.force_login(tenant.moderator)
    data = _edit_form_data(client, page, tenant.host)

    def approve_meanwhile(request, edited_page):
        if request.method == "POST":
            _first_click_lands(page, tenant.moderator)

    with hooks.register_temporarily("before_edit_page", approve_meanwhile):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data, HTTP_HOST=tenant.host
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    _assert_published_once(page)
    assert _error_messages(response), "the moderator is told why nothing happened"


def test_second_approve_from_the_dashboard_is_refused(client, draft_in_moderation, monkeypatch):
    tenant, page = draft_in_moderation
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.force_login(tenant.moderator)
    check_action = BaseWorkflowFormView.check_action

    def check_then_first_click_lands(view):
        check_action(view)
        _first_click_lands(page, tenant.moderator)

    monkeypatch.setattr(BaseWorkflowFormView, "check_action", check_then_first_click_lands)
    response = client.post(url, HTTP_HOST=tenant.host)

    assert response.status_code == 302
    _assert_published_once(page)
    assert _error_messages(response), "the moderator is told why nothing happened"


def test_double_click_in_sequence_publishes_once(client, draft_in_moderation):
    tenant, page = draft_in_moderation
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.force_login(tenant.moderator)
    first = client.post(url, HTTP_HOST=tenant.host)
    second = client.post(url, HTTP_HOST=tenant.host)
    assert (first.status_code, second.status_code) == (302, 302)
    _assert_published_once(page)


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_click_on_postgresql(transactional_db, monkeypatch):
    """Two real requests in two threads, both past their checks before either acts."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL): SQLite's in-memory test database "
            "cannot hold two concurrent writers"
        )
    from tests import world

    # Committed by tests/conftest.py (and put back after any flush): the threads see it.
    tenant = world.tenant(0)
    index = NewsIndexPage.objects.child_of(tenant.territory.site.root_page).get()
    page = NewsPage(title="Nouvelle", slug="nouvelle", summary="Résumé", live=False)
    index.add_child(instance=page)
    page.save_revision(user=tenant.editor)
    page.get_workflow().start(page, tenant.editor)

    client = Client()
    client.force_login(tenant.moderator)
    data = _edit_form_data(client, page, tenant.host)
    both_loaded = threading.Barrier(2, timeout=60)

    def wait_for_the_other(request, edited_page):
        if request.method == "POST":
            both_loaded.wait()

    statuses = []

    def click():
        try:
            own = Client()
            own.force_login(tenant.moderator)
            own.raise_request_exception = False
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            statuses.append(own.post(url, data, HTTP_HOST=tenant.host).status_code)
        finally:
            connection.close()

    with hooks.register_temporarily("before_edit_page", wait_for_the_other):
        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [302, 302]
    _assert_published_once(page)
