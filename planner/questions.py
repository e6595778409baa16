"""The self-assessment's questions, in eight themes, in French and English.

Written in the project's own words after the themes of the article « Partir ou rester sur
les réseaux sociaux ? » (Un grain de sel, March 2025): the association's values; how well
the network reaches its audiences and brings concrete results; reliability and the
safety of data; the time and people it takes; the alternatives; how the association is
perceived for being there; how it would leave; how it evaluates its results.

Each question says which way a "yes" points: ``stay`` (a yes is a reason to stay),
``leave`` (a yes is a reason to leave), ``ready`` (a yes means the association is ready to
leave well; a no is something to prepare), or ``figure`` (a number). ``find_out`` says
how to answer a "don't know".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the assessment."""

    id: str  # "<theme>.<name>"
    lean: str  # stay | leave | ready | figure
    text: dict[str, str]
    find_out: dict[str, str]
    unit: dict[str, str] | None = None  # for figures


@dataclass(frozen=True, slots=True)
class Theme:
    """One of the eight themes, with its questions."""

    key: str
    title: dict[str, str]
    questions: tuple[Question, ...]


def q(
    theme: str,
    name: str,
    lean: str,
    en: str,
    fr: str,
    find_en: str,
    find_fr: str,
    unit: tuple[str, str] | None = None,
) -> Question:
    """A question, written compactly."""
    return Question(
        id=f"{theme}.{name}",
        lean=lean,
        text={"en": en, "fr": fr},
        find_out={"en": find_en, "fr": find_fr},
        unit={"en": unit[0], "fr": unit[1]} if unit else None,
    )


