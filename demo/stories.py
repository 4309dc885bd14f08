# ruff: noqa: E501 - prose: readable sentences matter more than the column limit here
"""The demo's success stories (three per territory) and what makes each filière page worth
reading: its key figures, its named contact and its call to action. Fictional companies and
people; plausible figures, sourced as the real ones would be."""


def p(html: str) -> dict:
    return {"type": "paragraph", "value": html}


STORIES = {
    "confluences": [
        {
            "key": "bioserum",
            "ecosystem": "health",
            "company": "BioSérum",
            "year": 2023,
            "jobs": 85,
            "investment": "18000000",
            "picture": "lab",
            "gallery": "office",
            "fr": {
                "title": "BioSérum installe sa production de vaccins à Gerland",
                "slug": "bioserum-gerland",
                "summary": "Une unité de bioproduction de 6 000 m² et 85 emplois créés en deux ans.",
                "quote": "Nous avons trouvé ici des talents, des locaux adaptés et un accompagnement réactif.",
                "quote_author": "Claire Nguyen, directrice générale de BioSérum",
                "body": [
                    p(
                        "<p>En 2021, BioSérum cherchait un site pour industrialiser ses vaccins vétérinaires. L'agence lui a présenté quatre bâtiments en dix jours, puis organisé les rencontres avec le cancéropôle et les écoles d'ingénieurs.</p>"
                    ),
                    p(
                        "<p>Le site de Gerland a ouvert en 2023 : 6 000 m² de laboratoires et de salles propres, 85 salariés dont un tiers recrutés à la sortie des écoles de la Métropole.</p>"
                    ),
                ],
                "caption": "L'unité de bioproduction de Gerland",
            },
            "en": {
                "title": "BioSérum sets up its vaccine production in Gerland",
                "slug": "bioserum-gerland",
                "summary": "A 6,000 m² bioproduction unit and 85 jobs created in two years.",
                "quote": "We found talent, suitable premises and responsive support here.",
                "quote_author": "Claire Nguyen, CEO of BioSérum",
                "body": [
                    p(
                        "<p>In 2021, BioSérum was looking for a site to industrialise its veterinary vaccines. The agency showed it four buildings in ten days, then set up meetings with the cancer research centre and the engineering schools.</p>"
                    ),
                    p(
                        "<p>The Gerland site opened in 2023: 6,000 m² of laboratories and clean rooms, 85 employees, a third of them hired straight from the Metropolis's schools.</p>"
                    ),
                ],
                "caption": "The Gerland bioproduction unit",
            },
        },
        {
            "key": "polyvert",
            "ecosystem": "chemistry",
            "company": "Polyvert",
            "year": 2024,
            "jobs": 42,
            "investment": "9500000",
            "picture": "chemistry",
            "gallery": "factory",
            "fr": {
                "title": "Polyvert recycle les plastiques techniques dans la vallée de la chimie",
                "slug": "polyvert-recyclage",
                "summary": "Une usine pilote de recyclage chimique sur une friche réhabilitée.",
                "quote": "La plateforme chimique nous a évité deux ans de procédures : les réseaux et les autorisations étaient là.",
                "quote_author": "Marc Delorme, président de Polyvert",
                "body": [
                    p(
                        "<p>Polyvert transforme les déchets de polyamide en matière première. Son usine pilote s'est installée sur une friche de la plateforme chimique, déjà raccordée aux réseaux de vapeur et d'eau industrielle.</p>"
                    ),
                    p(
                        "<p>L'agence a coordonné le dossier ICPE avec les services de l'État et le financement régional de la dépollution.</p>"
                    ),
                ],
                "caption": "L'usine pilote de Polyvert",
            },
            "en": {
                "title": "Polyvert recycles engineering plastics in the chemistry valley",
                "slug": "polyvert-recycling",
                "summary": "A chemical recycling pilot plant on a rehabilitated brownfield site.",
                "quote": "The chemical platform saved us two years of procedures: the utilities and the permits were already there.",
                "quote_author": "Marc Delorme, Chairman of Polyvert",
                "body": [
                    p(
                        "<p>Polyvert turns polyamide waste into raw material. Its pilot plant moved onto a brownfield site of the chemical platform, already connected to the steam and industrial water networks.</p>"
                    ),
                    p(
                        "<p>The agency coordinated the environmental permit with the State's services and the regional funding of the clean-up.</p>"
                    ),
                ],
                "caption": "Polyvert's pilot plant",
            },
        },
        {
            "key": "datarive",
            "ecosystem": "digital",
            "company": "Datarive",
            "year": 2022,
            "jobs": 120,
            "investment": "4000000",
            "picture": "digital",
            "gallery": "office",
            "fr": {
                "title": "Datarive ouvre son centre de R&D sur les quais",
                "slug": "datarive-rd",
                "summary": "L'éditeur de logiciels a choisi la Confluence pour son deuxième site européen.",
                "quote": "En six mois, nous avions une équipe de trente développeurs et des bureaux au bord de l'eau.",
                "quote_author": "Sofia Berger, directrice du site de Datarive",
                "body": [
                    p(
                        "<p>Datarive, éditeur de logiciels d'analyse de données, a comparé cinq métropoles européennes. La Confluence l'a emporté pour son vivier d'ingénieurs et la liaison directe avec l'aéroport.</p>"
                    ),
                    p(
                        "<p>Le centre compte aujourd'hui 120 personnes et accueille des étudiants en alternance des écoles du territoire.</p>"
                    ),
                ],
                "caption": "Les bureaux de Datarive sur les quais",
            },
            "en": {
                "title": "Datarive opens its R&D centre on the riverside",
                "slug": "datarive-rd",
                "summary": "The software publisher chose Confluence for its second European site.",
                "quote": "Within six months we had a team of thirty developers and offices by the water.",
                "quote_author": "Sofia Berger, Site Director at Datarive",
                "body": [
                    p(
                        "<p>Datarive, a data analytics software publisher, compared five European metropolises. Confluence won for its pool of engineers and its direct link to the airport.</p>"
                    ),
                    p(
                        "<p>The centre now has 120 people and takes work-study students from the territory's schools.</p>"
                    ),
                ],
                "caption": "Datarive's offices on the riverside",
            },
        },
    ],
    "haut-vallon": [
        {
            "key": "boisdusud",
            "ecosystem": "wood",
            "company": "Menuiseries du Vallon",
            "year": 2023,
            "jobs": 18,
            "investment": "2400000",
            "picture": "workshop",
            "gallery": "warehouse",
            "fr": {
                "title": "Les Menuiseries du Vallon doublent leur atelier",
                "slug": "menuiseries-du-vallon",
                "summary": "Un atelier de 2 500 m² pour des fenêtres en bois local, et 18 emplois.",
                "quote": "Notre bois vient de vingt kilomètres autour : rester ici allait de soi, encore fallait-il trouver le terrain.",
                "quote_author": "Julien Faure, gérant des Menuiseries du Vallon",
                "body": [
                    p(
                        "<p>L'entreprise familiale manquait de place dans le bourg. La communauté de communes lui a proposé un terrain viabilisé de la zone des Granges, à deux pas de la scierie.</p>"
                    ),
                    p(
                        "<p>Le nouvel atelier, en ossature bois, produit des menuiseries certifiées bois des Alpes.</p>"
                    ),
                ],
                "caption": "Le nouvel atelier à ossature bois",
            },
            "en": {
                "title": "Menuiseries du Vallon doubles its workshop",
                "slug": "menuiseries-du-vallon",
                "summary": "A 2,500 m² workshop for windows in local timber, and 18 jobs.",
                "quote": "Our timber comes from within twenty kilometres: staying here was obvious, we just needed the land.",
                "quote_author": "Julien Faure, Manager of Menuiseries du Vallon",
                "body": [
                    p(
                        "<p>The family business was short of space in the village. The community of municipalities offered it a serviced plot in the Granges business zone, next to the sawmill.</p>"
                    ),
                    p(
                        "<p>The new timber-frame workshop makes joinery certified as Alpine wood.</p>"
                    ),
                ],
                "caption": "The new timber-frame workshop",
            },
        },
        {
            "key": "fromagerie",
            "ecosystem": "food",
            "company": "Fromagerie des Combes",
            "year": 2024,
            "jobs": 12,
            "investment": "1800000",
            "picture": "farm",
            "gallery": "cellar",
            "fr": {
                "title": "La Fromagerie des Combes modernise son affinage",
                "slug": "fromagerie-des-combes",
                "summary": "Des caves d'affinage neuves pour 40 producteurs de lait du plateau.",
                "quote": "Avec ces caves, nous achetons le lait de quarante fermes au juste prix.",
                "quote_author": "Marie Chauvin, présidente de la coopérative",
                "body": [
                    p(
                        "<p>La coopérative fromagère a construit des caves d'affinage et un magasin de vente directe. Le projet a reçu l'aide régionale à l'investissement agroalimentaire, instruite avec l'appui de la communauté de communes.</p>"
                    ),
                ],
                "caption": "Les caves d'affinage de la coopérative",
            },
            "en": {
                "title": "Fromagerie des Combes modernises its ripening cellars",
                "slug": "fromagerie-des-combes",
                "summary": "New ripening cellars for 40 dairy farmers of the plateau.",
                "quote": "With these cellars, we buy milk from forty farms at a fair price.",
                "quote_author": "Marie Chauvin, Chair of the cooperative",
                "body": [
                    p(
                        "<p>The cheese cooperative built ripening cellars and a farm shop. The project received the regional grant for food-industry investment, prepared with the support of the community of municipalities.</p>"
                    ),
                ],
                "caption": "The cooperative's ripening cellars",
            },
        },
        {
            "key": "altiglisse",
            "ecosystem": "outdoor",
            "company": "Altiglisse",
            "year": 2022,
            "jobs": 25,
            "investment": "3200000",
            "picture": "outdoor",
            "gallery": "workshop",
            "fr": {
                "title": "Altiglisse conçoit ses skis de randonnée au pied des pentes",
                "slug": "altiglisse",
                "summary": "Un bureau d'études et un atelier de prototypes installés dans l'ancienne gare.",
                "quote": "Nos ingénieurs testent le matin ce qu'ils ont dessiné la veille.",
                "quote_author": "Thomas Girard, cofondateur d'Altiglisse",
                "body": [
                    p(
                        "<p>La jeune marque de skis de randonnée a quitté la ville pour l'ancienne gare réhabilitée en pépinière d'entreprises. La fibre optique et le train direct ont fait la différence.</p>"
                    ),
                ],
                "caption": "L'atelier de prototypes dans l'ancienne gare",
            },
            "en": {
                "title": "Altiglisse designs its touring skis at the foot of the slopes",
                "slug": "altiglisse",
                "summary": "A design office and a prototype workshop in the old railway station.",
                "quote": "Our engineers test in the morning what they drew the day before.",
                "quote_author": "Thomas Girard, co-founder of Altiglisse",
                "body": [
                    p(
                        "<p>The young touring-ski brand left the city for the old railway station, converted into a business incubator. Fibre broadband and the direct train made the difference.</p>"
                    ),
                ],
                "caption": "The prototype workshop in the old station",
            },
        },
    ],
}


