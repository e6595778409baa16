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

from planner.content import words

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


@dataclass(frozen=True, slots=True)
class Platform:
    """The facts about one platform or channel.

    ``counter`` names the rule in :mod:`planner.lengths` that measures a post;
    ``limit`` is None where the channel has no practical limit (a web page, an email).
    ``grace_days`` says how long a deactivation or deletion can be cancelled, None where
    no source was found. How long a data archive takes to arrive is worded in each
    language's content (``ARCHIVE_LEAD``), from the sources given here.
    """

    id: str
    name: str
    limit: int | None
    counter: str = "chars"
    takes_posts: bool = True
    can_pin: bool = False
    links_clickable: bool = True
    grace_days: int | None = None
    compose_url: str | None = None  # {text} is replaced by the URL-encoded post


PLATFORMS: dict[str, Platform] = {
    p.id: p
    for p in (
        # X. Length: twitter-text config/v3.json, 280 weighted units (official).
        # Archive: up to 24 h, sometimes a few days (X help centre quoted in the press; secondary).
        # Deactivation: 30 days to reactivate, then the handle is free (X help centre; secondary).
        # Composer: x.com/intent/post (official).
        Platform(
            id="x",
            name="X",
            limit=280,
            counter="x",
            can_pin=True,
            grace_days=30,
            compose_url="https://x.com/intent/post?text={text}",
        ),
        # Facebook. Length 63,206 (upload-post docs; secondary). Archive: minutes to hours,
        # longer at peaks (Facebook help; secondary). Page deletion: 14 days to cancel
        # (Facebook help; secondary). No pre-filled composer: its sharer takes a URL only
        # (official).
        Platform(
            id="facebook",
            name="Facebook",
            limit=63206,
            can_pin=True,
            grace_days=14,
        ),
        # Instagram. Caption 2,200, links not clickable (ayrshare docs, Meta developer docs;
        # secondary). Archive up to 48 h (press, 2018; verify). Deletion: 30 days to cancel
        # (secondary sources; verify).
        Platform(
            id="instagram",
            name="Instagram",
            limit=2200,
            can_pin=True,
            links_clickable=False,
            grace_days=30,
        ),
        # LinkedIn. Post 3,000 characters (posting services' API docs; secondary). Archive:
        # full archive within 24 h (LinkedIn help, mirrored; secondary). No documented
        # pre-filled text for posts (verify).
        Platform(
            id="linkedin",
            name="LinkedIn",
            limit=3000,
            can_pin=True,
        ),
        # TikTok. 2,200 or 4,000 depending on the source (verify): the lower figure is kept
        # so that a post never fails on the platform. Archive: a few days (press; verify).
        # Deactivated, deleted after 30 days unless you log in (secondary; verify).
        Platform(
            id="tiktok",
            name="TikTok",
            limit=2200,
            can_pin=True,
            grace_days=30,
        ),
        # Threads. 500, emoji count their UTF-8 bytes, at most 5 links (Threads API "posts";
        # official). Composer: threads.net/intent/post (verify).
        Platform(
            id="threads",
            name="Threads",
            limit=500,
            counter="threads",
            can_pin=True,
            compose_url="https://www.threads.net/intent/post?text={text}",
        ),
        # YouTube. No source gathered yet for the length of a community post, so no
        # check (None). The archive goes through Google Takeout: hours to days (secondary).
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


def channel_name(channel: str, language: str) -> str:
    """The name of a channel as a reader of ``language`` expects it."""
    return words(language).channel_names.get(channel, PLATFORMS[channel].name)
