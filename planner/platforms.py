"""What planner knows about each platform, with the source of every fact.

Confidence, as in the project's PLATFORMS.md: *official* (the platform's own docs or
code), *secondary* (press, blogs, mirrors), *verify* (sources disagree or are old).
A fact marked verify is worded cautiously wherever users read it ("can take up to").

The table covers the platforms an association can leave and the places it can go
(destination kinds). Channels that are not social networks (website, newsletter,
email to partners) have no length limit and are listed here too, so that every
channel of a plan has one entry to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Platforms an association can leave (decision file, [[departure]] platform).
LEAVABLE = ("x", "facebook", "instagram", "linkedin", "tiktok", "threads", "youtube")

# Destination kinds (decision file, [[destination]] kind).
DESTINATION_KINDS = (
    "website",
    "newsletter",
    "mastodon",
    "bluesky",
    "linkedin",
    "facebook",
    "instagram",
    "pixelfed",
    "peertube",
    "mailing_list",
    "other",
)


# What deactivating an account does, where a source says it:
# - "temporary": the account is hidden and comes back at the next login; nothing is deleted;
# - "unpublish": a Page is taken offline, and an admin can put it back online at any time;
# - "becomes-deletion": the deactivation turns into a deletion after ``delete_grace_days``.
Deactivation = Literal["temporary", "unpublish", "becomes-deletion"]

# An account's fate after a departure, as a plan states it (see :meth:`Platform.fate`).
Fate = Literal["dormant", "hidden", "unpublished", "deleted", "unconfirmed"]


@dataclass(frozen=True, slots=True)
class Platform:
    """The facts about one platform or channel.

    ``counter`` names the rule in :mod:`planner.lengths` that measures a post;
    ``limit`` is None where the channel has no practical limit (a web page, an email);
    ``max_links`` is the most links a post may hold, None where no limit is known.

    What happens to an account left behind: ``deactivate`` says what deactivating does
    (None where no source says it, or it is not offered); ``delete_grace_days`` how many
    days a deletion can be cancelled before the data go (None where no source confirms a
    figure: the plan then sends the reader to the platform's help, it never invents one);
    ``frees_handle`` is True where a source says the name is free for anyone once the
    account is deleted (elsewhere the plan only says it *may* be). ``page`` is True where an
    association has a Page run through the admin roles of its members' own accounts, not an
    account with a password of its own. How long a data archive takes to arrive is worded in
    each language's content (``ARCHIVE_LEAD``), from the sources given here.
    """

    id: str
    name: str
    limit: int | None
    counter: str = "chars"
    takes_posts: bool = True
    can_pin: bool = False
    links_clickable: bool = True
    max_links: int | None = None
    needs_image: bool = False
    page: bool = False
    deactivate: Deactivation | None = None
    delete_grace_days: int | None = None
    frees_handle: bool = False
    compose_url: str | None = None  # {text} is replaced by the URL-encoded post

    def fate(self, after: str) -> Fate:
        """What becomes of the account for a decision's ``after`` (dormant, deactivate, delete).

        "deleted" always comes with ``delete_grace_days``; "unconfirmed" is what no source
        confirms (the plan then says to check the platform's help).
        """
        if after == "dormant":
            return "dormant"
        if after == "deactivate" and self.deactivate == "temporary":
            return "hidden"
        if after == "deactivate" and self.deactivate == "unpublish":
            return "unpublished"
        if after == "deactivate" and self.deactivate != "becomes-deletion":
            return "unconfirmed"
        return "deleted" if self.delete_grace_days else "unconfirmed"


PLATFORMS: dict[str, Platform] = {
    p.id: p
    for p in (
        # X. Length: twitter-text config/v3.json, 280 weighted units (official).
        # Archive: up to 24 h, sometimes a few days (X help centre quoted in the press; secondary).
        # Deactivation opens 30 days in which logging in cancels it; then the account is
        # deleted and the handle can be registered by anyone: X has no other way to delete
        # an account (X help centre, mirrored; press; secondary).
        # Composer: x.com/intent/post (docs.x.com documents intent/tweet; both work).
        Platform(
            id="x",
            name="X",
            limit=280,
            counter="x",
            can_pin=True,
            deactivate="becomes-deletion",
            delete_grace_days=30,
            frees_handle=True,
            compose_url="https://x.com/intent/post?text={text}",
        ),
        # Facebook. Length 63,206 (upload-post docs; secondary). Archive: minutes to hours,
        # longer at peaks (Facebook help; secondary). An association has a Page, run through
        # admin roles, not a password: keep two admins (Facebook help; press; secondary).
        # A Page is not deactivated like a profile: it is unpublished (hidden, reversible at
        # once) or deleted, with 14 days to cancel (Facebook help; press; secondary). Whether
        # the Page's username becomes free: no source. No pre-filled composer: its sharer
        # takes a URL only (official).
        Platform(
            id="facebook",
            name="Facebook",
            limit=63206,
            can_pin=True,
            page=True,
            deactivate="unpublish",
            delete_grace_days=14,
        ),
        # Instagram. Caption 2,200, links not clickable (ayrshare docs, Meta developer docs;
        # secondary). A post needs an image or a video (the platform; official). Archive: up to
        # 48 h in 2018 press only (verify: the plan says to check the help). Deactivation is
        # temporary: the account is hidden until the next login, nothing is deleted (The Hindu,
        # 2024, and guides; secondary). Deletion: hidden at once, 30 days to cancel, then
        # deleted (The Hindu 2024, guides agree; secondary); whether the username becomes free
        # again is not confirmed (verify: the plan says it may).
        Platform(
            id="instagram",
            name="Instagram",
            limit=2200,
            can_pin=True,
            links_clickable=False,
            needs_image=True,
            deactivate="temporary",
            delete_grace_days=30,
        ),
        # LinkedIn. Post 3,000 characters (posting services' API docs; secondary). Archive:
        # full archive within 24 h (LinkedIn help, mirrored; secondary). An association has a
        # Page, managed by super admins; the last admin cannot remove themself: keep two
        # (LinkedIn help, mirrored; secondary). What deactivating or deleting a Page does: no
        # source gathered. No documented pre-filled text for posts (verify).
        Platform(
            id="linkedin",
            name="LinkedIn",
            limit=3000,
            can_pin=True,
            page=True,
        ),
        # TikTok. 2,200 or 4,000 depending on the source (verify): the lower figure is kept
        # so that a post never fails on the platform. Archive: a few days (press; verify: the
        # plan says to check the help). Deactivation is temporary, undone by logging in;
        # deletion deactivates first, then deletes after 30 days unless you log in (guides
        # agree; secondary).
        Platform(
            id="tiktok",
            name="TikTok",
            limit=2200,
            can_pin=True,
            deactivate="temporary",
            delete_grace_days=30,
        ),
        # Threads. 500, emoji count their UTF-8 bytes, at most 5 links (Threads API "posts";
        # official). Composer: threads.com/intent/post (Threads Web Intents, March 2026;
        # threads.net is the old host; official). Archive, deactivation, deletion: no source
        # gathered.
        Platform(
            id="threads",
            name="Threads",
            limit=500,
            counter="threads",
            can_pin=True,
            max_links=5,
            compose_url="https://www.threads.com/intent/post?text={text}",
        ),
        # YouTube. No source gathered yet for the length of a community post, so no
        # check (None); nor for the archive (Google Takeout), deactivation or deletion.
        Platform(
            id="youtube",
            name="YouTube",
            limit=None,
        ),
        # Mastodon. 500 by default, set per server; links 23; a mention counts its @user part
        # (docs.joinmastodon.org, status_length_validator.rb; official). Composer: the
        # destination server's /share?text= (official).
        Platform(
            id="mastodon",
            name="Mastodon",
            limit=500,
            counter="mastodon",
            can_pin=True,
            compose_url="https://{instance}/share?text={text}",
        ),
        # Bluesky. 300 graphemes (atproto lexicon app.bsky.feed.post; official); links
        # shortened by the official app (social-app toShortUrl; official).
        Platform(
            id="bluesky",
            name="Bluesky",
            limit=300,
            counter="bluesky",
            can_pin=True,
            compose_url="https://bsky.app/intent/compose?text={text}",
        ),
        # Pixelfed: captions limited to 500 characters by default (Pixelfed's
        # config/pixelfed.php max_caption_length; secondary), like Mastodon for links.
        Platform(id="pixelfed", name="Pixelfed", limit=500, counter="mastodon"),
        # PeerTube hosts videos: no text posts to prepare there.
        Platform(id="peertube", name="PeerTube", limit=None, takes_posts=False),
        Platform(id="website", name="website", limit=None),
        Platform(id="newsletter", name="newsletter", limit=None),
        Platform(id="mailing_list", name="mailing list", limit=None),
        Platform(id="partners", name="partners", limit=None),
        Platform(id="other", name="other", limit=None, takes_posts=False),
    )
}
