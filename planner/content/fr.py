"""French: the words planner writes in plans, calendars, reminders and the assessment.

Every language module has the same names and keys, with the same {placeholders}
(tests/test_content.py checks it). The posts themselves are Jinja templates under
templates/fr/; interface messages go through gettext (planner/locale/).

French typography: a non-breaking space (U+00A0, written \xa0) before : ; ! ? and inside
« guillemets »; the apostrophe is ’.
"""

# The steps of a plan: titles and checklist items (planner.timeline).
PLAN = {
    "prepare.title": "Préparer le départ {de_platform}",
    "prepare.decision": (
        "Consigner la décision collective (compte rendu du bureau, du conseil d’administration ou "
        "de l’assemblée générale), avec la date de départ\xa0: {date}."
    ),
    "prepare.accounts": (
        "Créer ou vérifier les comptes où la communauté vous retrouvera, avant de les "
        "annoncer\xa0: {destinations}."
    ),
    "prepare.archive": (
        "Demander dès maintenant l’archive des données {de_account} sur {platform}\xa0: elle "
        "{lead}."
    ),
    "prepare.inventory": (
        "Recenser tous les endroits qui renvoient vers {platform}\xa0: pied de page du site, "
        "modèle de la lettre d’information, signatures de courriel, annuaires, documents imprimés, "
        "pages des partenaires."
    ),
    "prepare.access": (
        "Vérifier que deux personnes détiennent les accès {a_account} (mot de passe et codes de "
        "double authentification)."
    ),
    "prepare.access.page": (
        "Vérifier que deux personnes ont un rôle d’administrateur sur la Page {account}, chacune "
        "depuis son propre compte, avec la double authentification activée."
    ),
    "announce.title": "Annoncer le départ {de_platform} (J-{days})",
    "announce.pin": "Publier l’annonce sur {platform} et l’épingler en haut du profil.",
    "announce.publish": "Publier l’annonce sur {platform}.",
    "announce.relay": "Relayer la nouvelle sur {channels}.",
    "announce.site": (
        "Mettre l’article en ligne sur le site et l’annonce dans la prochaine lettre d’information."
    ),
    "announce.partners": (
        "Prévenir directement les partenaires, les financeurs et les adhérents, par courriel."
    ),
    "announce.bio": "Ajouter les nouvelles adresses dans le profil {de_account}.",
    "announce.image": (
        "Si vous ajoutez une image, la décrire dans son texte alternatif, et garder tout "
        "l’essentiel dans le texte de la publication."
    ),
    "announce.image.card": (
        "Si vous ajoutez une image (planner cards dessine une carte illustrée pour cette "
        "publication, avec son texte alternatif), la décrire dans son texte alternatif, et "
        "garder tout l’essentiel dans le texte de la publication."
    ),
    "post.image": (
        "Une publication sur {platform} doit comporter une image ou une vidéo\xa0: publier le "
        "texte en légende, y garder tout l’essentiel, et décrire l’image dans son texte "
        "alternatif."
    ),
    "post.image.card": (
        "Une publication sur {platform} doit comporter une image ou une vidéo (planner cards "
        "dessine une carte illustrée pour cette publication, avec son texte alternatif)\xa0: "
        "publier le texte en légende, y garder tout l’essentiel, et décrire l’image dans son "
        "texte alternatif."
    ),
    "remind.title": "Rappel\xa0: départ {de_platform} dans {days} jours (J-{days})",
    "remind.publish": (
        "Publier le rappel {index} sur {count} sur {platform}, formulé autrement que les "
        "précédents."
    ),
    "remind.relay": "Le relayer sur {channels}.",
    "remind.answer": "Répondre aux questions reçues depuis l’annonce.",
    "final.title": "Quitter {platform} aujourd’hui\xa0: le message d’au revoir (jour J)",
    "final.title.early": (
        "Message d’au revoir sur {platform}, le dernier jour ouvré avant le départ (J-{days})"
    ),
    "final.pin": "Publier le message d’au revoir sur {platform} et l’épingler.",
    "final.publish": "Publier le message d’au revoir sur {platform}.",
    "final.bio": "Modifier le profil {de_account} pour qu’il renvoie vers les nouveaux espaces.",
    "final.relay": "Accueillir les nouveaux venus sur {channels}.",
    "final.dormant": (
        "Ne plus publier sur {platform}\xa0: le compte reste, avec son message de redirection."
    ),
    "final.closing": "Garder le compte ouvert une semaine de plus pour répondre aux messages.",
    "lastcheck.title": "Dernière lecture des messages et mentions sur {platform}",
    "lastcheck.read": (
        "Lire les messages et mentions reçus depuis le départ, et y répondre en donnant les "
        "nouvelles adresses."
    ),
    "lastcheck.pinned": (
        "Vérifier que le message épinglé et le profil renvoient toujours vers les nouveaux espaces."
    ),
    "close.title.deactivate": "Désactiver le compte {account} sur {platform}",
    "close.title.deactivate.page": "Désactiver la Page {account} sur {platform}",
    "close.title.delete": "Supprimer le compte {account} sur {platform}",
    "close.title.delete.page": "Supprimer la Page {account} sur {platform}",
    "close.title.unpublish.page": "Mettre hors ligne la Page {account} sur {platform}",
    "close.archive": (
        "Vérifier que l’archive des données a bien été téléchargée et rangée dans votre dossier "
        "partagé."
    ),
    "close.subscriptions": (
        "Résilier tout abonnement payant ou toute publicité liée au compte\xa0: la fermeture ne "
        "les annule pas toujours."
    ),
    "close.do.deactivate": "Désactiver {account} depuis les paramètres du compte {platform}.",
    "close.do.delete": "Supprimer {account} depuis les paramètres du compte {platform}.",
    "close.do.delete.page": "Supprimer la Page {account} depuis ses paramètres.",
    "close.do.through-deactivation": (
        "Désactiver {account} depuis les paramètres du compte {platform}\xa0: c’est ainsi que "
        "{platform} supprime un compte."
    ),
    "close.do.unpublish": (
        "Dépublier la Page {account} depuis ses paramètres ({platform} peut parler de désactiver "
        "la Page)\xa0: le public ne la voit plus."
    ),
    "close.temporary": (
        "Sur {platform}, la désactivation est temporaire\xa0: rien n’est supprimé, et le compte "
        "réapparaît dès que quelqu’un s’y connecte."
    ),
    "close.unpublished": (
        "Rien n’est supprimé\xa0: un administrateur peut remettre la Page en ligne à tout moment."
    ),
    "close.forgood": (
        "Si vous voulez que {account} disparaisse pour de bon, choisir plutôt la "
        'suppression (after = "delete" dans le fichier de décision).'
    ),
    "close.grace": (
        "Pendant {days} jours, la suppression peut encore être annulée\xa0: ne plus se connecter "
        "{a_account} d’ici là, car une connexion peut l’annuler."
    ),
    "close.grace.page": (
        "Pendant {days} jours, un administrateur peut encore annuler la suppression de la "
        "Page\xa0; ensuite, {platform} la supprime."
    ),
    "close.name.free": "Ensuite, le nom {account} est libéré et n’importe qui peut le reprendre.",
    "close.name.may": "Le nom {account} pourra ensuite être libéré et repris par n’importe qui.",
    "close.check.deactivate": (
        "Aucune source ne confirme ce que fait la désactivation sur {platform}\xa0: vérifier dans "
        "l’aide de la plateforme si elle est temporaire ou mène à la suppression, puis désactiver "
        "{account} depuis ses paramètres si c’est bien ce que vous souhaitez."
    ),
    "close.check.delete": (
        "Aucune source ne confirme ce que {platform} conserve après une suppression, ni combien "
        "de temps elle peut être annulée\xa0: vérifier dans l’aide de la plateforme, puis "
        "supprimer {account} depuis ses paramètres."
    ),
    "grace.title": "Fin du délai de grâce {de_account} sur {platform}",
    "grace.gone": "Vérifier que {account} n’apparaît plus sur {platform}.",
    "grace.watch": (
        "Le nom {account} peut désormais être repris par quelqu’un d’autre\xa0: surveiller "
        "l’apparition d’un compte usurpateur et le signaler à {platform}."
    ),
    "grace.watch.may": (
        "Si le nom {account} est libéré, quelqu’un d’autre pourrait le prendre\xa0: surveiller "
        "l’apparition d’un compte usurpateur et le signaler à {platform}."
    ),
    "upkeep.title": "Entretien du compte en sommeil sur {platform} ({index}/{count})",
    "upkeep.login": (
        "Se connecter {a_account}\xa0: {platform} peut considérer comme inactif un compte auquel "
        "personne ne se connecte."
    ),
    "upkeep.security": (
        "Vérifier que la double authentification est active et que deux personnes détiennent "
        "toujours les accès."
    ),
    "upkeep.page": (
        "Vérifier que deux personnes ont toujours un rôle d’administrateur sur la Page {account}, "
        "avec la double authentification active sur leur propre compte."
    ),
    "upkeep.pinned": (
        "Vérifier que le message épinglé et le profil renvoient toujours vers les nouveaux espaces."
    ),
    "upkeep.three": (
        "Le message d’au revoir est épinglé depuis trois mois\xa0: le garder, ou le remplacer par "
        "une redirection plus courte."
    ),
    "stay.title": "Dire à la communauté que nous restons sur {platform}, et pourquoi",
    "stay.publish": "Publier le message sur {platform} et l’épingler quelques semaines.",
    "stay.partners": (
        "Donner la même nouvelle dans la lettre d’information et aux partenaires et financeurs."
    ),
    "stay.indicators": "Dire ce que vous suivrez chaque mois\xa0: {indicators}.",
    "reassess.title": (
        "Après les bilans mensuels\xa0: rester sur {platform}\xa0? Refaire l’autodiagnostic"
    ),
    "reassess.run": (
        "Reprendre `planner assess` avec le collectif, avec les chiffres des bilans mensuels pour "
        "chaque indicateur."
    ),
    "review.title": "Bilan mensuel des indicateurs ({index}/{count})",
    "review.measure": "Relever le chiffre du mois\xa0: {indicator}.",
    "review.share": (
        "Partager les chiffres avec l’équipe et décider ensemble s’il faut changer quelque chose."
    ),
}