def figure(
    value: str, label_fr: str, label_en: str, source: str, year: int, unit: str = ""
) -> dict:
    return {
        "value": value,
        "unit": unit,
        "label": {"fr": label_fr, "en": label_en},
        "source": source,
        "year": year,
    }


def contact(name: str, role_fr: str, role_en: str, email: str, phone: str) -> dict:
    return {"name": name, "role": {"fr": role_fr, "en": role_en}, "email": email, "phone": phone}


FILIERES = {
    "confluences": {
        "health": {
            "figures": [
                figure(
                    "600", "entreprises de santé", "health companies", "Pôle de compétitivité", 2024
                ),
                figure("9000", "chercheurs", "researchers", "MESR", 2023),
                figure("42000", "emplois", "jobs", "URSSAF", 2023),
            ],
            "contact": contact(
                "Anne Lefèvre",
                "Chargée d'affaires santé",
                "Health business developer",
                "sante@confluences.localhost",
                "04 72 00 10 10",
            ),
            "cta": {
                "fr": "Implanter votre entreprise de santé",
                "en": "Set up your health company here",
            },
        },
        "chemistry": {
            "figures": [
                figure("170", "établissements industriels", "industrial sites", "INSEE", 2023),
                figure("11000", "emplois", "jobs", "URSSAF", 2023),
                figure(
                    "30", "ha de fonciers disponibles", "ha of land available", "Métropole", 2024
                ),
            ],
            "contact": contact(
                "Karim Benali",
                "Chargé d'affaires industrie",
                "Industry business developer",
                "industrie@confluences.localhost",
                "04 72 00 10 20",
            ),
            "cta": {
                "fr": "Parlons de votre site industriel",
                "en": "Tell us about your industrial site",
            },
        },
        "digital": {
            "figures": [
                figure("4500", "entreprises du numérique", "digital companies", "INSEE", 2023),
                figure("38000", "emplois", "jobs", "URSSAF", 2023),
                figure(
                    "12",
                    "écoles d'ingénieurs et du numérique",
                    "engineering and digital schools",
                    "MESR",
                    2024,
                ),
            ],
            "contact": contact(
                "Léa Moreau",
                "Chargée d'affaires numérique",
                "Digital business developer",
                "numerique@confluences.localhost",
                "04 72 00 10 30",
            ),
            "cta": {"fr": "Ouvrir vos bureaux ici", "en": "Open your offices here"},
        },
    },
    "haut-vallon": {
        "wood": {
            "figures": [
                figure("62", "% du territoire boisé", "% of the territory forested", "IGN", 2023),
                figure(
                    "140",
                    "entreprises de la filière bois",
                    "wood industry companies",
                    "INSEE",
                    2023,
                ),
                figure("900", "emplois", "jobs", "URSSAF", 2023),
            ],
            "contact": contact(
                "Pierre Vial",
                "Développeur économique",
                "Business developer",
                "eco@haut-vallon.localhost",
                "04 76 00 20 10",
            ),
            "cta": {"fr": "Votre projet dans la filière bois", "en": "Your wood industry project"},
        },
        "food": {
            "figures": [
                figure("210", "exploitations agricoles", "farms", "Agreste", 2020),
                figure(
                    "3", "appellations d'origine", "protected designations of origin", "INAO", 2024
                ),
                figure("650", "emplois agroalimentaires", "food industry jobs", "URSSAF", 2023),
            ],
            "contact": contact(
                "Élodie Roux",
                "Chargée de mission agriculture et alimentation",
                "Agriculture and food officer",
                "agri@haut-vallon.localhost",
                "04 76 00 20 20",
            ),
            "cta": {"fr": "Transformer ici vos produits", "en": "Process your products here"},
        },
        "outdoor": {
            "figures": [
                figure("1200000", "nuitées touristiques", "tourist nights", "Atout France", 2023),
                figure(
                    "35",
                    "entreprises d'équipement outdoor",
                    "outdoor equipment companies",
                    "Outdoor Sports Valley",
                    2024,
                ),
                figure("480", "emplois", "jobs", "URSSAF", 2023),
            ],
            "contact": contact(
                "Pierre Vial",
                "Développeur économique",
                "Business developer",
                "eco@haut-vallon.localhost",
                "04 76 00 20 10",
            ),
            "cta": {"fr": "Installer votre marque outdoor", "en": "Bring your outdoor brand here"},
        },
    },
}

INTROS = {
    "confluences": {
        "fr": "<p>Laboratoires, usines, centres de R&amp;D : des entreprises qui ont choisi la Métropole racontent leur implantation.</p>",
        "en": "<p>Laboratories, plants, R&amp;D centres: companies that chose the Metropolis tell how they settled here.</p>",
    },
    "haut-vallon": {
        "fr": "<p>Artisans, coopératives, jeunes marques : ils ont grandi dans le Haut-Vallon.</p>",
        "en": "<p>Craftspeople, cooperatives, young brands: they grew in the Haut-Vallon.</p>",
    },
}

# Which filière's page lists an offer, by the offer's type (OfferPage.ecosystem).
OFFER_FILIERES = {
    "confluences": {
        "office": "digital",
        "coworking": "digital",
        "business_centre": "digital",
        "premises": "health",
        "warehouse": "chemistry",
        "land": "chemistry",
    },
    "haut-vallon": {
        "premises": "wood",
        "warehouse": "wood",
        "land": "food",
        "coworking": "outdoor",
        "retail": "outdoor",
    },
}
