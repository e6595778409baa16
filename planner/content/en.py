"""English: the words planner writes in plans, calendars, reminders and the assessment.

Every language module has the same names and keys, with the same {placeholders}
(tests/test_content.py checks it). The posts themselves are Jinja templates under
templates/en/; interface messages go through gettext (planner/locale/).
"""

# The steps of a plan: titles and checklist items (planner.timeline). Written to the team,
# as "you"; the posts speak as "we".
PLAN = {
    "prepare.title": "Get ready to leave {platform}",
    "prepare.decision": (
        "Make sure the decision and the departure date ({date}) are in the minutes of the "
        "meeting that made it."
    ),
    "prepare.accounts": (
        "Set up (or check) the accounts where people will find you, before you announce them: "
        "{destinations}."
    ),
    "prepare.archive": "Request the data archive for {account} on {platform} now: it {lead}.",
    "prepare.inventory": (
        "List everywhere that links to {platform}: website footer, newsletter template, email "
        "signatures, directories, printed materials, partners’ websites."
    ),
    "prepare.access": (
        "Make sure two people can log in to {account} (password and two-factor codes)."
    ),
    "prepare.access.page": (
        "Make sure two people have admin roles on the Page {account}, each through their own "
        "account with two-factor authentication turned on."
    ),
    "announce.title": "Announce that you’re leaving {platform} ({days} days to go)",
    "announce.pin": "Post the announcement on {platform} and pin it to the top of your profile.",
    "announce.publish": "Post the announcement on {platform}.",
    "announce.relay": "Share the news on {channels} too.",
    "announce.site": "Publish the article on your website and add it to the next newsletter.",
    "announce.partners": "Email your partners, funders and members directly.",
    "announce.bio": "Add your new addresses to the profile of {account}.",
    "announce.image": (
        "If you add an image, write alt text for it, and keep every essential word in the text "
        "of the post."
    ),
    "announce.image.card": (
        "If you add an image (planner cards draws a picture card for this post, with its alt "
        "text), write alt text for it, and keep every essential word in the text of the post."
    ),
    "post.image": (
        "A post on {platform} needs an image or a video: use the text as its caption, keep every "
        "essential word in the caption, and write alt text for the image."
    ),
    "post.image.card": (
        "A post on {platform} needs an image or a video (planner cards draws a picture card for "
        "this post, with its alt text): use the text as its caption, keep every essential word "
        "in the caption, and write alt text for the image."
    ),
    "remind.title": "Reminder: {days} days until you leave {platform}",
    "remind.publish": (
        "Post reminder {index} of {count} on {platform}, worded differently from the earlier ones."
    ),
    "remind.relay": "Share it on {channels} too.",
    "remind.answer": "Reply to any questions that have come in since the announcement.",
    "final.title": "Leaving {platform} today: the farewell post",
    "final.title.early": (
        "Farewell post on {platform}, on the last working day before you leave ({days} days to go)"
    ),
    "final.pin": "Post the farewell message on {platform} and pin it.",
    "final.publish": "Post the farewell message on {platform}.",
    "final.bio": "Update the profile of {account} so that it points to your new addresses.",
    "final.relay": "Welcome newcomers on {channels}.",
    "final.dormant": (
        "Stop posting on {platform}: the account stays online, pointing to your new addresses."
    ),
    "final.closing": "Keep the account open for one more week to answer messages.",
    "lastcheck.title": "Final check of messages and mentions on {platform}",
    "lastcheck.read": (
        "Read the messages and mentions that have come in since you left, and reply with your "
        "new addresses."
    ),
    "lastcheck.pinned": (
        "Check that the pinned post and the profile still point to your new addresses."
    ),
    "close.title.deactivate": "Deactivate the account {account} on {platform}",
    "close.title.deactivate.page": "Deactivate the Page {account} on {platform}",
    "close.title.delete": "Delete the account {account} on {platform}",
    "close.title.delete.page": "Delete the Page {account} on {platform}",
    "close.title.unpublish.page": "Take the Page {account} offline on {platform}",
    "close.archive": (
        "Check that the data archive has been downloaded and saved in your shared folder."
    ),
    "close.subscriptions": (
        "Cancel any paid subscription or advertising linked to the account: closing the account "
        "doesn’t always stop them."
    ),
    "close.do.deactivate": "Deactivate {account} in the account settings on {platform}.",
    "close.do.delete": "Delete {account} in the account settings on {platform}.",
    "close.do.delete.page": "Delete the Page {account} in its settings.",
    "close.do.through-deactivation": (
        "Deactivate {account} in the account settings on {platform}: that is how {platform} "
        "deletes an account."
    ),
    "close.do.unpublish": (
        "Unpublish the Page {account} in its settings ({platform} may call this deactivating the "
        "Page): the public can no longer see it."
    ),
    "close.temporary": (
        "On {platform}, deactivation is temporary: nothing is deleted, and the account comes back "
        "as soon as someone logs in to it."
    ),
    "close.unpublished": "Nothing is deleted: an admin can put the Page back online at any time.",
    "close.forgood": (
        "If you want {account} gone for good, choose deletion instead (after = "
        '"delete" in the decision file).'
    ),
    "close.grace": (
        "For {days} days the deletion can still be undone: don’t log in to {account} until then, "
        "because logging in can undo it."
    ),
    "close.grace.page": (
        "For {days} days an admin can still undo the deletion of the Page; after that, "
        "{platform} deletes it for good."
    ),
    "close.name.free": "After that, the name {account} is free and anyone can register it.",
    "close.name.may": "The name {account} may then become free for anyone to register.",
    "close.check.deactivate": (
        "No source confirms what deactivation does on {platform}: check the platform’s help to "
        "see whether it is temporary or leads to deletion, then deactivate {account} in its "
        "settings if that is what you want."
    ),
    "close.check.delete": (
        "No source confirms what {platform} keeps after a deletion, or for how long it can be "
        "undone: check the platform’s help, then delete {account} in its settings."
    ),
    "grace.title": "End of the grace period for {account} on {platform}",
    "grace.gone": "Check that {account} no longer appears on {platform}.",
    "grace.watch": (
        "Anyone can now take the name {account}: watch out for an account impersonating you, and "
        "report it to {platform}."
    ),
    "grace.watch.may": (
        "If the name {account} becomes free, someone else could take it: watch out for an "
        "account impersonating you, and report it to {platform}."
    ),
    "upkeep.title": "Upkeep of the dormant account on {platform} ({index}/{count})",
    "upkeep.login": (
        "Log in to {account}: {platform} may treat an account nobody logs in to as inactive."
    ),
    "upkeep.security": (
        "Check that two-factor authentication is on and that two people can still log in."
    ),
    "upkeep.page": (
        "Check that two people still have admin roles on the Page {account}, with two-factor "
        "authentication on their own accounts."
    ),
    "upkeep.pinned": (
        "Check that the pinned post and the profile still point to your new addresses."
    ),
    "upkeep.three": (
        "The farewell post has been pinned for three months: keep it, or replace it with a shorter "
        "note saying where to find you."
    ),
    "stay.title": "Tell your community you’re staying on {platform}, and why",
    "stay.publish": "Post the news on {platform} and pin it for a few weeks.",
    "stay.partners": "Share the same news in the newsletter and with partners and funders.",
    "stay.indicators": "Say what you’ll track every month: {indicators}.",
    "reassess.title": "The monthly reviews are done: stay on {platform}? Reassess",
    "reassess.run": (
        "Go through `planner assess` again together, with the monthly figures for each indicator."
    ),
    "review.title": "Monthly review of the indicators ({index}/{count})",
    "review.measure": "Write down this month’s figure for: {indicator}.",
    "review.share": (
        "Share the figures with the team, and decide together whether anything needs to change."
    ),
}

