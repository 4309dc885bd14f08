"""The demo's company files (demo/data/): what a territory's team downloads from INSEE and
the "Recherche d'entreprises" API, for fictional companies in the demo's real communes.

- ``companies-confluences.csv``: INSEE's StockEtablissement layout (comma-separated,
  UTF-8, Lambert-93 coordinates as SIRENE gives them), with closed establishments.
- ``companies-haut-vallon.json``: a "Recherche d'entreprises" answer (results, head office,
  matching establishments, WGS 84 coordinates).

Made by ``write_samples()`` (in ``manage.py shell``) with a seeded generator (the same files every
time); the demo seed imports them through the real import (demo/seed.py).
"""

import csv
import io
import json
import math
import random
from pathlib import Path

from stdnum import luhn

from .offers import COMMUNES

DATA = Path(__file__).parent / "data"

# The file each demo territory imports, and its NAF mappings: filière key -> NAF prefixes.
FILES = {"confluences": "companies-confluences.csv", "haut-vallon": "companies-haut-vallon.json"}
MAPPINGS = {
    "confluences": {
        "health": ["21", "72.11Z", "86.90B", "32.50A"],
        "chemistry": ["20", "22"],
        "digital": ["62", "58.29C", "63"],
    },
    "haut-vallon": {"wood": ["16", "31"], "food": ["10", "11"], "outdoor": ["55", "56", "93"]},
}

# (filière key, NAF code, name parts)
SECTORS = {
    "confluences": [
        ("health", "21.20Z", ["Laboratoires", "Pharma", "BioSérum", "Thérapeutiques"]),
        ("health", "72.11Z", ["Biotech", "Génopôle", "ImmunoLab", "Cellule"]),
        ("health", "86.90B", ["Biologie médicale", "Analyses", "Labo"]),
        ("health", "32.50A", ["Médical", "Implants", "Dentaire"]),
        ("chemistry", "20.14Z", ["Chimie", "Synthèse", "Organique"]),
        ("chemistry", "20.59Z", ["Spécialités chimiques", "Polymères", "Formulation"]),
        ("chemistry", "22.29A", ["Plasturgie", "Composites", "Matériaux"]),
        ("digital", "62.01Z", ["Logiciel", "Code", "Développement", "Data"]),
        ("digital", "62.02A", ["Conseil IT", "Numérique", "Systèmes"]),
        ("digital", "58.29C", ["Édition logicielle", "SaaS", "Apps"]),
        ("digital", "63.11Z", ["Cloud", "Hébergement", "Datacenter"]),
    ],
    "haut-vallon": [
        ("wood", "16.10A", ["Scierie", "Bois", "Sapin"]),
        ("wood", "16.23Z", ["Menuiserie", "Charpente", "Ossature bois"]),
        ("wood", "31.09B", ["Meubles", "Ébénisterie", "Agencement"]),
        ("food", "10.51C", ["Fromagerie", "Fruitière", "Comté"]),
        ("food", "10.13A", ["Salaisons", "Charcuterie", "Fumés"]),
        ("food", "11.02B", ["Vins", "Domaine", "Caves"]),
        ("outdoor", "55.10Z", ["Hôtel", "Auberge", "Chalet"]),
        ("outdoor", "93.11Z", ["Station", "Base nautique", "Centre sportif"]),
        ("outdoor", "56.10A", ["Restaurant", "Table", "Brasserie"]),
    ],
}
PLACES = {
    "confluences": ["Rhône", "Saône", "Confluence", "Fourvière", "Gerland", "Croix-Rousse",
                    "Lumière", "Part-Dieu", "Monplaisir", "Tête d'Or"],
    "haut-vallon": ["Haut-Jura", "Bienne", "Lacs", "Combe", "Forêt", "Risoux", "Valserine",
                    "Crêt", "Grandvaux", "Hérisson"],
}  # fmt: skip
FORMS = ["SAS", "SARL", "SA", "SCOP", ""]
STREETS = [("RUE", "DE LA REPUBLIQUE"), ("AV", "JEAN JAURES"), ("BD", "DE L'INDUSTRIE"),
           ("CHE", "DES PRES"), ("RTE", "DE GENEVE"), ("ALL", "DES CHENES"), ("QUA", "DU RHONE"),
           ("IMP", "DES ARTISANS"), ("RUE", "PASTEUR"), ("ZA", "DES GRANDS CHAMPS")]  # fmt: skip
BANDS = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41"]
WEIGHTS = [3, 6, 10, 10, 10, 12, 14, 9, 6, 3, 2, 1]


def siren(rng) -> str:
    body = f"{rng.randint(30_000_000, 99_999_999)}"
    return body + luhn.calc_check_digit(body)


