"""wagtail-localize inside territories: who may submit, see and edit which translations.

wagtail-localize asks for one global permission (``wagtail_localize.submit_translation``)
before submitting or syncing any page or snippet, lists every translation of the platform in
its report, and lets whoever may edit a translation's target reach it by id. Provisioning
grants that permission to each territory's Editors and Moderators; ``install()`` ties it to
their own territory:

- submitting (page, snippet) and syncing ("Sync translated pages"): the object must belong
  to one of the user's territories (404 otherwise) and be editable by them (403); the target
  languages offered are the object's territory's ``Territory.languages``, for everyone;
- every URL naming a translation id (the editor's API: strings, overrides, PO download and
  upload, machine translation, preview, stop): the target must belong to one of the user's
  territories (404), then wagtail-localize's own edit check runs; a request missing one of
  its fields is a 400, not a 500;
- the translations report lists the translations of objects the user may edit;
- publishing stays a publisher's right: "Publish immediately" when syncing and "Convert to
  alias" (which publishes the source's content in the translation's place) need the publish
  permission on the pages concerned;
- a submission never creates or changes an object of another territory (related objects);
- the "Translate" buttons only show while one of the territory's languages is missing;
- the page chooser's starting point for a page type is found among the user's own pages
  (Wagtail looks for it across the platform and would show another territory's page);
- locale synchronisation (a platform-wide copy of one language's pages into another) is
  refused: it ignores each territory's languages.

wagtail-localize offers no hook for any of these, so each one replaces a function or method.
Every target is checked at start-up (it exists, with the parameters this module expects;
otherwise ``ImproperlyConfigured``): when upgrading wagtail-localize or Wagtail, re-read the
views listed in docs/tenancy.md and tests/territories/test_isolation_localize.py.
"""

import functools
import inspect
import os
import tempfile

import polib
from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import DraftStateMixin, Page, get_translatable_models
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.permissions import get_permission_name

from ..membership import object_visible_to as visible_to
from ..membership import scope_pages
from ..models import Territory
from ..tenancy import is_territory_owned, territory_id_of

# The views wagtail-localize reaches by translation id, with the route each one must keep:
# the guard reads ``translation_id`` from the URL.
TRANSLATION_VIEWS = {
    "preview_translation": (
        "translate/<int:translation_id>/preview/",
        "translate/<int:translation_id>/preview/<str:mode>/",
    ),
    "stop_translation": ("translate/<int:translation_id>/disable/",),
    "edit_string_translation": (
        "translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
    ),
    "edit_override": (
        "translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
    ),
    "download_pofile": ("translate/<int:translation_id>/pofile/download/",),
    "upload_pofile": ("translate/<int:translation_id>/pofile/upload/",),
    "machine_translate": ("translate/<int:translation_id>/machine_translate/",),
}
PO_TRANSLATION_ID = "X-WagtailLocalize-TranslationID"

_installed = False


# --- Start-up checks ----------------------------------------------------------------------


def target(owner, name: str, params: tuple[str, ...]):
    """``owner.name``, once it is known to exist and to take exactly ``params``."""
    where = f"{owner.__module__}.{owner.__qualname__}" if inspect.isclass(owner) else owner.__name__
    found = getattr(owner, name, None)
    if found is None:
        raise ImproperlyConfigured(
            f"{where}.{name} no longer exists: overrides/localize_views.py cannot scope "
            "it. Review that module against the installed wagtail-localize."
        )
    actual = tuple(inspect.signature(found).parameters)
    if actual != tuple(params):
        raise ImproperlyConfigured(
            f"{where}.{name} takes {actual}, overrides/localize_views.py expects {params}. "
            "Review that module against the installed wagtail-localize."
        )
    return found


def _localize_routes() -> dict[str, set[str]]:
    """URL name -> routes, as wagtail-localize registers them."""
    from wagtail_localize import wagtail_hooks as localize_hooks

    routes: dict[str, set[str]] = {}
    for resolver in localize_hooks.register_admin_urls():
        for pattern in resolver.url_patterns:
            routes.setdefault(pattern.name, set()).add(str(pattern.pattern))
    return routes


def _check_routes() -> None:
    routes = _localize_routes()
    for name, expected in TRANSLATION_VIEWS.items():
        if routes.get(name) != set(expected):
            raise ImproperlyConfigured(
                f"wagtail-localize's URL {name!r} is now {routes.get(name)}, "
                f"territories/overrides/localize_views.py expects {set(expected)}."
            )


