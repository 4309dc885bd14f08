"""Checks JSON-LD against the schema.org vocabulary (tests/data/schemaorg-vocabulary.json,
trimmed from the official release file by tests/data/make_schemaorg_vocabulary.py): every
``@type`` exists, every property is allowed on its type (inherited ones included), every
nested object's type fits the property's range, every literal is a data type the range
allows (dates and times in ISO 8601, URLs absolute, enumeration members that exist)."""

import datetime as dt
import json
from functools import cache
from pathlib import Path

VOCABULARY = json.loads(
    (Path(__file__).parents[1] / "data" / "schemaorg-vocabulary.json").read_text("utf-8")
)
SCHEMA = "https://schema.org/"
CLASSES = VOCABULARY["classes"]
RANGES = VOCABULARY["ranges"]
ENUMERATIONS = VOCABULARY["enumerations"]
DATATYPES = VOCABULARY["datatypes"]


@cache
def ancestors(name: str) -> frozenset[str]:
    """The class and every class above it."""
    parents = (
        CLASSES[name]["parents"]
        if name in CLASSES
        else VOCABULARY["ancestry"].get(name) or VOCABULARY["datatypes"].get(name, [])
    )
    found = {name}
    for parent in parents:
        found |= ancestors(parent)
    return frozenset(found)


def allowed_properties(name: str) -> set[str]:
    return {
        prop for cls in ancestors(name) if cls in CLASSES for prop in CLASSES[cls]["properties"]
    }


def _types(node) -> list[str]:
    kind = node.get("@type")
    return kind if isinstance(kind, list) else [kind] if kind else []


def _is_datetime(value: str, *, date_only=False) -> bool:
    try:
        if date_only:
            dt.date.fromisoformat(value)
            return True
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None  # a time without its offset is ambiguous


def _literal_errors(value, allowed: set[str], where: str) -> list[str]:
    types = {t for name in allowed for t in ancestors(name)} | allowed
    if isinstance(value, bool):
        return [] if "Boolean" in types else [f"{where}: a boolean, range {sorted(allowed)}"]
    if isinstance(value, int | float):
        ok = {"Number", "Integer", "Float"} & types
        return [] if ok else [f"{where}: a number, range {sorted(allowed)}"]
    if not isinstance(value, str):
        return [f"{where}: {type(value).__name__} is no JSON-LD value"]
    enums = [name for name in allowed if name in ENUMERATIONS]
    if value.startswith(SCHEMA) and enums:
        member = value.removeprefix(SCHEMA)
        if any(member in ENUMERATIONS[enum] for enum in enums):
            return []
        return [f"{where}: {member} is no member of {enums}"]
    if enums and value.startswith(("http://", "https://")):
        return []  # an enumeration value named by its URI (GoodRelations' business functions)
    if allowed & {"Text", "PronounceableText", "CssSelectorType", "XPathType"}:
        return []  # any text
    is_url = value.startswith(("http://", "https://"))
    objects = (allowed & (set(CLASSES) | set(VOCABULARY["ancestry"]))) - set(DATATYPES)
    if is_url and ("URL" in allowed or objects):
        return []  # a URL, or a node named by its IRI where an object is expected
    if "DateTime" in allowed and _is_datetime(value):
        return []
    if "Date" in allowed and _is_datetime(value, date_only=True):
        return []
    if {"Number", "Integer", "Float"} & allowed:
        try:
            float(value)
            return []
        except ValueError:
            pass
    return [f"{where}: {value!r} fits none of {sorted(allowed)}"]


def validate(node, where: str = "$") -> list[str]:
    """What is wrong with ``node`` (a JSON-LD object, or a list of them): [] when valid."""
    if isinstance(node, list):
        return [e for index, item in enumerate(node) for e in validate(item, f"{where}[{index}]")]
    if not isinstance(node, dict):
        return [f"{where}: not an object"]
    types = _types(node)
    if not types:
        return [f"{where}: no @type"]
    unknown = [t for t in types if t not in CLASSES]
    if unknown:
        return [f"{where}: unknown @type {unknown} (or not in the trimmed vocabulary)"]
    allowed = set().union(*(allowed_properties(t) for t in types))
    errors = []
    for key, value in node.items():
        if key in ("@context", "@id", "@type"):
            if key == "@context" and value not in ("https://schema.org", SCHEMA):
                errors.append(f"{where}: @context {value!r}")
            continue
        if key not in allowed:
            errors.append(f"{where}.{key}: not a property of {types}")
            continue
        ranges = set(RANGES[key])
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{where}.{key}" + (f"[{index}]" if isinstance(value, list) else "")
            if isinstance(item, dict):
                fits = any(ancestors(t) & ranges for t in _types(item) if t in CLASSES)
                if _types(item) and not fits:
                    errors.append(f"{at}: {_types(item)} is not in the range {sorted(ranges)}")
                errors += validate(item, at)
            else:
                errors += _literal_errors(item, ranges, at)
    return errors
