"""Picture cards (`planner cards`): a bad colour or logo in the decision file, a logo that
is no image or cannot be read, text or an address a card cannot hold, an output folder
that is not planner's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import Case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
JARDIN = EXAMPLES / "jardin-partage-quitte-x.toml"
ARGS = ("cards", "depart.toml", "-o", "cards")


def decision(extra: str, replace: tuple[str, str] | None = None) -> Callable[[Path], None]:
    """A setup that writes the jardin's decision as depart.toml, with lines added under
    [organisation] (and one text replaced)."""

    def setup(folder: Path) -> None:
        text = JARDIN.read_text("utf-8").replace("[organisation]\n", f"[organisation]\n{extra}\n")
        if replace:
            text = text.replace(*replace)
        (folder / "depart.toml").write_text(text, "utf-8")

    return setup


def with_file(extra: str, name: str, data: bytes) -> Callable[[Path], None]:
    """The decision, and a file beside it."""

    def setup(folder: Path) -> None:
        decision(extra)(folder)
        (folder / name).write_bytes(data)

    return setup


def unreadable_logo(folder: Path) -> None:
    decision('logo = "logo.png"')(folder)
    logo = folder / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    logo.chmod(0)


def huge_logo(folder: Path) -> None:
    from PIL import Image

    decision('logo = "logo.png"')(folder)
    Image.new("1", (6000, 5000)).save(folder / "logo.png")  # a few kilobytes, 30 megapixels


def no_cards(folder: Path) -> None:
    assert not (folder / "cards").exists()


def own_folder(folder: Path) -> None:
    decision("")(folder)
    (folder / "cards").mkdir()
    (folder / "cards" / "affiche.png").write_bytes(b"our own poster")


def own_folder_kept(folder: Path) -> None:
    assert [p.name for p in (folder / "cards").iterdir()] == ["affiche.png"]
    assert (folder / "cards" / "affiche.png").read_bytes() == b"our own poster"


HANDLE = "@jardinsfamiliauxintercommunauxdelagglomeration@{kind}.example.social"
EVERY_DESTINATION = "\n".join(
    f'[[destination]]\nkind = "{kind}"\naddress = "{HANDLE.format(kind=kind)}"'
    for kind in ("linkedin", "facebook", "instagram", "pixelfed", "peertube", "bluesky", "other")
)


def too_much_text(folder: Path) -> None:
    """Eleven destinations with long handles and a logo under a 60-character name."""
    from PIL import Image

    decision(
        'logo = "logo.png"',
        (
            'name = "Les Amis du Jardin Partagé"',
            'name = "Association Intercommunale des Jardins Familiaux et Partagés"',
        ),
    )(folder)
    path = folder / "depart.toml"
    path.write_text(
        path.read_text("utf-8").replace("[indicators]", EVERY_DESTINATION + "\n\n[indicators]")
    )
    Image.new("RGB", (600, 200), (200, 30, 30)).save(folder / "logo.png")


CASES = [
    Case(
        "cards-colour-not-a-colour",
        ARGS,
        setup=decision('colour = "vert sapin"'),
        after=no_cards,
    ),
    Case(
        "cards-colour-a-number",
        ARGS,
        setup=decision("colour = 0x1d5f8a"),
        after=no_cards,
    ),
    Case("cards-logo-missing", ARGS, setup=decision('logo = "logo.png"'), after=no_cards),
    Case("cards-logo-jpeg", ARGS, setup=decision('logo = "logo.jpg"'), after=no_cards),
    Case(
        "cards-logo-text-named-png",
        ARGS,
        setup=with_file('logo = "logo.png"', "logo.png", b"Logo: see the shared drive\n"),
        after=no_cards,
    ),
    Case(
        "cards-logo-broken-png",
        ARGS,
        setup=with_file('logo = "logo.png"', "logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40),
        after=no_cards,
    ),
    Case(
        "cards-logo-svg-with-entities",
        ARGS,
        setup=with_file(
            'logo = "logo.svg"',
            "logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>',
        ),
        after=no_cards,
    ),
    Case(
        "cards-logo-unreadable",
        ARGS,
        setup=unreadable_logo,
        after=no_cards,
        sandbox="unprivileged",
    ),
    Case("cards-logo-too-big", ARGS, setup=huge_logo, after=no_cards),
    Case(
        "cards-website-too-long-for-a-qr-code",
        ARGS,
        setup=decision(
            "",
            (
                'website = "https://jardin.example.org"',
                f'website = "https://jardin.example.org/{"a" * 700}"',
            ),
        ),
        after=no_cards,
    ),
    Case("cards-too-much-text", ARGS, setup=too_much_text, after=no_cards),
    Case("cards-output-not-planners", ARGS, setup=own_folder, after=own_folder_kept),
]
