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
    "close.title.delete": "Delete the account {account} on {platform}",
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
    "close.nologin": (
        "Do not log in again afterwards: on most platforms, logging in during the grace period "
        "cancels the closing."
    ),
    "close.grace": (
        "{platform} keeps the account for {days} days; after that the name {account} is free and "
        "anyone can register it."
    ),
    "close.nograce": (
        "After the closing, the name {account} may become free and anyone could register it; check "
        "the platform’s help for the delay."
    ),
    "grace.title": "End of the grace period of {account} on {platform}",
    "grace.gone": "Check that {account} no longer shows on {platform}.",
    "grace.watch": (
        "The name {account} can now be taken by someone else: watch for an impersonating account "
        "and report it to {platform}."
    ),
    "upkeep.title": "Upkeep of the dormant account on {platform} ({index}/{count})",
    "upkeep.login": "Log in to {account} so that {platform} does not treat it as inactive.",
    "upkeep.security": (
        "Check that two-factor authentication is on and that two people still hold the access."
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
# the sources are in planner/platforms.py).
ARCHIVE_LEAD = {
    "x": "can take up to 24 hours, sometimes a few days",
    "facebook": "can take from a few minutes to a day",
    "instagram": "can take up to 48 hours",
    "linkedin": "can take up to 24 hours",
    "tiktok": "can take a few days",
    "threads": "can take up to 48 hours",
    "youtube": "can take from a few hours to a few days",
}

# The self-assessment's prompts (planner.prompts).
PROMPTS = {
    "note": "  Note (Enter to skip)",
    "number": "  A number (Enter if you don't know)",
    "decided": "Has the collective decided? leave, stay, or Enter if not yet",
    "answer": "  Your answer",
    "name": "Name of the association",
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
    "effectiveness.engaged": (
        "What share of our audience there interacts with our posts?",
        "Divide the interactions of a typical month by the number of followers.",
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
            "Do the open, decentralised networks (Mastodon, Bluesky…) matter for the people we "
            "want to reach?"
        ),
        "Look for our partners and our audiences there.",
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
        "Choose one to three indicators below and note them every month.",
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

# Indicators suggested by `planner new` and the assessment's report.
SUGGESTED_INDICATORS = (
    "newsletter sign-ups",
    "followers on the new network",
    "event attendance",
    "website visits",
    "donations",
)
