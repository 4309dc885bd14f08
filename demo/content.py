# ruff: noqa: E501 - prose: readable sentences matter more than the column limit here
"""The demo's two territories, in French and English. Fictional places, realistic content.

Numbers are plausible orders of magnitude for a French metropolis and a rural
intercommunality; the sources are named as the real ones would be.
"""


def p(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def h(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text: str, author: str, role: str) -> dict:
    return {"type": "quote", "value": {"quote": text, "author": author, "role": role}}


CONFLUENCES = {
    "slug": "confluences",
    "name": "Métropole Rhône-Confluences",
    "region": "ARA",
    "siren": "246900997",
    "address": "20, quai de la Confluence, 69002 Lyon-Confluences",
    "director": {
        "fr": "Mme Hélène Vasseur, présidente de la Métropole",
        "en": "Ms Hélène Vasseur, President of the Metropolis",
    },
    "hero_style": "city",
    "logo_shape": "confluence",
    "branding": {
        "tagline": "Agence de développement économique",
        "tagline_en": "Economic development agency",
        "primary_color": "#005a8c",
        "secondary_color": "#0f2a44",
        "accent_color": "#c2410c",
        "linkedin_url": "https://www.linkedin.com/company/rhone-confluences-invest",
        "youtube_url": "https://www.youtube.com/@rhoneconfluences",
        "x_url": "https://x.com/rconfluences",
    },
    "palette": {
        "sky_top": "#0f2a44",
        "sky_bottom": "#c96f3b",
        "sun": "#ffd27a",
        "ink": "#0a1a2b",
        "water": "#1f6f99",
        "card_top": "#005a8c",
        "card_bottom": "#0f2a44",
        "logo_primary": "#005a8c",
        "logo_accent": "#f59e42",
    },
    "home": {
        "fr": {
            "hero_title": "Rhône-Confluences, là où se rencontrent les filières d'avenir",
            "easy_read": "<p>Ce site parle de la métropole Rhône-Confluences.</p>"
            "<ul><li>Vous voulez installer votre entreprise ici ?</li>"
            "<li>Nous pouvons vous aider. C'est gratuit.</li>"
            "<li>Vous pouvez nous écrire sur la page Contact.</li></ul>",
            "hero_text": "Santé, chimie durable, numérique : 1,4 million d'habitants, "
            "162 000 étudiants et une équipe dédiée pour accompagner votre implantation, du premier "
            "contact à l'ouverture de votre site.",
            "cta": (
                "Un projet d'implantation ?",
                "Notre équipe vous répond sous 48 heures et vous accompagne gratuitement : "
                "recherche de locaux, recrutement, financements.",
                "Contacter l'agence",
            ),
        },
        "en": {
            "hero_title": "Rhône-Confluences, where tomorrow's industries meet",
            "easy_read": "<p>This website is about the Rhône-Confluences area.</p>"
            "<ul><li>Do you want to bring your company here?</li>"
            "<li>We can help you. It is free.</li>"
            "<li>You can write to us on the Contact page.</li></ul>",
            "hero_text": "Health, sustainable chemistry, digital: 1.4 million residents, 162,000 "
            "students and a dedicated team to support your project, from the first "
            "call to the opening of your site.",
            "cta": (
                "Planning to set up here?",
                "Our team answers within 48 hours and supports you free of charge: property "
                "search, recruitment, funding.",
                "Contact the agency",
            ),
        },
    },
    "intros": {
        "ecosystems": {
            "fr": "<p>Trois filières d'excellence, des laboratoires publics de premier plan et des "
            "industriels qui recrutent.</p>",
            "en": "<p>Three leading industries, first-rate public laboratories and manufacturers "
            "who are hiring.</p>",
        },
        "offers": {
            "fr": "<p>Bureaux, locaux d'activité, terrains : l'offre immobilière de la Métropole, "
            "tenue à jour par nos équipes.</p>",
            "en": "<p>Offices, light-industrial units, land: the Metropolis's property offer, kept "
            "up to date by our teams.</p>",
        },
        "news": {
            "fr": "<p>L'actualité économique de la Métropole et de ses entreprises.</p>",
            "en": "<p>Business news from the Metropolis and its companies.</p>",
        },
        "events": {
            "fr": "<p>Forums, matinales et visites de sites ouverts aux porteurs de projets.</p>",
            "en": "<p>Forums, breakfast meetings and site visits open to project leaders.</p>",
        },
        "contact": {
            "fr": "<p>Décrivez votre projet : un chargé d'affaires vous répond sous 48 heures "
            "ouvrées.</p>",
            "en": "<p>Tell us about your project: a business developer will answer within two "
            "working days.</p>",
        },
    },
    "figures": [
        {
            "key": "population",
            "value": "1420000",
            "source": "INSEE",
            "date": "2023-01-01",
            "unit": {"fr": "", "en": ""},
            "label": {"fr": "habitants", "en": "residents"},
        },
        {
            "key": "students",
            "value": "162000",
            "source": "MESR",
            "date": "2024-01-01",
            "unit": {"fr": "", "en": ""},
            "label": {"fr": "étudiants", "en": "students"},
        },
        {
            "key": "companies",
            "value": "98500",
            "source": "INSEE Sirene",
            "date": "2024-01-01",
            "unit": {"fr": "", "en": ""},
            "label": {"fr": "établissements", "en": "business establishments"},
        },
        {
            "key": "paris",
            "value": "2",
            "source": "SNCF Voyageurs",
            "date": "2025-01-01",
            "unit": {"fr": "h", "en": "h"},
            "label": {"fr": "de Paris en TGV", "en": "from Paris by high-speed train"},
        },
    ],
    "ecosystems": [
        {
            "key": "health",
            "picture": "lab",
            "fr": {
                "title": "Santé et biotechnologies",
                "slug": "sante-biotechnologies",
                "summary": "Un pôle de compétitivité, 600 entreprises et un cancéropôle de "
                "rang européen.",
                "body": [
                    p(
                        "<p>De la recherche fondamentale à la production de vaccins, la "
                        "Métropole réunit toute la chaîne de valeur de la santé. Le campus "
                        "Gerland-Biodistrict accueille 9 000 chercheurs.</p>"
                    ),
                    h("Ce que nous vous proposons"),
                    p(
                        "<ul><li>Des laboratoires L2 et L3 disponibles à la location</li>"
                        "<li>Un accès facilité aux plateformes technologiques "
                        "publiques</li><li>Un réseau de 40 investisseurs spécialisés</li>"
                        "</ul>"
                    ),
                    quote(
                        "Nous avons trouvé ici des talents, des locaux adaptés et un "
                        "accompagnement réactif.",
                        "Claire Nguyen",
                        "directrice générale, BioSérum",
                    ),
                ],
            },
            "en": {
                "title": "Health and biotechnology",
                "slug": "health-biotechnology",
                "summary": "A competitiveness cluster, 600 companies and a cancer research "
                "centre of European standing.",
                "body": [
                    p(
                        "<p>From basic research to vaccine production, the Metropolis "
                        "brings together the whole health value chain. The "
                        "Gerland-Biodistrict campus is home to 9,000 researchers.</p>"
                    ),
                    h("What we offer"),
                    p(
                        "<ul><li>BSL-2 and BSL-3 laboratories available to rent</li>"
                        "<li>Easy access to public technology platforms</li>"
                        "<li>A network of 40 specialised investors</li></ul>"
                    ),
                    quote(
                        "We found talent, suitable premises and responsive support here.",
                        "Claire Nguyen",
                        "CEO, BioSérum",
                    ),
                ],
            },
        },
        {
            "key": "chemistry",
            "picture": "chemistry",
            "fr": {
                "title": "Chimie et matériaux durables",
                "slug": "chimie-materiaux",
                "summary": "La Vallée de la chimie se réinvente : procédés bas carbone, "
                "recyclage et hydrogène.",
                "body": [
                    p(
                        "<p>Avec 150 hectares de foncier industriel reconverti, la Vallée "
                        "de la chimie accueille les projets de décarbonation et "
                        "d'économie circulaire.</p>"
                    ),
                    h("Un foncier prêt à l'emploi"),
                    p(
                        "<p>Des terrains viabilisés, raccordés aux utilités (vapeur, "
                        "azote, hydrogène) et aux réseaux ferré et fluvial.</p>"
                    ),
                ],
            },
            "en": {
                "title": "Sustainable chemistry and materials",
                "slug": "chemistry-materials",
                "summary": "The Chemistry Valley is reinventing itself: low-carbon processes, "
                "recycling and hydrogen.",
                "body": [
                    p(
                        "<p>With 150 hectares of redeveloped industrial land, the "
                        "Chemistry Valley welcomes decarbonisation and circular economy "
                        "projects.</p>"
                    ),
                    h("Land ready to build on"),
                    p(
                        "<p>Serviced plots connected to utilities (steam, nitrogen, "
                        "hydrogen) and to the rail and river networks.</p>"
                    ),
                ],
            },
        },
        {
            "key": "digital",
            "picture": "digital",
            "fr": {
                "title": "Numérique et industries créatives",
                "slug": "numerique",
                "summary": "45 000 emplois, un campus du jeu vidéo et la French Tech "
                "Rhône-Confluences.",
                "body": [
                    p(
                        "<p>Éditeurs de logiciels, studios de jeu vidéo et start-up de la "
                        "French Tech partagent un même quartier, autour des anciennes "
                        "halles du port.</p>"
                    )
                ],
            },
            "en": {
                "title": "Digital and creative industries",
                "slug": "digital",
                "summary": "45,000 jobs, a video game campus and French Tech Rhône-Confluences.",
                "body": [
                    p(
                        "<p>Software publishers, video game studios and French Tech "
                        "start-ups share one neighbourhood around the old port "
                        "halls.</p>"
                    )
                ],
            },
        },
    ],
    "news": [
        {
            "key": "business-park",
            "picture": "business_park",
            "days_ago": 4,
            "fr": {
                "title": "Le parc d'activités de Gerland-Sud accueille douze nouvelles entreprises",
                "slug": "gerland-sud-douze-entreprises",
                "summary": "Trois cents emplois créés en un an dans le premier parc "
                "d'activités à énergie positive de la Métropole.",
                "body": [
                    p(
                        "<p>Ouvert en 2025, le parc affiche un taux d'occupation de 92 %. "
                        "Une seconde tranche de 18 000 m² sera livrée au printemps.</p>"
                    )
                ],
            },
            "en": {
                "title": "Gerland-Sud business park welcomes twelve new companies",
                "slug": "gerland-sud-twelve-companies",
                "summary": "Three hundred jobs created in one year in the Metropolis's first "
                "energy-positive business park.",
                "body": [
                    p(
                        "<p>Opened in 2025, the park is 92% occupied. A second phase of "
                        "18,000 m² will be delivered in the spring.</p>"
                    )
                ],
            },
        },
        {
            "key": "one-stop-shop",
            "picture": "factory",
            "days_ago": 12,
            "fr": {
                "title": "Un guichet unique pour les projets industriels",
                "slug": "guichet-unique-industrie",
                "summary": "Permis, raccordements, aides : un interlocuteur unique suit "
                "désormais chaque projet.",
                "body": [
                    p(
                        "<p>Le guichet réunit les services de la Métropole, de l'État et "
                        "des gestionnaires de réseaux pour réduire de moitié les délais "
                        "d'instruction.</p>"
                    )
                ],
            },
            "en": {
                "title": "A one-stop shop for industrial projects",
                "slug": "one-stop-shop",
                "summary": "Permits, utility connections, grants: a single contact now "
                "follows each project.",
                "body": [
                    p(
                        "<p>The shop brings together the Metropolis, the State and the "
                        "network operators to halve processing times.</p>"
                    )
                ],
            },
        },
        {
            "key": "health-meetings",
            "picture": "event",
            "days_ago": 26,
            "fr": {
                "title": "Les Rencontres de l'innovation en santé reviennent",
                "slug": "rencontres-innovation-sante",
                "summary": "Deux jours d'échanges entre start-up, laboratoires et industriels.",
                "body": [p("<p>Plus de 80 rendez-vous d'affaires sont déjà programmés.</p>")],
            },
            "en": {
                "title": "The Health Innovation Meetings are back",
                "slug": "health-innovation-meetings",
                "summary": "Two days of exchanges between start-ups, laboratories and "
                "manufacturers.",
                "body": [p("<p>More than 80 business meetings are already scheduled.</p>")],
            },
        },
    ],
    "events": [
        {
            "key": "property-forum",
            "days_ahead": 21,
            "hours": 8,
            "venue": {
                "fr": "Halle Tony-Garnier, Lyon-Confluences",
                "en": "Halle Tony-Garnier, Lyon-Confluences",
            },
            "fr": {
                "title": "Forum de l'immobilier d'entreprise",
                "slug": "forum-immobilier",
                "summary": "Promoteurs, commercialisateurs et collectivités présentent leurs "
                "offres disponibles.",
                "body": [p("<p>Entrée libre sur inscription.</p>")],
            },
            "en": {
                "title": "Business property forum",
                "slug": "property-forum",
                "summary": "Developers, agents and local authorities present the property "
                "available.",
                "body": [p("<p>Free entry, registration required.</p>")],
            },
        },
        {
            "key": "investor-breakfast",
            "days_ahead": 45,
            "hours": 2,
            "venue": {
                "fr": "Hôtel de la Métropole, salle du Conseil",
                "en": "Hôtel de la Métropole, Council Chamber",
            },
            "fr": {
                "title": "Matinale des investisseurs",
                "slug": "matinale-investisseurs",
                "summary": "Une heure pour découvrir les projets qui lèvent des fonds cette année.",
                "body": [p("<p>Café d'accueil à 8 h 30.</p>")],
            },
            "en": {
                "title": "Investor breakfast",
                "slug": "investor-breakfast",
                "summary": "One hour to discover the projects raising funds this year.",
                "body": [p("<p>Coffee from 8:30 am.</p>")],
            },
        },
    ],
}

HAUT_VALLON = {
    "slug": "haut-vallon",
    "name": "Communauté de communes du Haut-Vallon",
    "region": "BFC",
    "siren": "243901253",
    "address": "2, place de la Halle, 39150 Saint-Aubin-du-Vallon",
    "director": {
        "fr": "M. Bernard Jacquemin, président de la communauté de communes",
        "en": "Mr Bernard Jacquemin, President of the community of communes",
    },
    "hero_style": "valley",
    "logo_shape": "valley",
    "branding": {
        "tagline": "Développement économique et attractivité",
        "tagline_en": "Economic development and attractiveness",
        "primary_color": "#2f6b35",
        "secondary_color": "#1f3a26",
        "accent_color": "#a15c07",
        "facebook_url": "https://www.facebook.com/hautvallon",
        "instagram_url": "https://www.instagram.com/hautvallon",
    },
    "palette": {
        "sky_top": "#9cc7e0",
        "sky_bottom": "#f4e3c1",
        "sun": "#f4b942",
        "ink": "#16261a",
        "hill_far": "#8fb59a",
        "hill_near": "#2f6b35",
        "card_top": "#2f6b35",
        "card_bottom": "#1f3a26",
        "logo_primary": "#2f6b35",
        "logo_accent": "#f4b942",
    },
    "home": {
        "fr": {
            "hero_title": "Le Haut-Vallon, entreprendre grandeur nature",
            "easy_read": "<p>Ce site parle du Haut-Vallon. Ce sont 27 villages à la montagne.</p>"
            "<ul><li>Vous voulez créer votre entreprise ici ?</li>"
            "<li>Nous pouvons vous aider. C'est gratuit.</li></ul>",
            "hero_text": "27 communes, une filière bois d'excellence, des fromages AOP et la "
            "fibre partout : installez votre activité au cœur du massif, à 45 "
            "minutes de la gare TGV.",
            "cta": (
                "Vous cherchez un local ou un terrain ?",
                "La communauté de communes vous met en relation avec les propriétaires et "
                "vous aide à monter vos dossiers d'aide.",
                "Parler à un conseiller",
            ),
        },
        "en": {
            "hero_title": "Haut-Vallon: do business, naturally",
            "easy_read": "<p>This website is about Haut-Vallon. It is 27 villages in the mountains.</p>"
            "<ul><li>Do you want to start your company here?</li>"
            "<li>We can help you. It is free.</li></ul>",
            "hero_text": "27 villages, a leading wood industry, PDO cheeses and fibre broadband "
            "everywhere: set up your business in the heart of the mountains, 45 "
            "minutes from the high-speed rail station.",
            "cta": (
                "Looking for premises or land?",
                "The community of communes puts you in touch with owners and helps you "
                "apply for grants.",
                "Talk to an adviser",
            ),
        },
    },
    "intros": {
        "ecosystems": {
            "fr": "<p>Des savoir-faire ancrés dans le territoire, tournés vers l'innovation.</p>",
            "en": "<p>Skills rooted in the land, turned towards innovation.</p>",
        },
        "offers": {
            "fr": "<p>Ateliers, bureaux en tiers-lieu et terrains en zone d'activité, à des "
            "prix accessibles.</p>",
            "en": "<p>Workshops, offices in shared spaces and plots in business parks, at "
            "affordable prices.</p>",
        },
        "news": {
            "fr": "<p>Ce qui bouge dans les entreprises et les communes du Haut-Vallon.</p>",
            "en": "<p>What is happening in Haut-Vallon's companies and villages.</p>",
        },
        "events": {
            "fr": "<p>Salons, rencontres et portes ouvertes sur le territoire.</p>",
            "en": "<p>Fairs, meetings and open days across the territory.</p>",
        },
        "contact": {
            "fr": "<p>Un conseiller de la communauté de communes vous rappelle dans la "
            "semaine.</p>",
            "en": "<p>An adviser from the community of communes will call you back within the "
            "week.</p>",
        },
    },
    "figures": [
        {
            "key": "municipalities",
            "value": "27",
            "source": "Préfecture du Jura",
            "date": "2024-01-01",
            "unit": {"fr": "", "en": ""},
            "label": {"fr": "communes", "en": "municipalities"},
        },
        {
            "key": "population",
            "value": "18400",
            "source": "INSEE",
            "date": "2023-01-01",
            "unit": {"fr": "", "en": ""},
            "label": {"fr": "habitants", "en": "residents"},
        },
        {
            "key": "fibre",
            "value": "100",
            "source": "Arcep",
            "date": "2025-01-01",
            "unit": {"fr": "%", "en": "%"},
            "label": {
                "fr": "des locaux raccordables à la fibre",
                "en": "of premises can get fibre",
            },
        },
        {
            "key": "train",
            "value": "45",
            "source": "SNCF Voyageurs",
            "date": "2025-01-01",
            "unit": {"fr": "min", "en": "min"},
            "label": {"fr": "de la gare TGV", "en": "from the high-speed rail station"},
        },
    ],
    "ecosystems": [
        {
            "key": "wood",
            "picture": "forest",
            "fr": {
                "title": "Filière bois et forêt",
                "slug": "filiere-bois",
                "summary": "De la scierie à la construction bois : 140 entreprises et "
                "1 100 emplois.",
                "body": [
                    p(
                        "<p>La forêt couvre 58 % du territoire. Scieries, charpentiers et "
                        "fabricants de maisons à ossature bois travaillent en circuit "
                        "court.</p>"
                    ),
                    quote(
                        "Le bois local, transformé à moins de 30 km, c'est notre "
                        "argument commercial numéro un.",
                        "Julien Brocard",
                        "gérant, Charpentes du Vallon",
                    ),
                ],
            },
            "en": {
                "title": "Wood and forestry",
                "slug": "wood-forestry",
                "summary": "From sawmill to timber construction: 140 companies and 1,100 jobs.",
                "body": [
                    p(
                        "<p>Forest covers 58% of the territory. Sawmills, carpenters and "
                        "timber-frame house builders work in short supply chains.</p>"
                    ),
                    quote(
                        "Local wood, processed less than 30 km away, is our number one "
                        "selling point.",
                        "Julien Brocard",
                        "manager, Charpentes du Vallon",
                    ),
                ],
            },
        },
        {
            "key": "food",
            "picture": "farm",
            "fr": {
                "title": "Agroalimentaire et fromages AOP",
                "slug": "agroalimentaire",
                "summary": "Fruitières, affineurs et producteurs : un savoir-faire reconnu "
                "dans toute l'Europe.",
                "body": [
                    p(
                        "<p>Onze fruitières coopératives transforment le lait de 180 "
                        "exploitations. Un atelier de transformation partagé est ouvert "
                        "aux jeunes producteurs.</p>"
                    )
                ],
            },
            "en": {
                "title": "Food and PDO cheeses",
                "slug": "food",
                "summary": "Cheese dairies, ripeners and farmers: expertise recognised "
                "throughout Europe.",
                "body": [
                    p(
                        "<p>Eleven cooperative dairies process milk from 180 farms. A "
                        "shared processing workshop is open to young producers.</p>"
                    )
                ],
            },
        },
        {
            "key": "outdoor",
            "picture": "outdoor",
            "fr": {
                "title": "Tourisme de pleine nature",
                "slug": "tourisme",
                "summary": "Randonnée, ski nordique et lacs : une saison touristique sur "
                "douze mois.",
                "body": [
                    p(
                        "<p>400 km de sentiers balisés et trois domaines nordiques "
                        "attirent 250 000 visiteurs par an.</p>"
                    )
                ],
            },
            "en": {
                "title": "Outdoor tourism",
                "slug": "outdoor-tourism",
                "summary": "Hiking, cross-country skiing and lakes: a twelve-month tourist season.",
                "body": [
                    p(
                        "<p>400 km of marked trails and three cross-country ski areas "
                        "attract 250,000 visitors a year.</p>"
                    )
                ],
            },
        },
    ],
    "news": [
        {
            "key": "incubator",
            "picture": "coworking",
            "days_ago": 3,
            "fr": {
                "title": "La pépinière d'entreprises des Tilleuls affiche complet",
                "slug": "pepiniere-tilleuls-complet",
                "summary": "Huit jeunes entreprises occupent désormais les ateliers rénovés "
                "de l'ancienne tournerie.",
                "body": [p("<p>Une extension de quatre ateliers est à l'étude pour 2027.</p>")],
            },
            "en": {
                "title": "Les Tilleuls business incubator is full",
                "slug": "tilleuls-incubator-full",
                "summary": "Eight young companies now occupy the renovated workshops of the "
                "old wood-turning mill.",
                "body": [p("<p>An extension of four workshops is being studied for 2027.</p>")],
            },
        },
        {
            "key": "coworking",
            "picture": "coworking",
            "days_ago": 15,
            "fr": {
                "title": "Tiers-lieu : 40 postes de coworking à Saint-Aubin",
                "slug": "tiers-lieu-saint-aubin",
                "summary": "Un espace de travail partagé ouvre dans l'ancienne gare, avec "
                "salle de visioconférence.",
                "body": [p("<p>Abonnements à la journée ou au mois, accès 7 jours sur 7.</p>")],
            },
            "en": {
                "title": "Shared workspace: 40 coworking desks in Saint-Aubin",
                "slug": "coworking-saint-aubin",
                "summary": "A shared workspace opens in the old railway station, with a "
                "video-conference room.",
                "body": [p("<p>Daily or monthly passes, open 7 days a week.</p>")],
            },
        },
        {
            "key": "craft-grant",
            "picture": "workshop",
            "days_ago": 30,
            "fr": {
                "title": "L'aide à l'installation des artisans est prolongée",
                "slug": "aide-installation-artisans",
                "summary": "Jusqu'à 10 000 € pour les artisans qui reprennent ou créent une "
                "activité.",
                "body": [
                    p("<p>Le dossier se dépose auprès du service développement économique.</p>")
                ],
            },
            "en": {
                "title": "The start-up grant for craftspeople is extended",
                "slug": "craft-start-up-grant",
                "summary": "Up to €10,000 for craftspeople who take over or create a business.",
                "body": [p("<p>Applications go to the economic development department.</p>")],
            },
        },
    ],
    "events": [
        {
            "key": "wood-fair",
            "days_ahead": 30,
            "hours": 9,
            "venue": {
                "fr": "Halle aux grains, Saint-Aubin-du-Vallon",
                "en": "The old grain hall, Saint-Aubin-du-Vallon",
            },
            "fr": {
                "title": "Salon des artisans et du bois",
                "slug": "salon-artisans-bois",
                "summary": "Cinquante exposants, des démonstrations et un espace emploi.",
                "body": [p("<p>Entrée gratuite, restauration sur place.</p>")],
            },
            "en": {
                "title": "Craft and wood fair",
                "slug": "craft-wood-fair",
                "summary": "Fifty exhibitors, demonstrations and a jobs corner.",
                "body": [p("<p>Free entry, food on site.</p>")],
            },
        },
        {
            "key": "entrepreneurs-breakfast",
            "days_ahead": 52,
            "hours": 2,
            "venue": {
                "fr": "Tiers-lieu de la Gare, Saint-Aubin-du-Vallon",
                "en": "The Station shared workspace, Saint-Aubin-du-Vallon",
            },
            "fr": {
                "title": "Petit-déjeuner des entrepreneurs",
                "slug": "petit-dejeuner",
                "summary": "Rencontrer les élus et les chefs d'entreprise du territoire.",
                "body": [p("<p>Inscription conseillée, places limitées.</p>")],
            },
            "en": {
                "title": "Entrepreneurs' breakfast",
                "slug": "entrepreneurs-breakfast",
                "summary": "Meet the territory's elected officials and business leaders.",
                "body": [p("<p>Registration advised, places are limited.</p>")],
            },
        },
    ],
}

TERRITORIES = (CONFLUENCES, HAUT_VALLON)

CONTACT_FIELDS = {
    "fr": [
        ("Nom et prénom", "singleline", True, "", ""),
        (
            "Adresse électronique",
            "email",
            True,
            "",
            "Nous n'utilisons votre adresse que pour vous répondre.",
        ),
        ("Entreprise", "singleline", False, "", ""),
        (
            "Votre projet",
            "dropdown",
            True,
            "Implantation d'une entreprise\nRecherche de locaux\n"
            "Développement d'une activité\nAutre",
            "",
        ),
        ("Message", "multiline", True, "", ""),
    ],
    "en": [
        ("Full name", "singleline", True, "", ""),
        ("Email address", "email", True, "", "We only use your address to answer you."),
        ("Company", "singleline", False, "", ""),
        (
            "Your project",
            "dropdown",
            True,
            "Setting up a company\nLooking for premises\nGrowing a business\nOther",
            "",
        ),
        ("Message", "multiline", True, "", ""),
    ],
}

THANK_YOU = {
    "fr": "<p>Merci, votre message a bien été envoyé. Un conseiller vous répondra rapidement.</p>",
    "en": "<p>Thank you, your message has been sent. An adviser will answer you shortly.</p>",
}

# Standard pages created empty by provisioning: (key) -> language -> body blocks.
LEGAL_PAGES = {
    "legal": {
        "fr": lambda t: [
            h("Éditeur du site"),
            p(
                f"<p>{t['name']}<br/>{t['address']}<br/>SIREN {t['siren']}<br/>Courriel : "
                f'<a href="mailto:{t["email"]}">{t["email"]}</a></p>'
            ),
            h("Directeur de la publication"),
            p(f"<p>{t['director']}.</p>"),
            h("Hébergement"),
            p(
                "<p>Le site est hébergé en France par la plateforme Territoria, sur des serveurs "
                "situés dans l'Union européenne.</p>"
            ),
            h("Propriété intellectuelle"),
            p(
                "<p>Les textes de ce site sont publiés sous Licence Ouverte 2.0 d'Etalab, sauf "
                "mention contraire. Les illustrations ne peuvent être réutilisées sans "
                "autorisation.</p>"
            ),
        ],
        "en": lambda t: [
            h("Publisher"),
            p(
                f"<p>{t['name']}<br/>{t['address']}<br/>SIREN {t['siren']}<br/>Email: "
                f'<a href="mailto:{t["email"]}">{t["email"]}</a></p>'
            ),
            h("Publication director"),
            p(f"<p>{t['director']}.</p>"),
            h("Hosting"),
            p(
                "<p>The site is hosted in France by the Territoria platform, on servers located in "
                "the European Union.</p>"
            ),
            h("Intellectual property"),
            p(
                "<p>Texts on this site are published under Etalab's Open Licence 2.0 unless stated "
                "otherwise. Illustrations may not be reused without permission.</p>"
            ),
        ],
    },
    "accessibility": {
        "fr": lambda t: [
            p(
                f"<p>{t['name']} s'engage à rendre son site accessible conformément à l'article 47 "
                "de la loi nº 2005-102 du 11 février 2005.</p>"
            ),
            h("État de conformité"),
            p(
                "<p>Ce site est <strong>partiellement conforme</strong> avec le référentiel "
                "général d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des "
                "non-conformités énumérées ci-dessous. Un audit complet est programmé.</p>"
            ),
            h("Contenus non accessibles"),
            p(
                "<ul><li>Certaines images d'illustration anciennes n'ont pas d'alternative "
                "textuelle pertinente.</li><li>Les documents PDF publiés avant 2024 ne sont pas "
                "tous balisés.</li></ul>"
            ),
            h("Retour d'information et contact"),
            p(
                f"<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à "
                f'<a href="mailto:{t["email"]}">{t["email"]}</a> : nous vous orienterons vers une '
                "alternative accessible.</p>"
            ),
            h("Voies de recours"),
            p(
                "<p>Si vous nous avez signalé un défaut d'accessibilité sans obtenir de réponse "
                "satisfaisante, vous pouvez saisir le Défenseur des droits (formulaire en ligne, "
                "délégué territorial ou courrier gratuit : Défenseur des droits, Libre réponse "
                "71120, 75342 Paris CEDEX 07).</p>"
            ),
        ],
        "en": lambda t: [
            p(
                f"<p>{t['name']} is committed to making its website accessible in accordance with "
                "article 47 of French law no. 2005-102 of 11 February 2005.</p>"
            ),
            h("Compliance status"),
            p(
                "<p>This website is <strong>partially compliant</strong> with the French "
                "accessibility framework (RGAA) version 4.1, because of the non-compliances listed below. A full "
                "audit is scheduled.</p>"
            ),
            h("Non-accessible content"),
            p(
                "<ul><li>Some older illustrations lack a relevant text alternative.</li>"
                "<li>Not all PDF documents published before 2024 are tagged.</li></ul>"
            ),
            h("Feedback and contact"),
            p(
                f"<p>If you cannot access some content or a service, write to "
                f'<a href="mailto:{t["email"]}">{t["email"]}</a>: we will direct you to an '
                "accessible alternative.</p>"
            ),
            h("Remedies"),
            p(
                "<p>If you reported an accessibility issue and did not receive a satisfactory "
                "answer, you may refer the matter to the Défenseur des droits (the French "
                "ombudsman).</p>"
            ),
        ],
    },
    "privacy": {
        "fr": lambda t: [
            h("Responsable du traitement"),
            p(f"<p>{t['name']}, {t['address']}.</p>"),
            h("Données collectées et finalités"),
            p(
                "<p>Le formulaire de contact recueille votre nom, votre adresse électronique et "
                "votre message, afin de répondre à votre demande. La base légale est l'exécution "
                "d'une mission d'intérêt public (développement économique).</p>"
            ),
            h("Durée de conservation"),
            p("<p>Vos messages sont conservés trois ans après le dernier échange.</p>"),
            h("Vos droits"),
            p(
                f"<p>Vous disposez d'un droit d'accès, de rectification, d'effacement et "
                f'd\'opposition : écrivez à <a href="mailto:{t["email"]}">{t["email"]}</a>. Vous '
                "pouvez aussi adresser une réclamation à la CNIL.</p>"
            ),
            h("Mesure d'audience"),
            p(
                "<p>Ce site ne dépose aucun cookie publicitaire. La mesure d'audience, si elle est "
                "activée, est configurée pour être exemptée de consentement.</p>"
            ),
        ],
        "en": lambda t: [
            h("Data controller"),
            p(f"<p>{t['name']}, {t['address']}.</p>"),
            h("Data collected and purposes"),
            p(
                "<p>The contact form collects your name, email address and message in order to "
                "answer your request. The legal basis is a task carried out in the public interest "
                "(economic development).</p>"
            ),
            h("Retention"),
            p("<p>Your messages are kept for three years after the last exchange.</p>"),
            h("Your rights"),
            p(
                f"<p>You have the right to access, correct, erase and object: write to "
                f'<a href="mailto:{t["email"]}">{t["email"]}</a>. You may also lodge a complaint '
                "with the CNIL, the French data protection authority.</p>"
            ),
            h("Audience measurement"),
            p(
                "<p>This site sets no advertising cookie. Audience measurement, when enabled, is "
                "configured so as to be exempt from consent.</p>"
            ),
        ],
    },
}

LEGAL_NOTICE = {
    "fr": "<p>{name} — SIREN {siren}. Site édité avec la plateforme ouverte Territoria.</p>",
    "en": "<p>{name} — SIREN {siren}. Site published with Territoria, the open platform.</p>",
}