def _replace_hook(hook_name: str, original, replacement) -> None:
    """Swap one registered hook function for another, keeping its order."""
    entries = hooks._hooks.get(hook_name, [])
    positions = [index for index, (fn, _order) in enumerate(entries) if fn is original]
    if not positions:
        raise ImproperlyConfigured(
            f"{original.__module__}.{original.__name__} is no longer registered for "
            f"{hook_name!r}: review territories/overrides/localize_views.py."
        )
    for index in positions:
        entries[index] = (replacement, entries[index][1])


# --- Territory of an object, rights on it ---------------------------------------------------


def territory_of(instance) -> Territory | None:
    """The territory a page (by its tree) or a territory-owned row belongs to, if any."""
    if isinstance(instance, Page):
        if instance.depth < 2:
            return None
        home = Page.objects.filter(path=instance.path[: Page.steplen * 2])
        return Territory.objects.filter(
            site__root_page__translation_key__in=home.values("translation_key")
        ).first()
    if not is_territory_owned(type(instance)):
        return None
    return Territory.objects.filter(pk=territory_id_of(instance)).first()


def _user_can_edit(user, instance) -> bool:
    # Looked up at call time: overrides/wagtail_localize.py wraps it for territory-owned snippets.
    from wagtail_localize.views import edit_translation

    return edit_translation.user_can_edit_instance(user, instance)


def check_can_translate(user, instance) -> None:
    """404 for an object of another territory, 403 for one of the user's the user may not edit."""
    if not visible_to(instance, user):
        raise Http404
    if not _user_can_edit(user, instance):
        raise PermissionDenied


def can_publish(user, instance) -> bool:
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if isinstance(instance, DraftStateMixin):
        return user.is_superuser or user.has_perm(get_permission_name("publish", type(instance)))
    return True  # a snippet without drafts is saved, never published


def missing_languages(instance) -> list[str] | None:
    """The territory's languages the object has no translation in yet; None when the object
    belongs to no territory (then wagtail-localize's own rule, every locale, applies)."""
    territory = territory_of(instance)
    if territory is None:
        return None
    translations = instance.get_translations(inclusive=True)
    if isinstance(instance, Page):
        translations = translations.exclude(alias_of__isnull=False)
    present = set(translations.values_list("locale__language_code", flat=True))
    return [code for code in territory.languages if code not in present]


def translations_visible_to(user) -> Q | None:
    """A filter on ``Translation``: those whose source object the user may edit (pages they
    hold an edit or publish permission on, in their territories; snippets through the model's
    permission policy, territory-scoped for territory-owned models). None: all (superuser)."""
    if user.is_superuser:
        return None
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    condition = Q(source__object_id__in=scope_pages(pages, user).values("translation_key"))
    for model in get_translatable_models():
        if issubclass(model, Page):
            continue
        policy = policy_registry.get_by_type(model)
        rows = policy.instances_user_has_any_permission_for(user, ["change"])
        condition |= Q(source__object_id__in=rows.values("translation_key"))
    return condition


def translation_target(user, translation_id):
    """The translation and its target object, or 404 when either is missing or the target
    belongs to none of the user's territories."""
    from wagtail_localize.models import Translation

    translation = Translation.objects.select_related("source").filter(pk=translation_id).first()
    if translation is None:
        raise Http404
    try:
        instance = translation.get_target_instance()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    if not visible_to(instance, user):
        raise Http404
    return translation, instance


# --- The overrides --------------------------------------------------------------------------


def _scope_submit_views() -> None:
    from wagtail_localize.views import submit_translations

    for view in (
        submit_translations.SubmitPageTranslationView,
        submit_translations.SubmitSnippetTranslationView,
    ):
        unscoped = target(view, "get_object", ("self",))

        def get_object(self, unscoped=unscoped):
            instance = unscoped(self)
            check_can_translate(self.request.user, instance)
            return instance

        view.get_object = get_object

    form_class = submit_translations.SubmitTranslationForm
    unscoped_init = target(form_class, "__init__", ("self", "instance", "args", "kwargs"))

    def __init__(self, instance, *args, **kwargs):
        unscoped_init(self, instance, *args, **kwargs)
        territory = territory_of(instance)
        if territory is None:
            return
        # A territory publishes in its own languages: no tree in a language it does not have.
        field = self.fields["locales"]
        field.queryset = field.queryset.filter(language_code__in=territory.languages)
        if len(field.queryset) < 2:
            self.fields["select_all"].widget = forms.HiddenInput()

    form_class.__init__ = __init__