# The plan shown as text or Markdown (planner.views).
VIEW = {
    "heading": "Plan de départ\xa0: {name}",
    "leaves": "Nous quittons {platform} ({account}) le {date}.",
    "stays": "Nous restons sur {platform} ({account})\xa0; nous expliquons pourquoi le {date}.",
    "heading_stay": "Plan\xa0: {name}",
    "zone": "Heures du fuseau {zone}.",
    "allday": "toute la journée",
    "post_on": "Publier sur\xa0:",
    "colon": "\xa0: ",
    "date": "Date",
    "time": "Heure",
    "step": "Étape",
}

# One step as plain text, in the calendar and the reminders (planner.views).
STEP = {
    "todo": "À faire\xa0:",
    "posts": "Textes à publier (copiez chaque texte tel quel)\xa0:",
    "compose": "Ouvrir la fenêtre de publication avec ce texte\xa0:",
    "links": "Où la communauté peut nous suivre\xa0:",
}

# The calendar's name and its alarms (planner.ics).
CALENDAR = {
    "calendar": "Départ de {platforms}\xa0: {name}",
    "alarm": "Rappel\xa0: {title}",
}

# Why we leave, by theme: a short form (X), a long one (planner.posts), and the long one for
# a post that speaks of several platforms ("ces réseaux").
REASONS = {
    "values": (
        "Ce réseau ne correspond plus à nos valeurs.",
        "le fonctionnement de ce réseau ne correspond plus à nos valeurs",
        "le fonctionnement de ces réseaux ne correspond plus à nos valeurs",
    ),
    "effectiveness": (
        "Nos messages n’y touchent plus notre public.",
        "nos messages y touchent de moins en moins les personnes avec qui nous agissons",
        "nos messages y touchent de moins en moins les personnes avec qui nous agissons",
    ),
    "reliability": (
        "Nous ne pouvons plus compter sur cette plateforme.",
        (
            "nous ne pouvons plus compter sur sa stabilité, ni sur la sécurité des données de nos "
            "membres"
        ),
        (
            "nous ne pouvons plus compter sur leur stabilité, ni sur la sécurité des données "
            "de nos membres"
        ),
    ),
    "resources": (
        "Notre équipe veut consacrer son temps ailleurs.",
        (
            "notre petite équipe préfère consacrer son temps aux espaces où les échanges sont les "
            "plus utiles"
        ),
        (
            "notre petite équipe préfère consacrer son temps aux espaces où les échanges "
            "sont les plus utiles"
        ),
    ),
    "alternatives": (
        "D’autres espaces répondent mieux à nos besoins.",
        "d’autres espaces, plus ouverts, répondent désormais mieux à nos besoins",
        "d’autres espaces, plus ouverts, répondent désormais mieux à nos besoins",
    ),
    "image": (
        "Notre présence n’y reflète plus qui nous sommes.",
        "notre présence n’y reflète plus ce que nous sommes",
        "notre présence n’y reflète plus ce que nous sommes",
    ),
}

