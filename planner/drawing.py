"""Drawing a picture card (:mod:`planner.cards`) as a PNG: Pillow draws, segno makes the
QR code, CairoSVG turns an SVG logo into pixels.

The text is set in DejaVu Sans, shipped in ``planner/fonts/`` with its licence, through
Pillow's basic layout (FreeType alone), so that a card looks the same on every machine.
Text is fitted, never cut: the card is laid out at sizes from the largest down to the
smallest readable one, words wrapping at spaces; only when that fails may an address (a
long handle, a web address) break inside, after a '/', '.', '@' or '-' where it can; a card
that still does not fit is an error that says what to shorten. The text colour is white or
near-black, whichever contrasts more with the background by WCAG's formula, and black where
neither reaches 4.5:1: every card has a contrast of at least 4.5:1.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from planner.cards import Card, CardText
from planner.errors import InputError
from planner.i18n import _

FONTS = Path(__file__).parent / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"

LIGHT, DARK, BLACK = "#ffffff", "#1a1a1a", "#000000"
MIN_CONTRAST = 4.5  # WCAG 2, success criterion 1.4.3, for text of any size
SCALES = tuple(round(1 - 0.05 * i, 2) for i in range(9))  # 1.0 down to 0.6 of each size
BREAKS = "/.@-_?&=#"  # an address breaks after one of these, where it can
MIN_MODULE = 3  # pixels of a QR module: below that a phone reads the code badly
MAX_LOGO_PIXELS = 25_000_000  # a logo bigger than 5000 × 5000 is refused, unopened
LOGO_PAD = 12  # pixels of white plate around a logo
COMPRESS_LEVEL = 1  # zlib's fastest level: see bench/README.md for the time and the sizes


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where things go on a card of one size (lengths in pixels, font sizes at scale 1)."""

    margin: int
    column: int  # width of the text
    qr_box: int  # the QR code's white square, its quiet zone included
    logo: tuple[int, int]  # the most room a logo takes
    name: int
    headline: int
    subline: int
    extra: int
    follow: int
    destination: int
    caption: int  # the address under or beside the QR code


GEOMETRY = {
    "portrait": Geometry(80, 920, 260, (420, 140), 46, 100, 54, 42, 42, 38, 34),
    "landscape": Geometry(56, 798, 230, (250, 130), 34, 68, 38, 30, 30, 27, 22),
}


# --- colours -------------------------------------------------------------------------------


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1d5f8a' as (29, 95, 138)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """The relative luminance of an sRGB colour (WCAG 2)."""
    linear = [c / 255 for c in rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in linear)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 to 21 (WCAG 2)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """White or near-black, whichever contrasts more; black where neither reaches 4.5:1
    (black always does where white does not)."""
    best = max((LIGHT, DARK), key=lambda c: contrast(c, background))
    return best if contrast(best, background) >= MIN_CONTRAST else BLACK


# --- text ----------------------------------------------------------------------------------


@cache
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (or its bold) at ``size`` pixels, with FreeType's own layout."""
    path = BOLD if bold else REGULAR
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=4096)
def text_width(face: ImageFont.FreeTypeFont, text: str) -> float:
    """The width of ``text`` in ``face``: fitting a card measures the same words again at
    each line and on each card of a plan."""
    return face.getlength(text)


