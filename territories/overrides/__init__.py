"""Overrides of Wagtail and wagtail-localize internals, for screens that offer no hook.

Each one goes through ``override()``, which checks at start-up that the target exists with
the parameters the replacement was written against, and raises ``ImproperlyConfigured``
otherwise: an upgrade that renames or reshapes a target stops the process instead of
silently dropping an isolation fix. ``installed`` lists what was replaced, for the tests
and the system check (territories/checks.py), which also warns when the running Wagtail or
wagtail-localize is not the version these overrides were verified against.
"""

import inspect

from django.core.exceptions import ImproperlyConfigured

VERIFIED = {"wagtail": "8.0.1", "wagtail-localize": "1.14.5"}

# (owner, attribute) -> the original, for each override in place
installed: dict[tuple[object, str], object] = {}


def override(owner, name: str, params: list[str] | None = None):
    """Decorator: replace ``owner.name`` (a method of a class, or a module's function) by
    the decorated function, called with the original first (bound to the instance for a
    method, then the instance itself). ``params``: the target's expected parameter names."""

    def decorate(replacement):
        if (owner, name) in installed:
            return replacement
        label = f"{getattr(owner, '__name__', owner)}.{name}"
        original = inspect.getattr_static(owner, name, None)
        if original is None or not callable(getattr(owner, name)):
            raise ImproperlyConfigured(f"Territoria override target {label} does not exist.")
        if params is not None:
            actual = list(inspect.signature(original).parameters)
            if actual != params:
                raise ImproperlyConfigured(
                    f"Territoria override target {label} has parameters {actual}, expected "
                    f"{params}: re-check territories/overrides/ against this version."
                )
        if inspect.isclass(owner) and inspect.isfunction(original):

            def method(self, *args, **kwargs):
                return replacement(original.__get__(self, type(self)), self, *args, **kwargs)

        elif not inspect.isclass(owner):

            def method(*args, **kwargs):
                return replacement(original, *args, **kwargs)

        else:
            raise ImproperlyConfigured(f"Territoria cannot override {label}: not a method.")
        method.__name__ = name
        method.__wrapped__ = original
        setattr(owner, name, method)
        installed[(owner, name)] = original
        return replacement

    return decorate


def install() -> None:
    from ..moderation import install_moderation_guard
    from . import base_url, input, localize_views, wagtail, wagtail_localize

    wagtail.install()
    base_url.install()  # admin mails link to the territory concerned
    wagtail_localize.install()
    localize_views.install()
    input.install()
    install_moderation_guard()  # a double-clicked "Approve" (territories/moderation.py)
