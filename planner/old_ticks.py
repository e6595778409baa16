"""Ticks of an earlier release matched to their items' codes: used once, by the
migrations that moved the web app's ticks from an item's words to its code (the local
database's version 9, :data:`planner.reminders.MIGRATIONS`; the hosted database's
revision ``v4_tick_codes``).

Until then a ticked checklist item was stored by its text, so any new wording (a
release, a translation fix, the plan's language changed) lost the tick without a word.
Now it is stored by its step's id and its code (:class:`planner.timeline.Item`). A
stored text is matched against every wording a checklist item had, in English and in
French, from the first release that stored ticks (commit 14773ea, ``planner serve``) to
the last that did (commit 36a48de): :data:`WORDINGS`, read from ``git log -p
planner/content/``. Each wording becomes a pattern, its ``{placeholders}`` standing for
any text (a platform's name, an account, a date, a list of channels), a placeholder
written twice standing for the same text; spaces of any width (U+00A0, U+202F) are one.
A text that several wordings match goes to the one with the most words of its own (a
wording that contains another, longer); a tie between two codes, or no match, leaves the
tick unmatched: the migration keeps it as written, beside the ticks, and logs it.

This module is frozen with those migrations: the running code never reads it, and a
later wording needs no line here (it is stored by code from the start).
"""

from __future__ import annotations

import logging
import re
from functools import cache
from string import Formatter

from planner.characters import clean
from planner.i18n import _

log = logging.getLogger("planner.migrations")

# The platform names that the "post.image" item names (its {platform}) and their ids:
# the platforms whose posts need an image, Instagram alone in every release that stored
# ticks (planner/platforms.py, needs_image).
IMAGE_CHANNELS = {"Instagram": "instagram"}

# The steps an item's code may belong to, by the code's first word; a step is named by
# its id without the platform and the number ('x/remind-2' -> 'remind').
STEPS = {
    "prepare": ("prepare",),
    "announce": ("announce", "stay"),  # 'announce.bio' is the stay's too
    "post": ("announce", "remind", "final", "stay"),
    "remind": ("remind",),
    "final": ("final",),
    "lastcheck": ("last-check",),
    "upkeep": ("upkeep",),
    "close": ("close",),
    "grace": ("grace-end",),
    "stay": ("stay",),
    "reassess": ("reassess",),
    "review": ("review",),
}