THEMES: tuple[Theme, ...] = (
    Theme(
        "values",
        {"en": "Our values", "fr": "Nos valeurs"},
        (
            q(
                "values",
                "aligned",
                "stay",
                "Does the way this network works match the values of our association's project "
                "(not each member's personal view)?",
                "Le fonctionnement de ce réseau correspond-il aux valeurs du projet associatif "
                "(et pas seulement à l’avis de chacun) ?",
                "Reread the association's charter or project with the board and compare.",
                "Relire la charte ou le projet associatif en bureau et comparer.",
            ),
            q(
                "values",
                "ethics",
                "stay",
                "Does the platform respect our principles of ethics and social responsibility?",
                "La plateforme respecte-t-elle nos principes d’éthique et de responsabilité "
                "sociale ?",
                "Read what the platform's moderation and data policies have become.",
                "Lire ce que sont devenues les règles de modération et d’usage des données.",
            ),
        ),
    ),
    Theme(
        "effectiveness",
        {"en": "Does it work for us?", "fr": "Est-ce efficace pour nous ?"},
        (
            q(
                "effectiveness",
                "reach",
                "stay",
                "Does this network really reach the audiences we communicate with?",
                "Ce réseau touche-t-il vraiment les publics auxquels nous nous adressons ?",
                "Look at the platform's statistics for the last three months: who interacts.",
                "Regarder les statistiques des trois derniers mois : qui interagit.",
            ),
            q(
                "effectiveness",
                "engaged",
                "figure",
                "What share of our audience there interacts with our posts?",
                "Quelle part de notre audience y interagit avec nos publications ?",
                "Divide the interactions of a typical month by the number of followers.",
                "Diviser les interactions d’un mois ordinaire par le nombre d’abonnés.",
                unit=("%", "%"),
            ),
            q(
                "effectiveness",
                "results",
                "stay",
                "Does it bring concrete results: donations, memberships, people at our events?",
                "Apporte-t-il des résultats concrets : dons, adhésions, participation à nos "
                "événements ?",
                "Ask new members and donors how they heard of us, for a month or two.",
                "Demander aux nouveaux adhérents et donateurs comment ils nous ont connus, pendant "
                "un ou deux mois.",
            ),
            q(
                "effectiveness",
                "impact",
                "stay",
                "Given its real place among our ways of communicating, would leaving change much?",
                "Vu sa place réelle parmi nos moyens de communiquer, partir changerait-il beaucoup "
                "de choses ?",
                "List where our audiences come from: website, newsletter, events, press, networks.",
                "Lister d’où viennent nos publics : site, lettre, événements, presse, réseaux.",
            ),
        ),
    ),
    Theme(
        "reliability",
        {"en": "Reliability and safety", "fr": "Fiabilité et sécurité"},
        (
            q(
                "reliability",
                "steady",
                "stay",
                "Can we count on it to carry our messages without interruptions or sudden "
                "controversies?",
                "Peut-on compter sur lui pour diffuser nos messages sans interruption ni polémique "
                "soudaine ?",
                "Note the incidents of the past year: outages, reach drops, rule changes.",
                "Noter les incidents de l’année : pannes, chutes de visibilité, changements "
                "de règles.",
            ),
            q(
                "reliability",
                "data",
                "stay",
                "Are the data of our association and of our members safe there?",
                "Les données de l’association et de nos membres y sont-elles en sécurité ?",
                "Check who holds the access, and read the platform's recent data incidents.",
                "Vérifier qui détient les accès, et s’informer des incidents récents de la "
                "plateforme.",
            ),
        ),
    ),
    Theme(
        "resources",
        {"en": "Time and people", "fr": "Temps et personnes"},
        (
            q(
                "resources",
                "capacity",
                "stay",
                "Do we have enough time and people to keep an active account there?",
                "Avons-nous assez de temps et de personnes pour y animer un compte actif ?",
                "Ask each person who posts how much time they give it.",
                "Demander à chaque personne qui publie combien de temps elle y consacre.",
            ),
            q(
                "resources",
                "hours",
                "figure",
                "How many hours a week does this account take, all people together?",
                "Combien d’heures par semaine ce compte demande-t-il, toutes personnes "
                "confondues ?",
                "Keep a simple log for two weeks.",
                "Tenir un relevé simple pendant deux semaines.",
                unit=("hours a week", "heures par semaine"),
            ),
            q(
                "resources",
                "worth",
                "stay",
                "Is that effort in proportion to what it brings?",
                "Cet effort est-il proportionné à ce qu’il rapporte ?",
                "Put the hours next to the results noted above.",
                "Mettre les heures en regard des résultats relevés plus haut.",
            ),
        ),
    ),
    Theme(
        "alternatives",
        {"en": "Alternatives", "fr": "Alternatives"},
        (
            q(
                "alternatives",
                "better",
                "leave",
                "Would other platforms or tools meet our needs better?",
                "D’autres plateformes ou outils répondraient-ils mieux à nos besoins ?",
                "Try Mastodon or Bluesky for a month, or look at what similar associations use.",
                "Essayer Mastodon ou Bluesky pendant un mois, ou regarder ce qu’utilisent des "
                "associations proches.",
            ),
            q(
                "alternatives",
                "offline",
                "leave",
                "Can we reach our audiences through other means: posters, events, website, press?",
                "Pouvons-nous toucher nos publics autrement : affichage, événements, site, "
                "presse ?",
                "Ask a few members how they prefer to hear from us.",
                "Demander à quelques membres comment ils préfèrent avoir de nos nouvelles.",
            ),
            q(
                "alternatives",
                "open_networks",
                "leave",
                "Do the open, decentralised networks (Mastodon, Bluesky…) matter for the people we "
                "want to reach?",
                "Les réseaux ouverts et décentralisés (Mastodon, Bluesky…) comptent-ils pour les "
                "personnes que nous voulons toucher ?",
                "Look for our partners and our audiences there.",
                "Y chercher nos partenaires et nos publics.",
            ),
        ),
    ),
    Theme(
        "image",
        {"en": "How we are seen", "fr": "Notre image"},
        (
            q(
                "image",
                "perceived",
                "stay",
                "Do our partners, funders and community see our presence there positively?",
                "Nos partenaires, financeurs et notre communauté voient-ils notre présence "
                "d’un bon œil ?",
                "Ask them: a short question in the newsletter or at the next meeting.",
                "Leur poser la question : dans la lettre ou à la prochaine réunion.",
            ),
            q(
                "image",
                "controversy",
                "leave",
                "Is there a risk that our presence gets tied to the platform's controversies?",
                "Notre présence risque-t-elle d’être associée aux polémiques propres à la "
                "plateforme ?",
                "Look at how the press and our partners talk about the platform.",
                "Regarder comment la presse et nos partenaires parlent de la plateforme.",
            ),
        ),
    ),
    Theme(
        "leaving",
        {"en": "If we leave", "fr": "Si nous partons"},
        (
            q(
                "leaving",
                "tell",
                "ready",
                "Do we know how we would tell our community, at least three weeks ahead?",
                "Savons-nous comment prévenir notre communauté, au moins trois semaines avant ?",
                "`planner plan` drafts the timeline; read it together.",
                "`planner plan` propose un calendrier : le lire ensemble.",
            ),
            q(
                "leaving",
                "elsewhere",
                "ready",
                "Do we have another place to keep the conversation going (website, newsletter, "
                "another network)?",
                "Avons-nous un autre espace pour poursuivre les échanges (site, lettre, autre "
                "réseau) ?",
                "List the places we already have and who looks after each.",
                "Lister les espaces existants et qui s’occupe de chacun.",
            ),
        ),
    ),
    Theme(
        "evaluation",
        {"en": "How we evaluate", "fr": "Notre évaluation"},
        (
            q(
                "evaluation",
                "recent",
                "ready",
                "Have we evaluated our impact on this platform in the past year?",
                "Avons-nous évalué notre impact sur cette plateforme au cours de l’année ?",
                "Choose one to three indicators below and note them every month.",
                "Choisir ci-dessous un à trois indicateurs et les relever chaque mois.",
            ),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {x.id: x for t in THEMES for x in t.questions}

# The answers a person can give, from most "yes" to "don't know".
CHOICES = ("yes", "rather-yes", "rather-no", "no", "unknown")
CHOICE_WORDS = {
    "en": {
        "yes": "yes",
        "rather-yes": "rather yes",
        "rather-no": "rather no",
        "no": "no",
        "unknown": "don't know",
    },
    "fr": {
        "yes": "oui",
        "rather-yes": "plutôt oui",
        "rather-no": "plutôt non",
        "no": "non",
        "unknown": "je ne sais pas",
    },
}

SUGGESTED_INDICATORS = {
    "fr": (
        "inscriptions à la lettre d’information",
        "abonnés sur le nouveau réseau",
        "participation aux événements",
        "visites du site",
        "dons",
    ),
    "en": (
        "newsletter sign-ups",
        "followers on the new network",
        "event attendance",
        "website visits",
        "donations",
    ),
}
