"""Hard admin isolation across Wagtail's own screens: explorer, choosers, search, listings,
reports, dashboard, form submissions, object URLs, and the superuser-only areas.

Each territory's objects carry a marker (tests/territories/isolation_world.py); a screen
leaks when another territory's marker, name, host or people appear in it."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.territories.isolation_world import admin_client, is_denied, populate

KEY_FIGURES = "wagtailsnippets_attractiveness_keyfigure"
KEY_FIGURE_CHOOSER = "wagtailsnippetchoosers_attractiveness_keyfigure"


MARKERS = ("ZLYONNE", "ZSEVRE", "ZCOMBES")


@pytest.fixture
def worlds(two_territories):
    return [
        populate(tenant, marker)
        for tenant, marker in zip(two_territories, MARKERS[:2], strict=True)
    ]


@pytest.fixture
def three_worlds(three_territories):
    return [
        populate(tenant, marker) for tenant, marker in zip(three_territories, MARKERS, strict=True)
    ]


def listing_urls(own):
    """Listing-like screens; ``True`` when the user's own marker must show there (a positive
    control proving the screen lists something at all)."""
    home = own.tenant.territory.site.root_page_id
    return [
        (reverse("wagtailadmin_home"), False),
        (reverse("wagtailadmin_explore_root"), False),
        (reverse("wagtailadmin_explore", args=[home]), True),
        (reverse("wagtailadmin_explore_results", args=[home]), True),
        (reverse("wagtailadmin_pages:search"), False),
        (reverse("wagtailadmin_pages:search_results"), False),
        (reverse("wagtailadmin_choose_page"), False),
        (reverse("wagtailadmin_choose_page_child", args=[home]), True),
        (reverse("wagtailadmin_choose_page_search"), False),
        (reverse("wagtailadmin_pages:type_use", args=["home", "standardpage"]), True),
        (
            reverse("wagtailadmin_pages:choose_parent", args=["home", "standardpage"]),
            False,
        ),
        (reverse("wagtailimages:index"), True),
        (reverse("wagtaildocs:index"), True),
        (reverse("wagtailimages_chooser:choose"), True),
        (reverse("wagtaildocs_chooser:choose"), True),
        (reverse(f"{KEY_FIGURES}:list"), True),
        (reverse(f"{KEY_FIGURE_CHOOSER}:choose"), True),
        (reverse("wagtailadmin_reports:aging_pages"), False),
        (reverse("wagtailadmin_reports:site_history"), True),
        (reverse("wagtailadmin_reports:workflow"), False),
        (reverse("wagtailadmin_reports:workflow_tasks"), False),
        (reverse("wagtail_localize:translations_report"), False),
        (reverse("easy_read_report"), True),
        (reverse("easy_read_report_results"), True),
        (reverse("wagtailforms:index"), False),
        (reverse("wagtailforms:list_submissions", args=[own.contact.pk]), True),
        (reverse("wagtailadmin_api:pages:listing") + "?child_of=root&for_explorer=1", False),
        (reverse("wagtailadmin_api:images:listing"), True),
        (reverse("wagtailadmin_api:documents:listing"), True),
        (
            reverse("wagtail_localize:snippets_api_listing", args=["attractiveness", "keyfigure"]),
            True,
        ),
    ]


def test_listings_choosers_search_and_reports_show_nothing_of_other_territories(
    three_worlds, superuser
):
    own, *others = three_worlds
    for user in (own.tenant.editor, own.tenant.moderator):
        client = admin_client(user)
        for url, shows_own in listing_urls(own):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            for other in others:
                assert other.leaks(response) == [], (user, url)
            if shows_own:
                assert own.marker in response.content.decode(), (user, url)
            if "/api/" in url:
                continue
            # Searching for another territory's marker finds nothing of it either.
            searched = client.get(url, {"q": others[0].marker})
            assert searched.status_code == 200, (user, url)
            assert others[0].leaks(searched) == [], (user, url, "search")
    # A superuser sees every territory.
    everything = admin_client(superuser).get(reverse("wagtailimages:index")).content.decode()
    assert all(f"{world.marker} image" in everything for world in three_worlds)
    # The same screens do list each territory's own content to its people.
    second = three_worlds[1]
    response = admin_client(second.tenant.moderator).get(
        reverse("wagtailadmin_reports:locked_pages")
    )
    assert f"{second.marker} locked" in response.content.decode()
    assert own.leaks(response) == []


def test_moderation_dashboard_and_reports_show_own_work_only(worlds):
    own, other = worlds
    client = admin_client(own.tenant.moderator)
    for name in (
        "wagtailadmin_home",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:locked_pages",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200
        body = response.content.decode()
        assert own.marker in body, name  # awaiting moderation / locked by me
        assert other.leaks(response) == [], name


def hostile_urls(other):
    page, home = other.page.pk, other.tenant.territory.site.root_page_id
    revision = other.page.latest_revision_id
    snippet = ("attractiveness", "keyfigure", other.key_figure.pk)
    return [
        reverse("wagtailadmin_explore", args=[home]),
        reverse("wagtailadmin_explore_results", args=[home]),
        reverse("wagtailadmin_choose_page_child", args=[home]),
        reverse("wagtailadmin_pages:edit", args=[page]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page]),
        reverse("wagtailadmin_pages:view_draft", args=[page]),
        reverse("wagtailadmin_pages:history", args=[page]),
        reverse("wagtailadmin_pages:revisions_view", args=[page, revision]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page, "earliest", "latest"]),
        reverse("wagtailadmin_pages:copy", args=[page]),
        reverse("wagtailadmin_pages:move", args=[page]),
        reverse("wagtailadmin_pages:delete", args=[page]),
        reverse("wagtailadmin_pages:unpublish", args=[page]),
        reverse("wagtailadmin_pages:usage", args=[page]),
        reverse("wagtailadmin_pages:workflow_history", args=[page]),
        reverse("wagtailadmin_pages:set_privacy", args=[page]),
        reverse("wagtailadmin_pages:add_subpage", args=[home]),
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home]),
        reverse("wagtail_localize:submit_page_translation", args=[page]),
        reverse("wagtailadmin_api:pages:detail", args=[page]),
        reverse("wagtailadmin_api:images:detail", args=[other.image.pk]),
        reverse("wagtailadmin_api:documents:detail", args=[other.document.pk]),
        reverse("wagtailforms:list_submissions", args=[other.contact.pk]),
        reverse("wagtailforms:list_submissions_results", args=[other.contact.pk]),
        reverse("wagtailforms:delete_submissions", args=[other.contact.pk]),
        reverse("wagtailimages:edit", args=[other.image.pk]),
        reverse("wagtailimages:delete", args=[other.image.pk]),
        reverse("wagtailimages:image_usage", args=[other.image.pk]),
        reverse("wagtailimages:url_generator", args=[other.image.pk]),
        reverse("wagtailimages:preview", args=[other.image.pk, "original"]),
        reverse("wagtailimages_chooser:chosen", args=[other.image.pk]),
        reverse("wagtailimages_chooser:select_format", args=[other.image.pk]),
        reverse("wagtaildocs:edit", args=[other.document.pk]),
        reverse("wagtaildocs:delete", args=[other.document.pk]),
        reverse("wagtaildocs:document_usage", args=[other.document.pk]),
        reverse("wagtaildocs_chooser:chosen", args=[other.document.pk]),
        reverse(f"{KEY_FIGURES}:edit", args=[other.key_figure.pk]),
        reverse(f"{KEY_FIGURES}:delete", args=[other.key_figure.pk]),
        reverse(f"{KEY_FIGURES}:copy", args=[other.key_figure.pk]),
        reverse(f"{KEY_FIGURES}:history", args=[other.key_figure.pk]),
        reverse(f"{KEY_FIGURES}:usage", args=[other.key_figure.pk]),
        reverse(f"{KEY_FIGURE_CHOOSER}:chosen", args=[other.key_figure.pk]),
        reverse("wagtail_localize:submit_snippet_translation", args=snippet),
        reverse("wagtail_localize:snippets_api_detail", args=snippet),
        reverse(
            "wagtailsettings:edit",
            args=["territories", "territorysettings", other.tenant.territory.site_id],
        ),
        reverse(
            "wagtailsettings:preview_on_edit",
            args=["territories", "territorysettings", other.tenant.territory.site_id],
        ),
    ]


def test_object_urls_of_another_territory_are_refused(worlds):
    own, other = worlds
    for user in (own.tenant.editor, own.tenant.moderator):
        client = admin_client(user)
        for url in hostile_urls(other):
            response = client.get(url)
            assert is_denied(response), (user, url, response.status_code)
            assert other.leaks(response) == [], (user, url)
    # Positive control: the other territory's moderator opens the same URLs of their own.
    client = admin_client(other.tenant.moderator)
    for name, args in [
        ("wagtailadmin_pages:edit", [other.page.pk]),
        ("wagtailadmin_pages:history", [other.page.pk]),
        ("wagtailforms:list_submissions", [other.contact.pk]),
        ("wagtailimages:edit", [other.image.pk]),
        ("wagtaildocs:edit", [other.document.pk]),
        (f"{KEY_FIGURES}:edit", [other.key_figure.pk]),
        (f"{KEY_FIGURES}:history", [other.key_figure.pk]),
        (
            "wagtailsettings:edit",
            ["territories", "territorysettings", other.tenant.territory.site_id],
        ),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_hostile_writes_change_nothing(worlds):
    own, other = worlds
    client = admin_client(own.tenant.moderator)
    page = other.page
    title = page.get_latest_revision_as_object().title
    responses = [
        client.post(reverse("wagtailadmin_pages:delete", args=[page.pk])),
        client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])),
        client.post(reverse("wagtailadmin_pages:lock", args=[page.pk])),
        client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {"title": "hijacked", "slug": "hijacked", "action-publish": "1"},
        ),
        client.post(
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            {
                "new_title": "copy",
                "new_slug": "copy",
                "new_parent_page": own.tenant.territory.site.root_page_id,
            },
        ),
        client.post(
            reverse(
                "wagtailadmin_pages:move_confirm",
                args=[page.pk, own.tenant.territory.site.root_page_id],
            )
        ),
        client.post(reverse("wagtailforms:delete_submissions", args=[other.contact.pk])),
        client.post(reverse("wagtailimages:delete", args=[other.image.pk])),
        client.post(reverse("wagtaildocs:delete", args=[other.document.pk])),
    ]
    for response in responses:
        assert is_denied(response), response.request["PATH_INFO"]
    page.refresh_from_db()
    assert page.live and not page.locked
    assert page.get_parent().pk == other.tenant.territory.site.root_page_id
    assert page.get_latest_revision_as_object().title == title
    assert other.contact.get_submission_class().objects.filter(page=other.contact).count() == 1
    assert type(other.image).objects.filter(pk=other.image.pk).exists()
    assert type(other.document).objects.filter(pk=other.document.pk).exists()

    # Own pages cannot be copied or moved into the other territory's tree either.
    other_home = other.tenant.territory.site.root_page_id
    client.post(
        reverse("wagtailadmin_pages:copy", args=[own.page.pk]),
        {"new_title": "smuggled", "new_slug": "smuggled", "new_parent_page": other_home},
    )
    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[own.page.pk, other_home])
    )
    assert is_denied(response)
    assert not Page.objects.filter(slug="smuggled").exists()
    own.page.refresh_from_db()
    assert own.page.get_parent().pk == own.tenant.territory.site.root_page_id
    assert (
        Page.objects.descendant_of(other.tenant.territory.site.root_page)
        .filter(title__startswith=own.marker)
        .count()
        == 0
    )


def test_platform_areas_are_superuser_only(two_territories, superuser):
    own, _other = two_territories
    names = [
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailsites:index",
        "wagtailadmin_workflows:index",
        "wagtailadmin_workflows:task_index",
        "wagtailredirects:index",
        "wagtaillocales:index",
        "wagtailadmin_collections:index",
        "wagtailadmin_reports:page_types_usage",
        "territories:index",
        "territories:add",
    ]
    for user in (own.editor, own.moderator):
        client = admin_client(user)
        for name in names:
            assert is_denied(client.get(reverse(name))), (user, name)
        # The Django admin wants is_staff, which no territory member has.
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
        menu = client.get(reverse("wagtailadmin_reports:aging_pages")).content.decode()
        assert reverse("wagtailadmin_reports:page_types_usage") not in menu
    client = admin_client(superuser)
    for name in names:
        assert client.get(reverse(name)).status_code == 200, name


def test_chooser_chosen_steps_only_return_own_objects(worlds):
    own, other = worlds
    client = admin_client(own.tenant.editor)
    steps = [
        ("wagtailadmin_choose_page_chosen_multiple", "page"),
        ("wagtailimages_chooser:chosen_multiple", "image"),
        ("wagtaildocs_chooser:chosen_multiple", "document"),
        (f"{KEY_FIGURE_CHOOSER}:chosen_multiple", "key_figure"),
    ]
    for name, attribute in steps:
        ids = f"?id={getattr(own, attribute).pk}&id={getattr(other, attribute).pk}"
        response = client.get(reverse(name) + ids)
        assert response.status_code == 200, name
        assert own.marker in response.content.decode(), name
        assert other.leaks(response) == [], name


def test_bulk_actions_neither_name_nor_touch_other_territories_objects(worlds):
    own, other = worlds
    client = admin_client(own.tenant.moderator)
    actions = [
        ("wagtailcore", "page", "delete", "page"),
        ("wagtailcore", "page", "publish", "page"),
        ("wagtailcore", "page", "unpublish", "page"),
        ("wagtailcore", "page", "move", "page"),
        ("wagtailimages", "image", "delete", "image"),
        ("wagtailimages", "image", "add_to_collection", "image"),
        ("wagtailimages", "image", "add_tags", "image"),
        ("wagtaildocs", "document", "delete", "document"),
        ("wagtaildocs", "document", "add_to_collection", "document"),
        ("wagtaildocs", "document", "add_tags", "document"),
    ]
    for app_label, model_name, action, attribute in actions:
        url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
        theirs, mine = getattr(other, attribute).pk, getattr(own, attribute).pk
        response = client.get(f"{url}?id={mine}&id={theirs}")
        assert response.status_code == 200, url
        assert own.marker in response.content.decode(), url
        assert other.leaks(response) == [], url
    for app_label, model_name, attribute in [
        ("wagtailcore", "page", "page"),
        ("wagtailimages", "image", "image"),
        ("wagtaildocs", "document", "document"),
    ]:
        url = reverse("wagtail_bulk_action", args=[app_label, model_name, "delete"])
        client.post(f"{url}?id={getattr(other, attribute).pk}")
        assert (
            type(getattr(other, attribute)).objects.filter(pk=getattr(other, attribute).pk).exists()
        )
