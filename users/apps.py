import importlib.util
import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# allauth's MFA views import its WebAuthn module even with WebAuthn off (MFA_SUPPORTED_TYPES
# is TOTP and recovery codes): that module imports fido2, which loads cryptography's Rust
# bindings, about 11 MB per process. Loaded lazily, the module runs at the first use of one of
# its names, i.e. never while WebAuthn stays off (docs/performance.md, "Worker memory").
LAZY_MODULES = ("allauth.mfa.webauthn.internal.auth",)


def import_lazily(name: str) -> None:
    """Put ``name`` in sys.modules as a module that executes at its first attribute access
    (importlib's LazyLoader); an import of it that already happened is left as it is."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _dot, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Users")

    def ready(self):
        for name in LAZY_MODULES:
            import_lazily(name)