def _scope_update_view() -> None:
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    unscoped_get_object = target(UpdateTranslationsView, "get_object", ("self",))
    unscoped_get_form = target(UpdateTranslationsView, "get_form", ("self",))

    def get_object(self):
        source = unscoped_get_object(self)
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist as error:
            raise Http404 from error
        check_can_translate(self.request.user, instance)
        return source

    def get_form(self):
        form = unscoped_get_form(self)
        user = self.request.user
        for translation in self.object.translations.filter(enabled=True):
            try:
                instance = translation.get_target_instance()
            except ObjectDoesNotExist:
                continue
            if not can_publish(user, instance):
                field = form.fields["publish_translations"]
                field.disabled = True
                field.help_text = _(
                    "Publishing needs the publish permission: the translations are synced, "
                    "a moderator publishes them."
                )
                break
        return form

    UpdateTranslationsView.get_object = get_object
    UpdateTranslationsView.get_form = get_form


def _guarded(view):
    """A translation-id view behind ``translation_target``; missing request fields are 400."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        translation_target(request.user, kwargs["translation_id"])
        try:
            return view(request, *args, **kwargs)
        except MultiValueDictKeyError as error:
            return HttpResponseBadRequest(
                _("The request lacks the field “%(name)s”.") % {"name": error.args[0]},
                content_type="text/plain; charset=utf-8",
            )

    guarded._territory_scoped = True
    return guarded


def _po_names_a_translation(uploaded) -> bool:
    """Whether an uploaded file, if it parses as a PO file, carries wagtail-localize's
    translation id (wagtail-localize reads that header without checking it is there)."""
    data = uploaded.read()
    uploaded.seek(0)
    # A path, not the contents: polib would read a file named by the uploaded text.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as file:
        file.write(data)
    try:
        po = polib.pofile(file.name)
    except (OSError, UnicodeDecodeError):
        return True  # not a PO file at all: wagtail-localize says so itself
    finally:
        os.unlink(file.name)
    return PO_TRANSLATION_ID in po.metadata


def _scope_translation_views() -> None:
    from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
    from wagtail_localize.views import edit_translation

    _check_routes()
    expected = {
        "preview_translation": ("request", "translation_id", "mode"),
        "stop_translation": ("request", "translation_id"),
        "edit_string_translation": ("request", "args", "kwargs"),  # DRF views
        "edit_override": ("request", "args", "kwargs"),
        "download_pofile": ("request", "translation_id"),
        "upload_pofile": ("request", "translation_id"),
        "machine_translate": ("request", "translation_id"),
    }
    for name, params in expected.items():
        view = target(edit_translation, name, params)
        if name == "upload_pofile":
            view = _checked_upload(view, get_valid_next_url_from_request)
        setattr(edit_translation, name, _guarded(view))


def _checked_upload(upload_pofile, next_url_from_request):
    @functools.wraps(upload_pofile)
    def checked(request, translation_id):
        uploaded = request.FILES.get("file")
        if uploaded is not None and not _po_names_a_translation(uploaded):
            messages.error(
                request, _("Cannot import PO file that was created for a different translation.")
            )
            return redirect(next_url_from_request(request) or reverse("wagtailadmin_home"))
        return upload_pofile(request, translation_id)

    return checked


def _scope_report() -> None:
    from wagtail_localize.views.report import TranslationsReportView

    unscoped = target(TranslationsReportView, "get_queryset", ("self",))

    def get_queryset(self):
        translations = unscoped(self)
        visible = translations_visible_to(self.request.user)
        return translations if visible is None else translations.filter(visible)

    TranslationsReportView.get_queryset = get_queryset


def _scope_convert_to_alias() -> None:
    from wagtail_localize import wagtail_hooks as localize_hooks
    from wagtail_localize.views import convert

    unscoped = target(convert, "convert_to_alias", ("request", "page_id"))

    @functools.wraps(unscoped)
    def convert_to_alias(request, page_id):
        page = Page.objects.filter(pk=page_id).first()
        if page is None or not visible_to(page, request.user):
            raise Http404
        # The alias shows the source's content and mirrors its live status: a publication.
        if not page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return unscoped(request, page_id)

    convert.convert_to_alias = convert_to_alias

    item = localize_hooks.ConvertToAliasPageActionMenuItem
    unscoped_is_shown = target(item, "is_shown", ("self", "context"))

    def is_shown(self, context):
        return unscoped_is_shown(self, context) and (
            self.get_user_page_permissions_tester(context).can_publish()
        )

    item.is_shown = is_shown


def _scope_related_objects() -> None:
    from wagtail_localize.operations import TranslationCreator

    target(TranslationCreator, "__init__", ("self", "user", "target_locales"))
    unscoped = target(
        TranslationCreator,
        "create_translations",
        ("self", "instance", "include_related_objects"),
    )

    def create_translations(self, instance, include_related_objects=True):
        # A page may point at a snippet of another territory (StreamField choosers check no
        # territory): translating the page must not create or change that snippet.
        if self.user is not None and not visible_to(instance, self.user):
            return None
        return unscoped(self, instance, include_related_objects)

    TranslationCreator.create_translations = create_translations


def _scope_translate_buttons() -> None:
    from wagtail_localize import wagtail_hooks as localize_hooks

    page_buttons = target(
        localize_hooks, "page_listing_more_buttons", ("page", "user", "view_name", "next_url")
    )
    snippet_buttons = target(
        localize_hooks, "register_snippet_listing_buttons", ("snippet", "user", "next_url")
    )

    def without_submit(buttons, instance, submit_url):
        if missing_languages(instance) == []:
            return [button for button in buttons if button.url != submit_url]
        return buttons

    def scoped_page_buttons(page, user, view_name=None, next_url=None):
        buttons = list(page_buttons(page, user, view_name=view_name, next_url=next_url))
        if not buttons:
            return buttons
        url = reverse(
            "wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id]
        )
        return without_submit(buttons, page, url)

    def scoped_snippet_buttons(snippet, user, next_url=None):
        from django.contrib.admin.utils import quote

        buttons = list(snippet_buttons(snippet, user, next_url=next_url))
        if not buttons:
            return buttons
        opts = snippet._meta
        url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[opts.app_label, opts.model_name, quote(snippet.pk)],
        )
        return without_submit(buttons, snippet, url)

    _replace_hook("register_page_header_buttons", page_buttons, scoped_page_buttons)
    _replace_hook("register_page_listing_more_buttons", page_buttons, scoped_page_buttons)
    _replace_hook("register_snippet_listing_buttons", snippet_buttons, scoped_snippet_buttons)


def _scope_page_chooser_start() -> None:
    """Without a parent, Wagtail's page chooser opens at the first common ancestor of every
    page of the wanted type on the platform; with a type only one territory has, that is one
    of its pages (title, breadcrumb, translations). Start from the user's own pages instead."""
    from wagtail.admin.views import chooser

    unscoped = target(chooser.BrowseView, "get", ("self", "request", "parent_page_id"))
    models_from_string = target(chooser, "page_models_from_string", ("string",))

    def get(self, request, parent_page_id=None):
        if parent_page_id is None and not request.user.is_superuser:
            wanted = request.GET.get("page_type") or chooser.base_page_type_string
            try:
                classes = models_from_string(wanted)
            except (ValueError, LookupError):
                classes = None  # Wagtail answers 404 itself
            if classes and classes != (Page,):
                pages = scope_pages(Page.objects.type(*classes), request.user)
                start = pages.first_common_ancestor() if pages.exists() else None
                parent_page_id = (start or Page.get_first_root_node()).pk
        return unscoped(self, request, parent_page_id)

    chooser.BrowseView.get = get


