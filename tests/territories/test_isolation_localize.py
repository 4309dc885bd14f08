"""wagtail-localize under tenancy: each territory's editors submit and edit translations of
their own pages and key figures through wagtail-localize's real views, and reach nothing of
another territory's translations, whatever id they put in a URL or a POST field."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import polib
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from attractiveness.models import KeyFigure, NewsIndexPage, NewsPage
from home.models import StandardPage
from territories.overrides import localize_views as localize_scoping
from tests.factories import make_member, make_territory
from tests.territories.isolation_world import admin_client, is_denied, populate

KEY_FIGURES = "wagtailsnippets_attractiveness_keyfigure"
TODAY = dt.date(2026, 1, 15)
DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def submit_url(instance) -> str:
    if isinstance(instance, Page):
        return reverse("wagtail_localize:submit_page_translation", args=[instance.pk])
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["attractiveness", "keyfigure", instance.pk],
    )


def translation_of(instance, code: str = "en") -> Translation:
    return Translation.objects.get(
        source__object_id=instance.translation_key, target_locale__language_code=code
    )


def segment(translation: Translation, path: str) -> StringSegment:
    return StringSegment.objects.get(source=translation.source, context__path=path)


def string_url(translation, string_segment) -> str:
    return reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, string_segment.pk]
    )


def put_string(client, translation, string_segment, value: str):
    return client.put(
        string_url(translation, string_segment),
        urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


def po_upload(translation: Translation, replacements: dict[str, str]) -> SimpleUploadedFile:
    """The translation's own PO file, with some strings translated."""
    po = polib.pofile(str(translation.export_po()))
    for entry in po:
        if entry.msgid in replacements:
            entry.msgstr = replacements[entry.msgid]
    return SimpleUploadedFile("upload.po", str(po).encode(), content_type="text/x-gettext")


@dataclass
class Translated:
    """A world whose editor translated its page and key figure into English, for real."""

    world: object
    page_translation: Translation
    title: StringSegment
    english_page: StandardPage
    figure_translation: Translation
    label: StringSegment
    english_figure: KeyFigure


def translate_world(world) -> Translated:
    client = admin_client(world.tenant.editor)
    en = locale("en").pk
    assert client.post(submit_url(world.page), {"locales": [en]}).status_code == 302
    assert client.post(submit_url(world.key_figure), {"locales": [en]}).status_code == 302
    page_translation = translation_of(world.page)
    title = segment(page_translation, "title")
    assert put_string(client, page_translation, title, f"{world.marker} page EN").status_code == 201
    figure_translation = translation_of(world.key_figure)
    label = segment(figure_translation, "label")
    assert (
        put_string(client, figure_translation, label, f"{world.marker} figure EN").status_code
        == 201
    )
    return Translated(
        world,
        page_translation,
        title,
        StandardPage.objects.get(
            translation_key=world.page.translation_key, locale__language_code="en"
        ),
        figure_translation,
        label,
        KeyFigure.objects.get(
            translation_key=world.key_figure.translation_key, locale__language_code="en"
        ),
    )


@pytest.fixture
def worlds(two_territories):
    return populate(two_territories[0], "ZLYONNE"), populate(two_territories[1], "ZSEVRE")


@pytest.fixture
def translated(worlds):
    return [translate_world(world) for world in worlds]


# --- The real flow, in one's own territory ---------------------------------------------------


