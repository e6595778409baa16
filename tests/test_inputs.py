"""What planner reads: a regular file of at most 1 MiB, TOML of a few levels, one line for
anything else."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner import inputs
from planner.errors import InputError
from planner.inputs import MAX_BYTES, MAX_DEPTH, read_bytes, read_toml

from .conftest import EXAMPLES


def refusal(call: Callable[[], Any], deadline: float = 30.0) -> str:
    """The InputError ``call`` raises, from a thread given ``deadline`` seconds: a read that
    waits for a writer fails the test instead of hanging it."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # handed to the test, whatever it is
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(deadline)
    assert not worker.is_alive(), "the read is still waiting"
    (raised,) = outcome
    assert isinstance(raised, InputError), raised
    return str(raised)


def test_malformed_toml_names_its_line(tmp_path: Path) -> None:
    """Malformed TOML is reported with its line number."""
    path = tmp_path / "bad.toml"
    path.write_text('[organisation]\nname = "x"\nwebsite = \n', encoding="utf-8")
    assert refusal(lambda: read_toml(path)).startswith(f"{path}:3: the TOML is malformed")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a b", "il manque «\xa0=\xa0» après la clé"),
        ('a = "x\n', "un texte n’est pas fermé par son guillemet avant la fin de sa ligne"),
        ("[t]\n[t]", "la table t est déclarée deux fois"),
        (
            "a = 1 b",
            "quelque chose suit la valeur sur sa ligne\xa0; mettez-le sur une ligne à part",
        ),
    ],
)
def test_malformed_toml_is_said_in_french(
    tmp_path: Path, text: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In French, tomllib's English reason is said in French, never left in English."""
    from planner import i18n

    monkeypatch.setattr(i18n, "_active", i18n._active)
    monkeypatch.setattr(i18n, "_language", i18n._language)
    monkeypatch.setenv("LANGUAGE", "fr")
    i18n.activate("fr")
    path = tmp_path / "d.toml"
    path.write_text(text, "utf-8")
    said = refusal(lambda: read_toml(path))
    assert said.startswith(f"{path}:") and f"TOML mal formé ({reason})\xa0;" in said


def test_missing_file_and_folder_are_clear(tmp_path: Path) -> None:
    """A missing file, a path through a file and a folder each get a sentence."""
    with pytest.raises(InputError, match="no such file"):
        read_toml(tmp_path / "nope.toml")
    (tmp_path / "file").write_text("", "utf-8")
    with pytest.raises(InputError, match="no such file"):
        read_toml(tmp_path / "file" / "nope.toml")
    with pytest.raises(InputError, match="is a folder"):
        read_toml(tmp_path)


def test_a_device_is_refused_without_reading_it() -> None:
    """/dev/zero would be read for ever: it is refused by what it is."""
    message = refusal(lambda: read_bytes("/dev/zero"))
    assert message == (
        "/dev/zero: is not a regular file but a device, a pipe or a socket; give the path of a file"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """A FIFO nobody writes to is refused at once, through a link too."""
    fifo = tmp_path / "decision.toml"
    os.mkfifo(fifo)
    (tmp_path / "link.toml").symlink_to(fifo)
    assert "is not a regular file" in refusal(lambda: read_toml(fifo))
    assert "is not a regular file" in refusal(lambda: read_toml(tmp_path / "link.toml"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_what_is_read_is_checked_once_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipe put where a file was checked (the first check made to see a file) is opened
    without waiting and refused by the check of the open file."""
    regular = tmp_path / "regular.toml"
    regular.write_text("", "utf-8")
    fifo = tmp_path / "swapped.toml"
    os.mkfifo(fifo)

    class Swapped:
        """The first look sees the regular file; then the pipe is what gets opened."""

        def __init__(self, path: object) -> None:
            pass

        def stat(self) -> os.stat_result:
            return regular.stat()

    monkeypatch.setattr(inputs, "Path", Swapped)
    assert "is not a regular file" in refusal(lambda: read_bytes(fifo))


def test_size_limit(tmp_path: Path) -> None:
    """A file of 1 MiB is read; one byte more is refused, naming the limit."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * MAX_BYTES)
    assert len(read_bytes(path)) == MAX_BYTES
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    assert refusal(lambda: read_bytes(path)) == (
        f"{path}: is larger than 1 MiB, the most planner reads; planner's files are a few "
        "kilobytes: check that this is the right file"
    )


def nested_tables(depth: int) -> str:
    """A document whose tables nest ``depth`` levels, the document included."""
    return "[" + ".".join(["a"] * (depth - 1)) + "]\n"


def test_nesting_limit(tmp_path: Path) -> None:
    """MAX_DEPTH levels are read; one more is refused, whether by brackets (tomllib's
    own recursion gives up on arrays a few hundred deep) or by dotted keys (no recursion
    to give up)."""
    path = tmp_path / "deep.toml"
    path.write_text(nested_tables(MAX_DEPTH), "utf-8")
    assert read_toml(path)
    expected = (
        f"{path}: tables or lists are nested more than {MAX_DEPTH} levels deep; planner's "
        "files need four at most: check the brackets and the dotted keys"
    )
    for text in (
        nested_tables(MAX_DEPTH + 1),
        "a = " + "[" * 1000 + "]" * 1000 + "\n",
        "a." * 5000 + "b = 1\n",
        "a = " + "{b = " * 600 + "1" + "}" * 600 + "\n",
    ):
        path.write_text(text, "utf-8")
        assert refusal(lambda: read_toml(path)) == expected


def test_every_example_is_within_the_limits() -> None:
    """The examples stay far from both limits (a limit a real file meets is a bug)."""
    for path in EXAMPLES:
        assert path.stat().st_size < MAX_BYTES // 100
        assert read_toml(path)
