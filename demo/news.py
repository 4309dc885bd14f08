"""The demo's news categories, and the news and events beyond those of content.py: each
territory ends up with ten news items in three or four categories and six events (three
past, three upcoming; one online, the others with a registration link where one applies).

Kept apart from content.py so that the news desk's additions read on their own. Keys are
stable (they make the pages' translation keys): changing one makes a new page.
"""

from .content import p

# territory slug -> [(key, {language: (name, slug)})]
CATEGORIES = {
    "confluences": [
        (
            "settlements",
            {"fr": ("Implantations", "implantations"), "en": ("Settlements", "settlements")},
        ),
        (
            "innovation",
            {
                "fr": ("Recherche et innovation", "recherche-innovation"),
                "en": ("Research and innovation", "research-innovation"),
            },
        ),
        (
            "jobs",
            {
                "fr": ("Emploi et formation", "emploi-formation"),
                "en": ("Jobs and skills", "jobs-skills"),
            },
        ),
        (
            "property",
            {
                "fr": ("Foncier et immobilier", "foncier-immobilier"),
                "en": ("Land and property", "land-property"),
            },
        ),
    ],
    "haut-vallon": [
        (
            "settlements",
            {"fr": ("Installations", "installations"), "en": ("Settling in", "settling-in")},
        ),
        (
            "crafts",
            {
                "fr": ("Artisanat et bois", "artisanat-bois"),
                "en": ("Crafts and wood", "crafts-wood"),
            },
        ),
        ("tourism", {"fr": ("Tourisme", "tourisme"), "en": ("Tourism", "tourism")}),
    ],
}

# Categories of the news items content.py already has.
NEWS_CATEGORIES = {
    "confluences": {
        "business-park": ["settlements", "property"],
        "one-stop-shop": ["settlements"],
        "health-meetings": ["innovation"],
    },
    "haut-vallon": {
        "incubator": ["settlements", "crafts"],
        "coworking": ["settlements"],
        "craft-grant": ["crafts"],
    },
}


def _news(key, picture, days_ago, categories, fr, en):
    return {
        "key": key,
        "picture": picture,
        "days_ago": days_ago,
        "categories": categories,
        "fr": {**fr, "body": [p(fr["body"])]},
        "en": {**en, "body": [p(en["body"])]},
    }