# Why we stay, by theme: the same three forms.
STAY_REASONS = {
    "values": (
        "Nous voulons porter nos valeurs là où le débat a lieu.",
        "nous voulons faire entendre nos valeurs là où le débat a lieu",
        "nous voulons faire entendre nos valeurs là où le débat a lieu",
    ),
    "effectiveness": (
        "C’est ici que beaucoup d’entre vous nous trouvent.",
        "c’est ici que beaucoup des personnes avec qui nous agissons nous trouvent",
        "c’est ici que beaucoup des personnes avec qui nous agissons nous trouvent",
    ),
    "reliability": (
        "Ce réseau touche encore bien notre communauté.",
        "ce réseau touche encore bien notre communauté",
        "ces réseaux touchent encore bien notre communauté",
    ),
    "resources": (
        "Il correspond au temps que notre équipe peut y consacrer.",
        "il correspond au temps que notre petite équipe peut y consacrer",
        "ils correspondent au temps que notre petite équipe peut y consacrer",
    ),
    "alternatives": (
        "Les alternatives ne vous touchent pas encore.",
        "les alternatives ne touchent pas encore les personnes avec qui nous agissons",
        "les alternatives ne touchent pas encore les personnes avec qui nous agissons",
    ),
    "image": (
        "Nos partenaires et notre communauté comptent nous trouver ici.",
        "nos partenaires et notre communauté comptent nous trouver ici",
        "nos partenaires et notre communauté comptent nous trouver ici",
    ),
}

