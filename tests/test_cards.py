"""Picture cards: what they say, that it all fits, their contrast, their QR codes read back by
an independent decoder (zbar), their font, and their pictures against golden images."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from babel.dates import format_date
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from planner.cards import FORMATS, Card, plan_cards, post_cards
from planner.cli import main
from planner.content import LANGUAGES, words
from planner.decision import Decision, Destination, Organisation, Stay, load
from planner.drawing import (
    BOLD,
    GEOMETRY,
    MIN_CONTRAST,
    REGULAR,
    Layout,
    card_files,
    contrast,
    draw,
    fit,
    qr_matrix,
    text_colour,
)
from planner.errors import InputError
from planner.platforms import PLATFORMS
from planner.posts import render_posts
from planner.timeline import build_plan
from planner.wording import long_date

from .conftest import EXAMPLES, GOLDEN, ROOT, Golden

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
COOPERATIVE = ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"
EXAMPLE_CARDS = [(path, card) for path in EXAMPLES for card in plan_cards(build_plan(load(path)))]
IDS = [f"{path.stem}/{card.file_name}" for path, card in EXAMPLE_CARDS]


def picture(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def layout_of(card: Card, logo: tuple[int, int] | None = None) -> Layout:
    placed = fit(card, len(qr_matrix(card.text.qr_url)) if card.text.qr_url else 0, logo)
    assert placed is not None, card.file_name
    return placed


# --- golden images -------------------------------------------------------------------------
#
# A golden card is the picture at half size, in 64 colours (small files). The comparison
# tolerates what another FreeType or Pillow may change in the edges of the letters: it looks
# at squares of 16 × 16 pixels of the card, and fails when one of them differs on average by
# more than TOLERANCE (of 255). A letter, a figure or a word changed fails it.

REDUCTION = 2
SQUARE = 8  # of the reduced picture
TOLERANCE = 10


def reduced(data: bytes) -> Image.Image:
    return picture(data).reduce(REDUCTION)


def worst_square(expected: Image.Image, actual: Image.Image) -> int:
    """The mean difference, from 0 to 255, of the square where two pictures differ most."""
    assert expected.size == actual.size
    difference = ImageChops.difference(expected, actual).convert("L")
    return int(difference.reduce(SQUARE).getextrema()[1])


def golden_picture(path: Path, card: Card) -> Path:
    return GOLDEN / "cards" / path.stem / card.file_name


def describe(card: Card, placed: Layout) -> str:
    """The card's file, its alt text and each line as drawn (where, size, weight)."""
    lines = [f"== {card.file_name}", f"alt: {card.text.alt}"]
    for block in placed.texts:
        weight = "bold" if Path(block.face.path).name == BOLD.name else "regular"
        for index, line in enumerate(block.lines):
            y = block.y + index * block.leading
            lines.append(f"{block.x},{y} {block.face.size} {weight}: {line}")
    if placed.qr:
        lines.append(f"qr: {placed.qr[0]},{placed.qr[1]} module {placed.qr[2]}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_cards_match_golden(path: Path, golden: Golden) -> None:
    """Every card of every example: its alt text and lines exactly (a text golden file), its
    picture within the tolerance of the golden image; `make golden` rewrites both."""
    cards = [card for source, card in EXAMPLE_CARDS if source == path]
    golden.check(
        f"cards/{path.stem}.txt", "".join(describe(card, layout_of(card)) for card in cards)
    )
    for card in cards:
        data = draw(card, path.name)
        actual = reduced(data)
        if path == JARDIN and card.text.step.kind == "announce":  # the README shows these
            shown = ROOT / "docs" / f"card-{card.format.name}.png"
            if golden.update:
                shown.write_bytes(data)
            assert shown.exists(), f"no {shown}; run: make golden"
            assert worst_square(reduced(shown.read_bytes()), actual) <= TOLERANCE, shown
        target = golden_picture(path, card)
        if golden.update:
            target.parent.mkdir(parents=True, exist_ok=True)
            actual.quantize(64).save(target, optimize=True)
            continue
        assert target.exists(), f"no golden image {target}; run: make golden"
        worst = worst_square(picture(target.read_bytes()), actual)
        assert worst <= TOLERANCE, (
            f"{card.file_name} differs from {target} (a square differs by {worst} > "
            f"{TOLERANCE}); look at both, then run: make golden"
        )


def _golden_of(card: Card) -> Image.Image:
    path = golden_picture(JARDIN, card)
    if not path.exists():
        pytest.skip(f"no golden image {path} yet; run: make golden")
    return picture(path.read_bytes())


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Les Amis du Jardim Partagé"},  # one letter
        {"date": dt.date(2027, 1, 14)},  # one day earlier
        {"colour": "#1d5f8b"},  # the same blue, one step away: not a change a reader sees
    ],
    ids=["letter", "date", "invisible"],
)
def test_the_golden_comparison_sees_a_changed_text(change: dict[str, object]) -> None:
    """Changing one letter of the name, or the date, makes every card of the example differ
    from its golden image beyond the tolerance; a colour one step away does not."""
    decision = load(JARDIN)
    if "name" in change:
        decision = replace(
            decision, organisation=replace(decision.organisation, name=str(change["name"]))
        )
    if "date" in change:
        date = change["date"]
        assert isinstance(date, dt.date)
        decision = replace(decision, departures=(replace(decision.departures[0], date=date),))
    if "colour" in change:
        decision = replace(
            decision, organisation=replace(decision.organisation, colour=str(change["colour"]))
        )
    originals = {(c.text.step.kind, c.format.name): c for c in plan_cards(build_plan(load(JARDIN)))}
    for card in plan_cards(build_plan(decision)):
        expected = _golden_of(originals[(card.text.step.kind, card.format.name)])
        worst = worst_square(expected, reduced(draw(card, "d.toml")))
        assert (worst > TOLERANCE) == ("colour" not in change), (card.file_name, worst)