def _refuse_locale_synchronisation() -> None:
    """wagtail-localize's "Synchronise content from another locale" (Locales, superusers)
    copies every page of the source language, untranslated, as a live alias into the other
    language, in every territory at once: English trees for French-only territories, French
    text on English pages. Territories choose their languages; pages are translated."""
    from django.core.exceptions import ValidationError
    from wagtail_localize.models import LocaleSynchronizationModelForm

    target(LocaleSynchronizationModelForm, "validate_with_locale", ("self", "locale"))

    def validate_with_locale(self, locale):
        message = _(
            "Territories choose their own languages: synchronising a locale would copy "
            "its pages, untranslated, into every territory. Translate pages instead."
        )
        raise ValidationError({"sync_from": message})

    LocaleSynchronizationModelForm.validate_with_locale = validate_with_locale


def install() -> None:
    """Apply every override once (called from territories/wagtail_hooks.py, before the admin
    URLs are built: the translation-id views are replaced in their module)."""
    global _installed
    if _installed:
        return
    # Registers wagtail-localize's hooks now, so that its buttons can be replaced.
    import wagtail_localize.wagtail_hooks  # noqa: F401

    _scope_submit_views()
    _scope_update_view()
    _scope_translation_views()
    _scope_report()
    _scope_convert_to_alias()
    _scope_related_objects()
    _scope_translate_buttons()
    _scope_page_chooser_start()
    _refuse_locale_synchronisation()
    _installed = True