# Les cartes illustrées (planner.cards) : leurs lignes, et les phrases de leur texte
# alternatif, qui dit tout ce que dit la carte. « Nous », comme les publications.
CARDS = {
    "announce": "Nous quittons {platform}",
    "announce.date": "le {date}",
    "announce.alt": "Nous quittons {platform} le {date}.",
    "remind": "Plus que {days} jours",
    "remind.date": "avant notre départ {de_platform}, le {date}",
    "remind.alt": "Plus que {days} jours avant notre départ {de_platform}, le {date}.",
    "remind.one": "Plus qu’un jour",
    "remind.one.alt": "Plus qu’un jour avant notre départ {de_platform}, le {date}.",
    "final": "Aujourd’hui, nous quittons {platform}",
    "final.date": "{date}",
    "final.alt": "Aujourd’hui, {date}, nous quittons {platform}.",
    "thanks": "Merci pour tous ces échanges\xa0!",
    "stay": "Nous restons sur {platform}",
    "stay.alt": "Nous restons sur {platform}.",
    "follow": "Où nous retrouver\xa0:",
    "separator": "\xa0; ",  # between two destinations in the alt text
    "follow.stay": "Retrouvez-nous aussi\xa0:",
    "qr.alt": "Un code QR qui ouvre {url}.",
    "heading": "Cartes illustrées",
    "post.image": "Carte illustrée (planner cards)\xa0: {file}",
    "post.alt": "Décrire l’image avec son texte alternatif\xa0: {alt}",
    "download": "Télécharger",
    "describe": "Description de l’image (texte alternatif)",
    "copy_alt": "Copier la description de l’image",
}


