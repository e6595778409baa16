"""Picture cards: what each card of a plan says, its alt text, its size and its file name.

Each public step that a picture helps most (the announcement, the last reminder, the
farewell, and the "we are staying" post) gets a card in two sizes: portrait for the
networks that show tall pictures, landscape for those that show wide ones. A card says who
speaks, what happens and when, where to find the organisation next (handles and short
addresses, not long URLs), and carries a QR code to the website or the first destination.

The facts come from the plan and the posts' own context (:func:`planner.posts.context`):
the same dates in words, the same days left, the same reasons; the words come from
:mod:`planner.content`. Every card has an alt text that says everything the card says,
in the plan's language. Drawing is :mod:`planner.drawing`'s job: this module needs no
image library, so that the posts and the kit can give the alt text without loading one.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list

from planner.content import words
from planner.decision import Decision
from planner.platforms import PLATFORMS
from planner.posts import Post, context, destination_entries
from planner.timeline import Plan, Step
from planner.wording import de, french_spacing

DEFAULT_COLOUR = "#1d5f8a"  # the kit's own accent, when the decision file names none


@dataclass(frozen=True, slots=True)
class Format:
    """A card's size, and the networks it is made for."""

    name: str
    width: int
    height: int
    channels: tuple[str, ...]

    @property
    def label(self) -> str:
        """'Instagram, Facebook… (1080 × 1350)': what the kit shows above a card."""
        names = ", ".join(PLATFORMS[c].name for c in self.channels)
        return f"{names} ({self.width} × {self.height})"


# Instagram shows a photo at most 4:5 tall and 1080 pixels wide, and Facebook and Threads
# the same portrait whole in a feed; X, Bluesky, Mastodon and LinkedIn show a 16:9 picture
# uncropped in a timeline (the sizes of issue 20; each network's help on images).
FORMATS = (
    Format("portrait", 1080, 1350, ("instagram", "facebook", "threads", "tiktok", "pixelfed")),
    Format("landscape", 1200, 675, ("x", "bluesky", "mastodon", "linkedin")),
)


@dataclass(frozen=True, slots=True)
class CardText:
    """Everything one step's card says, in the order it shows it."""

    step: Step
    language: str
    name: str  # the organisation
    headline: str
    subline: str | None  # the date, or the days left and the date
    extra: str | None  # the farewell's thanks, or the reason to stay
    follow: str | None  # "Where to find us:", when there is anywhere to go
    destinations: tuple[str, ...]  # "Mastodon: @garden@mastodon.social"
    qr_url: str | None  # what the QR code opens
    qr_label: str | None  # the same address, short, under the code
    qr_field: str | None  # the decision file's field that gives it
    sentence: str  # the headline and the subline as one sentence, for the alt text
    colour: str
    logo: str | None

    @property
    def alt(self) -> str:
        """The alt text: everything the card says, in the card's order."""
        said = words(self.language).cards
        parts = [f"{self.name}.", self.sentence]
        if self.extra:
            parts.append(self.extra)
        if self.follow and self.destinations:
            parts.append(f"{self.follow} {said['separator'].join(self.destinations)}.")
        if self.qr_url:
            parts.append(said["qr.alt"].format(url=self.qr_url))
        text = " ".join(parts)
        return french_spacing(text) if self.language == "fr" else text


@dataclass(frozen=True, slots=True)
class Card:
    """One card: its text in one format."""

    text: CardText
    format: Format

    @property
    def file_name(self) -> str:
        """'2026-12-18_x-announce_portrait.png': sorts by date, names the step and the size."""
        step = self.text.step
        return f"{step.day.isoformat()}_{step.id.replace('/', '-')}_{self.format.name}.png"

    @property
    def alt_name(self) -> str:
        """The alt text's file, next to the picture: '…_portrait-alt.txt'."""
        return self.file_name.removesuffix(".png") + "-alt.txt"


