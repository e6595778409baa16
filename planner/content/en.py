"""English: the words planner writes in plans, calendars, reminders and the assessment.

Every language module has the same names and keys, with the same {placeholders}
(tests/test_content.py checks it). The posts themselves are Jinja templates under
templates/en/; interface messages go through gettext (planner/locale/).
"""

# The steps of a plan: titles and checklist items (planner.timeline).
PLAN = {
    "prepare.title": "Prepare the departure from {platform}",
    "prepare.decision": (
        "Record the collective decision (board or general meeting minutes), with the departure "
        "date: {date}."
    ),
    "prepare.accounts": (
        "Create or check the accounts where the community will find you, before announcing them: "
        "{destinations}."
    ),
    "prepare.archive": "Request the data archive of {account} on {platform} now: it {lead}.",
    "prepare.inventory": (
        "List every place that links to {platform}: website footer, newsletter template, email "
        "signatures, directories, printed material, partners’ pages."
    ),
    "prepare.access": (
        "Make sure two people hold the access to {account} (password and two-factor codes)."
    ),
    "prepare.access.page": (
        "Make sure two people hold admin roles on the Page {account}, each through their own "
        "account with two-factor authentication on."
    ),
    "announce.title": "Announce the departure from {platform} (D-{days})",
    "announce.pin": (
        "Publish the announcement on {platform} and pin it to the top of the profile."
    ),
    "announce.publish": "Publish the announcement on {platform}.",
    "announce.relay": "Share the same news on {channels}.",
    "announce.site": "Put the article on the website and the item in the next newsletter.",
    "announce.partners": "Tell partners, funders and members directly, by email.",
    "announce.bio": "Add the new addresses to the profile of {account}.",
    "announce.image": (
        "If you add an image, describe it in its alternative text, and keep every essential word "
        "in the text of the post."
    ),
    "post.image": (
        "A post on {platform} needs an image or a video: publish the text as its caption, keep "
        "every essential word in the caption, and describe the image in its alternative text."
    ),
    "remind.title": "Reminder: leaving {platform} in {days} days (D-{days})",
    "remind.publish": (
        "Publish reminder {index} of {count} on {platform}, worded differently from the previous "
        "ones."
    ),
    "remind.relay": "Share it on {channels}.",
    "remind.answer": "Answer the questions received since the announcement.",
    "final.title": "Leave {platform} today: the farewell post (D-day)",
    "final.title.early": (
        "Farewell post on {platform}, the last working day before leaving (D-{days})"
    ),
    "final.pin": "Publish the farewell post on {platform} and pin it.",
    "final.publish": "Publish the farewell post on {platform}.",
    "final.bio": "Change the profile of {account} so that it points to the new places.",
    "final.relay": "Welcome the newcomers on {channels}.",
    "final.dormant": "Stop publishing on {platform}: the account stays, with its redirect.",
    "final.closing": "Keep the account open one more week to answer messages.",
    "lastcheck.title": "Last check of messages and mentions on {platform}",
    "lastcheck.read": (
        "Read the messages and mentions received since the departure, and answer them with the new "
        "addresses."
    ),
    "lastcheck.pinned": (
        "Check that the pinned post and the profile still point to the new places."
    ),
    "close.title.deactivate": "Deactivate the account {account} on {platform}",
    "close.title.deactivate.page": "Deactivate the Page {account} on {platform}",
    "close.title.delete": "Delete the account {account} on {platform}",
    "close.title.delete.page": "Delete the Page {account} on {platform}",
    "close.title.unpublish.page": "Take the Page {account} offline on {platform}",
    "close.archive": (
        "Check that the data archive has been downloaded and stored in the association’s shared "
        "folder."
    ),
    "close.subscriptions": (
        "Cancel any paid subscription or advertising tied to the account: closing it does not "
        "always cancel them."
    ),
    "close.do.deactivate": "Deactivate {account} from the account settings of {platform}.",
    "close.do.delete": "Delete {account} from the account settings of {platform}.",
    "close.do.delete.page": "Delete the Page {account} from its settings.",
    "close.do.through-deactivation": (
        "Deactivate {account} from the account settings of {platform}: this is how {platform} "
        "deletes an account."
    ),
    "close.do.unpublish": (
        "Unpublish the Page {account} from its settings ({platform} may call it deactivating the "
        "Page): the public no longer sees it."
    ),
    "close.temporary": (
        "On {platform}, deactivation is temporary: nothing is deleted, and the account comes back "
        "as soon as someone logs in to it."
    ),
    "close.unpublished": "Nothing is deleted: an admin can put the Page back online at any time.",
    "close.forgood": (
        "If the association wants {account} gone for good, choose deletion instead (after = "
        '"delete" in the decision file).'
    ),
    "close.grace": (
        "For {days} days the deletion can still be cancelled: do not log in to {account} until "
        "then, as logging in can cancel it."
    ),
    "close.grace.page": (
        "For {days} days an admin can still cancel the deletion of the Page; after that, "
        "{platform} deletes it."
    ),
    "close.name.free": "After that, the name {account} is free and anyone can register it.",
    "close.name.may": "The name {account} may then become free for anyone to register.",
    "close.check.deactivate": (
        "No source confirms what deactivating does on {platform}: check in the platform’s help "
        "whether it is temporary or leads to deletion, then deactivate {account} from its "
        "settings if that is what the association wants."
    ),
    "close.check.delete": (
        "No source confirms what {platform} keeps after a deletion, nor for how long it can be "
        "cancelled: check the platform’s help, then delete {account} from its settings."
    ),
    "grace.title": "End of the grace period of {account} on {platform}",
    "grace.gone": "Check that {account} no longer shows on {platform}.",
    "grace.watch": (
        "The name {account} can now be taken by someone else: watch for an impersonating account "
        "and report it to {platform}."
    ),
    "grace.watch.may": (
        "If the name {account} becomes free, someone else could take it: watch for an "
        "impersonating account and report it to {platform}."
    ),
    "upkeep.title": "Upkeep of the dormant account on {platform} ({index}/{count})",
    "upkeep.login": (
        "Log in to {account}: {platform} may treat an account no one logs in to as inactive."
    ),
    "upkeep.security": (
        "Check that two-factor authentication is on and that two people still hold the access."
    ),
    "upkeep.page": (
        "Check that two people still hold admin roles on the Page {account}, with two-factor "
        "authentication on their own accounts."
    ),
    "upkeep.pinned": "Check that the pinned post and the profile still point to the new places.",
    "upkeep.three": (
        "The farewell post has been pinned for three months: keep it, or replace it with a shorter "
        "redirect."
    ),
    "stay.title": "Tell the community we are staying on {platform}, and why",
    "stay.publish": "Publish the post on {platform} and pin it for a few weeks.",
    "stay.partners": "Give the same news in the newsletter and to partners and funders.",
    "stay.indicators": "Say what the association will watch every month: {indicators}.",
    "reassess.title": "After the monthly reviews: stay on {platform}? Assess again",
    "reassess.run": (
        "Go through `planner assess` again with the collective, with the figures of the monthly "
        "reviews for each indicator."
    ),
    "review.title": "Monthly review of the indicators ({index}/{count})",
    "review.measure": "Note this month’s figure: {indicator}.",
    "review.share": (
        "Share the figures with the team, and decide together whether anything should change."
    ),
}