# Le kit de départ (planner.kit, templates/kit.html.j2) : ses titres, ses boutons, et comment
# importer le calendrier dans chaque agenda courant. « labelled » joint le mot d’un bouton et
# ce sur quoi il agit, pour les lecteurs d’écran.
KIT = {
    "title": "Kit de départ",
    "we_leave": "Nous quittons",
    "on": "le",
    "follow": "Où la communauté peut nous suivre",
    "timeline": "Le calendrier",
    "timeline_desc": (
        "Chaque point est une étape\xa0; tant que le plan est en cours, un trait vertical "
        "marque aujourd’hui."
    ),
    "today": "Aujourd’hui",
    "departure": "Départ",
    "after": "puis chaque mois",
    "steps": "Les étapes",
    "todo": "À faire",
    "posts": "Textes à publier",
    "copy_button": "Copier",
    "copied": "Texte copié",
    "copy_label": "Copier le texte pour {channel}",
    "compose": "Ouvrir la fenêtre de publication ({channel})",
    "chars": "caractères",
    "calendar": "Le calendrier à importer",
    "download": "Télécharger le fichier de calendrier",
    "print_button": "Imprimer la liste",
    "credit": "Préparé avec planner.",
    "follow.item": "{name}\xa0:",  # a destination, before its link
    "labelled": "{label}\xa0: {name}",
    "howto.google.name": "Google Agenda",
    "howto.google": (
        "Sur le web\xa0: Paramètres → Importer et exporter → Importer. Les alarmes du fichier ne "
        "sont pas reprises\xa0: activez les notifications de l’agenda."
    ),
    "howto.outlook.name": "Outlook",
    "howto.outlook": (
        "Agenda → Ajouter un calendrier → Charger à partir d’un fichier. Réimporter crée des "
        "doublons\xa0: supprimez d’abord l’ancien calendrier."
    ),
    "howto.apple.name": "Apple Calendrier",
    "howto.apple": (
        "Fichier → Importer, ou ouvrez le fichier depuis Mail ou Fichiers sur iPhone\xa0; "
        "choisissez un calendrier dédié."
    ),
    "howto.thunderbird.name": "Thunderbird",
    "howto.thunderbird": (
        "Fichier → Ouvrir → Fichier de calendrier, ou glissez le fichier sur un agenda."
    ),
    "howto.nextcloud.name": "Nextcloud, Framagenda",
    "howto.nextcloud": (
        "Agenda → Paramètres → Importer un calendrier. Réimporter crée des doublons\xa0: "
        "demandez à la personne qui gère planner de publier le calendrier directement."
    ),
}

# Destinations that are not social networks, as posts name them.
DESTINATION_NAMES = {
    "website": "Site",
    "newsletter": "Lettre d’information",
    "mailing_list": "Liste de diffusion",
    "other": "Aussi",
}

# Channels that are not social networks, as titles and headers name them.
CHANNEL_NAMES = {
    "website": "site internet",
    "newsletter": "lettre d’information",
    "mailing_list": "liste de diffusion",
    "partners": "partenaires et financeurs (courriel)",
    "other": "autre",
}

# What the posts say of several platforms at once (planner.posts): each date, count of days
# or farewell with the platforms it applies to, the groups in order, joined by "then".
# Reminders come at least two days before every departure, so "jours" is always plural.
POSTS = {
    "when": "{platform} le {date}",
    "countdown": "{platform} dans {days} jours",
    "farewell": "sur {platform} le {date}",
    "then": ", puis ",
}

