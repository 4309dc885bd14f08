"""``{% image %}`` reuses one Filter per spec (core/image_filters.py)."""

from django.template import Context, Template
from wagtail.images.models import Filter, Image
from wagtail.images.templatetags.wagtailimages_tags import ImageNode
from wagtail.images.tests.utils import get_test_image_file

from core.image_filters import filter_for_spec

TEMPLATE = Template(
    '{% load wagtailimages_tags %}{% image img fill-40x30 format-webp alt="" class="x" %}'
)


def test_the_image_tag_reuses_one_filter_per_spec_and_renders_the_same(db):
    image = Image.objects.create(title="Port", file=get_test_image_file())
    node = next(n for n in TEMPLATE.nodelist if isinstance(n, ImageNode))
    assert node.get_filter() is node.get_filter() is filter_for_spec("fill-40x30|format-webp")

    first = TEMPLATE.render(Context({"img": image}))
    second = TEMPLATE.render(Context({"img": image}))
    rendition = image.get_rendition(Filter(spec="fill-40x30|format-webp"))  # Wagtail's own
    assert first == second
    assert f'src="{rendition.url}"' in first and 'width="40"' in first and 'height="30"' in first
    assert filter_for_spec("fill-40x30|format-webp").spec == "fill-40x30|format-webp"


SRCSET = Template(
    "{% load wagtailimages_tags %}"
    '{% srcset_image img fill-{40x30,80x60} format-webp sizes="10rem" alt="" %}'
)


def test_the_srcset_tag_reuses_one_filter_per_width_and_renders_the_same(db):
    from wagtail.images.templatetags.wagtailimages_tags import SrcsetImageNode

    image = Image.objects.create(title="Quai", file=get_test_image_file())
    node = next(n for n in SRCSET.nodelist if isinstance(n, SrcsetImageNode))
    first_filters, second_filters = node.get_filters(), node.get_filters()
    assert [f.spec for f in first_filters] == ["fill-40x30|format-webp", "fill-80x60|format-webp"]
    assert all(a is b for a, b in zip(first_filters, second_filters, strict=True))

    first = SRCSET.render(Context({"img": image}))
    assert first == SRCSET.render(Context({"img": image}))
    wide = image.get_rendition(Filter(spec="fill-80x60|format-webp"))  # Wagtail's own
    assert f"{wide.url} 80w" in first and 'sizes="10rem"' in first