def siret(siren_: str, nic_body: int) -> str:
    body = f"{siren_}{nic_body:04d}"
    return body + luhn.calc_check_digit(body)


def to_lambert93(lat: float, lon: float) -> tuple[float, float]:
    """WGS 84 to Lambert-93 (IGN's constants; the inverse is in company_imports)."""
    n, c, xs, ys, e = 0.7256077650, 11754255.426, 700000.0, 12655612.050, 0.08181919106
    phi, lam = math.radians(lat), math.radians(lon)
    sin = e * math.sin(phi)
    isometric = math.log(math.tan(math.pi / 4 + phi / 2) * ((1 - sin) / (1 + sin)) ** (e / 2))
    r = c * math.exp(-n * isometric)
    gamma = n * (lam - math.radians(3))
    return round(xs + r * math.sin(gamma), 1), round(ys - r * math.cos(gamma), 1)


def establishments(slug: str, count: int, seed: int):
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    used = set()
    for i in range(count):
        _key, naf, parts = SECTORS[slug][i % len(SECTORS[slug])]
        name = f"{rng.choice(parts)} {rng.choice(PLACES[slug])}"
        if name in used:
            name = f"{name} {i}"
        used.add(name)
        legal_form = rng.choice(FORMS)
        commune, insee, postcode, lat, lon, _zones = rng.choice(COMMUNES[slug])
        number = siren(rng)
        street_type, street = rng.choice(STREETS)
        yield {
            "siren": number,
            "siret": siret(number, rng.choice([10, 12, 19, 20, 27])),
            "name": f"{name} {legal_form}".strip().upper(),
            "naf": naf,
            "band": rng.choices(BANDS, WEIGHTS)[0],
            "insee": insee,
            "commune": commune,
            "postcode": postcode,
            "number": str(rng.randint(1, 180)),
            "street_type": street_type,
            "street": street,
            "lat": round(lat + rng.uniform(-0.018, 0.018), 5),
            "lon": round(lon + rng.uniform(-0.025, 0.025), 5),
            "state": "F" if i % 23 == 22 else "A",  # a few closed establishments
            "head_office": rng.random() < 0.7,
            "created": f"{rng.randint(1975, 2024)}-{rng.randint(1, 12):02d}-01",
        }


CSV_COLUMNS = [
    "siren", "nic", "siret", "dateCreationEtablissement", "trancheEffectifsEtablissement",
    "etablissementSiege", "numeroVoieEtablissement", "typeVoieEtablissement",
    "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "codeCommuneEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "etatAdministratifEtablissement",
    "enseigne1Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
]  # fmt: skip


def sirene_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        x, y = to_lambert93(row["lat"], row["lon"])
        writer.writerow(
            [row["siren"], row["siret"][9:], row["siret"], row["created"], row["band"],
             "true" if row["head_office"] else "false", row["number"], row["street_type"],
             row["street"], row["postcode"], row["commune"].upper(), row["insee"], x, y,
             row["state"], "", row["name"], row["naf"]]
        )  # fmt: skip
    return buffer.getvalue()


def api_json(rows) -> dict:
    results = []
    for row in rows:
        place = {
            "siret": row["siret"],
            "activite_principale": row["naf"],
            "tranche_effectif_salarie": row["band"],
            "commune": row["insee"],
            "libelle_commune": row["commune"].upper(),
            "code_postal": row["postcode"],
            "adresse": f"{row['number']} {row['street_type']} {row['street']} "
            f"{row['postcode']} {row['commune'].upper()}",
            "latitude": str(row["lat"]),
            "longitude": str(row["lon"]),
            "etat_administratif": row["state"],
            "est_siege": True,
        }
        results.append(
            {
                "siren": row["siren"],
                "nom_complet": row["name"],
                "nom_raison_sociale": row["name"],
                "activite_principale": row["naf"],
                "tranche_effectif_salarie": row["band"],
                "etat_administratif": "A",
                "siege": place,
                "matching_etablissements": [place],
            }
        )
    return {"results": results, "total_results": len(results), "page": 1,
            "per_page": len(results), "total_pages": 1}  # fmt: skip


def write_samples() -> None:
    DATA.mkdir(exist_ok=True)
    (DATA / "companies-confluences.csv").write_text(
        sirene_csv(establishments("confluences", 72, seed=69)), encoding="utf-8"
    )
    (DATA / "companies-haut-vallon.json").write_text(
        json.dumps(api_json(establishments("haut-vallon", 66, seed=39)), ensure_ascii=False,
                   indent=1) + "\n",
        encoding="utf-8",
    )  # fmt: skip