# Every wording of each item from commit 14773ea to commit 36a48de, English then French,
# by the code the item has now (several keys of planner/content/ worded one task: those
# share a code, e.g. 'announce.pin' and 'announce.publish' are 'announce.post').
WORDINGS: dict[str, tuple[str, ...]] = {
    "prepare.decision": (
        (
            "Make sure the decision and the departure date ({date}) are in the minutes of the "
            "meeting that made it."
        ),
        (
            "Consigner la décision collective (compte rendu du bureau, du conseil "
            "d’administration ou de l’assemblée générale), avec la date de départ\xa0: {date}."
        ),
    ),
    "prepare.accounts": (
        (
            "Set up (or check) the accounts where people will find you, before you announce "
            "them: {destinations}."
        ),
        (
            "Créer ou vérifier les comptes où la communauté vous retrouvera, avant de les "
            "annoncer\xa0: {destinations}."
        ),
    ),
    "prepare.archive": (
        "Request the data archive for {account} on {platform} now: it {lead}.",
        (
            "Demander dès maintenant l’archive des données de {account} sur {platform}\xa0: "
            "elle {lead}."
        ),
        (
            "Demander dès maintenant l’archive des données {de_account} sur {platform}\xa0: "
            "elle {lead}."
        ),
    ),
    "prepare.inventory": (
        (
            "List everywhere that links to {platform}: website footer, newsletter template, "
            "email signatures, directories, printed materials, partners’ websites."
        ),
        (
            "Recenser tous les endroits qui renvoient vers {platform}\xa0: pied de page du "
            "site, modèle de la lettre d’information, signatures de courriel, annuaires, "
            "documents imprimés, pages des partenaires."
        ),
    ),
    "prepare.access": (
        "Make sure two people can log in to {account} (password and two-factor codes).",
        (
            "Make sure two people have admin roles on the Page {account}, each through their "
            "own account with two-factor authentication turned on."
        ),
        (
            "Vérifier que deux personnes détiennent les accès à {account} (mot de passe et "
            "codes de double authentification)."
        ),
        (
            "Vérifier que deux personnes ont un rôle d’administrateur sur la Page {account}, "
            "chacune depuis son propre compte, avec la double authentification activée."
        ),
        (
            "Vérifier que deux personnes détiennent les accès {a_account} (mot de passe et "
            "codes de double authentification)."
        ),
    ),
    "announce.post": (
        "Post the announcement on {platform} and pin it to the top of your profile.",
        "Post the announcement on {platform}.",
        "Publier l’annonce sur {platform} et l’épingler en haut du profil.",
        "Publier l’annonce sur {platform}.",
    ),
    "announce.relay": (
        "Share the news on {channels} too.",
        "Relayer la nouvelle sur {channels}.",
    ),
    "announce.site": (
        "Publish the article on your website and add it to the next newsletter.",
        (
            "Mettre l’article en ligne sur le site et l’annonce dans la prochaine lettre "
            "d’information."
        ),
    ),
    "announce.partners": (
        "Email your partners, funders and members directly.",
        ("Prévenir directement les partenaires, les financeurs et les adhérents, par courriel."),
    ),
    "announce.bio": (
        "Add your new addresses to the profile of {account}.",
        "Ajouter les nouvelles adresses dans le profil de {account}.",
        "Ajouter les nouvelles adresses dans le profil {de_account}.",
    ),
    "announce.image": (
        (
            "If you add an image, write alt text for it, and keep every essential word in the "
            "text of the post."
        ),
        (
            "If you add an image (planner cards draws a picture card for this post, with its "
            "alt text), write alt text for it, and keep every essential word in the text of the "
            "post."
        ),
        (
            "Si vous ajoutez une image, la décrire dans son texte alternatif, et garder tout "
            "l’essentiel dans le texte de la publication."
        ),
        (
            "Si vous ajoutez une image (planner cards dessine une carte illustrée pour cette "
            "publication, avec son texte alternatif), la décrire dans son texte alternatif, et "
            "garder tout l’essentiel dans le texte de la publication."
        ),
    ),
    "post.image": (
        (
            "A post on {platform} needs an image or a video: use the text as its caption, keep "
            "every essential word in the caption, and write alt text for the image."
        ),
        (
            "A post on {platform} needs an image or a video (planner cards draws a picture card "
            "for this post, with its alt text): use the text as its caption, keep every "
            "essential word in the caption, and write alt text for the image."
        ),
        (
            "Une publication sur {platform} doit comporter une image ou une vidéo\xa0: publier "
            "le texte en légende, y garder tout l’essentiel, et décrire l’image dans son texte "
            "alternatif."
        ),
        (
            "Une publication sur {platform} doit comporter une image ou une vidéo (planner "
            "cards dessine une carte illustrée pour cette publication, avec son texte "
            "alternatif)\xa0: publier le texte en légende, y garder tout l’essentiel, et "
            "décrire l’image dans son texte alternatif."
        ),
    ),
    "remind.publish": (
        (
            "Post reminder {index} of {count} on {platform}, worded differently from the "
            "earlier ones."
        ),
        (
            "Publier le rappel {index} sur {count} sur {platform}, formulé autrement que les "
            "précédents."
        ),
    ),
    "remind.relay": (
        "Share it on {channels} too.",
        "Le relayer sur {channels}.",
    ),
    "remind.answer": (
        "Reply to any questions that have come in since the announcement.",
        "Répondre aux questions reçues depuis l’annonce.",
    ),
    "final.post": (
        "Post the farewell message on {platform} and pin it.",
        "Post the farewell message on {platform}.",
        "Publier le message d’au revoir sur {platform} et l’épingler.",
        "Publier le message d’au revoir sur {platform}.",
    ),
    "final.bio": (
        "Update the profile of {account} so that it points to your new addresses.",
        "Modifier le profil de {account} pour qu’il renvoie vers les nouveaux espaces.",
        "Modifier le profil {de_account} pour qu’il renvoie vers les nouveaux espaces.",
    ),
    "final.relay": (
        "Welcome newcomers on {channels}.",
        "Accueillir les nouveaux venus sur {channels}.",
    ),
    "final.dormant": (
        ("Stop posting on {platform}: the account stays online, pointing to your new addresses."),
        ("Ne plus publier sur {platform}\xa0: le compte reste, avec son message de redirection."),
    ),
    "final.closing": (
        "Keep the account open for one more week to answer messages.",
        "Garder le compte ouvert une semaine de plus pour répondre aux messages.",
    ),
    "lastcheck.read": (
        (
            "Read the messages and mentions that have come in since you left, and reply with "
            "your new addresses."
        ),
        (
            "Lire les messages et mentions reçus depuis le départ, et y répondre en donnant les "
            "nouvelles adresses."
        ),
    ),
    "lastcheck.pinned": (
        "Check that the pinned post and the profile still point to your new addresses.",
        (
            "Vérifier que le message épinglé et le profil renvoient toujours vers les nouveaux "
            "espaces."
        ),
    ),
    "close.archive": (
        "Check that the data archive has been downloaded and saved in your shared folder.",
        (
            "Vérifier que l’archive des données a bien été téléchargée et rangée dans votre "
            "dossier partagé."
        ),
    ),
    "close.subscriptions": (
        (
            "Cancel any paid subscription or advertising linked to the account: closing the "
            "account doesn’t always stop them."
        ),
        (
            "Résilier tout abonnement payant ou toute publicité liée au compte\xa0: la "
            "fermeture ne les annule pas toujours."
        ),
    ),
    "close.do.deactivate": (
        "Deactivate {account} in the account settings on {platform}.",
        "Désactiver {account} depuis les paramètres du compte {platform}.",
    ),
    "close.do.delete": (
        "Delete {account} in the account settings on {platform}.",
        "Supprimer {account} depuis les paramètres du compte {platform}.",
    ),
    "close.do.delete.page": (
        "Delete the Page {account} in its settings.",
        "Supprimer la Page {account} depuis ses paramètres.",
    ),
    "close.do.through-deactivation": (
        (
            "Deactivate {account} in the account settings on {platform}: that is how {platform} "
            "deletes an account."
        ),
        (
            "Désactiver {account} depuis les paramètres du compte {platform}\xa0: c’est ainsi "
            "que {platform} supprime un compte."
        ),
    ),
    "close.do.unpublish": (
        (
            "Unpublish the Page {account} in its settings ({platform} may call this "
            "deactivating the Page): the public can no longer see it."
        ),
        (
            "Dépublier la Page {account} depuis ses paramètres ({platform} peut parler de "
            "désactiver la Page)\xa0: le public ne la voit plus."
        ),
    ),
    "close.temporary": (
        (
            "On {platform}, deactivation is temporary: nothing is deleted, and the account "
            "comes back as soon as someone logs in to it."
        ),
        (
            "Sur {platform}, la désactivation est temporaire\xa0: rien n’est supprimé, et le "
            "compte réapparaît dès que quelqu’un s’y connecte."
        ),
    ),
    "close.unpublished": (
        "Nothing is deleted: an admin can put the Page back online at any time.",
        (
            "Rien n’est supprimé\xa0: un administrateur peut remettre la Page en ligne à tout "
            "moment."
        ),
    ),
    "close.forgood": (
        (
            'If you want {account} gone for good, choose deletion instead (after = "delete" in '
            "the decision file)."
        ),
        (
            "Si vous voulez que {account} disparaisse pour de bon, choisir plutôt la "
            'suppression (after = "delete" dans le fichier de décision).'
        ),
    ),
    "close.grace": (
        (
            "For {days} days the deletion can still be undone: don’t log in to {account} until "
            "then, because logging in can undo it."
        ),
        (
            "For {days} days an admin can still undo the deletion of the Page; after that, "
            "{platform} deletes it for good."
        ),
        (
            "Pendant {days} jours, la suppression peut encore être annulée\xa0: ne plus se "
            "connecter à {account} d’ici là, car une connexion peut l’annuler."
        ),
        (
            "Pendant {days} jours, un administrateur peut encore annuler la suppression de la "
            "Page\xa0; ensuite, {platform} la supprime."
        ),
        (
            "Pendant {days} jours, la suppression peut encore être annulée\xa0: ne plus se "
            "connecter {a_account} d’ici là, car une connexion peut l’annuler."
        ),
    ),
    "close.name": (
        "After that, the name {account} is free and anyone can register it.",
        "The name {account} may then become free for anyone to register.",
        "Ensuite, le nom {account} est libéré et n’importe qui peut le reprendre.",
        "Le nom {account} pourra ensuite être libéré et repris par n’importe qui.",
    ),
    "close.check.deactivate": (
        (
            "No source confirms what deactivation does on {platform}: check the platform’s help "
            "to see whether it is temporary or leads to deletion, then deactivate {account} in "
            "its settings if that is what you want."
        ),
        (
            "Aucune source ne confirme ce que fait la désactivation sur {platform}\xa0: "
            "vérifier dans l’aide de la plateforme si elle est temporaire ou mène à la "
            "suppression, puis désactiver {account} depuis ses paramètres si c’est bien ce que "
            "vous souhaitez."
        ),
    ),
    "close.check.delete": (
        (
            "No source confirms what {platform} keeps after a deletion, or for how long it can "
            "be undone: check the platform’s help, then delete {account} in its settings."
        ),
        (
            "Aucune source ne confirme ce que {platform} conserve après une suppression, ni "
            "combien de temps elle peut être annulée\xa0: vérifier dans l’aide de la "
            "plateforme, puis supprimer {account} depuis ses paramètres."
        ),
    ),
    "grace.gone": (
        "Check that {account} no longer appears on {platform}.",
        "Vérifier que {account} n’apparaît plus sur {platform}.",
    ),
    "grace.watch": (
        (
            "Anyone can now take the name {account}: watch out for an account impersonating "
            "you, and report it to {platform}."
        ),
        (
            "If the name {account} becomes free, someone else could take it: watch out for an "
            "account impersonating you, and report it to {platform}."
        ),
        (
            "Le nom {account} peut désormais être repris par quelqu’un d’autre\xa0: surveiller "
            "l’apparition d’un compte usurpateur et le signaler à {platform}."
        ),
        (
            "Si le nom {account} est libéré, quelqu’un d’autre pourrait le prendre\xa0: "
            "surveiller l’apparition d’un compte usurpateur et le signaler à {platform}."
        ),
    ),
    "upkeep.login": (
        ("Log in to {account}: {platform} may treat an account nobody logs in to as inactive."),
        (
            "Se connecter à {account}\xa0: {platform} peut considérer comme inactif un compte "
            "auquel personne ne se connecte."
        ),
        (
            "Se connecter {a_account}\xa0: {platform} peut considérer comme inactif un compte "
            "auquel personne ne se connecte."
        ),
    ),
    "upkeep.security": (
        "Check that two-factor authentication is on and that two people can still log in.",
        (
            "Vérifier que la double authentification est active et que deux personnes "
            "détiennent toujours les accès."
        ),
    ),
    "upkeep.page": (
        (
            "Check that two people still have admin roles on the Page {account}, with "
            "two-factor authentication on their own accounts."
        ),
        (
            "Vérifier que deux personnes ont toujours un rôle d’administrateur sur la Page "
            "{account}, avec la double authentification active sur leur propre compte."
        ),
    ),
    "upkeep.pinned": (
        "Check that the pinned post and the profile still point to your new addresses.",
        (
            "Vérifier que le message épinglé et le profil renvoient toujours vers les nouveaux "
            "espaces."
        ),
    ),
    "upkeep.three": (
        (
            "The farewell post has been pinned for three months: keep it, or replace it with a "
            "shorter note saying where to find you."
        ),
        (
            "Le message d’au revoir est épinglé depuis trois mois\xa0: le garder, ou le "
            "remplacer par une redirection plus courte."
        ),
    ),
    "stay.publish": (
        "Post the news on {platform} and pin it for a few weeks.",
        "Publier le message sur {platform} et l’épingler quelques semaines.",
    ),
    "stay.partners": (
        "Share the same news in the newsletter and with partners and funders.",
        ("Donner la même nouvelle dans la lettre d’information et aux partenaires et financeurs."),
    ),
    "stay.indicators": (
        "Say what you’ll track every month: {indicators}.",
        "Dire ce que vous suivrez chaque mois\xa0: {indicators}.",
    ),
    "reassess.run": (
        (
            "Go through `planner assess` again together, with the monthly figures for each "
            "indicator."
        ),
        (
            "Reprendre `planner assess` avec le collectif, avec les chiffres des bilans "
            "mensuels pour chaque indicateur."
        ),
    ),
    "review.measure": (
        "Write down this month’s figure for: {indicator}.",
        "Relever le chiffre du mois\xa0: {indicator}.",
    ),
    "review.share": (
        ("Share the figures with the team, and decide together whether anything needs to change."),
        (
            "Partager les chiffres avec l’équipe et décider ensemble s’il faut changer quelque "
            "chose."
        ),
    ),
}


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], int], ...]:
    """(code, pattern, number of its own characters) of every wording."""
    out = []
    for code, wordings in WORDINGS.items():
        for wording in wordings:
            parts, seen, own = [], set(), 0
            for literal, field, _spec, _conversion in Formatter().parse(_spaces(wording)):
                parts.append(re.escape(literal))
                own += len(literal)
                if field is None:
                    continue
                parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
                seen.add(field)
            out.append((code, re.compile("".join(parts), re.DOTALL), own))
    return tuple(out)