def test_editor_translates_own_page_end_to_end(worlds, django_capture_on_commit_callbacks):
    own, _other = worlds
    editor, moderator = admin_client(own.tenant.editor), admin_client(own.tenant.moderator)
    home_en = own.tenant.territory.site.root_page.get_translation(locale("en"))

    response = editor.get(submit_url(own.page))
    assert response.status_code == 200
    assert list(response.context["form"].fields["locales"].queryset) == [locale("en")]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(submit_url(own.page), {"locales": [locale("en").pk]})
    assert response.status_code == 302

    english = StandardPage.objects.get(
        translation_key=own.page.translation_key, locale__language_code="en"
    )
    assert english.get_parent().pk == home_en.pk
    # A draft: an editor's submission publishes nothing (WAGTAILLOCALIZE_SYNC_LIVE_STATUS…).
    assert not english.live

    # The page's edit view is wagtail-localize's translation editor.
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    response = editor.get(edit_url)
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]

    translation = translation_of(own.page)
    title = segment(translation, "title")
    assert put_string(editor, translation, title, "Lyonne in English").status_code == 201
    assert (
        StringTranslation.objects.get(
            translation_of=title.string, locale=locale("en"), context=title.context
        ).data
        == "Lyonne in English"
    )

    # PO round trip: download, translate the title again, upload.
    download = editor.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200 and "ZLYONNE page" in download.content.decode()
    response = editor.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": po_upload(translation, {"ZLYONNE page": "Lyonne, English edition"})},
    )
    assert response.status_code == 302
    assert (
        StringTranslation.objects.get(
            translation_of=title.string, locale=locale("en"), context=title.context
        ).data
        == "Lyonne, English edition"
    )

    # Publishing is a moderator's right, as for any page of the territory.
    assert is_denied(editor.post(edit_url, {"action": "publish"}))
    english.refresh_from_db()
    assert not english.live
    # wagtail-localize publishes once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert moderator.post(edit_url, {"action": "publish"}).status_code == 302
    english.refresh_from_db()
    assert english.live and english.title == "Lyonne, English edition"


def test_sync_publishes_only_for_publishers(translated, django_capture_on_commit_callbacks):
    own = translated[0]
    page, english = own.world.page, own.english_page
    sync_url = reverse(
        "wagtail_localize:update_translations", args=[own.page_translation.source_id]
    )
    editor, moderator = (
        admin_client(own.world.tenant.editor),
        admin_client(own.world.tenant.moderator),
    )

    response = editor.get(sync_url)
    assert response.status_code == 200
    assert response.context["form"].fields["publish_translations"].disabled
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(sync_url, {"publish_translations": "on"}).status_code == 302
    english.refresh_from_db()
    assert not english.live  # the editor's sync left it a draft

    assert not moderator.get(sync_url).context["form"].fields["publish_translations"].disabled
    with django_capture_on_commit_callbacks(execute=True):
        assert moderator.post(sync_url, {"publish_translations": "on"}).status_code == 302
    english.refresh_from_db()
    assert english.live and english.title == "ZLYONNE page EN"
    assert page.get_translation(locale("en")).pk == english.pk


def test_editor_translates_own_key_figure(worlds):
    own, _other = worlds
    client = admin_client(own.tenant.editor)
    response = client.get(submit_url(own.key_figure))
    assert response.status_code == 200
    assert list(response.context["form"].fields["locales"].queryset) == [locale("en")]
    assert (
        client.post(submit_url(own.key_figure), {"locales": [locale("en").pk]}).status_code == 302
    )
    english = KeyFigure.objects.get(
        translation_key=own.key_figure.translation_key, locale__language_code="en"
    )
    assert english.territory == own.tenant.territory

    translation = translation_of(own.key_figure)
    assert (
        put_string(client, translation, segment(translation, "label"), "Lyonne figure").status_code
        == 201
    )
    edit_url = reverse(f"{KEY_FIGURES}:edit", args=[english.pk])
    assert client.get(edit_url).status_code == 200
    # Key figures are moderated: the editor's "publish" changes nothing, a moderator's does.
    client.post(edit_url, {"action": "publish"})
    english.refresh_from_db()
    assert english.label != "Lyonne figure" and not english.live
    moderator = admin_client(own.tenant.moderator)
    assert moderator.post(edit_url, {"action": "publish"}).status_code == 302
    english.refresh_from_db()
    assert english.label == "Lyonne figure" and english.live


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_machine_translation_and_preview_of_own_translation(translated):
    own, other = translated
    client = admin_client(own.world.tenant.editor)
    translation = own.page_translation
    response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 302
    preview = client.get(reverse("wagtail_localize:preview_translation", args=[translation.pk]))
    assert preview.status_code == 200
    assert other.world.leaks(preview) == []