def test_the_golden_comparison_tolerates_softer_letter_edges() -> None:
    """A rendering whose edges are blurred by half a pixel (what another rasteriser may do)
    still matches."""
    for card in plan_cards(build_plan(load(JARDIN))):
        softer = picture(draw(card, "d.toml")).filter(ImageFilter.GaussianBlur(0.5))
        assert worst_square(_golden_of(card), softer.reduce(REDUCTION)) <= TOLERANCE


# --- what the cards say --------------------------------------------------------------------


def test_card_texts_are_the_facts_of_the_plan() -> None:
    """The jardin's cards: the name, the platform left, the long French date from Babel, the
    days left of the last reminder as the plan has them, every destination by its handle or
    short address, and a QR code to the website."""
    decision = load(JARDIN)
    plan = build_plan(decision)
    by_kind = {c.text.step.kind: c.text for c in plan_cards(plan)}
    assert set(by_kind) == {"announce", "remind", "final"}
    date = long_date(decision.departures[0].date, "fr")
    assert date == "vendredi 15\u00a0janvier\u00a02027"
    announce = by_kind["announce"]
    assert (announce.name, announce.headline, announce.subline) == (
        "Les Amis du Jardin Partagé",
        "Nous quittons X",
        f"le {date}",
    )
    last = [s for s in plan.steps if s.kind == "remind"][-1]
    assert by_kind["remind"].step == last
    days = (decision.departures[0].date - last.day).days
    assert by_kind["remind"].headline == f"Plus que {days} jours"
    assert by_kind["final"].headline == "Aujourd’hui, nous quittons X"
    assert announce.destinations == (
        "Mastodon\xa0: @amisdujardin@mastodon.social",
        "Lettre d’information\xa0: jardin.example.org/lettre",
        "Site\xa0: jardin.example.org",
    )
    assert announce.follow == "Où nous retrouver\xa0:"
    assert (announce.qr_url, announce.qr_label) == (
        "https://jardin.example.org",
        "jardin.example.org",
    )