# How long a platform's data archive can take to arrive (cautious where sources are unsure;
# the sources are in planner/platforms.py). Where no current source confirms a delay, no
# figure: the reader is sent to the platform's help.
_CHECK_HELP = "peut prendre du temps\xa0; vérifier le délai dans l’aide de la plateforme"
ARCHIVE_LEAD = {
    "x": "peut mettre jusqu’à 24 heures, parfois quelques jours",
    "facebook": "peut mettre de quelques minutes à quelques heures, davantage aux heures de pointe",
    "instagram": _CHECK_HELP,
    "linkedin": "peut mettre jusqu’à 24 heures",
    "tiktok": _CHECK_HELP,
    "threads": _CHECK_HELP,
    "youtube": _CHECK_HELP,
}

# The self-assessment's prompts (planner.prompts).
PROMPTS = {
    "note": "  Remarque (Entrée pour passer)",
    "number": "  Un nombre (Entrée si vous ne savez pas)",
    "decided": (
        "Le collectif a-t-il décidé\xa0? partir, rester, ou Entrée s’il n’a pas encore décidé"
    ),
    "answer": "  Votre réponse",
    "name": "Nom de l’association",
    "platform": "Plateforme en question",
    "suffix": "\xa0: ",  # what ends every prompt, after the question and its default
}

# What the collective decided, as the assessment's last question takes it.
DECISIONS = {
    "leave": "partir",
    "stay": "rester",
}

# The eight themes of the self-assessment (planner.questions).
THEMES = {
    "values": "Nos valeurs",
    "effectiveness": "Est-ce efficace pour nous\xa0?",
    "reliability": "Fiabilité et sécurité",
    "resources": "Temps et personnes",
    "alternatives": "Alternatives",
    "image": "Notre image",
    "leaving": "Si nous partons",
    "evaluation": "Notre évaluation",
}

