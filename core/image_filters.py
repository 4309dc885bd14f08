"""One image Filter per spec and process, for the ``{% image %}`` tag.

Wagtail's ``ImageNode.get_filter`` builds a new ``Filter`` at every render, and the filter
parses its spec into operations again (``inspect.getcallargs`` per operation) before even
looking the rendition up in the cache: 14 images on a home page, about 10 % of an uncached
home page's CPU time (docs/performance.md, "Listings"). A Filter holds only its spec and
its parsed operations, which never change once the image operation hooks are registered,
so one instance per spec serves every render.
"""

import functools

from wagtail.images.models import Filter


@functools.lru_cache(maxsize=512)
def filter_for_spec(spec: str) -> Filter:
    return Filter(spec=spec)


def install() -> None:
    """Make ``{% image %}`` and ``{% srcset_image %}`` reuse ``filter_for_spec``'s filters
    (from CoreConfig.ready). The srcset tag built one Filter per width at every render: a
    home page's teasers, 13 filters parsed again per uncached render."""
    from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode

    if hasattr(ImageNode, "get_filter"):  # a Wagtail that no longer has it: nothing to do

        def get_filter(self):
            return filter_for_spec("|".join(self.filter_specs))

        ImageNode.get_filter = get_filter

    if hasattr(SrcsetImageNode, "get_filters"):

        def get_filters(self):
            return [filter_for_spec(spec) for spec in Filter.expand_spec(self.filter_specs)]

        SrcsetImageNode.get_filters = get_filters