def test_american_dates_and_the_stay_card() -> None:
    """A US food bank's cards write American dates; its stay card says it stays, and why."""
    leaves = load(ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml")
    announce = plan_cards(build_plan(leaves))[0].text
    assert announce.subline == "on Friday, February\u00a026,\u00a02027"
    stays = load(ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml")
    (portrait, landscape) = plan_cards(build_plan(stays))
    assert portrait.text == landscape.text
    assert portrait.text.headline == "We’re staying on Facebook"
    assert portrait.text.extra == words("en").stay_reasons["effectiveness"][0]
    assert portrait.text.follow == "You can also find us here:"


def test_a_campaign_card_names_every_platform_left_that_day() -> None:
    """The cooperative leaves Instagram and X the same day: the campaign's lead card names
    both, with French elision in 'd’Instagram et de X'."""
    cards = {c.text.step.id: c.text for c in plan_cards(build_plan(load(COOPERATIVE)))}
    assert cards["instagram/announce"].headline == "Nous quittons Instagram et X"
    assert cards["instagram/remind-6"].subline == (
        "avant notre départ d’Instagram et de X, le lundi 1er\u00a0février\u00a02027"
    )
    assert cards["x/announce"].headline == "Nous quittons X"


def test_a_farewell_posted_before_the_day_does_not_say_today() -> None:
    """A departure on a Sunday: the farewell goes out on the Friday before, and its card gives
    the day of the departure instead of 'today'."""
    decision = load(JARDIN)
    sunday = dt.date(2027, 1, 17)
    decision = replace(decision, departures=(replace(decision.departures[0], date=sunday),))
    final = next(c.text for c in plan_cards(build_plan(decision)) if c.text.step.kind == "final")
    assert final.step.day < sunday
    assert final.headline == "Nous quittons X"
    assert final.subline == "le dimanche 17\u00a0janvier\u00a02027"
    assert "Aujourd’hui" not in final.alt


def _tokens(text: str) -> list[str]:
    return [t.strip(".,;:!?«»()") for t in text.split() if t.strip(".,;:!?«»()")]


@pytest.mark.parametrize(("path", "card"), EXAMPLE_CARDS, ids=IDS)
def test_the_alt_text_says_everything_the_card_says(path: Path, card: Card) -> None:
    """Every word drawn on the card is in its alt text, and the alt text gives the QR code's
    whole address."""
    alt = card.text.alt
    for block in layout_of(card).texts:
        for token in _tokens(" ".join(block.lines).replace("\xa0", " ")):
            assert token in alt.replace("\xa0", " "), (token, alt)
    assert card.text.qr_url and card.text.qr_url in alt


# --- it fits -------------------------------------------------------------------------------

NAME_60 = "Association Intercommunale des Jardins Familiaux et Partagés"
FIVE = (
    Destination(
        "mastodon",
        "@jardinsfamiliauxintercommunaux@mastodon.example.social",
        "https://mastodon.example.social/@jardinsfamiliauxintercommunaux",
    ),
    Destination(
        "bluesky",
        "@jardins-familiaux-intercommunaux.bsky.social",
        "https://bsky.app/profile/jardins-familiaux-intercommunaux.bsky.social",
    ),
    Destination("newsletter", None, "https://jardins-familiaux-intercommunaux.example.org/lettre"),
    Destination("website", None, "https://jardins-familiaux-intercommunaux.example.org"),
    Destination("peertube", "@jardins@videos.example.org", "https://videos.example.org/a/jardins"),
)


def a_logo(folder: Path, size: tuple[int, int] = (600, 200)) -> Path:
    """A logo: a red disc and a dark bar on a transparent background."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse((0, 0, size[1] - 1, size[1] - 1), fill=(220, 20, 20, 255))
    pen.rectangle((size[1] + 20, size[1] // 4, size[0] - 1, 3 * size[1] // 4), fill=(20, 20, 20))
    path = folder / "logo.png"
    image.save(path)
    return path


def longest(language: str, stay: bool, logo: Path | None) -> Decision:
    """A decision with a 60-character name, five destinations with long handles and
    addresses, a logo: the most a card is asked to hold."""
    assert len(NAME_60) == 60
    decision = replace(
        load(JARDIN),
        language=language,
        organisation=Organisation(
            NAME_60,
            website="https://jardins-familiaux-intercommunaux.example.org",
            colour="#f5c400",
            logo=str(logo) if logo else None,
        ),
        destinations=FIVE,
        reasons=("alternatives",),
    )
    if stay:
        decision = replace(
            decision, departures=(), stays=(Stay("x", "@jardins", decision.decided_on),)
        )
    return decision


@pytest.mark.parametrize("stay", [False, True], ids=["leave", "stay"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_longest_texts_fit(language: str, stay: bool, tmp_path: Path) -> None:
    """A 60-character name, five destinations and a logo, in each language, on every card
    (announcement, last reminder, farewell, or stay) of both sizes: every line inside the
    margins, nothing over the QR code, the logo or another line, and every character of the
    card's text drawn (none cut)."""
    from planner.drawing import load_logo

    decision = longest(language, stay, a_logo(tmp_path))
    cards = plan_cards(build_plan(decision))
    assert {c.text.step.kind for c in cards} == (
        {"stay"} if stay else {"announce", "remind", "final"}
    )
    for card in cards:
        g = GEOMETRY[card.format.name]
        logo = load_logo(str(decision.organisation.logo), (g.logo[0] - 24, g.logo[1] - 24), "d")
        placed = layout_of(card, (logo.width + 24, logo.height + 24))
        boxes = []
        for block in placed.texts:
            for index, line in enumerate(block.lines):
                left, top = block.x, block.y + index * block.leading
                right = left + round(block.face.getlength(line))
                assert g.margin <= left and right <= card.format.width - g.margin, (line, card)
                assert g.margin <= top and top + block.leading <= card.format.height - g.margin
                boxes.append((left, top, right, top + block.leading))
        if placed.qr:
            x, y, module = placed.qr
            side = module * (len(qr_matrix(str(card.text.qr_url))) + 8)
            boxes.append((x, y, x + side, y + side))
        if placed.logo:
            boxes.append(
                (*placed.logo, placed.logo[0] + logo.width + 24, placed.logo[1] + logo.height + 24)
            )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        drawn = "".join("".join(block.lines) for block in placed.texts).replace(" ", "")
        said = [card.text.name, card.text.headline, card.text.subline, card.text.extra]
        said += [card.text.follow, *card.text.destinations, card.text.qr_label]
        for text in said:
            if text:
                assert text.replace(" ", "") in drawn, (text, card.file_name)
        image = picture(draw(card, "d.toml"))
        assert image.size == (card.format.width, card.format.height)


def test_a_card_that_cannot_hold_its_text_is_a_clear_error(tmp_path: Path) -> None:
    """Every kind of destination, each with a long handle, under a long name and a logo: no
    readable size holds them, and the error names the file, the card and what to shorten."""
    from planner.platforms import DESTINATION_KINDS

    decision = longest("fr", False, a_logo(tmp_path))
    many = tuple(
        Destination(kind, f"@jardinsfamiliauxintercommunaux@{kind}.example.social", None)
        for kind in DESTINATION_KINDS
    )
    cards = plan_cards(build_plan(replace(decision, destinations=many)))
    card = next(c for c in cards if (c.text.step.kind, c.format.name) == ("final", "portrait"))
    with pytest.raises(InputError) as error:
        draw(card, "depart.toml")
    assert error.value.lines == (
        f"depart.toml: {card.file_name} cannot hold its text at a readable size; shorten "
        "organisation.name, or list fewer destinations",
    )


# --- contrast ------------------------------------------------------------------------------


def drawn_colours(data: bytes, card: Card) -> tuple[str, str]:
    """The background and the ink of a drawn card, read from its pixels: the colour of the
    corner, and the most frequent other colour where the name and headline are."""
    image = picture(data)
    g = GEOMETRY[card.format.name]
    background = image.getpixel((1, 1))
    top = image.crop((g.margin, g.margin, g.margin + g.column, card.format.height // 3))
    counts = sorted(top.getcolors(1 << 20) or [], reverse=True)
    ink = next(colour for _, colour in counts if colour != background)
    assert isinstance(background, tuple) and isinstance(ink, tuple)
    return "#{:02x}{:02x}{:02x}".format(*background), "#{:02x}{:02x}{:02x}".format(*ink)


@pytest.mark.parametrize(
    "colour", [None, "#ffffff", "#000000", "#f5c400", "#767676", "#777777", "#e4003a", "#7ec8e3"]
)
@pytest.mark.parametrize("path", EXAMPLES[:2], ids=lambda p: p.stem)
def test_every_card_has_a_contrast_of_at_least_4_5(path: Path, colour: str | None) -> None:
    """The contrast between the ink and the background, as drawn, is at least 4.5:1, for the
    default colour and for light, dark and middle ones (#777777: where neither white nor
    near-black reaches it, and black does)."""
    decision = load(path)
    if colour:
        decision = replace(decision, organisation=replace(decision.organisation, colour=colour))
    for card in plan_cards(build_plan(decision)):
        background, ink = drawn_colours(draw(card, path.name), card)
        assert background == (colour or "#1d5f8a")
        assert ink == text_colour(background)
        assert contrast(ink, background) >= MIN_CONTRAST, (background, ink)


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_the_text_colour_contrasts_with_any_background(colour: str) -> None:
    """Whatever the organisation's colour, the text chosen for it reaches 4.5:1."""
    assert contrast(text_colour(colour), colour) >= MIN_CONTRAST


def test_contrast_is_wcag_s() -> None:
    """The contrast formula gives WCAG's known values: 21 for black on white, 4.54 for
    #767676 on white (the lightest grey that passes), 1 for a colour on itself."""
    assert round(contrast("#000000", "#ffffff"), 2) == 21
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#1d5f8a", "#1d5f8a") == 1


# --- the QR code, read back by zbar ---------------------------------------------------------


def decode(data: bytes, tmp_path: Path) -> list[str]:
    """The QR codes zbarimg (Debian's zbar-tools, a decoder independent of segno) reads in
    a picture."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg is needed to read the QR codes back (apt-get install zbar-tools)")
    path = tmp_path / "card.png"
    path.write_bytes(data)
    done = subprocess.run(
        [zbarimg, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 4), done.stderr  # 4: nothing found
    return done.stdout.splitlines()


@pytest.mark.parametrize(("path", "card"), EXAMPLE_CARDS, ids=IDS)
def test_every_qr_code_reads_back_as_its_address(path: Path, card: Card, tmp_path: Path) -> None:
    """zbar reads each card's QR code back to the address the card promises."""
    assert decode(draw(card, path.name), tmp_path) == [card.text.qr_url]


def test_a_long_address_reads_back_and_a_too_long_one_is_refused(tmp_path: Path) -> None:
    """Without a website, the code opens the first destination with an address; a long one
    (160 characters) still reads back on both sizes; one too long for a phone to read is an
    error naming its field."""
    decision = load(JARDIN)
    url = "https://mastodon.social/@amisdujardin/" + "x" * 122
    decision = replace(
        decision,
        organisation=replace(decision.organisation, website=None),
        destinations=(Destination("mastodon", "@amisdujardin@mastodon.social", url),),
    )
    for card in plan_cards(build_plan(decision))[:2]:
        assert card.text.qr_field == "destination #1 url"
        assert decode(draw(card, "d.toml"), tmp_path) == [url]
    too_long = replace(decision.destinations[0], url=url + "y" * 600)
    card = plan_cards(build_plan(replace(decision, destinations=(too_long,))))[0]
    with pytest.raises(InputError, match=r"^d\.toml: destination #1 url: '.*' is too long for a"):
        draw(card, "d.toml")


# --- the font -------------------------------------------------------------------------------

FRENCH_LETTERS = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
TYPOGRAPHY = "«»’‘“”…–—\xa0\u202f€%&@#/"


def test_the_font_draws_every_character_of_both_languages() -> None:
    """Both faces shipped (regular and bold) have a glyph for every character a card may
    show: the cards' words, destination and platform names, the month and day names Babel
    writes in French and in American and British English, French letters and typography."""
    from fontTools.ttLib import TTFont

    text = FRENCH_LETTERS + TYPOGRAPHY + "".join(p.name for p in PLATFORMS.values())
    for language in LANGUAGES:
        said = words(language)
        text += "".join(said.cards.values()) + "".join(said.destination_names.values())
        text += "".join(short for short, *_ in said.stay_reasons.values())
    for locale in ("fr", "en_US", "en_GB"):
        for month in range(1, 13):
            for day in range(1, 8):
                text += format_date(dt.date(2027, month, day), "EEEE d MMMM y", locale=locale)
    for face in (REGULAR, BOLD):
        covered = set(TTFont(str(face)).getBestCmap())
        missing = sorted({c for c in text if ord(c) not in covered})
        assert missing == [], (face.name, missing)
    assert (ROOT / "planner" / "fonts" / "LICENSE").read_text("utf-8").count("Bitstream") > 3


# --- logos -----------------------------------------------------------------------------------


def _reds(data: bytes) -> int:
    """How many pixels of a picture are clearly red."""
    red, green, blue = picture(data).split()
    mask = ImageChops.multiply(
        red.point(lambda v: 255 if v > 180 else 0),
        ImageChops.multiply(
            green.point(lambda v: 255 if v < 80 else 0), blue.point(lambda v: 255 if v < 80 else 0)
        ),
    )
    return mask.histogram()[255]


def write_decision(folder: Path, extra: str) -> Path:
    """The jardin's decision file in ``folder``, with lines added under [organisation]."""
    text = JARDIN.read_text("utf-8").replace("[organisation]\n", f"[organisation]\n{extra}\n")
    path = folder / "depart.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_png_logo_is_drawn_on_its_plate(tmp_path: Path) -> None:
    """A PNG logo given relative to the decision file is drawn, whatever the folder the
    command runs from."""
    a_logo(tmp_path)
    decision = load(write_decision(tmp_path, 'logo = "logo.png"\ncolour = "#1D5F8A"'))
    assert decision.organisation.logo == str(tmp_path / "logo.png")
    assert decision.organisation.colour == "#1d5f8a"
    for card in plan_cards(build_plan(decision))[:2]:
        assert _reds(draw(card, "depart.toml")) > 1000


def test_an_svg_logo_is_drawn_and_never_loads_another_file(tmp_path: Path) -> None:
    """An SVG logo is drawn (through Cairo); one that points at an image file elsewhere does
    not load it."""
    try:
        import cairosvg  # noqa: F401
    except OSError as exc:  # no Cairo library on this machine
        pytest.skip(f"the Cairo library is needed for SVG logos (apt-get install libcairo2): {exc}")
    red = tmp_path / "red.png"
    Image.new("RGB", (50, 50), (255, 0, 0)).save(red)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">{}</svg>'
    (tmp_path / "disc.svg").write_text(svg.format('<circle cx="30" cy="30" r="28" fill="red"/>'))
    (tmp_path / "points.svg").write_text(
        svg.format(
            f'<image href="{red.as_uri()}" width="120" height="60"/><rect width="1" height="1"/>'
        )
    )
    disc = load(write_decision(tmp_path, 'logo = "disc.svg"'))
    assert _reds(draw(plan_cards(build_plan(disc))[0], "depart.toml")) > 1000
    points = load(write_decision(tmp_path, 'logo = "points.svg"'))
    assert _reds(draw(plan_cards(build_plan(points))[0], "depart.toml")) == 0


@pytest.mark.parametrize(
    ("extra", "setup", "message"),
    [
        (
            'colour = "blue"',
            None,
            "organisation.colour: 'blue' is not a colour; write it as a hex code, a # and six "
            'digits or letters from a to f, like "#1d5f8a"',
        ),
        (
            'logo = "logo.png"',
            None,
            "organisation.logo: 'logo.png': no such file (looked for {folder}/logo.png); give "
            "the logo's path from the decision file's folder, like logo = \"logo.png\"",
        ),
        (
            'logo = "logo.jpg"',
            None,
            "organisation.logo: 'logo.jpg' is not a .png or .svg file; give the path of the "
            "logo as PNG or SVG",
        ),
        (
            'logo = "logo.png"',
            "text",
            "organisation.logo: 'logo.png' is not a PNG image inside; export the logo again as PNG",
        ),
        (
            'logo = "logo.png"',
            "folder",
            "organisation.logo: 'logo.png' is a folder; give the path of the logo file",
        ),
    ],
    ids=["colour", "no-logo", "jpeg", "not-png", "folder"],
)
def test_check_and_cards_give_the_same_line_for_a_bad_colour_or_logo(
    tmp_path: Path, extra: str, setup: str | None, message: str
) -> None:
    """A bad colour or logo: one line naming the file, the field and the fix, exit 2, the
    same from `check` and from `cards`, and no folder of cards written."""
    if setup == "text":
        (tmp_path / "logo.png").write_text("not a picture", "utf-8")
    elif setup == "folder":
        (tmp_path / "logo.png").mkdir()
    path = write_decision(tmp_path, extra)
    expected = f"Error: {path}: {message.format(folder=tmp_path)}\n"
    for args in (["check", str(path)], ["cards", str(path), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, args)
        assert (result.exit_code, result.stderr) == (2, expected), args
    assert not (tmp_path / "out").exists()


def test_a_logo_that_is_no_image_is_a_clear_error_when_drawn(tmp_path: Path) -> None:
    """A file that starts as a PNG but is broken passes `check` (which reads only its first
    bytes) and stops `cards` with one line naming the file and the field."""
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    path = write_decision(tmp_path, 'logo = "logo.png"')
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0
    result = CliRunner().invoke(main, ["cards", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: organisation.logo: 'logo.png' is damaged or is not an image; export "
        "the logo again as PNG\n"
    )


def test_a_decompression_bomb_logo_is_refused_in_the_users_words(tmp_path: Path) -> None:
    """A PNG that claims 20000 × 20000 pixels (Pillow refuses it as a decompression bomb)
    stops `cards` with planner's own line, not Pillow's English."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 20000, 20000, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")
    (tmp_path / "logo.png").write_bytes(png)
    path = write_decision(tmp_path, 'logo = "logo.png"')
    result = CliRunner().invoke(main, ["cards", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: organisation.logo: 'logo.png' is an image of far more than "
        "5000 × 5000 pixels; use a logo of at most 5000 × 5000\n"
    )


def test_a_kit_draws_each_card_as_it_is_drawn_alone(tmp_path: Path) -> None:
    """card_files makes the QR code once and the logo once per size for all the cards of a
    plan: each card's picture is the one draw() makes for that card alone."""
    a_logo(tmp_path)
    decision = load(write_decision(tmp_path, 'logo = "logo.png"'))
    cards = plan_cards(build_plan(decision))
    assert {c.format.name for c in cards} == {f.name for f in FORMATS}
    files = card_files(cards, "depart.toml")
    for card in cards:
        assert picture(files[card.file_name]).tobytes() == picture(draw(card, "d.toml")).tobytes()


# --- the commands ----------------------------------------------------------------------------


def test_cards_command_writes_each_card_and_its_alt_text(tmp_path: Path) -> None:
    """`planner cards FILE -o DIR`: a PNG of each size per card step, each with its alt text
    beside it, and the folder's marker; run again, it replaces its own folder."""
    out = tmp_path / "cards"
    for _ in range(2):
        result = CliRunner().invoke(main, ["cards", str(JARDIN), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert result.stdout == f"Written: 6 cards and their alt texts in {out}\n"
    cards = plan_cards(build_plan(load(JARDIN)))
    names = sorted(p.name for p in out.iterdir())
    expected = [c.file_name for c in cards] + [c.alt_name for c in cards] + [".made-by-planner"]
    assert names == sorted(expected)
    for card in cards:
        with Image.open(out / card.file_name) as image:
            assert image.size == (card.format.width, card.format.height)
        assert (out / card.alt_name).read_text("utf-8") == card.text.alt + "\n"
    assert {c.format.name for c in cards} == {f.name for f in FORMATS}


def test_posts_give_the_card_and_its_description(tmp_path: Path) -> None:
    """`planner posts` names the card that goes with a post on Instagram (portrait) or
    Mastodon (landscape), with the description to give the image; the JSON has it too."""
    plan = build_plan(load(COOPERATIVE))
    cards = post_cards(plan, render_posts(plan))
    portrait = cards[("instagram/announce", "instagram")]
    landscape = cards[("instagram/announce", "mastodon")]
    assert (portrait.format.name, landscape.format.name) == ("portrait", "landscape")
    result = CliRunner().invoke(
        main, ["posts", str(COOPERATIVE), "--step", "instagram/announce", "--channel", "instagram"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        f"\nCarte illustrée (planner cards)\xa0: {portrait.file_name}\n"
        f"Décrire l’image avec son texte alternatif\xa0: {portrait.text.alt}\n"
    )
    result = CliRunner().invoke(main, ["posts", str(COOPERATIVE), "--format", "json"])
    records = json.loads(result.stdout)["posts"]
    record = next(
        r for r in records if (r["step"], r["channel"]) == ("instagram/announce", "mastodon")
    )
    assert record["card"] == {"file": landscape.file_name, "alt": landscape.text.alt}
    assert next(r for r in records if r["channel"] == "newsletter")["card"] is None


def test_batch_makes_the_cards_of_every_file(tmp_path: Path) -> None:
    """`planner batch --only cards`: one folder of cards per decision file, and the index.
    Each example is a plan of its own (the two food bank examples differ by their ids)."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(folder), "-o", str(out), "--only", "cards", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    for path in EXAMPLES:
        made = sorted(p.name for p in (out / path.stem).glob("*.png"))
        assert made == sorted(c.file_name for source, c in EXAMPLE_CARDS if source == path)
    assert 'href="./jardin-partage-quitte-x/"' in (out / "index.html").read_text("utf-8")


def test_a_stay_with_nowhere_else_to_go(tmp_path: Path) -> None:
    """Staying, without a website or any destination: the card says so and why, lists no
    place and carries no QR code, and its alt text says the same."""
    decision = load(ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml")
    decision = replace(
        decision, organisation=replace(decision.organisation, website=None), destinations=()
    )
    for card in plan_cards(build_plan(decision)):
        assert (card.text.follow, card.text.destinations, card.text.qr_url) == (None, (), None)
        assert card.text.alt == (
            "Riverside Community Food Bank. We’re staying on Facebook. "
            "This is where many of you find us."
        )
        assert decode(draw(card, "d.toml"), tmp_path) == []
