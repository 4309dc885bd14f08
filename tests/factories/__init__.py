import factory
from django.contrib.auth import get_user_model

from territories.models import Territory
from territories.services import territory_provision

PASSWORD = "correct-horse-battery-staple"


def ensure_localize_permission() -> None:
    """wagtail-localize's ``submit_translation`` (granted by provisioning) comes from a data
    migration: the flush after a transactional test deletes it, so such tests put it back."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_territory(name: str, hostname: str, languages=("fr", "en")) -> Territory:
    ensure_localize_permission()  # gone after any transactional test's flush
    return territory_provision(
        name=name,
        hostname=hostname,
        languages=list(languages),
        contact_email=f"contact@{hostname}",
        sender_email=f"noreply@{hostname}",
    )


def make_member(territory: Territory, role: str = "Editors", **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(territory.group_for(role))
    return user


# Imported last: they use nothing above, and importing them here keeps one entry point.
from .territory import TerritoryFactory  # noqa: E402

__all__ = [
    "PASSWORD",
    "TerritoryFactory",
    "UserFactory",
    "ensure_localize_permission",
    "make_member",
    "make_territory",
]
