"""The newsletter's admin form: what a chooser cannot refuse on its own."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .blocks import PAGE_BLOCKS
from .rendering import territory_pages


def body_pages_outside(newsletter_territory, body) -> list[str]:
    """Ids of the pages the body names that are not live pages of the newsletter's
    territory: a person in two territories cannot mix them."""
    ids = set()
    for block in body or []:
        if block.block_type in PAGE_BLOCKS and block.value is not None:
            ids.add(block.value.pk)
        elif block.block_type == "button" and block.value.get("page") is not None:
            ids.add(block.value["page"].pk)
    found = territory_pages(newsletter_territory, ids) if ids else {}
    return [str(pk) for pk in sorted(ids - set(found))]


class NewsletterForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        territory = cleaned.get("territory") or getattr(self.instance, "territory", None)
        if territory is None:
            return cleaned
        if any(item.territory_id != territory.pk for item in cleaned.get("lists") or []):
            self.add_error("lists", _("Choose lists of the newsletter's territory."))
        outside = body_pages_outside(territory, cleaned.get("body"))
        if outside:
            self.add_error(
                "body",
                _("These pages are not published pages of this territory: %(ids)s")
                % {"ids": ", ".join(outside)},
            )
        return cleaned