# The plan shown as text or Markdown (planner.views).
VIEW = {
    "heading": "Departure plan: {name}",
    "leaves": "Leaves {platform} ({account}) on {date}.",
    "stays": "Stays on {platform} ({account}), and says why on {date}.",
    "heading_stay": "Plan: {name}",
    "zone": "Times are in {zone}.",
    "allday": "all day",
    "post_on": "Post on:",
    "colon": ": ",
    "date": "Date",
    "time": "Time",
    "step": "Step",
}

# One step as plain text, in the calendar and the reminders (planner.views).
STEP = {
    "todo": "To do:",
    "posts": "Posts to publish (copy each text as it is):",
    "compose": "Open the composer with this text:",
    "links": "Where the community can follow us:",
}

# The calendar's name and its alarms (planner.ics).
CALENDAR = {
    "calendar": "Leaving {platforms}: {name}",
    "alarm": "Reminder: {title}",
}

# Why we leave, by theme: a short form (X) and a long one (planner.posts).
REASONS = {
    "values": (
        "This network no longer matches our values.",
        "the way this network works no longer matches the values of our association",
    ),
    "effectiveness": (
        "Our posts there no longer reach our audience.",
        "our posts there reach fewer and fewer of the people we work with",
    ),
    "reliability": (
        "We can no longer rely on this platform.",
        "we can no longer count on its stability, nor on the safety of our members’ data",
    ),
    "resources": (
        "Our small team wants to spend its time elsewhere.",
        "our small team prefers to spend its time where conversations are most useful",
    ),
    "alternatives": (
        "Other places meet our needs better.",
        "other, more open places now meet our needs better",
    ),
    "image": (
        "Being there no longer reflects who we are.",
        "being there no longer reflects who we are",
    ),
}

