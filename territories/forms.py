from wagtail.admin.forms import WagtailAdminModelForm

from .models import Territory


class TerritoryScopedAdminForm(WagtailAdminModelForm):
    """Offers only the editor's territories; preselects it when there is just one."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("territory")
        if field is None or for_user is None:
            return
        field.queryset = Territory.objects.for_user(for_user).active()
        if not self.instance.pk and field.queryset.count() == 1:
            field.initial = field.queryset.first().pk