# The plan shown as text or Markdown (planner.views). No verb has the organisation's name as
# its subject: a name can be plural ("Friends of the Garden").
VIEW = {
    "heading": "Departure plan: {name}",
    "leaves": "Leaving {platform} ({account}) on {date}.",
    "stays": "Staying on {platform} ({account}), and saying why on {date}.",
    "heading_stay": "Plan: {name}",
    "zone": "All times are in {zone}.",
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
    "posts": "Posts to publish (copy each one exactly as it is):",
    "compose": "Open the composer with this text:",
    "links": "Where people can follow us:",
}

# The calendar's name and its alarms (planner.ics).
CALENDAR = {
    "calendar": "Leaving {platforms}: {name}",
    "alarm": "Reminder: {title}",
}

# Why we leave, by theme: a short sentence for X and Threads (said on the platform itself)
# and a longer one for every other post (said anywhere: "this platform", never "here"), then
# the longer one for a post that speaks of several platforms ("these platforms").
# No "association": not every organisation is one.
REASONS = {
    "values": (
        "This platform no longer fits our values.",
        "The way this platform is run no longer fits our values.",
        "The way these platforms are run no longer fits our values.",
    ),
    "effectiveness": (
        "Our posts here reach fewer and fewer of you.",
        "Our posts on this platform reach fewer and fewer of the people we want to reach.",
        "Our posts on these platforms reach fewer and fewer of the people we want to reach.",
    ),
    "reliability": (
        "We can no longer rely on this platform.",
        "We can no longer count on this platform to be stable or to keep our community’s data "
        "safe.",
        (
            "We can no longer count on these platforms to be stable or to keep our "
            "community’s data safe."
        ),
    ),
    "resources": (
        "Our small team wants to spend its time elsewhere.",
        "Our small team would rather spend its time where it does the most good.",
        "Our small team would rather spend its time where it does the most good.",
    ),
    "alternatives": (
        "Other platforms now suit us better.",
        "Other, more open platforms now suit our needs better.",
        "Other, more open platforms now suit our needs better.",
    ),
    "image": (
        "Being here no longer reflects who we are.",
        "Being on this platform no longer reflects who we are.",
        "Being on these platforms no longer reflects who we are.",
    ),
}

