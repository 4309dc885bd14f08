"""Admin views that named another territory's pages, tasks or tags before checking any
permission: workflow messages and confirm pages, the move confirmation (a slug oracle), the
task chooser, tag autocomplete. Each answers 404/403 and names nothing."""

from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page, TaskState

from home.models import StandardPage
from tests.territories.isolation_world import admin_client, is_denied, populate


@pytest.fixture
def worlds(two_territories):
    return populate(two_territories[0], "ZLYONNE"), populate(two_territories[1], "ZSEVRE")


def named(world, response) -> list[str]:
    """The world's secrets in the response and in the messages it queued."""
    queued = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return world.leaks(response) + [s for s in world.secrets if s in queued]


def in_progress_task(world):
    return TaskState.objects.filter(
        revision__object_id=str(world.page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).get()


def test_workflow_views_of_another_territorys_page_are_404(worlds):
    own, other = worlds
    client = admin_client(own.tenant.moderator)
    task_state = in_progress_task(other)
    urls = [
        reverse("wagtailadmin_pages:workflow_preview", args=[other.page.pk, task_state.task_id]),
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[other.page.pk]),
        reverse(
            "wagtailadmin_pages:workflow_action", args=[other.page.pk, "approve", task_state.pk]
        ),
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[other.page.pk, "approve", task_state.pk],
        ),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert is_denied(response), url
            assert named(other, response) == [], url
    other.page.refresh_from_db()
    assert other.page.workflow_in_progress  # still in moderation, untouched


def test_workflow_preview_does_not_name_another_territorys_task(worlds):
    """Own page, other territory's task id: the "not awaiting moderation in task …" message
    would name that task."""
    own, other = worlds
    client = admin_client(own.tenant.moderator)
    other_task = in_progress_task(other).task
    response = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[own.locked_page.pk, other_task.pk])
    )
    assert response.status_code == 404
    queued = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert other_task.name not in queued and other_task.name not in response.content.decode()

    # The own task still works: the moderator previews the revision in moderation.
    own_task = in_progress_task(own)
    preview = reverse("wagtailadmin_pages:workflow_preview", args=[own.page.pk, own_task.task_id])
    assert client.get(preview).status_code == 200


def test_move_confirm_is_no_oracle_on_another_tree(worlds):
    own, other = worlds
    client = admin_client(own.tenant.moderator)
    own_home = own.tenant.territory.site.root_page
    other_home = other.tenant.territory.site.root_page
    # A page whose slug is taken under the other territory's home page: the slug message
    # would answer "already in use" for it, and nothing for another slug.
    probe = StandardPage(title="probe", slug=other.page.slug)
    own_home.add_child(instance=probe)
    for page_id, destination_id in [
        (probe.pk, other_home.pk),
        (own.page.pk, other_home.pk),
        (other.page.pk, own_home.pk),
        (other.page.pk, other_home.pk),
    ]:
        url = reverse("wagtailadmin_pages:move_confirm", args=[page_id, destination_id])
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (page_id, destination_id)
            assert named(other, response) == []
            assert "slug" not in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Page.objects.get(pk=probe.pk).get_parent().pk == own_home.pk
    assert Page.objects.get(pk=other.page.pk).get_parent().pk == other_home.pk

    # Within one's own tree the confirmation works.
    section = StandardPage(title="section", slug="section")
    own_home.add_child(instance=section)
    confirm = reverse("wagtailadmin_pages:move_confirm", args=[probe.pk, section.pk])
    assert client.get(confirm).status_code == 200


def test_editors_cannot_move_into_pages_they_may_not_add_to(worlds):
    own, _other = worlds
    client = admin_client(own.tenant.editor)  # editors may add, not move, pages
    url = reverse(
        "wagtailadmin_pages:move_confirm",
        args=[own.page.pk, own.tenant.territory.site.root_page_id],
    )
    assert is_denied(client.get(url))


def test_task_chooser_is_for_workflow_managers_only(worlds, superuser):
    own, other = worlds
    other_task = in_progress_task(other).task
    for user in (own.tenant.editor, own.tenant.moderator):
        client = admin_client(user)
        for url in (
            reverse("wagtailadmin_workflows:task_chooser"),
            reverse("wagtailadmin_workflows:task_chooser_results") + "?q=a",
            reverse("wagtailadmin_workflows:task_chosen", args=[other_task.pk]),
        ):
            response = client.get(url)
            assert is_denied(response), url
            assert other_task.name not in response.content.decode()
    listing = admin_client(superuser).get(reverse("wagtailadmin_workflows:task_chooser"))
    assert listing.status_code == 200 and other_task.name in unescape(listing.json()["html"])


def test_tag_autocomplete_suggests_own_territorys_tags_only(worlds, superuser):
    own, other = worlds
    own.image.tags.add("zone-portuaire")
    other.image.tags.add("zone-secrete-sevre")
    other.document.tags.add("zone-secrete-dossier")
    url = reverse("wagtailadmin_tag_autocomplete") + "?term=zone"

    assert admin_client(own.tenant.editor).get(url).json() == ["zone-portuaire"]
    assert admin_client(other.tenant.editor).get(url).json() == [
        "zone-secrete-dossier",
        "zone-secrete-sevre",
    ]
    assert len(admin_client(superuser).get(url).json()) == 3
    # The per-model variant and an empty term suggest nothing.
    model_url = reverse("wagtailadmin_tag_model_autocomplete", args=["taggit", "tag"])
    assert admin_client(own.tenant.editor).get(model_url + "?term=zone").json() == []
    assert admin_client(own.tenant.editor).get(url.split("?")[0]).json() == []