def step_name(step: str) -> str:
    """'x/remind-2' -> 'remind', 'review-3' -> 'review', 'x/last-check' -> 'last-check'."""
    return re.sub(r"-\d+$", "", step.rsplit("/", 1)[-1])


def code_of(step: str, text: str) -> str | None:
    """The code of the item of step ``step`` whose words an earlier release stored as
    ``text``; None when no wording matches, or two codes match as well."""
    name, text = step_name(step), _spaces(text)
    found: list[tuple[int, str]] = []
    for code, pattern, own in _patterns():
        if name not in STEPS.get(code.split(".", 1)[0], ()):
            continue
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if code == "post.image":
            channel = IMAGE_CHANNELS.get(match["platform"])
            if channel is None:
                continue
            code = f"post.image/{channel}"
        elif code == "review.measure":
            code = f"review.measure/{match['indicator']}"
        found.append((own, code))
    found.sort(reverse=True)
    if not found or (len(found) > 1 and found[0][0] == found[1][0] and found[0][1] != found[1][1]):
        return None
    return found[0][1]


def unmatched(where: str, step: str, text: str, table: str) -> None:
    """Log a tick whose words match no item: ``where`` says whose plan (its key, and in the
    hosted database its workspace), ``table`` where the tick is kept."""
    log.warning(
        _(
            "{where}, step {step}: the ticked item “{text}” is none of this planner's "
            "checklist items; its tick is kept as written in the table {table}"
        ).format(where=clean(where), step=clean(step), text=clean(text), table=table)
    )