# --- Another territory's translations: unreachable -------------------------------------------


def hostile_requests(theirs: Translated, mine: Translated):
    """Every wagtail-localize URL and POST field, with the other territory's ids."""
    page_t, figure_t = theirs.page_translation, theirs.figure_translation
    po = po_upload(page_t, {f"{theirs.world.marker} page": "stolen"})
    return [
        ("get", submit_url(theirs.world.page), {}),
        ("post", submit_url(theirs.world.page), {"locales": [locale("en").pk]}),
        ("get", submit_url(theirs.world.key_figure), {}),
        ("post", submit_url(theirs.world.key_figure), {"locales": [locale("en").pk]}),
        ("get", reverse("wagtail_localize:update_translations", args=[page_t.source_id]), {}),
        (
            "post",
            reverse("wagtail_localize:update_translations", args=[page_t.source_id]),
            {"publish_translations": "on"},
        ),
        ("get", reverse("wagtail_localize:update_translations", args=[figure_t.source_id]), {}),
        ("get", reverse("wagtail_localize:download_pofile", args=[page_t.pk]), {}),
        ("get", reverse("wagtail_localize:download_pofile", args=[figure_t.pk]), {}),
        ("post", reverse("wagtail_localize:upload_pofile", args=[page_t.pk]), {"file": po}),
        ("post", reverse("wagtail_localize:machine_translate", args=[page_t.pk]), {}),
        ("get", reverse("wagtail_localize:preview_translation", args=[page_t.pk]), {}),
        (
            "get",
            reverse("wagtail_localize:preview_translation", args=[page_t.pk, "default"]),
            {},
        ),
        ("post", reverse("wagtail_localize:stop_translation", args=[page_t.pk]), {}),
        ("post", reverse("wagtail_localize:stop_translation", args=[figure_t.pk]), {}),
        ("put", string_url(page_t, theirs.title), {"value": "stolen"}),
        ("delete", string_url(page_t, theirs.title), {}),
        ("put", string_url(figure_t, theirs.label), {"value": "stolen"}),
        # Mixed: one's own translation with their segment, and the reverse.
        ("put", string_url(mine.page_translation, theirs.title), {"value": "stolen"}),
        ("put", string_url(page_t, mine.title), {"value": "stolen"}),
        (
            "put",
            reverse("wagtail_localize:edit_override", args=[page_t.pk, theirs.title.pk]),
            {"value": "stolen"},
        ),
        ("get", reverse("wagtail_localize:convert_to_alias", args=[theirs.english_page.pk]), {}),
        ("post", reverse("wagtail_localize:convert_to_alias", args=[theirs.english_page.pk]), {}),
        ("get", reverse("wagtailadmin_pages:edit", args=[theirs.english_page.pk]), {}),
        (
            "post",
            reverse("wagtailadmin_pages:edit", args=[theirs.english_page.pk]),
            {"action": "publish"},
        ),
        (
            "post",
            reverse("wagtailadmin_pages:edit", args=[theirs.english_page.pk]),
            {"localize-restart-translation": "1"},
        ),
        ("get", reverse(f"{KEY_FIGURES}:edit", args=[theirs.english_figure.pk]), {}),
        (
            "post",
            reverse(f"{KEY_FIGURES}:edit", args=[theirs.english_figure.pk]),
            {"action": "publish"},
        ),
    ]


