"""How a post looks once published: its links as each platform shows them.

A preview is a list of :class:`Piece`: plain text, or a link with the text the platform
shows for it, for the web app to draw (line breaks are kept in the text). Links are
found as each platform finds them (:mod:`planner.lengths`):

- X wraps every link in t.co (23 characters, whatever its length) and shows it without
  ``https://``, cut after 25 characters with "…" (twitter-text's ``display_url``, which
  X truncates; the exact cut is X's and may differ by a character);
- Mastodon hides ``https://`` and ``www.`` and shows the first 30 characters, then "…"
  (mastodon ``TextFormatter``: the rest of the link is in an invisible span);
- Bluesky's app shows the host and the first 13 characters of the path, then "..."
  (:func:`planner.lengths.short_url`, social-app's ``toShortUrl``);
- Instagram makes no link clickable in a caption: the address stays plain text;
- elsewhere the address is shown whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.lengths import LINK, short_url
from planner.lengths.x import extract_urls
from planner.platforms import PLATFORMS

X_SHOWN = 25
MASTODON_SHOWN = 30


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text as shown; ``link`` is the address it opens, None for plain text."""

    text: str
    link: str | None = None


def _found(channel: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, address) of each link the platform finds."""
    if channel == "x":
        return [(u.start, u.start + len(u.text), u.text) for u in extract_urls(text)]
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(LINK, text)]


def shown(channel: str, address: str) -> str:
    """The text a platform shows for a link."""
    bare = re.sub(r"^https?://", "", address, flags=re.I)
    if channel == "x":
        return bare if len(bare) <= X_SHOWN else bare[:X_SHOWN] + "…"
    if channel == "mastodon":
        bare = re.sub(r"^www\.", "", bare, flags=re.I)
        return bare if len(bare) <= MASTODON_SHOWN else bare[:MASTODON_SHOWN] + "…"
    if channel == "bluesky":
        return short_url(address)
    return address


def preview(channel: str, text: str) -> list[Piece]:
    """The post as ``channel`` shows it: plain runs and links with their shown text."""
    if not PLATFORMS[channel].links_clickable:
        return [Piece(text)]
    pieces: list[Piece] = []
    position = 0
    for start, end, address in _found(channel, text):
        if start > position:
            pieces.append(Piece(text[position:start]))
        target = address if re.match(r"https?://", address, re.I) else f"https://{address}"
        pieces.append(Piece(shown(channel, address), target))
        position = end
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return pieces
