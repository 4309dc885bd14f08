"""Moderation actions that survive a double click.

A moderator who clicks "Approve" twice sends two requests that both load the page while it
is still in moderation. Wagtail then runs the action twice: from the page editor, the second
request saves its copy of the page, loaded before the first one published it, with
``live=False`` (the page ends approved but offline), then answers 500 because the workflow
it is acting on has ended; from the dashboard, the second request approves the finished task
again. See wagtail/wagtail#13856 for the sequential half of the problem (fixed upstream).

``install_moderation_guard`` (called once from wagtail_hooks.py) runs both (the editor's
workflow-action POST as a whole, and the dashboard's action URL) inside a transaction that
first locks the task state row, then checks again, under the lock, that the task is still in
progress. The second click then waits for the first, finds the task
approved, and gets a message and a redirect back to the editor: the page is published once.
"""

from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.models import TaskState, WorkflowState


def lock_task_state(task_state_id: int) -> TaskState | None:
    """Lock one task state row until the transaction ends and return it as now committed.

    A no-op UPDATE rather than ``select_for_update``: it takes the row lock on PostgreSQL and
    the database write lock on SQLite, where ``select_for_update`` does nothing. Must run
    inside ``transaction.atomic`` and before any other query of that transaction.
    """
    TaskState.objects.filter(pk=task_state_id).update(status=F("status"))
    return TaskState.objects.select_related("workflow_state").filter(pk=task_state_id).first()


def still_awaiting(task_state: TaskState | None) -> bool:
    return (
        task_state is not None
        and task_state.status == TaskState.STATUS_IN_PROGRESS
        and task_state.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    )


def install_moderation_guard() -> None:
    from wagtail.admin.views.generic.workflow import WorkflowAction
    from wagtail.admin.views.pages.edit import EditView

    from .overrides import override

    @override(EditView, "post", ["self", "request", "args", "kwargs"])
    def edit_post(unguarded_edit_post, self, request, *args, **kwargs):
        if not request.POST.get("action-workflow-action"):
            return unguarded_edit_post(request, *args, **kwargs)
        # The whole request under the lock: the form would otherwise save this request's
        # copy of the page, loaded before the lock, over the first click's publication.
        stale = self.page.current_workflow_task_state
        with transaction.atomic():
            if stale is None or not still_awaiting(lock_task_state(stale.pk)):
                messages.error(
                    request,
                    _(
                        "“%(title)s” is no longer awaiting moderation: it was approved or "
                        "sent back in the meantime (a double click?). This request changed "
                        "nothing."
                    )
                    % {"title": get_latest_str(self.page)},
                )
                return redirect("wagtailadmin_pages:edit", self.page.pk)
            # Workflow states prefetched before the lock: read them again.
            self.page.__dict__.pop("_current_workflow_states", None)
            return unguarded_edit_post(request, *args, **kwargs)

    @override(WorkflowAction, "post", ["self", "request", "args", "kwargs"])
    def action_post(unguarded_action_post, self, request, *args, **kwargs):
        with transaction.atomic():
            current = lock_task_state(self.task_state.pk)
            if not still_awaiting(current):
                self.add_not_in_moderation_error()
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": self.redirect_url}
                    )
                return redirect(self.redirect_url)
            return unguarded_action_post(request, *args, **kwargs)


class TerritoryWorkflowMixin:
    """For a territory-owned model that uses Wagtail's ``WorkflowMixin`` (a snippet shown on
    the public site): its workflow is its territory's own, the one on the territory's home
    page, whose tasks name the territory's moderators. Wagtail would otherwise look for one
    workflow per content type, shared by every territory of the platform. Put it first in
    the bases, before ``WorkflowMixin``."""

    def get_workflow(self):
        from .models import Territory
        from .tenancy import territory_id_of

        territory_id = territory_id_of(self)
        if territory_id is None:
            return None
        # Asked several times per edit view (buttons, panels, actions): once per row object.
        cached = self.__dict__.get("_territory_workflow")
        if cached is not None and cached[0] == territory_id:
            return cached[1]
        territory = Territory.objects.select_related("site__root_page").filter(pk=territory_id)
        territory = territory.first()
        workflow = territory.site.root_page.get_workflow() if territory else None
        self.__dict__["_territory_workflow"] = (territory_id, workflow)
        return workflow