def send(client, method, url, data):
    if method in ("put", "delete"):
        return getattr(client, method)(
            url, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
    return getattr(client, method)(url, data)


def snapshot(theirs: Translated) -> dict:
    page = Page.objects.get(pk=theirs.english_page.pk)
    figure = KeyFigure.objects.get(pk=theirs.english_figure.pk)
    return {
        "translations": list(
            Translation.objects.filter(
                source__object_id__in=[
                    theirs.world.page.translation_key,
                    theirs.world.key_figure.translation_key,
                ]
            ).values_list("pk", "enabled", "target_locale")
        ),
        "strings": list(
            StringTranslation.objects.filter(
                context__object_id__in=[
                    theirs.world.page.translation_key,
                    theirs.world.key_figure.translation_key,
                ]
            ).values_list("pk", "data")
        ),
        "page": (page.title, page.live, page.alias_of_id, page.latest_revision_id),
        "figure": (figure.label, figure.value),
        "pages": Page.objects.count(),
        "figures": KeyFigure.objects.count(),
    }


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_other_territorys_translations_cannot_be_submitted_seen_or_edited(translated):
    mine, theirs = translated
    before = snapshot(theirs)
    for user in (mine.world.tenant.editor, mine.world.tenant.moderator):
        client = admin_client(user)
        for method, url, data in hostile_requests(theirs, mine):
            response = send(client, method, url, data)
            assert is_denied(response), (user, method, url, response.status_code)
            assert theirs.world.leaks(response) == [], (user, method, url)
            assert (
                b"ZSEVRE page EN" not in response.content
                and b"ZSEVRE figure EN" not in response.content
            )
    assert snapshot(theirs) == before
    # Positive control: the same translation ids work for their own people.
    client = admin_client(theirs.world.tenant.editor)
    download = reverse("wagtail_localize:download_pofile", args=[theirs.page_translation.pk])
    assert client.get(download).status_code == 200
    assert put_string(client, theirs.page_translation, theirs.title, "ok").status_code == 200


def test_translations_report_lists_own_translations_only(translated):
    mine, theirs = translated
    for user in (mine.world.tenant.editor, mine.world.tenant.moderator):
        client = admin_client(user)
        for name in ("translations_report", "translations_report_results"):
            url = reverse(f"wagtail_localize:{name}")
            response = client.get(url)
            assert response.status_code == 200
            assert "ZLYONNE page" in response.content.decode(), name  # positive control
            assert theirs.world.leaks(response) == [], name
            searched = client.get(url, {"source_title": "ZSEVRE"})
            assert theirs.world.leaks(searched) == [] and "ZLYONNE" not in searched.content.decode()


def test_a_person_in_two_territories_translates_where_they_have_rights(
    translated, django_capture_on_commit_callbacks
):
    lyonne, sevre = translated
    # Editor in Lyonne, moderator in Sèvre: publishes Sèvre's translations, not Lyonne's.
    person = make_member(lyonne.world.tenant.territory, "Editors")
    person.groups.add(sevre.world.tenant.territory.group_for("Moderators"))
    client = admin_client(person)
    report = client.get(reverse("wagtail_localize:translations_report")).content.decode()
    assert "ZLYONNE page" in report and "ZSEVRE page" in report
    sevre_edit = reverse("wagtailadmin_pages:edit", args=[sevre.english_page.pk])
    lyonne_edit = reverse("wagtailadmin_pages:edit", args=[lyonne.english_page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert is_denied(client.post(lyonne_edit, {"action": "publish"}))
        assert client.post(sevre_edit, {"action": "publish"}).status_code == 302
    assert Page.objects.get(pk=sevre.english_page.pk).live
    assert not Page.objects.get(pk=lyonne.english_page.pk).live

    # Editor in Lyonne, Communication in Sèvre (no right on its pages): Sèvre's page
    # translations are neither listed nor editable, though Sèvre is one of their territories.
    person = make_member(lyonne.world.tenant.territory, "Editors")
    person.groups.add(sevre.world.tenant.territory.group_for("Communication"))
    client = admin_client(person)
    report = client.get(reverse("wagtail_localize:translations_report"))
    assert "ZLYONNE page" in report.content.decode()
    assert "ZSEVRE page" not in report.content.decode()
    assert is_denied(client.get(submit_url(sevre.world.page)))
    assert is_denied(put_string(client, sevre.page_translation, sevre.title, "no"))
    assert is_denied(client.get(reverse("wagtailadmin_pages:edit", args=[sevre.english_page.pk])))
    assert put_string(client, lyonne.page_translation, lyonne.title, "yes").status_code == 200


# --- Languages: a territory's own ---------------------------------------------------------


@pytest.fixture
def french_only(db, two_territories):
    territory = make_territory("Causses du Larzac", "larzac.test", languages=("fr",))
    home = territory.site.root_page.specific
    page = StandardPage(title="ZCOMBES page", slug="zcombes-page")
    home.add_child(instance=page)
    page.save_revision().publish()
    figure = KeyFigure.objects.create(
        territory=territory, label="ZCOMBES figure", value=3, locale=locale("fr")
    )
    return territory, page, figure, make_member(territory, "Editors")


def test_target_languages_are_the_territorys_own(french_only, superuser):
    _territory, page, figure, editor = french_only
    roots = Page.objects.filter(depth=2).count()
    for user in (editor, superuser):
        client = admin_client(user)
        for instance in (page, figure):
            response = client.get(submit_url(instance))
            assert response.status_code == 200
            assert list(response.context["form"].fields["locales"].queryset) == []
            # Forcing "en" in the POST is a form error: no English tree appears.
            response = client.post(submit_url(instance), {"locales": [locale("en").pk]})
            assert response.status_code == 200 and "locales" in response.context["form"].errors
    assert Page.objects.filter(depth=2).count() == roots
    assert not Page.objects.filter(translation_key=page.translation_key, locale__language_code="en")
    assert not KeyFigure.objects.filter(translation_key=figure.translation_key).exclude(
        pk=figure.pk
    )
    assert not Translation.objects.filter(source__object_id=page.translation_key).exists()


def test_translate_buttons_only_while_a_language_is_missing(worlds, french_only):
    own, _other = worlds
    _territory, page, figure, editor = french_only
    explore = admin_client(own.tenant.editor).get(
        reverse("wagtailadmin_explore", args=[own.tenant.territory.site.root_page_id])
    )
    assert submit_url(own.page) in explore.content.decode()  # no English yet: offered
    figures = admin_client(own.tenant.editor).get(reverse(f"{KEY_FIGURES}:list") + "?locale=fr")
    assert submit_url(own.key_figure) in figures.content.decode()

    client = admin_client(editor)
    explore = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert explore.status_code == 200 and "ZCOMBES page" in explore.content.decode()
    assert submit_url(page) not in explore.content.decode()
    header = client.get(reverse("wagtailadmin_explore", args=[page.pk]))
    assert submit_url(page) not in header.content.decode()
    figures = client.get(reverse(f"{KEY_FIGURES}:list") + "?locale=fr")
    assert "ZCOMBES figure" in figures.content.decode()
    assert submit_url(figure) not in figures.content.decode()


def test_hostile_locale_ids_are_form_errors(worlds):
    own, _other = worlds
    client = admin_client(own.tenant.editor)
    german = Locale.objects.create(language_code="de")
    for locales in ([german.pk], [999999], ["en"], [locale("fr").pk]):
        response = client.post(submit_url(own.page), {"locales": locales})
        assert response.status_code == 200 and "locales" in response.context["form"].errors
    assert not Translation.objects.exists()


# --- Hostile input: 4xx, never 500 -----------------------------------------------------------


def test_malformed_translation_requests_are_client_errors(translated):
    mine, theirs = translated
    client = admin_client(mine.world.tenant.editor)
    translation = mine.page_translation
    upload = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    assert client.post(upload, {}).status_code == 400
    response = client.put(
        string_url(translation, mine.title), "", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    for name in ("download_pofile", "preview_translation", "machine_translate"):
        assert client.get(reverse(f"wagtail_localize:{name}", args=[999999])).status_code in (
            404,
            405,
        )
    preview = reverse("wagtail_localize:preview_translation", args=[translation.pk, "nope"])
    assert client.get(preview).status_code == 404
    assert (
        client.get(reverse("wagtail_localize:update_translations", args=[999999])).status_code
        == 404
    )

    strings = list(StringTranslation.objects.values_list("pk", "data"))
    garbage = SimpleUploadedFile("x.po", b"\xff\xfe not a po file")
    assert client.post(upload, {"file": garbage}).status_code == 302
    headerless = SimpleUploadedFile("x.po", b'msgid "ZLYONNE page"\nmsgstr "stolen"\n')
    assert client.post(upload, {"file": headerless}).status_code == 302
    # A PO file of their translation, sent to one's own: refused by its translation id.
    assert client.post(upload, {"file": po_upload(theirs.page_translation, {})}).status_code == 302
    assert list(StringTranslation.objects.values_list("pk", "data")) == strings


def test_convert_to_alias_is_a_publication(translated):
    own = translated[0]
    url = reverse("wagtail_localize:convert_to_alias", args=[own.english_page.pk])
    assert is_denied(admin_client(own.world.tenant.editor).post(url))
    assert Page.objects.get(pk=own.english_page.pk).alias_of_id is None
    response = admin_client(own.world.tenant.moderator).post(url)
    assert response.status_code == 302
    assert Page.objects.get(pk=own.english_page.pk).alias_of_id == own.world.page.pk


def test_translating_never_creates_another_territorys_objects(worlds):
    own, other = worlds
    creator = TranslationCreator(own.tenant.editor, [locale("en")])
    creator.create_translations(other.key_figure)
    creator.create_translations(other.page)
    assert not Translation.objects.exists()
    assert not KeyFigure.objects.filter(translation_key=other.key_figure.translation_key).exclude(
        pk=other.key_figure.pk
    )


def test_page_chooser_starts_among_own_pages(worlds):
    own, other = worlds

    def add_news(world):
        index = NewsIndexPage.objects.descendant_of(world.tenant.territory.site.root_page).get(
            locale__language_code="fr"
        )
        slug = f"{world.marker.lower()}-news"
        index.add_child(
            instance=NewsPage(title=f"{world.marker} news", slug=slug, summary="s", date=TODAY)
        )
        return index

    add_news(other)  # a page type only the other territory has
    client = admin_client(own.tenant.editor)
    chooser = reverse("wagtailadmin_choose_page")
    for query in (
        "?page_type=attractiveness.newspage",
        "?page_type=attractiveness.newspage&locale=en",
    ):
        response = client.get(chooser + query)
        assert response.status_code == 200
        assert response.json()["parent_page_id"] == Page.get_first_root_node().pk
        assert other.leaks(response) == []
    # Once one's own territory has some, the chooser opens where they are.
    own_index = add_news(own)
    response = client.get(chooser + "?page_type=attractiveness.newspage")
    assert response.json()["parent_page_id"] == own_index.pk
    assert other.leaks(response) == []


def test_locale_synchronisation_is_refused(two_territories, superuser):
    from wagtail_localize.models import LocaleSynchronization

    english = locale("en")
    prefix = "component-wagtail_localize_localesynchronization"
    response = admin_client(superuser).post(
        reverse("wagtaillocales:edit", args=[english.pk]),
        {"language_code": "en", f"{prefix}-enabled": "on", f"{prefix}-sync_from": locale("fr").pk},
    )
    assert response.status_code == 200
    [(_component, _instance, form)] = list(response.context["components"])
    [error] = form.errors["sync_from"]
    assert "Translate pages instead" in str(error) or "Traduisez" in str(error)
    assert escape(error) in response.content.decode()  # shown beside the field
    assert not LocaleSynchronization.objects.exists()


# --- The overrides refuse to install on an unexpected wagtail-localize -----------------------


def test_overrides_check_their_targets():
    class Changed:
        def get_object(self, extra):
            pass

    with pytest.raises(ImproperlyConfigured, match="get_object"):
        localize_scoping.target(Changed, "get_object", ("self",))
    with pytest.raises(ImproperlyConfigured, match="no longer exists"):
        localize_scoping.target(Changed, "get_queryset", ("self",))
    with pytest.raises(ImproperlyConfigured, match="no longer registered"):
        localize_scoping._replace_hook(
            "register_page_header_buttons", test_overrides_check_their_targets, print
        )
    assert localize_scoping.target(Changed, "get_object", ("self", "extra")) is Changed.get_object