# Why we stay, by theme: the same three forms; "it" is the platform, named just before
# ("they", the platforms).
STAY_REASONS = {
    "values": (
        "We want our voice heard where the conversation is.",
        "We want our voice heard where the public conversation is happening.",
        "We want our voice heard where the public conversation is happening.",
    ),
    "effectiveness": (
        "This is where many of you find us.",
        "It’s still where many of the people we work with find us.",
        "They’re still where many of the people we work with find us.",
    ),
    "reliability": (
        "It still reliably reaches our community.",
        "It still reliably reaches our community.",
        "They still reliably reach our community.",
    ),
    "resources": (
        "It fits the time our team has.",
        "It fits the time our small team has.",
        "They fit the time our small team has.",
    ),
    "alternatives": (
        "The alternatives don’t reach most of you yet.",
        "The alternatives don’t yet reach the people we work with.",
        "The alternatives don’t yet reach the people we work with.",
    ),
    "image": (
        "Our partners and community expect to find us here.",
        "It’s where our partners and our community expect to find us.",
        "It’s where our partners and our community expect to find us.",
    ),
}

# The picture cards (planner.cards): their lines, and the sentences of their alt text, which
# say everything a card says. "We", as the posts speak.
CARDS = {
    "announce": "We’re leaving {platform}",
    "announce.date": "on {date}",
    "announce.alt": "We’re leaving {platform} on {date}.",
    "remind": "{days} days to go",
    "remind.date": "until we leave {platform} on {date}",
    "remind.alt": "{days} days to go until we leave {platform} on {date}.",
    "remind.one": "1 day to go",
    "remind.one.alt": "1 day to go until we leave {platform} on {date}.",
    "final": "Today we’re leaving {platform}",
    "final.date": "{date}",
    "final.alt": "Today, {date}, we’re leaving {platform}.",
    "thanks": "Thank you for all the conversations!",
    "stay": "We’re staying on {platform}",
    "stay.alt": "We’re staying on {platform}.",
    "follow": "Where to find us:",
    "separator": "; ",  # between two destinations in the alt text
    "follow.stay": "You can also find us here:",
    "qr.alt": "A QR code that opens {url}.",
    "heading": "Picture cards",
    "post.image": "Picture card (planner cards): {file}",
    "post.alt": "Describe the image with its alt text: {alt}",
    "download": "Download",
    "describe": "Image description (alt text)",
    "copy_alt": "Copy the image description",
}