# Each question of the self-assessment, and how to find the answer (planner.questions).
QUESTIONS = {
    "values.aligned": (
        (
            "Le fonctionnement de ce réseau correspond-il aux valeurs de notre projet (et pas "
            "seulement à l’avis de chacun)\xa0?"
        ),
        "Relire notre charte ou notre projet en bureau et comparer.",
    ),
    "values.ethics": (
        ("La plateforme respecte-t-elle nos principes d’éthique et de responsabilité sociale\xa0?"),
        "Lire ce que sont devenues les règles de modération et d’usage des données.",
    ),
    "effectiveness.reach": (
        "Ce réseau touche-t-il vraiment les publics auxquels nous nous adressons\xa0?",
        "Regarder les statistiques des trois derniers mois\xa0: qui interagit.",
    ),
    # The article's own question: the share of the active audience (people, not
    # interactions) who interact with our content.
    "effectiveness.engaged": (
        "Quel pourcentage de notre audience active interagit avec nos contenus sur ce réseau\xa0?",
        (
            "Sur un mois ordinaire, compter les personnes qui ont réagi, commenté, partagé ou "
            "répondu (des personnes, pas des interactions\xa0: qui commente deux fois compte une "
            "fois), les diviser par notre audience active (les personnes que nos publications ont "
            "touchées dans le mois, la «\xa0portée\xa0» ou «\xa0couverture\xa0» des "
            "statistiques\xa0; à défaut, nos abonnés), puis multiplier par 100."
        ),
    ),
    "effectiveness.results": (
        (
            "Apporte-t-il des résultats concrets\xa0: dons, adhésions, participation à nos "
            "événements\xa0?"
        ),
        (
            "Demander aux nouveaux adhérents et donateurs comment ils nous ont connus, pendant un "
            "ou deux mois."
        ),
    ),
    "effectiveness.impact": (
        (
            "Vu sa place réelle parmi nos moyens de communiquer, partir changerait-il beaucoup de "
            "choses\xa0?"
        ),
        "Lister d’où viennent nos publics\xa0: site, lettre, événements, presse, réseaux.",
    ),
    "reliability.steady": (
        (
            "Peut-on compter sur lui pour diffuser nos messages sans interruption ni polémique "
            "soudaine\xa0?"
        ),
        (
            "Noter les incidents de l’année\xa0: pannes, chutes de visibilité, changements de "
            "règles."
        ),
    ),
    "reliability.data": (
        "Nos données et celles de nos membres y sont-elles en sécurité\xa0?",
        "Vérifier qui détient les accès, et s’informer des incidents récents de la plateforme.",
    ),
    "resources.capacity": (
        "Avons-nous assez de temps et de personnes pour y animer un compte actif\xa0?",
        "Demander à chaque personne qui publie combien de temps elle y consacre.",
    ),
    "resources.hours": (
        "Combien d’heures par semaine ce compte demande-t-il, toutes personnes confondues\xa0?",
        "Tenir un relevé simple pendant deux semaines.",
    ),
    "resources.worth": (
        "Cet effort est-il proportionné à ce qu’il rapporte\xa0?",
        "Mettre les heures en regard des résultats relevés plus haut.",
    ),
    "alternatives.better": (
        "D’autres plateformes ou outils répondraient-ils mieux à nos besoins\xa0?",
        (
            "Essayer Mastodon ou Bluesky pendant un mois, ou regarder ce qu’utilisent des "
            "associations proches."
        ),
    ),
    "alternatives.offline": (
        (
            "Pouvons-nous toucher nos publics autrement\xa0: affichage, événements, site, "
            "presse\xa0?"
        ),
        "Demander à quelques membres comment ils préfèrent avoir de nos nouvelles.",
    ),
    "alternatives.open_networks": (
        (
            "Les réseaux libres ou décentralisés (Mastodon, Bluesky…) rassemblent moins de monde, "
            "mais un public plutôt militant et engagé\xa0: est-ce un public important pour notre "
            "communication\xa0?"
        ),
        (
            "Y chercher nos partenaires, nos publics et des associations proches, et regarder qui "
            "réagit à leurs publications."
        ),
    ),
    "image.perceived": (
        (
            "Nos partenaires, financeurs et notre communauté voient-ils notre présence d’un bon "
            "œil\xa0?"
        ),
        "Leur poser la question\xa0: dans la lettre ou à la prochaine réunion.",
    ),
    "image.controversy": (
        (
            "Notre présence risque-t-elle d’être associée aux polémiques propres à la "
            "plateforme\xa0?"
        ),
        "Regarder comment la presse et nos partenaires parlent de la plateforme.",
    ),
    "leaving.tell": (
        "Savons-nous comment prévenir notre communauté, au moins trois semaines avant\xa0?",
        "`planner plan` propose un calendrier\xa0: le lire ensemble.",
    ),
    "leaving.elsewhere": (
        (
            "Avons-nous un autre espace pour poursuivre les échanges (site, lettre, autre "
            "réseau)\xa0?"
        ),
        "Lister les espaces existants et qui s’occupe de chacun.",
    ),
    "evaluation.recent": (
        "Avons-nous évalué notre impact sur cette plateforme au cours de l’année\xa0?",
        "Chercher le dernier bilan ou rapport d’activité qui cite des chiffres de la plateforme.",
    ),
    "evaluation.indicators": (
        "Quels indicateurs peuvent nous aider à prendre une décision éclairée\xa0?",
        "En choisir un à trois, à relever chaque mois, par exemple\xa0: {examples}.",
    ),
}

# How to find out, where the web app says it in its own words: the command line's
# (QUESTIONS above) name a command, which a reader of the web app has no use for.
WEB_FIND_OUT = {
    "leaving.tell": (
        "Le plan créé à partir de ces réponses propose un calendrier\xa0: le lire ensemble."
    ),
}

# The unit of each question answered by a figure.
UNITS = {
    "effectiveness.engaged": "%",
    "resources.hours": "heures par semaine",
}

# The answers a person can give.
CHOICES = {
    "yes": "oui",
    "rather-yes": "plutôt oui",
    "rather-no": "plutôt non",
    "no": "non",
    "unknown": "je ne sais pas",
}

# Indicators suggested by `planner new` and the assessment: the article's examples first,
# then the figures of the channels a departure opens.
SUGGESTED_INDICATORS = (
    "taux d’engagement",
    "portée organique",
    "conversions vers le site ou la lettre d’information",
    "inscriptions à la lettre d’information",
    "abonnés sur le nouveau réseau",
    "participation aux événements",
    "visites du site",
    "dons",
)