NEWS = {
    "confluences": [
        _news(
            "battery-plant",
            "factory",
            6,
            ["settlements", "jobs"],
            {
                "title": "Une usine de recyclage de batteries s'installe au port Édouard-Herriot",
                "slug": "usine-recyclage-batteries",
                "summary": "180 emplois d'ici 2028 sur une friche portuaire de 6 hectares.",
                "body": "<p>Le site, desservi par le fleuve et le rail, sera en service à la fin "
                "de l'année prochaine.</p>",
            },
            {
                "title": "A battery recycling plant comes to the Édouard-Herriot port",
                "slug": "battery-recycling-plant",
                "summary": "180 jobs by 2028 on a 6-hectare brownfield port site.",
                "body": "<p>Served by river and rail, the site will open at the end of next "
                "year.</p>",
            },
        ),
        _news(
            "biotech-fund",
            "lab",
            9,
            ["innovation"],
            {
                "title": "Un fonds d'amorçage de 40 M€ pour les biotechnologies",
                "slug": "fonds-amorcage-biotech",
                "summary": "Les start-up issues des laboratoires de la Métropole pourront lever "
                "jusqu'à 2 M€ dès leur création.",
                "body": "<p>Le fonds réunit la Métropole, la Région et trois investisseurs "
                "privés.</p>",
            },
            {
                "title": "A €40m seed fund for biotechnology",
                "slug": "biotech-seed-fund",
                "summary": "Start-ups spun out of the Metropolis's laboratories can raise up to "
                "€2m from day one.",
                "body": "<p>The fund brings together the Metropolis, the Region and three private "
                "investors.</p>",
            },
        ),
        _news(
            "apprentices",
            "factory",
            18,
            ["jobs"],
            {
                "title": "1 200 apprentis dans l'industrie à la rentrée",
                "slug": "apprentis-industrie",
                "summary": "Le campus des métiers double ses places en maintenance et en "
                "chaudronnerie.",
                "body": "<p>Les entreprises partenaires accueillent un apprenti sur trois dès "
                "la première année.</p>",
            },
            {
                "title": "1,200 industrial apprentices this autumn",
                "slug": "industrial-apprentices",
                "summary": "The trades campus doubles its places in maintenance and boilermaking.",
                "body": "<p>Partner companies take on one apprentice in three from the first "
                "year.</p>",
            },
        ),
        _news(
            "brownfield",
            "land",
            35,
            ["property"],
            {
                "title": "Friches industrielles : 25 hectares remis sur le marché",
                "slug": "friches-25-hectares",
                "summary": "Dépollués et viabilisés, cinq sites accueilleront des activités "
                "productives.",
                "body": "<p>Les premiers lots sont proposés à la vente dès ce trimestre.</p>",
            },
            {
                "title": "Brownfields: 25 hectares back on the market",
                "slug": "brownfields-25-hectares",
                "summary": "Cleaned up and serviced, five sites will host productive businesses.",
                "body": "<p>The first plots are for sale this quarter.</p>",
            },
        ),
        _news(
            "chemistry-chair",
            "lab",
            47,
            ["innovation", "jobs"],
            {
                "title": "Une chaire industrielle pour la chimie sans solvant",
                "slug": "chaire-chimie-sans-solvant",
                "summary": "Quatre industriels financent cinq ans de recherche avec l'université.",
                "body": "<p>Douze doctorants seront recrutés, dont la moitié en entreprise.</p>",
            },
            {
                "title": "An industrial chair for solvent-free chemistry",
                "slug": "solvent-free-chemistry-chair",
                "summary": "Four manufacturers fund five years of research with the university.",
                "body": "<p>Twelve PhD students will be recruited, half of them in companies.</p>",
            },
        ),
        _news(
            "data-centre",
            "digital",
            63,
            ["settlements", "property"],
            {
                "title": "Un centre de données chauffera 2 000 logements",
                "slug": "centre-donnees-chaleur",
                "summary": "La chaleur des serveurs alimentera le réseau urbain de Vénissieux.",
                "body": "<p>L'investissement atteint 120 M€ ; la mise en service est prévue en "
                "2027.</p>",
            },
            {
                "title": "A data centre will heat 2,000 homes",
                "slug": "data-centre-heat",
                "summary": "Heat from the servers will feed the Vénissieux district heating "
                "network.",
                "body": "<p>The investment reaches €120m; it is due to start in 2027.</p>",
            },
        ),
        _news(
            "export-club",
            "logistics",
            81,
            ["jobs"],
            {
                "title": "Le club export accompagne 60 PME vers l'international",
                "slug": "club-export-60-pme",
                "summary": "Missions collectives, conseil douanier et volontaires "
                "internationaux en entreprise.",
                "body": "<p>Prochaine mission : le salon de l'industrie de Hanovre.</p>",
            },
            {
                "title": "The export club takes 60 SMEs abroad",
                "slug": "export-club-60-smes",
                "summary": "Group trade missions, customs advice and international "
                "volunteers in companies.",
                "body": "<p>Next mission: the Hannover industry fair.</p>",
            },
        ),
    ],
    "haut-vallon": [
        _news(
            "sawmill",
            "forest",
            7,
            ["crafts", "settlements"],
            {
                "title": "La scierie Morel investit 4 M€ dans une ligne de bois lamellé",
                "slug": "scierie-morel-lamelle",
                "summary": "Quinze emplois créés et du bois local pour les charpentes de la "
                "région.",
                "body": "<p>La nouvelle ligne sera en service au printemps.</p>",
            },
            {
                "title": "Morel sawmill invests €4m in a glued-laminated timber line",
                "slug": "morel-sawmill-glulam",
                "summary": "Fifteen jobs created and local timber for the region's roof frames.",
                "body": "<p>The new line will run from the spring.</p>",
            },
        ),
        _news(
            "greenway",
            "outdoor",
            11,
            ["tourism"],
            {
                "title": "La voie verte du Vallon prolongée de 18 km",
                "slug": "voie-verte-18-km",
                "summary": "Elle relie désormais les trois bourgs et la gare de Saint-Aubin.",
                "body": "<p>Loueurs de vélos et hébergeurs s'installent le long du tracé.</p>",
            },
            {
                "title": "The Vallon greenway extended by 18 km",
                "slug": "greenway-18-km",
                "summary": "It now links the three market towns and Saint-Aubin station.",
                "body": "<p>Bike hire and accommodation businesses are setting up along the "
                "route.</p>",
            },
        ),
        _news(
            "fibre-complete",
            "digital",
            20,
            ["settlements"],
            {
                "title": "La fibre optique dans 100 % des communes",
                "slug": "fibre-toutes-communes",
                "summary": "Les zones d'activités disposent d'offres professionnelles garanties.",
                "body": "<p>Le raccordement d'une entreprise se fait en moins de trois "
                "semaines.</p>",
            },
            {
                "title": "Fibre broadband in every municipality",
                "slug": "fibre-every-municipality",
                "summary": "Business parks have guaranteed professional offers.",
                "body": "<p>A company is connected in less than three weeks.</p>",
            },
        ),
        _news(
            "cheese-dairy",
            "farm",
            34,
            ["settlements"],
            {
                "title": "Une fromagerie coopérative reprend l'ancienne laiterie",
                "slug": "fromagerie-cooperative",
                "summary": "Vingt-deux éleveurs s'associent pour transformer leur lait sur place.",
                "body": "<p>Un magasin de producteurs ouvrira dans le même bâtiment.</p>",
            },
            {
                "title": "A cooperative cheese dairy takes over the old creamery",
                "slug": "cooperative-cheese-dairy",
                "summary": "Twenty-two farmers join forces to process their milk on site.",
                "body": "<p>A farmers' shop will open in the same building.</p>",
            },
        ),
        _news(
            "gites",
            "outdoor",
            52,
            ["tourism"],
            {
                "title": "Hébergement touristique : une aide pour 30 gîtes de qualité",
                "slug": "aide-gites",
                "summary": "Jusqu'à 15 000 € par projet pour rénover ou créer un gîte labellisé.",
                "body": "<p>L'office de tourisme accompagne les porteurs de projet.</p>",
            },
            {
                "title": "Tourist accommodation: support for 30 quality gîtes",
                "slug": "gites-support",
                "summary": "Up to €15,000 per project to renovate or create a certified "
                "holiday home.",
                "body": "<p>The tourist office supports project leaders.</p>",
            },
        ),
        _news(
            "carpenters",
            "workshop",
            70,
            ["crafts"],
            {
                "title": "Les charpentiers du Vallon forment leurs successeurs",
                "slug": "charpentiers-successeurs",
                "summary": "Une formation en alternance ouvre au lycée professionnel de "
                "Saint-Aubin.",
                "body": "<p>Douze places, et une embauche promise à chaque diplômé.</p>",
            },
            {
                "title": "The Vallon's carpenters train their successors",
                "slug": "carpenters-successors",
                "summary": "A work-study course opens at the Saint-Aubin vocational school.",
                "body": "<p>Twelve places, and a job promised to every graduate.</p>",
            },
        ),
        _news(
            "mountain-bike",
            "outdoor",
            95,
            ["tourism", "settlements"],
            {
                "title": "Un fabricant de vélos tout-terrain s'installe à Val-d'Aubin",
                "slug": "fabricant-vtt",
                "summary": "Atelier d'assemblage, essais sur les sentiers du massif et "
                "vingt emplois.",
                "body": "<p>L'entreprise a choisi le territoire pour ses parcours et sa fibre.</p>",
            },
            {
                "title": "A mountain-bike maker settles in Val-d'Aubin",
                "slug": "mountain-bike-maker",
                "summary": "An assembly workshop, tests on the massif's trails and twenty jobs.",
                "body": "<p>The company chose the territory for its trails and its fibre "
                "broadband.</p>",
            },
        ),
    ],
}