# The departure kit (planner.kit, templates/kit.html.j2): its headings, buttons, and how to
# import the calendar into each common calendar app. "labelled" joins a button's word and
# what it acts on, for screen readers.
KIT = {
    "title": "Departure kit",
    "we_leave": "Leaving",
    "on": "on",
    "follow": "Where people can follow us",
    "timeline": "The timeline",
    "timeline_desc": "Each dot is a step; while the plan runs, a vertical line shows today.",
    "today": "Today",
    "departure": "Departure",
    "after": "then every month",
    "steps": "The steps",
    "todo": "To do",
    "posts": "Posts to publish",
    "copy_button": "Copy",
    "copied": "Text copied",
    "copy_label": "Copy the text for {channel}",
    "compose": "Open the composer ({channel})",
    "chars": "characters",
    "calendar": "Calendar to import",
    "download": "Download the calendar file",
    "print_button": "Print the checklist",
    "credit": "Prepared with planner.",
    "follow.item": "{name}:",  # a destination, before its link
    "labelled": "{label}: {name}",
    "howto.google.name": "Google Calendar",
    "howto.google": (
        "On the web: Settings → Import & export → Import. Alarms in the file are dropped: turn on "
        "the calendar’s own notifications."
    ),
    "howto.outlook.name": "Outlook",
    "howto.outlook": (
        "Calendar → Add calendar → Upload from file. Importing again adds copies: delete the old "
        "calendar first."
    ),
    "howto.apple.name": "Apple Calendar",
    "howto.apple": (
        "File → Import, or open the file from Mail or Files on iPhone; choose a dedicated calendar."
    ),
    "howto.thunderbird.name": "Thunderbird",
    "howto.thunderbird": "File → Open → Calendar File, or drag the file onto a calendar.",
    "howto.nextcloud.name": "Nextcloud, Framagenda",
    "howto.nextcloud": (
        "Calendar → Settings → Import calendar. Importing again adds copies: ask whoever runs "
        "planner to publish the calendar directly."
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

# What the posts say of several platforms at once (planner.posts): each date, count of days
# or farewell with the platforms it applies to, the groups in order, joined by "then".
# Reminders come at least two days before every departure, so "days" is always plural.
POSTS = {
    "when": "{platform} on {date}",
    "countdown": "{platform} in {days} days",
    "farewell": "on {platform} on {date}",
    "then": ", then ",
}

# How long a platform's data archive can take to arrive (cautious where sources are unsure;
# the sources are in planner/platforms.py). Where no current source confirms a delay, no
# figure: the reader is sent to the platform's help.
_CHECK_HELP = "can take a while; check the platform’s help for how long"
ARCHIVE_LEAD = {
    "x": "can take up to 24 hours, sometimes a few days",
    "facebook": "can take anywhere from a few minutes to a few hours, longer at busy times",
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
    "platform": "Platform in question",
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
            "Does the way this network works match the values of our mission (not each member's "
            "personal views)?"
        ),
        "Reread our charter or mission statement with the board, and compare.",
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
        "Is our data, and our members' data, safe there?",
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
        "Try Mastodon or Bluesky for a month, or look at what groups like ours use.",
    ),
    "alternatives.offline": (
        "Can we reach our audiences through other means: posters, events, website, press?",
        "Ask a few members how they prefer to hear from us.",
    ),
    "alternatives.open_networks": (
        (
            "Open networks such as Mastodon and Bluesky have fewer users, but a committed, "
            "engaged audience: does that audience matter for the way we communicate?"
        ),
        (
            "Look for our partners, our audiences and groups like ours there, and at who "
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

# How to find out, where the web app says it in its own words: the command line's
# (QUESTIONS above) name a command, which a reader of the web app has no use for.
WEB_FIND_OUT = {
    "leaving.tell": "The plan created from these answers drafts the timeline; read it together.",
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
