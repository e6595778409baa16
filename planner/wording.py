"""The words of a plan (step titles and checklists) in French and English.

These are content, not interface messages: they follow the decision's ``language``
and end up in the plan, the calendar and the reminders. The posts themselves are
Jinja templates under ``templates/``. French follows French typography: a
non-breaking space before : ; ! ? and inside « guillemets ». planner uses U+00A0 for
all of them: the narrow U+202F counts double on X and some fonts lack it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel.dates import format_date

NBSP = "\u00a0"  # before : ; ! ? and inside « », as French typography wants

EN: dict[str, str] = {
    "prepare.title": "Prepare the departure from {platform}",
    "prepare.decision": "Record the collective decision (board or general meeting minutes), "
    "with the departure date: {date}.",
    "prepare.accounts": "Create or check the accounts where the community will find you, "
    "before announcing them: {destinations}.",
    "prepare.archive": "Request the data archive of {account} on {platform} now: it {lead}.",
    "prepare.inventory": "List every place that links to {platform}: website footer, newsletter "
    "template, email signatures, directories, printed material, partners’ pages.",
    "prepare.access": "Make sure two people hold the access to {account} "
    "(password and two-factor codes).",
    "announce.title": "Announce the departure from {platform} (D-{days})",
    "announce.pin": "Publish the announcement on {platform} and pin it to the top of the profile.",
    "announce.publish": "Publish the announcement on {platform}.",
    "announce.relay": "Share the same news on {channels}.",
    "announce.site": "Put the article on the website and the item in the next newsletter.",
    "announce.partners": "Tell partners, funders and members directly, by email.",
    "announce.bio": "Add the new addresses to the profile of {account}.",
    "announce.image": "If you add an image, describe it in its alternative text, and keep "
    "every essential word in the text of the post.",
    "remind.title": "Reminder: leaving {platform} in {days} days (D-{days})",
    "remind.publish": "Publish reminder {index} of {count} on {platform}, worded differently "
    "from the previous ones.",
    "remind.relay": "Share it on {channels}.",
    "remind.answer": "Answer the questions received since the announcement.",
    "final.title": "Leave {platform} today: the farewell post (D-day)",
    "final.pin": "Publish the farewell post on {platform} and pin it.",
    "final.publish": "Publish the farewell post on {platform}.",
    "final.bio": "Change the profile of {account} so that it points to the new places.",
    "final.relay": "Welcome the newcomers on {channels}.",
    "final.dormant": "Stop publishing on {platform}: the account stays, with its redirect.",
    "final.closing": "Keep the account open one more week to answer messages.",
    "lastcheck.title": "Last check of messages and mentions on {platform}",
    "lastcheck.read": "Read the messages and mentions received since the departure, and answer "
    "them with the new addresses.",
    "lastcheck.pinned": "Check that the pinned post and the profile still point to the new places.",
    "close.title.deactivate": "Deactivate the account {account} on {platform}",
    "close.title.delete": "Delete the account {account} on {platform}",
    "close.archive": "Check that the data archive has been downloaded and stored in the "
    "association’s shared folder.",
    "close.subscriptions": "Cancel any paid subscription or advertising tied to the account: "
    "closing it does not always cancel them.",
    "close.do.deactivate": "Deactivate {account} from the account settings of {platform}.",
    "close.do.delete": "Delete {account} from the account settings of {platform}.",
    "close.nologin": "Do not log in again afterwards: on most platforms, logging in during the "
    "grace period cancels the closing.",
    "close.grace": "{platform} keeps the account for {days} days; after that the name "
    "{account} is free and anyone can register it.",
    "close.nograce": "After the closing, the name {account} may become free and anyone could "
    "register it; check the platform’s help for the delay.",
    "grace.title": "End of the grace period of {account} on {platform}",
    "grace.gone": "Check that {account} no longer shows on {platform}.",
    "grace.watch": "The name {account} can now be taken by someone else: watch for an "
    "impersonating account and report it to {platform}.",
    "upkeep.title": "Upkeep of the dormant account on {platform} ({index}/{count})",
    "upkeep.login": "Log in to {account} so that {platform} does not treat it as inactive.",
    "upkeep.security": "Check that two-factor authentication is on and that two people still "
    "hold the access.",
    "upkeep.pinned": "Check that the pinned post and the profile still point to the new places.",
    "upkeep.three": "The farewell post has been pinned for three months: keep it, or replace it "
    "with a shorter redirect.",
    "stay.title": "Tell the community we are staying on {platform}, and why",
    "stay.publish": "Publish the post on {platform} and pin it for a few weeks.",
    "stay.partners": "Give the same news in the newsletter and to partners and funders.",
    "stay.indicators": "Say what the association will watch every month: {indicators}.",
    "reassess.title": "A year later: stay on {platform}? Assess again",
    "reassess.run": "Go through `planner assess` again with the collective, with the year's "
    "figures for each indicator.",
    "review.title": "Monthly review of the indicators ({index}/{count})",
    "review.measure": "Note this month’s figure: {indicator}.",
    "review.share": "Share the figures with the team, and decide together whether anything "
    "should change.",
}

FR: dict[str, str] = {
    "prepare.title": "Préparer le départ {de_platform}",
    "prepare.decision": "Consigner la décision collective (compte rendu du bureau, du conseil "
    "d’administration ou de l’assemblée générale), avec la date de départ" + NBSP + ": {date}.",
    "prepare.accounts": "Créer ou vérifier les comptes où la communauté vous retrouvera, avant "
    "de les annoncer" + NBSP + ": {destinations}.",
    "prepare.archive": "Demander dès maintenant l’archive des données de {account} sur "
    "{platform}" + NBSP + ": elle {lead}.",
    "prepare.inventory": "Recenser tous les endroits qui renvoient vers {platform}"
    + NBSP
    + ": pied de page du site, modèle de la lettre d’information, signatures de courriel, "
    "annuaires, documents imprimés, pages des partenaires.",
    "prepare.access": "Vérifier que deux personnes détiennent les accès à {account} "
    "(mot de passe et codes de double authentification).",
    "announce.title": "Annoncer le départ {de_platform} (J-{days})",
    "announce.pin": "Publier l’annonce sur {platform} et l’épingler en haut du profil.",
    "announce.publish": "Publier l’annonce sur {platform}.",
    "announce.relay": "Relayer la nouvelle sur {channels}.",
    "announce.site": "Mettre l’article en ligne sur le site et l’annonce dans la prochaine "
    "lettre d’information.",
    "announce.partners": "Prévenir directement les partenaires, les financeurs et les adhérents, "
    "par courriel.",
    "announce.bio": "Ajouter les nouvelles adresses dans le profil de {account}.",
    "announce.image": "Si vous ajoutez une image, la décrire dans son texte alternatif, et "
    "garder tout l’essentiel dans le texte de la publication.",
    "remind.title": "Rappel" + NBSP + ": départ {de_platform} dans {days} jours (J-{days})",
    "remind.publish": "Publier le rappel {index} sur {count} sur {platform}, formulé autrement "
    "que les précédents.",
    "remind.relay": "Le relayer sur {channels}.",
    "remind.answer": "Répondre aux questions reçues depuis l’annonce.",
    "final.title": "Quitter {platform} aujourd’hui" + NBSP + ": le message d’au revoir (jour J)",
    "final.pin": "Publier le message d’au revoir sur {platform} et l’épingler.",
    "final.publish": "Publier le message d’au revoir sur {platform}.",
    "final.bio": "Modifier le profil de {account} pour qu’il renvoie vers les nouveaux espaces.",
    "final.relay": "Accueillir les nouveaux venus sur {channels}.",
    "final.dormant": "Ne plus publier sur {platform}" + NBSP + ": le compte reste, avec son "
    "message de redirection.",
    "final.closing": "Garder le compte ouvert une semaine de plus pour répondre aux messages.",
    "lastcheck.title": "Dernière lecture des messages et mentions sur {platform}",
    "lastcheck.read": "Lire les messages et mentions reçus depuis le départ, et y répondre en "
    "donnant les nouvelles adresses.",
    "lastcheck.pinned": "Vérifier que le message épinglé et le profil renvoient toujours vers "
    "les nouveaux espaces.",
    "close.title.deactivate": "Désactiver le compte {account} sur {platform}",
    "close.title.delete": "Supprimer le compte {account} sur {platform}",
    "close.archive": "Vérifier que l’archive des données a bien été téléchargée et rangée dans "
    "le dossier partagé de l’association.",
    "close.subscriptions": "Résilier tout abonnement payant ou toute publicité liée au compte"
    + NBSP
    + ": la fermeture ne les annule pas toujours.",
    "close.do.deactivate": "Désactiver {account} depuis les paramètres du compte {platform}.",
    "close.do.delete": "Supprimer {account} depuis les paramètres du compte {platform}.",
    "close.nologin": "Ne plus se connecter ensuite" + NBSP + ": sur la plupart des plateformes, "
    "une connexion pendant le délai de grâce annule la fermeture.",
    "close.grace": "{platform} conserve le compte {days} jours" + NBSP + "; ensuite, le nom "
    "{account} est libéré et n’importe qui peut le reprendre.",
    "close.nograce": "Après la fermeture, le nom {account} peut être libéré et repris par "
    "n’importe qui" + NBSP + "; vérifiez le délai dans l’aide de la plateforme.",
    "grace.title": "Fin du délai de grâce de {account} sur {platform}",
    "grace.gone": "Vérifier que {account} n’apparaît plus sur {platform}.",
    "grace.watch": "Le nom {account} peut désormais être repris par quelqu’un d’autre"
    + NBSP
    + ": surveiller l’apparition d’un compte usurpateur et le signaler à {platform}.",
    "upkeep.title": "Entretien du compte en sommeil sur {platform} ({index}/{count})",
    "upkeep.login": "Se connecter à {account} pour que {platform} ne le considère pas comme "
    "inactif.",
    "upkeep.security": "Vérifier que la double authentification est active et que deux "
    "personnes détiennent toujours les accès.",
    "upkeep.pinned": "Vérifier que le message épinglé et le profil renvoient toujours vers les "
    "nouveaux espaces.",
    "upkeep.three": "Le message d’au revoir est épinglé depuis trois mois" + NBSP + ": le garder, "
    "ou le remplacer par une redirection plus courte.",
    "stay.title": "Dire à la communauté que nous restons sur {platform}, et pourquoi",
    "stay.publish": "Publier le message sur {platform} et l’épingler quelques semaines.",
    "stay.partners": "Donner la même nouvelle dans la lettre d’information et aux partenaires "
    "et financeurs.",
    "stay.indicators": "Dire ce que l’association suivra chaque mois" + NBSP + ": {indicators}.",
    "reassess.title": "Un an plus tard" + NBSP + ": rester sur {platform}" + NBSP + "? Refaire "
    "l’auto-évaluation",
    "reassess.run": "Reprendre `planner assess` avec le collectif, avec les chiffres de l’année "
    "pour chaque indicateur.",
    "review.title": "Bilan mensuel des indicateurs ({index}/{count})",
    "review.measure": "Relever le chiffre du mois" + NBSP + ": {indicator}.",
    "review.share": "Partager les chiffres avec l’équipe et décider ensemble s’il faut changer "
    "quelque chose.",
}

TEXTS = {"en": EN, "fr": FR}


def french_spacing(text: str) -> str:
    """Put a non-breaking space where French typography wants one.

    A space before : ; ! ? » or %, or after «, becomes U+00A0. Only existing spaces are
    touched, so a URL's ``?`` or ``:`` is left alone. Hand-written because no library
    does just this without rewriting quotes and apostrophes the author chose.
    """
    text = re.sub(r"[ \u202f]([:;!?»%])", NBSP + r"\1", text)
    return re.sub(r"«[ \u202f]", "«" + NBSP, text)


def de(name: str) -> str:
    """French 'de X', elided before a vowel: 'd’Instagram', 'de Facebook'."""
    return f"d’{name}" if name[:1].lower() in "aeiouéèêà" else f"de {name}"


def say(language: str, key: str, **values: object) -> str:
    """One sentence of the plan, in ``language``, with its values filled in.

    ``{de_platform}`` is available wherever ``platform`` is given, for French elision.
    """
    if "platform" in values:
        values["de_platform"] = de(str(values["platform"]))
    return TEXTS[language][key].format(**values)


@cache
def long_date(day: dt.date, language: str) -> str:
    """'samedi 16 janvier 2027' or 'Saturday 16 January 2027', from Babel's CLDR data
    (cached: a plan and its posts ask for the same few days many times)."""
    return str(format_date(day, "EEEE d MMMM y", locale=language))
