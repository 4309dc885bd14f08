"""The territory permission policy keeps the permission ids it looks up (an admin page asks
every menu item's policy: one query each), and forgets them when permissions change."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.permissions import policy_registry

from investors.models import Lead
from territories import permissions

pytestmark = pytest.mark.django_db


def permission_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return sum('"auth_permission"' in q["sql"] for q in captured.captured_queries)


def test_the_ids_are_looked_up_once_then_forgotten_when_a_permission_is_saved(two_territories):
    own, _other = two_territories
    policy = policy_registry.get_by_type(Lead)
    assert isinstance(policy, permissions.TerritoryOwnedPermissionPolicy)
    permissions.forget_permission_ids()

    def ask():  # a fresh user each time: the answers are kept on the user for a request
        editor = get_user_model().objects.get(pk=own.editor.pk)
        return policy.user_has_any_permission(editor, ["view"])

    assert permission_queries(ask) == 1
    assert permission_queries(ask) == 0
    Permission.objects.create(
        content_type=ContentType.objects.get_for_model(Lead),
        codename="export_lead_test",
        name="Can export leads (test)",
    )
    assert permission_queries(ask) == 1


def test_the_answer_still_counts_only_the_territorys_own_groups(two_territories):
    """Cached ids, not cached answers: each user and territory is still asked."""
    own, other = two_territories
    policy = policy_registry.get_by_type(Lead)
    assert policy.territory_ids_for(own.editor, ["view"]) == policy.territory_ids_for(
        own.editor, ["view"]
    )
    mine = policy.territory_ids_for(own.editor, ["view"])
    theirs = policy.territory_ids_for(other.editor, ["view"])
    assert mine is not None and theirs is not None
    assert own.territory.pk not in theirs and other.territory.pk not in mine