def _break_word(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word too wide for ``width``, in pieces that fit: each cut after a character of
    BREAKS where one fits, else after the last character that fits."""
    pieces = []
    while text_width(face, word) > width:
        fits = max(
            i for i in range(1, len(word) + 1) if text_width(face, word[:i]) <= width or i == 1
        )
        cut = max(
            (i + 1 for i in range(fits) if word[i] in BREAKS and i + 1 < len(word)), default=0
        )
        cut = cut or fits
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def wrap(
    text: str, face: ImageFont.FreeTypeFont, width: int, break_words: bool
) -> list[str] | None:
    """``text`` in lines no wider than ``width``, broken at spaces (a no-break space holds);
    None when a word is wider and ``break_words`` is False."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if text_width(face, word) > width:
            if not break_words:
                return None
            *whole, word = _break_word(word, face, width)
            if line:
                lines.append(line)
            lines.extend(whole)
            line = word
            continue
        candidate = f"{line} {word}" if line else word
        if text_width(face, candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Text:
    """Lines of one face, placed."""

    x: int
    y: int
    lines: tuple[str, ...]
    face: ImageFont.FreeTypeFont
    leading: int

    @property
    def height(self) -> int:
        return self.leading * len(self.lines)


def _block(
    text: str, bold: bool, size: int, width: int, break_words: bool
) -> tuple[tuple[str, ...], ImageFont.FreeTypeFont, int] | None:
    face = font(bold, size)
    lines = wrap(text, face, width, break_words)
    if lines is None:
        return None
    ascent, descent = face.getmetrics()
    return tuple(lines), face, round((ascent + descent) * 1.05)


def _stack(
    items: list[tuple[str, bool, int, int]], x: int, y: int, width: int, break_words: bool
) -> tuple[list[Text], int] | None:
    """Paragraphs (text, bold, size, space after) one under the other from ``y``; the texts
    and the height they take, or None when one does not fit the width."""
    texts = []
    top = y
    for text, bold, size, after in items:
        block = _block(text, bold, size, width, break_words)
        if block is None:
            return None
        lines, face, leading = block
        texts.append(Text(x, y, lines, face, leading))
        y += leading * len(lines) + after
    return texts, y - top - (items[-1][3] if items else 0)


def _caption(address: str, size: int, x: int, width: int) -> tuple[list[Text], int]:
    """The address under the QR code: on one line if it can be, down to 70 % of ``size``,
    else broken after a '/', '.', '-' at ``size``."""
    for factor in (1, 0.9, 0.8, 0.7):
        placed = _stack([(address, False, round(size * factor), 0)], x, 0, width, False)
        if placed is not None:
            return placed
    broken = _stack([(address, False, size, 0)], x, 0, width, True)
    assert broken is not None  # an address broken anywhere fits any width
    return broken


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything on a card, placed."""

    texts: tuple[Text, ...]
    qr: tuple[int, int, int] | None  # x, y, module size
    logo: tuple[int, int] | None  # x, y of the logo's plate


# --- the card ------------------------------------------------------------------------------


def qr_matrix(url: str) -> tuple[bytes, ...]:
    """The QR code of ``url``: rows of 0 (light) and 1 (dark) modules, without quiet zone."""
    return tuple(bytes(row) for row in segno.make(url, error="m", micro=False).matrix)


def qr_picture(matrix: tuple[bytes, ...], module: int) -> Image.Image:
    """The QR code as black modules of ``module`` pixels on white, its quiet zone of four
    modules included."""
    modules = len(matrix)
    dark = bytes.maketrans(b"\x00\x01", b"\xff\x00")  # 1 is a dark module: black
    code = Image.frombytes("L", (modules, modules), b"".join(matrix).translate(dark))
    framed = Image.new("L", (modules + 8, modules + 8), 255)
    framed.paste(code, (4, 4))
    return framed.resize((framed.width * module,) * 2, Image.Resampling.NEAREST).convert("RGB")


def layout(
    card: Card, modules: int, logo_size: tuple[int, int] | None, scale: float, break_words: bool
) -> Layout | None:
    """The card laid out at ``scale``, or None when its text does not fit at that scale."""
    text, fmt = card.text, card.format
    g = GEOMETRY[fmt.name]

    def size(base: int) -> int:
        return round(base * scale)

    top_items = [(text.name, True, size(g.name), size(28 if fmt.name == "portrait" else 18))]
    top_items.append((text.headline, True, size(g.headline), size(10)))
    if text.subline:
        top_items.append((text.subline, False, size(g.subline), size(26)))
    if text.extra:
        top_items.append((text.extra, False, size(g.extra), size(26)))
    bottom_items = []
    if text.follow:
        bottom_items.append((text.follow, True, size(g.follow), size(12)))
        bottom_items += [(d, False, size(g.destination), size(8)) for d in text.destinations]
    gap = size(36 if fmt.name == "portrait" else 24)
    m, width, height = g.margin, fmt.width, fmt.height
    qr_side = 0
    module = 0
    if text.qr_url:
        module = g.qr_box // (modules + 8)
        qr_side = module * (modules + 8)
    texts: list[Text] = []
    if fmt.name == "portrait":
        y = m
        logo_at = None
        if logo_size:
            logo_at = (m, m)
            y += logo_size[1] + gap
        bottom = height - m
        qr_at = None
        if text.qr_url and text.qr_label:
            qr_at = (m, bottom - qr_side, module)
            caption_width = g.column - qr_side - 32
            placed = _caption(text.qr_label, size(g.caption), m + qr_side + 32, caption_width)
            if placed[1] > qr_side:
                return None
            caption, caption_height = placed
            offset = bottom - qr_side + (qr_side - caption_height) // 2
            texts += [Text(t.x, t.y + offset, t.lines, t.face, t.leading) for t in caption]
            bottom -= qr_side + gap
        return _columns(
            texts, top_items, bottom_items, m, y, bottom, g.column, gap, break_words, qr_at, logo_at
        )
    # landscape: the text on the left, the logo and the QR code in a column on the right
    right = width - m - g.logo[0]
    logo_at = (right + (g.logo[0] - logo_size[0]) // 2, m) if logo_size else None
    qr_at = None
    if text.qr_url and text.qr_label:
        caption, caption_height = _caption(text.qr_label, size(g.caption), right, g.logo[0])
        qr_y = height - m - caption_height - size(10) - qr_side
        if qr_y < m + (logo_size[1] + gap if logo_size else 0):
            return None
        qr_at = (right + (g.logo[0] - qr_side) // 2, qr_y, module)
        texts += [
            Text(
                right + (g.logo[0] - round(text_width(t.face, t.lines[0]))) // 2
                if len(t.lines) == 1
                else right,
                t.y + qr_y + qr_side + size(10),
                t.lines,
                t.face,
                t.leading,
            )
            for t in caption
        ]
    return _columns(
        texts, top_items, bottom_items, m, m, height - m, g.column, gap, break_words, qr_at, logo_at
    )


def _columns(
    texts: list[Text],
    top_items: list[tuple[str, bool, int, int]],
    bottom_items: list[tuple[str, bool, int, int]],
    x: int,
    top: int,
    bottom: int,
    width: int,
    gap: int,
    break_words: bool,
    qr_at: tuple[int, int, int] | None,
    logo_at: tuple[int, int] | None,
) -> Layout | None:
    """The top group from ``top`` down, the bottom group up to ``bottom``, ``gap`` at least
    between them."""
    upper = _stack(top_items, x, top, width, break_words)
    lower = _stack(bottom_items, x, 0, width, break_words)
    if upper is None or lower is None:
        return None
    upper_texts, upper_height = upper
    lower_texts, lower_height = lower
    start = bottom - lower_height
    if top + upper_height + (gap if bottom_items else 0) > start:
        return None
    placed = [Text(t.x, t.y + start, t.lines, t.face, t.leading) for t in lower_texts]
    if not bottom_items:  # nowhere else to go (a stay without destinations): centred
        down = (bottom - top - upper_height) // 2
        upper_texts = [Text(t.x, t.y + down, t.lines, t.face, t.leading) for t in upper_texts]
    return Layout(tuple(texts + upper_texts + placed), qr_at, logo_at)


def fit(card: Card, modules: int, logo_size: tuple[int, int] | None) -> Layout | None:
    """The largest layout that fits: shrinking first, breaking an address inside only when
    no size fits without."""
    for break_words in (False, True):
        for scale in SCALES:
            placed = layout(card, modules, logo_size, scale, break_words)
            if placed is not None:
                return placed
    return None


def shortened(text: str, most: int = 60) -> str:
    """``text``, or its beginning and an ellipsis when it is longer than ``most``."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _refuse(source: str, field: str, message: str) -> InputError:
    return InputError(
        _("{file}: {field}: {message}").format(file=source, field=field, message=message)
    )


def load_logo(path: str, room: tuple[int, int], source: str) -> Image.Image:
    """The logo, scaled to fit ``room`` (up or down, its proportions kept), as RGBA."""
    name = Path(path).name
    try:
        if path.lower().endswith(".svg"):
            data = _svg_to_png(Path(path).read_bytes(), room[1] * 2, source)
        else:
            data = Path(path).read_bytes()
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_LOGO_PIXELS:
                raise _refuse(
                    source,
                    "organisation.logo",
                    _(
                        "'{value}' is {width} × {height} pixels; use a logo of at most 5000 × 5000"
                    ).format(value=name, width=opened.width, height=opened.height),
                )
            image = opened.convert("RGBA")
    except UnidentifiedImageError:
        raise _refuse(
            source,
            "organisation.logo",
            _("'{value}' is damaged or is not an image; export the logo again as PNG").format(
                value=name
            ),
        ) from None
    except Image.DecompressionBombError:  # more than twice Pillow's limit, told in English
        raise _refuse(
            source,
            "organisation.logo",
            _(
                "'{value}' is an image of far more than 5000 × 5000 pixels; use a logo of at "
                "most 5000 × 5000"
            ).format(value=name),
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise _refuse(
            source,
            "organisation.logo",
            _(
                "'{value}' cannot be read as an image ({reason}); export the logo again as PNG"
            ).format(value=name, reason=str(exc) or type(exc).__name__),
        ) from None
    ratio = min(room[0] / image.width, room[1] / image.height)
    size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _svg_to_png(data: bytes, height: int, source: str) -> bytes:
    """An SVG logo as PNG bytes, ``height`` pixels tall; external files are never fetched
    (CairoSVG's safe mode)."""
    try:
        import cairosvg
    except OSError:  # cairocffi finds no Cairo library
        raise _refuse(
            source,
            "organisation.logo",
            _(
                "an SVG logo needs the Cairo library, not found here; install it (Debian, "
                "Ubuntu: apt install libcairo2) or give the logo as PNG"
            ),
        ) from None
    convert: Callable[..., bytes] = cairosvg.svg2png
    try:
        return convert(bytestring=data, output_height=height)
    except Exception as exc:  # an SVG can fail in many ways inside CairoSVG; all are the file's
        if type(exc).__module__.startswith("defusedxml"):  # entities, a DTD: never read
            raise ValueError(_("it declares XML entities, which planner does not read")) from None
        raise ValueError(f"SVG: {exc or type(exc).__name__}") from None


def _plate(logo: Image.Image, pad: int) -> Image.Image:
    """The logo on a white rounded plate, so that it shows on any background."""
    plate = Image.new("RGBA", (logo.width + 2 * pad, logo.height + 2 * pad), (0, 0, 0, 0))
    ImageDraw.Draw(plate).rounded_rectangle(
        (0, 0, plate.width - 1, plate.height - 1), radius=pad, fill=(255, 255, 255, 255)
    )
    plate.alpha_composite(logo, (pad, pad))
    return plate


@dataclass(frozen=True, slots=True)
class Parts:
    """What a card shows besides its words: the QR code's modules and the logo on its
    plate. The cards of a plan share them (the logo once per size), so a kit makes each
    once (:func:`card_files`)."""

    matrix: tuple[bytes, ...]
    logo: Image.Image | None


def parts(card: Card, source: str, matrix: tuple[bytes, ...] | None = None) -> Parts:
    """The QR code (``matrix`` if already made for the card's address) and the logo of
    ``card``; an error naming ``source`` when the address is too long for a QR code or the
    logo cannot be read."""
    text: CardText = card.text
    g = GEOMETRY[card.format.name]
    if matrix is None:
        matrix = qr_matrix(text.qr_url) if text.qr_url else ()
    modules = len(matrix)
    if matrix and g.qr_box // (modules + 8) < MIN_MODULE:
        raise _refuse(
            source,
            text.qr_field or "organisation.website",
            _(
                "'{url}' is too long for a QR code a phone can read on a card "
                "({length} characters); give a shorter address"
            ).format(url=shortened(text.qr_url or ""), length=len(text.qr_url or "")),
        )
    logo = None
    if text.logo:
        room = (g.logo[0] - 2 * LOGO_PAD, g.logo[1] - 2 * LOGO_PAD)
        logo = _plate(load_logo(text.logo, room, source), LOGO_PAD)
    return Parts(matrix, logo)


def draw(card: Card, source: str, made: Parts | None = None) -> bytes:
    """The card as PNG bytes, with ``made`` (:func:`parts`) if given; an error naming
    ``source`` (the decision file) and what to change when its text cannot fit, its address
    is too long for a QR code or its logo cannot be read."""
    text: CardText = card.text
    if made is None:
        made = parts(card, source)
    matrix, logo = made.matrix, made.logo
    placed = fit(card, len(matrix), logo.size if logo else None)
    if placed is None:
        raise InputError(
            _(
                "{file}: {card} cannot hold its text at a readable size; shorten "
                "organisation.name, or list fewer destinations"
            ).format(file=source, card=card.file_name)
        )
    background = text.colour
    ink = text_colour(background)
    image = Image.new("RGB", (card.format.width, card.format.height), background)
    pen = ImageDraw.Draw(image)
    for block in placed.texts:
        for index, line in enumerate(block.lines):
            pen.text((block.x, block.y + index * block.leading), line, font=block.face, fill=ink)
    if placed.qr:
        x, y, module = placed.qr
        image.paste(qr_picture(matrix, module), (x, y))
    if logo is not None and placed.logo:
        image.paste(logo, placed.logo, logo)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=COMPRESS_LEVEL)
    return out.getvalue()


def card_files(cards: tuple[Card, ...], source: str) -> dict[str, bytes]:
    """Each card's PNG and its alt text, by file name; each QR code and each size of the
    logo made once."""
    files = {}
    matrices: dict[str, tuple[bytes, ...]] = {}
    made: dict[tuple[str | None, str | None, str], Parts] = {}
    for card in cards:
        text = card.text
        if text.qr_url and text.qr_url not in matrices:
            matrices[text.qr_url] = qr_matrix(text.qr_url)
        key = (text.qr_url, text.logo, card.format.name)
        if key not in made:
            made[key] = parts(card, source, matrices.get(text.qr_url or "", ()))
        files[card.file_name] = draw(card, source, made[key])
        files[card.alt_name] = (text.alt + "\n").encode("utf-8")
    return files
