#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line
    from django_scopes import scopes_disabled

    # Commands are platform-wide (migrate, provisioning, indexing): the one place where the
    # command line disables the territory scopes. A command about one territory opens
    # territories.tenancy.territory_scope itself; requests always run in a scope of their own.
    with scopes_disabled():
        execute_from_command_line(sys.argv)