def card_steps(plan: Plan) -> tuple[Step, ...]:
    """The steps that get a card: each announcement, last reminder, farewell and stay post."""
    last_reminders = {}
    for step in plan.steps:
        if step.kind == "remind":
            last_reminders[step.platform] = step  # steps are in time order: the last one stays
    return tuple(
        s
        for s in plan.steps
        if s.kind in ("announce", "final", "stay") or last_reminders.get(s.platform) is s
    )


def short_address(link: str) -> str:
    """An address as a person types it: no scheme, no 'www.', no trailing slash."""
    text = link.split("://", 1)[1] if "://" in link else link
    text = text.removeprefix("www.")
    return text.rstrip("/") or text


def qr_target(decision: Decision) -> tuple[str, str] | None:
    """What the QR code opens, the website or else the first destination with a web address,
    and the field of the decision file that gives it."""
    if decision.organisation.website:
        return decision.organisation.website, "organisation.website"
    return next(
        (
            (d.url, f"destination #{index} url")
            for index, d in enumerate(decision.destinations, start=1)
            if d.url
        ),
        None,
    )


def card_text(plan: Plan, step: Step) -> CardText:
    """What the card of ``step`` says (a step of :func:`card_steps`)."""
    decision = plan.decision
    language, locale = decision.language, decision.locale
    said = words(language).cards
    colon = words(language).view["colon"]
    assert step.platform is not None  # every step of card_steps is a platform's
    facts = context(plan, step, step.platform)  # the dates and reasons the posts give
    # A card goes on the platform left and on every destination: it speaks of every platform
    # of the step's campaign, as the posts on the destinations do.
    names = [PLATFORMS[p].name for p in (step.about or (step.platform,))]
    values = {
        "platform": format_list(names, locale=locale),
        "de_platform": format_list([de(n) for n in names], locale=locale),
        "date": facts["departure_date"],
        "days": facts["days_left"],
    }
    kind = step.kind
    extra: str | None = None
    if kind == "remind":
        key = "remind.one" if facts["days_left"] == 1 else "remind"
        headline, subline = said[key], said["remind.date"]
        sentence = said[f"{key}.alt"]
    elif kind == "final" and not facts["days_left"]:
        headline, subline, sentence = said["final"], said["final.date"], said["final.alt"]
        extra = said["thanks"]
    elif kind == "stay":
        headline, subline, sentence = said["stay"], None, said["stay.alt"]
        extra = facts["reason"]
    else:  # the announcement, and a farewell posted before the day of the departure
        headline, subline = said["announce"], said["announce.date"]
        sentence = said["announce.alt"]
        if kind == "final":
            extra = said["thanks"]
    destinations = tuple(
        f"{d['name']}{colon}{short_address(d['address'] or d['link'])}"
        for d in destination_entries(decision, exclude=None)
        if d["address"] or d["link"]
    )
    follow = said["follow.stay" if kind == "stay" else "follow"] if destinations else None
    target = qr_target(decision)
    return CardText(
        step=step,
        language=language,
        name=decision.organisation.name,
        headline=headline.format(**values),
        subline=subline.format(**values) if subline else None,
        extra=extra,
        follow=follow,
        destinations=destinations,
        qr_url=target[0] if target else None,
        qr_label=short_address(target[0]) if target else None,
        qr_field=target[1] if target else None,
        sentence=sentence.format(**values),
        colour=decision.organisation.colour or DEFAULT_COLOUR,
        logo=decision.organisation.logo,
    )


def plan_cards(plan: Plan) -> tuple[Card, ...]:
    """Every card of the plan, each step's portrait then its landscape, in plan order."""
    return tuple(Card(card_text(plan, step), f) for step in card_steps(plan) for f in FORMATS)


def post_cards(plan: Plan, posts: tuple[Post, ...]) -> dict[tuple[str, str], Card]:
    """The card that goes with each post on a network, by (step id, channel): the step's
    card in the size that network shows."""
    cards = {(c.text.step.id, c.format.name): c for c in plan_cards(plan)}
    sizes = {channel: f.name for f in FORMATS for channel in f.channels}
    return {
        (p.step.id, p.channel): cards[(p.step.id, sizes[p.channel])]
        for p in posts
        if p.channel in sizes and (p.step.id, sizes[p.channel]) in cards
    }
