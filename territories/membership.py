"""Who belongs where: the one place that says which territories, pages and people a user
may reach. Everything else (scope middleware, permission policies, admin hooks, overrides)
asks these functions.

Rules, for every function here:
- a superuser reaches everything (``None`` means "no restriction");
- an inactive or anonymous user reaches nothing;
- an archived territory counts for nobody;
- a model permission counts only in the territory whose group grants it.
"""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Page, Site, Task, Workflow

from .models import Territory

_CACHE = "_territoria_membership"


def _memo(user, key, compute):
    """Memoised on the user object: one request, one computation per question."""
    store = user.__dict__.setdefault(_CACHE, {})
    if key not in store:
        store[key] = compute()
    return store[key]


def forget(user) -> None:
    """Drop what was memoised (after a change of groups in the same request or test)."""
    user.__dict__.pop(_CACHE, None)


def _member_territories(user):
    return Territory.objects.active().filter(groups__user=user)


def territory_ids_for(user) -> set[int] | None:
    """The ids of the live territories the user is a member of; ``None`` for a superuser."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if user.is_superuser:
        return None
    return _memo(
        user,
        "ids",
        lambda: set(_member_territories(user).values_list("pk", flat=True).distinct()),
    )


def mail_territory_for(user) -> Territory | None:
    """The territory whose host a mail to ``user`` links to: their first live territory by
    name; None for platform-wide users (a superuser in no territory group)."""
    return (
        _member_territories(user).select_related("site").order_by("name", "pk").distinct().first()
    )


def territories_for(user):
    """The user's live territories as a queryset (every territory for a superuser)."""
    ids = territory_ids_for(user)
    territories = Territory.objects.select_related("site", "collection")
    return territories.all() if ids is None else territories.filter(pk__in=ids)


def territory_ids_with_permission(user, permission_ids) -> set[int] | None:
    """The live territories in which one of the user's groups *of that territory* holds one
    of the permissions: a Developer of A and an Editor of B gets A for a CRM permission."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if user.is_superuser:
        return None
    by_permission = _memo(user, "territories_by_permission", lambda: _granted(user))
    territories = set()
    for permission_id in permission_ids:
        territories |= by_permission.get(permission_id, set())
    return territories


def _granted(user) -> dict[int, set[int]]:
    """Permission id -> the live territories where a group of that territory that the user
    belongs to holds it: one query for every question of the request (an admin page asks
    for a dozen permission sets: its menu, its listing, its buttons). Each row is one link
    of a territory to one of its groups, read with that group's members and permissions, so
    a permission counts only in the territory whose group grants it."""
    links = Territory.groups.through.objects.filter(
        territory__in=Territory.objects.active(),
        group__user=user,
        group__permissions__isnull=False,
    ).values_list("group__permissions", "territory_id")
    granted: dict[int, set[int]] = {}
    for permission_id, territory_id in links:
        granted.setdefault(permission_id, set()).add(territory_id)
    return granted


def page_roots_for(user) -> list[str] | None:
    """Tree paths of the home pages (every translation) of the user's territories; ``None``
    for a superuser. Everything a territory publishes lives under one of these."""
    ids = territory_ids_for(user)
    if ids is None:
        return None

    def compute():
        roots = Site.objects.filter(territory__pk__in=ids).values("root_page__translation_key")
        return list(Page.objects.filter(translation_key__in=roots).values_list("path", flat=True))

    return _memo(user, "page_roots", compute)


def scope_pages(queryset, user):
    paths = page_roots_for(user)
    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    return queryset.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))


def page_in_scope(page, user) -> bool:
    paths = page_roots_for(user)
    return paths is None or any(page.path.startswith(path) for path in paths)


def sites_for(user):
    ids = territory_ids_for(user)
    return Site.objects.all() if ids is None else Site.objects.filter(territory__pk__in=ids)


def users_visible_to(user):
    """People an admin user may see named in filters: members of their live territories."""
    users = get_user_model().objects.all()
    ids = territory_ids_for(user)
    if ids is None:
        return users
    return users.filter(groups__territories__in=ids).distinct()


def workflows_visible_to(user):
    if territory_ids_for(user) is None:
        return Workflow.objects.all()
    pages = scope_pages(Page.objects.all(), user)
    return Workflow.objects.filter(workflow_pages__page__in=pages).distinct()


def tasks_visible_to(user):
    if territory_ids_for(user) is None:
        return Task.objects.all()
    return Task.objects.filter(workflow_tasks__workflow__in=workflows_visible_to(user))


def collections_of(user):
    """The collections of the user's territories (each territory's root and below)."""
    from wagtail.models import Collection

    ids = territory_ids_for(user)
    if ids is None:
        return Collection.objects.all()
    roots = Collection.objects.filter(territory__pk__in=ids).values_list("path", flat=True)
    if not roots:
        return Collection.objects.none()
    return Collection.objects.filter(reduce(or_, (Q(path__startswith=path) for path in roots)))


def tags_visible_to(user):
    """Tags used on the images and documents of the user's territories (taggit's tags are
    global: a tag name may tell what another territory is working on)."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if territory_ids_for(user) is None:
        return Tag.objects.all()
    collections = collections_of(user)
    used = Q(pk__in=[])
    for model in (get_image_model(), get_document_model()):
        members = model.objects.filter(collection__in=collections).values("pk")
        used |= Q(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
            taggit_taggeditem_items__object_id__in=members,
        )
    return Tag.objects.filter(used).distinct()


def object_visible_to(instance, user) -> bool:
    """Whether the user may learn that ``instance`` exists (see its title): pages of their
    trees, media of collections they hold a permission on, rows of their territories."""
    from wagtail.models import Collection, CollectionMember

    from .tenancy import is_territory_owned, territory_id_of

    ids = territory_ids_for(user)
    if ids is None:
        return True
    if isinstance(instance, Page):
        return page_in_scope(instance, user)
    if isinstance(instance, CollectionMember):
        roots = _memo(
            user,
            "collection_roots",
            lambda: list(
                Collection.objects.filter(territory__pk__in=ids).values_list("path", flat=True)
            ),
        )
        return any(instance.collection.path.startswith(root) for root in roots)
    if is_territory_owned(type(instance)):
        return territory_id_of(instance) in ids
    return True


def choices_for(queryset, user):
    """The rows of ``queryset`` an admin user may pick in a form field, or None when the
    model is not territory-bound (the queryset is then left alone)."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.permissions import policy_registry

    from .tenancy import is_territory_owned

    model = queryset.model
    if issubclass(model, Page):
        return scope_pages(model._default_manager.all(), user)
    if issubclass(model, AbstractImage | AbstractDocument):
        policy = policy_registry.get_by_type(model)
        collections = policy.collections_user_has_any_permission_for(user, ["choose"])
        return model._default_manager.filter(collection__in=collections)
    if issubclass(model, Territory):
        return territories_for(user)
    if is_territory_owned(model):
        # Rebuilt in the request's scope: a form class made at start-up holds a queryset
        # created outside any scope. The scope keeps the user's territories.
        return model._default_manager.all()
    return None
