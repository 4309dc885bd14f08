"""Writes tests/data/schemaorg-vocabulary.json, the part of the schema.org vocabulary the
JSON-LD tests check pages against, from an official release file:

    python tests/data/make_schemaorg_vocabulary.py path/to/schemaorg-current-https.jsonld

The release file is schema.org's own (``data/releases/<version>/`` of the vocabulary's
repository; CC BY-SA 3.0). Kept: the classes in ``CLASSES`` and their ancestors, each with
the properties declared on it (``domainIncludes``), those properties' ranges, the members
of the enumerations they range over, and the data types. Add a class to ``CLASSES`` when a
page emits a new type, and run this again.
"""

import json
import sys
from pathlib import Path

CLASSES = [
    "BreadcrumbList",
    "ContactPoint",
    "Event",
    "GeoCoordinates",
    "GovernmentOrganization",
    "ImageObject",
    "ListItem",
    "NewsArticle",
    "Offer",
    "Organization",
    "Place",
    "PostalAddress",
    "PropertyValue",
    "RealEstateListing",
    "VirtualLocation",
    "WebPage",
    "WebSite",
]
PREFIX = "schema:"
OUT = Path(__file__).with_name("schemaorg-vocabulary.json")


def ids(value) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [v["@id"].removeprefix(PREFIX) for v in values if v["@id"].startswith(PREFIX)]


def main(source: str) -> None:
    graph = json.loads(Path(source).read_text(encoding="utf-8"))["@graph"]
    nodes = {node["@id"].removeprefix(PREFIX): node for node in graph}

    def types(node):
        kind = node.get("@type", [])
        return kind if isinstance(kind, list) else [kind]

    def parents(name):
        return ids(nodes[name].get("rdfs:subClassOf"))

    kept, todo = set(), list(CLASSES)
    while todo:
        name = todo.pop()
        if name not in kept:
            kept.add(name)
            todo += [p for p in parents(name) if p in nodes]
    # Text, Number, Date… and their subclasses (URL is a Text, Integer a Number).
    datatypes = {n for n, node in nodes.items() if "schema:DataType" in types(node)}
    grown = True
    while grown:
        more = {n for n in nodes if set(ids(nodes[n].get("rdfs:subClassOf"))) & datatypes}
        grown = bool(more - datatypes)
        datatypes |= more
    datatypes.add("DataType")
    properties = {}
    for name, node in nodes.items():
        if "rdf:Property" not in types(node):
            continue
        domains = [d for d in ids(node.get("schema:domainIncludes")) if d in kept]
        if domains:
            properties[name] = {
                "domains": sorted(domains),
                "range": sorted(ids(node.get("schema:rangeIncludes"))),
            }
    ranges = {r for p in properties.values() for r in p["range"]}
    # Enumerations the kept properties range over, and their members (EventScheduled…).
    enumerations = {}
    for name, node in nodes.items():
        for kind in types(node):
            enum = kind.removeprefix(PREFIX)
            if enum in ranges and kind.startswith(PREFIX):
                enumerations.setdefault(enum, []).append(name)
    # Range classes outside the kept ones: their ancestry, so a subclass value is accepted.
    ancestry = {}
    for name in sorted(ranges | kept):
        if name in nodes and "rdfs:Class" in types(nodes[name]):
            ancestry[name] = [p for p in parents(name) if p in nodes]
    vocabulary = {
        "source": "schema.org release file schemaorg-current-https.jsonld (CC BY-SA 3.0), "
        "trimmed by tests/data/make_schemaorg_vocabulary.py",
        "version": Path(source).parent.name,
        "classes": {
            name: {
                "parents": [p for p in parents(name) if p in nodes],
                "properties": sorted(p for p, d in properties.items() if name in d["domains"]),
            }
            for name in sorted(kept)
        },
        "ancestry": ancestry,
        "ranges": {name: d["range"] for name, d in sorted(properties.items())},
        "datatypes": {name: ids(nodes[name].get("rdfs:subClassOf")) for name in sorted(datatypes)},
        "enumerations": {name: sorted(members) for name, members in sorted(enumerations.items())},
    }
    OUT.write_text(json.dumps(vocabulary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
