"""``TerritoryFactory``: a Territory row and the least it stands on, for model tests.

``make_territory`` (``territory_provision``) builds the real thing: a home page and about ten
section pages per language, each with a revision, four groups with their page, collection
and site permissions, a moderation workflow and a settings row. A test of a territory-owned
model, a form or a selector needs none of that: this factory makes the Site, one home page
(the page model ``territories.features`` declares, in the first language) and the media
collection, nothing else. No groups (``territory.group_for(role)`` is None), no sections.
"""

import factory
from django.utils.text import slugify
from wagtail.models import Collection, Locale, Page, Site

from territories import features
from territories.models import Territory


def _locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


class HomePageFactory(factory.django.DjangoModelFactory):
    """A home page directly under Wagtail's root, as ``territory_provision`` places them."""

    class Meta:
        model = features.home_feature().home_page

    class Params:
        name = "Territoire"
        language = "fr"

    title = factory.LazyAttribute(lambda o: o.name)
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    locale = factory.LazyAttribute(lambda o: _locale(o.language))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        declaration = features.home_feature()
        if declaration.home_defaults:
            extra = declaration.home_defaults(kwargs["title"], kwargs["locale"].language_code)
            extra.pop("title", None)
            kwargs = {**extra, **kwargs}
        return Page.get_first_root_node().add_child(instance=model_class(**kwargs))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    hostname = factory.Sequence(lambda n: f"site{n}.test")
    port = 80
    site_name = factory.LazyAttribute(lambda o: o.hostname)
    root_page = factory.SubFactory(HomePageFactory)


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    name = factory.Sequence(lambda n: f"Collection {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return Collection.get_first_root_node().add_child(instance=model_class(**kwargs))


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    class Params:
        hostname = factory.LazyAttribute(lambda o: f"{o.slug}.test")

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    languages = factory.LazyFunction(lambda: ["fr"])
    contact_email = factory.LazyAttribute(lambda o: f"contact@{o.hostname}")
    sender_email = factory.LazyAttribute(lambda o: f"noreply@{o.hostname}")
    site = factory.SubFactory(
        SiteFactory,
        hostname=factory.SelfAttribute("..hostname"),
        site_name=factory.SelfAttribute("..name"),
        root_page__name=factory.SelfAttribute("...name"),
        root_page__slug=factory.SelfAttribute("...slug"),
        root_page__language=factory.LazyAttribute(
            lambda o: o.factory_parent.factory_parent.languages[0]
        ),
    )
    collection = factory.SubFactory(CollectionFactory, name=factory.SelfAttribute("..name"))
