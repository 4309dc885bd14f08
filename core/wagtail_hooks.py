from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.contrib.forms.models import FormMixin
from wagtail.fields import RichTextField

from core.page_cache import mark_cacheable
from core.rich_text import RichTextFormField


def is_publicly_cacheable(page) -> bool:
    """A page every visitor sees the same: live, under no view restriction (password,
    login, groups: on the page or an ancestor, aliases resolved as Wagtail does), not a
    form page, and not declined by its class (``page_cache = False``)."""
    if not page.live or not getattr(page, "page_cache", True) or isinstance(page, FormMixin):
        return False
    page.__dict__.pop("_served_view_restrictions", None)  # never an earlier call's
    restrictions = page.get_view_restrictions()
    # Wagtail's own check (its on_serve_page hook) runs next and asks again: read once
    # (bool() fills the queryset's cache) and handed to it, once, through the instance
    # (SeoMixin.get_view_restrictions): two queries less per page served.
    page._served_view_restrictions = restrictions
    return not restrictions


@hooks.register("before_serve_page")
def opt_public_pages_into_the_page_cache(page, request, serve_args, serve_kwargs):
    """The page cache stores only what opts in: Wagtail serving a public page does, with the
    query parameters the page declares it renders (``cache_query_params``, default none)."""
    if is_publicly_cacheable(page):
        mark_cacheable(request, getattr(page, "cache_query_params", ()))


# Every RichTextField of an admin form refuses a malformed document as a form error on that
# field (core/rich_text.py); RichTextBlock does the same (territories/overrides/input.py).
register_form_field_override(RichTextField, override={"form_class": RichTextFormField})