# Why we stay, by theme: a short form (X) and a long one (planner.posts).
STAY_REASONS = {
    "values": (
        "We want our values to be heard where the debate happens.",
        "we want the values of our association to be heard where the debate happens",
    ),
    "effectiveness": (
        "This is where many of you find us.",
        "this is where many of the people we work with find us",
    ),
    "reliability": (
        "It still reaches our community reliably.",
        "it still reaches our community reliably",
    ),
    "resources": (
        "It fits the time our team can give.",
        "it fits the time our small team can give",
    ),
    "alternatives": (
        "The alternatives do not reach you yet.",
        "the alternatives do not yet reach the people we work with",
    ),
    "image": (
        "Our partners and community expect us here.",
        "our partners and our community expect to find us here",
    ),
}

# Destinations that are not social networks, as posts name them.
DESTINATION_NAMES = {
    "website": "Website",
    "newsletter": "Newsletter",
    "mailing_list": "Mailing list",
    "other": "Also",
}

# Channels that are not social networks, as titles and headers name them.
CHANNEL_NAMES = {
    "website": "website",
    "newsletter": "newsletter",
    "mailing_list": "mailing list",
    "partners": "partners and funders (email)",
    "other": "other",
}

# How long a platform's data archive can take to arrive (cautious where sources are unsure;
# the sources are in planner/platforms.py). Where no current source confirms a delay, no
# figure: the reader is sent to the platform's help.
_CHECK_HELP = "can take a while; check the platform’s help for the delay"
ARCHIVE_LEAD = {
    "x": "can take up to 24 hours, sometimes a few days",
    "facebook": "can take from a few minutes to a few hours, longer at busy times",
    "instagram": _CHECK_HELP,
    "linkedin": "can take up to 24 hours",
    "tiktok": _CHECK_HELP,
    "threads": _CHECK_HELP,
    "youtube": _CHECK_HELP,
}

# The self-assessment's prompts (planner.prompts).
PROMPTS = {
    "note": "  Note (Enter to skip)",
    "number": "  A number (Enter if you don't know)",
    "decided": "Has the collective decided? leave, stay, or Enter if not yet",
    "answer": "  Your answer",
    "name": "Name of the association",
    "suffix": ": ",  # what ends every prompt, after the question and its default
}

# What the collective decided, as the assessment's last question takes it.
DECISIONS = {
    "leave": "leave",
    "stay": "stay",
}

# The eight themes of the self-assessment (planner.questions).
THEMES = {
    "values": "Our values",
    "effectiveness": "Does it work for us?",
    "reliability": "Reliability and safety",
    "resources": "Time and people",
    "alternatives": "Alternatives",
    "image": "How we are seen",
    "leaving": "If we leave",
    "evaluation": "How we evaluate",
}

