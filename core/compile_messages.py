"""Compile locale/*/LC_MESSAGES/*.po into .mo without GNU gettext (`make messages`).

Django's `compilemessages` needs `msgfmt`, which a fresh machine may lack; polib (a
dependency of wagtail-localize) writes the same binary catalogues. The .mo files are
committed, so this only runs after the translations change.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def compile_all(root: Path = ROOT) -> list[Path]:
    written = []
    for po_path in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        sys.stdout.write(f"compiled {path.relative_to(ROOT)}\n")
