from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = _("Territories")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import checks, overrides, signals
        from .models import Territory
        from .permissions import SuperuserOnlyPermissionPolicy, TerritoryOwnedPermissionPolicy
        from .tenancy import REGISTRY

        # A model permission counts only through the territory's own groups.
        for model in REGISTRY:
            register_permission_policy(model, TerritoryOwnedPermissionPolicy(model))
        register_permission_policy(Territory, SuperuserOnlyPermissionPolicy(Territory))
        overrides.install()
        signals.connect_declared_purges()
        checks.register()
        post_migrate.connect(sync_after_migrate, dispatch_uid="territories.sync_after_migrate")
        # Permission ids the policies keep: new rows after migrate, other ids after a flush.
        from django.contrib.auth.models import Permission

        from .permissions import forget_permission_ids

        post_migrate.connect(forget_permission_ids, dispatch_uid="territories.permission_ids")
        post_save.connect(forget_permission_ids, sender=Permission, dispatch_uid="tp.saved")
        post_delete.connect(forget_permission_ids, sender=Permission, dispatch_uid="tp.deleted")


def sync_after_migrate(sender, app_config=None, using="default", plan=None, **kwargs):
    """After ``migrate``, bring every live territory up to date with the apps' declarations
    (new sections, roles, permissions). Runs once, for the last app migrate signals, when
    every app's permissions exist. Not after ``flush``, which sends the signal without a plan."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1] or plan is None:
        return
    from .services import territories_sync_all
    from .tenancy import platform_wide

    with platform_wide():
        territories_sync_all()