# Each question of the self-assessment, and how to find the answer (planner.questions).
QUESTIONS = {
    "values.aligned": (
        (
            "Does the way this network works match the values of our association's project (not "
            "each member's personal view)?"
        ),
        "Reread the association's charter or project with the board and compare.",
    ),
    "values.ethics": (
        "Does the platform respect our principles of ethics and social responsibility?",
        "Read what the platform's moderation and data policies have become.",
    ),
    "effectiveness.reach": (
        "Does this network really reach the audiences we communicate with?",
        "Look at the platform's statistics for the last three months: who interacts.",
    ),
    # The article's own question: the share of the active audience (people, not
    # interactions) who interact with our content.
    "effectiveness.engaged": (
        "What percentage of our active audience interacts with our content on this network?",
        (
            "Over a typical month, count the people who reacted, commented, shared or replied "
            "(people, not interactions: someone who comments twice counts once), divide by our "
            'active audience (the people our posts reached that month, the "reach" in the '
            "statistics; failing that, our followers), and multiply by 100."
        ),
    ),
    "effectiveness.results": (
        "Does it bring concrete results: donations, memberships, people at our events?",
        "Ask new members and donors how they heard of us, for a month or two.",
    ),
    "effectiveness.impact": (
        "Given its real place among our ways of communicating, would leaving change much?",
        "List where our audiences come from: website, newsletter, events, press, networks.",
    ),
    "reliability.steady": (
        ("Can we count on it to carry our messages without interruptions or sudden controversies?"),
        "Note the incidents of the past year: outages, reach drops, rule changes.",
    ),
    "reliability.data": (
        "Are the data of our association and of our members safe there?",
        "Check who holds the access, and read the platform's recent data incidents.",
    ),
    "resources.capacity": (
        "Do we have enough time and people to keep an active account there?",
        "Ask each person who posts how much time they give it.",
    ),
    "resources.hours": (
        "How many hours a week does this account take, all people together?",
        "Keep a simple log for two weeks.",
    ),
    "resources.worth": (
        "Is that effort in proportion to what it brings?",
        "Put the hours next to the results noted above.",
    ),
    "alternatives.better": (
        "Would other platforms or tools meet our needs better?",
        "Try Mastodon or Bluesky for a month, or look at what similar associations use.",
    ),
    "alternatives.offline": (
        "Can we reach our audiences through other means: posters, events, website, press?",
        "Ask a few members how they prefer to hear from us.",
    ),
    "alternatives.open_networks": (
        (
            "The free or decentralised networks (Mastodon, Bluesky…) gather fewer people, but a "
            "rather committed, engaged public: does that public matter for our communication?"
        ),
        (
            "Look for our partners, our audiences and similar associations there, and at who "
            "responds to their posts."
        ),
    ),
    "image.perceived": (
        "Do our partners, funders and community see our presence there positively?",
        "Ask them: a short question in the newsletter or at the next meeting.",
    ),
    "image.controversy": (
        "Is there a risk that our presence gets tied to the platform's controversies?",
        "Look at how the press and our partners talk about the platform.",
    ),
    "leaving.tell": (
        "Do we know how we would tell our community, at least three weeks ahead?",
        "`planner plan` drafts the timeline; read it together.",
    ),
    "leaving.elsewhere": (
        (
            "Do we have another place to keep the conversation going (website, newsletter, another "
            "network)?"
        ),
        "List the places we already have and who looks after each.",
    ),
    "evaluation.recent": (
        "Have we evaluated our impact on this platform in the past year?",
        "Look for the last review or annual report that quotes figures from the platform.",
    ),
    "evaluation.indicators": (
        "Which indicators can help us make an informed decision?",
        "Choose one to three to note every month, for example: {examples}.",
    ),
}

# The unit of each question answered by a figure.
UNITS = {
    "effectiveness.engaged": "%",
    "resources.hours": "hours a week",
}

# The answers a person can give.
CHOICES = {
    "yes": "yes",
    "rather-yes": "rather yes",
    "rather-no": "rather no",
    "no": "no",
    "unknown": "don't know",
}

# Indicators suggested by `planner new` and the assessment: the article's examples first,
# then the figures of the channels a departure opens.
SUGGESTED_INDICATORS = (
    "engagement rate",
    "organic reach",
    "conversions to the website or newsletter",
    "newsletter sign-ups",
    "followers on the new network",
    "event attendance",
    "website visits",
    "donations",
)
