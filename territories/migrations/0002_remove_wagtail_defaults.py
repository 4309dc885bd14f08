"""Wagtail's first migrations create a default Site (fallback for every unknown host), a
welcome page and two global groups with rights over the whole tree. In a multi-tenant
install each of those would leak one territory into another: remove them."""

from django.db import migrations


def remove_defaults(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Group = apps.get_model("auth", "Group")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    Site.objects.filter(is_default_site=True, hostname="localhost", port=80).delete()
    Site.objects.update(is_default_site=False)
    welcome = Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page")
    if welcome.exists() and not Site.objects.filter(root_page__in=welcome).exists():
        WorkflowPage.objects.filter(page__in=welcome).delete()
        welcome.delete()
        root = Page.objects.filter(depth=1).first()
        if root is not None:
            root.numchild = Page.objects.filter(depth=2).count()
            root.save(update_fields=["numchild"])
    Group.objects.filter(name__in=["Editors", "Moderators"], territories__isnull=True).delete()
    WorkflowPage.objects.filter(page__depth=1).delete()
    Workflow.objects.filter(name="Moderators approval").update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]
