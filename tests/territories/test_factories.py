"""The light factories stay light, and what they make is valid."""

import pytest
from wagtail.models import Collection, Page, Revision

from territories import features
from territories.models import Territory
from tests.factories import TerritoryFactory
from tests.factories.owned import KeyFigureFactory

pytestmark = pytest.mark.django_db


def test_territory_factory_makes_a_valid_row_without_the_provisioned_tree():
    pages, revisions = Page.objects.count(), Revision.objects.count()
    territory = TerritoryFactory(name="Pays de Brume")
    territory.full_clean()
    assert (territory.slug, territory.site.hostname) == ("pays-de-brume", "pays-de-brume.test")
    home = territory.site.root_page.specific
    assert home._meta.label == features.home_feature().home_page
    assert home.get_parent() == Page.get_first_root_node()
    assert home.locale.language_code == territory.default_language == "fr"
    assert territory.collection.get_parent() == Collection.get_first_root_node()
    # What territory_provision would add and the factory does not: no sections, no
    # revisions, no groups.
    assert Page.objects.count() == pages + 1 and Revision.objects.count() == revisions
    assert not territory.groups.exists() and territory.group_for("Editors") is None


def test_two_territories_from_the_factory_do_not_collide():
    first, second = TerritoryFactory(), TerritoryFactory()
    assert first.site_id != second.site_id and first.collection_id != second.collection_id
    assert Territory.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_build_writes_nothing():
    territories, pages = Territory.objects.count(), Page.objects.count()
    territory = TerritoryFactory.build()
    assert territory.pk is None and territory.site.pk is None
    assert (Territory.objects.count(), Page.objects.count()) == (territories, pages)


def test_an_owned_row_from_its_factory_belongs_to_the_territory_given():
    territory = TerritoryFactory()
    figure = KeyFigureFactory(territory=territory, marker="ZMARK")
    figure.full_clean()
    assert figure.territory == territory and "ZMARK" in str(figure)
    assert KeyFigureFactory().territory != territory  # a light territory of its own