# Fields content.py's events do not have yet (filled while empty).
EVENT_LINKS = {
    "confluences": {
        "property-forum": {
            "registration_url": "https://inscriptions.confluences.example/forum-immobilier"
        },
        "investor-breakfast": {
            "registration_url": "https://inscriptions.confluences.example/matinale"
        },
    },
    "haut-vallon": {
        "entrepreneurs-breakfast": {
            "registration_url": "https://www.haut-vallon.example/inscription/petit-dejeuner"
        },
    },
}
EVENT_PICTURES = {
    "property-forum": "event",
    "investor-breakfast": "event",
    "wood-fair": "market",
    "entrepreneurs-breakfast": "event",
}


def _event(key, picture, days_ahead, hours, venue, fr, en, **links):
    return {
        "key": key,
        "picture": picture,
        "days_ahead": days_ahead,
        "hours": hours,
        "venue": venue,
        "links": links,
        "fr": {**fr, "body": [p(fr["body"])]},
        "en": {**en, "body": [p(en["body"])]},
    }


NO_VENUE = {"fr": "", "en": ""}

EVENTS = {
    "confluences": [
        _event(
            "export-webinar",
            "digital",
            9,
            1,
            NO_VENUE,
            {
                "title": "Webinaire : exporter en Allemagne",
                "slug": "webinaire-export-allemagne",
                "summary": "Une heure avec le club export et la chambre franco-allemande.",
                "body": "<p>En ligne, questions-réponses en fin de séance.</p>",
            },
            {
                "title": "Webinar: exporting to Germany",
                "slug": "webinar-exporting-germany",
                "summary": "One hour with the export club and the Franco-German chamber.",
                "body": "<p>Online, with questions and answers at the end.</p>",
            },
            online_url="https://visio.confluences.example/export-allemagne",
            registration_url="https://inscriptions.confluences.example/webinaire-export",
        ),
        _event(
            "health-meetings-2026",
            "event",
            -26,
            16,
            {
                "fr": "Centre de congrès, Cité internationale",
                "en": "Convention centre, Cité internationale",
            },
            {
                "title": "Rencontres de l'innovation en santé",
                "slug": "rencontres-sante-2026",
                "summary": "Deux jours de rendez-vous d'affaires entre start-up et industriels.",
                "body": "<p>84 rendez-vous d'affaires et 600 participants.</p>",
            },
            {
                "title": "Health Innovation Meetings",
                "slug": "health-meetings-2026",
                "summary": "Two days of business meetings between start-ups and manufacturers.",
                "body": "<p>84 business meetings and 600 participants.</p>",
            },
        ),
        _event(
            "port-visit",
            "logistics",
            -54,
            3,
            {
                "fr": "Port Édouard-Herriot, capitainerie",
                "en": "Édouard-Herriot port, harbour office",
            },
            {
                "title": "Visite du port et de ses terrains disponibles",
                "slug": "visite-port",
                "summary": "Trois heures sur les quais, avec les équipes du port.",
                "body": "<p>Visite réservée aux porteurs de projet.</p>",
            },
            {
                "title": "Tour of the port and its available land",
                "slug": "port-tour",
                "summary": "Three hours on the quays with the port's teams.",
                "body": "<p>Tour reserved for project leaders.</p>",
            },
        ),
        _event(
            "jobs-forum",
            "event",
            -88,
            7,
            {
                "fr": "Halle Tony-Garnier, Lyon-Confluences",
                "en": "Halle Tony-Garnier, Lyon-Confluences",
            },
            {
                "title": "Forum de l'emploi industriel",
                "slug": "forum-emploi-industriel",
                "summary": "Soixante entreprises recrutaient techniciens et ingénieurs.",
                "body": "<p>1 900 visiteurs et 400 entretiens.</p>",
            },
            {
                "title": "Industrial jobs fair",
                "slug": "industrial-jobs-fair",
                "summary": "Sixty companies were hiring technicians and engineers.",
                "body": "<p>1,900 visitors and 400 interviews.</p>",
            },
        ),
    ],
    "haut-vallon": [
        _event(
            "fibre-webinar",
            "digital",
            12,
            1,
            NO_VENUE,
            {
                "title": "Webinaire : travailler à distance depuis le Vallon",
                "slug": "webinaire-travail-distance",
                "summary": "Fibre, tiers-lieux, aides : ce qu'il faut savoir pour s'installer.",
                "body": "<p>En ligne, ouvert à tous.</p>",
            },
            {
                "title": "Webinar: working remotely from the Vallon",
                "slug": "webinar-remote-work",
                "summary": "Fibre, shared workspaces, grants: what to know before moving.",
                "body": "<p>Online, open to all.</p>",
            },
            online_url="https://visio.haut-vallon.example/travail-distance",
        ),
        _event(
            "greenway-opening",
            "outdoor",
            -9,
            4,
            {"fr": "Gare de Saint-Aubin-du-Vallon", "en": "Saint-Aubin-du-Vallon station"},
            {
                "title": "Inauguration de la voie verte",
                "slug": "inauguration-voie-verte",
                "summary": "Balade à vélo et rencontre avec les loueurs et hébergeurs.",
                "body": "<p>Trois cents cyclistes ont parcouru le nouveau tronçon.</p>",
            },
            {
                "title": "Greenway opening",
                "slug": "greenway-opening",
                "summary": "A bike ride and a meeting with bike hire and accommodation businesses.",
                "body": "<p>Three hundred cyclists rode the new section.</p>",
            },
        ),
        _event(
            "sawmill-visit",
            "forest",
            -40,
            2,
            {"fr": "Scierie Morel, Val-d'Aubin", "en": "Morel sawmill, Val-d'Aubin"},
            {
                "title": "Visite de la scierie Morel",
                "slug": "visite-scierie",
                "summary": "Du grume à la poutre : la filière bois en deux heures.",
                "body": "<p>Visite suivie d'un échange avec les artisans charpentiers.</p>",
            },
            {
                "title": "Visit to Morel sawmill",
                "slug": "sawmill-visit",
                "summary": "From log to beam: the timber industry in two hours.",
                "body": "<p>The visit was followed by a talk with carpenters.</p>",
            },
        ),
        _event(
            "farm-market",
            "market",
            -75,
            5,
            {
                "fr": "Place du marché, Saint-Aubin-du-Vallon",
                "en": "Market square, Saint-Aubin-du-Vallon",
            },
            {
                "title": "Marché des producteurs et des créateurs",
                "slug": "marche-producteurs",
                "summary": "Quarante exposants du territoire, fromages, bois tourné, cuir.",
                "body": "<p>Prochaine édition au printemps.</p>",
            },
            {
                "title": "Farmers' and makers' market",
                "slug": "farmers-makers-market",
                "summary": "Forty local exhibitors: cheese, turned wood, leather.",
                "body": "<p>Next edition in the spring.</p>",
            },
        ),
    ],
}
