"""The cache of compiled templates: used, refreshed when a template changes, never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from jinja2.sandbox import SandboxedEnvironment

from planner import posts, templating
from planner.cli import main
from planner.decision import load
from planner.timeline import build_plan

from .conftest import ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"


def fresh() -> None:
    """Forget the environments and templates of this process, as a new run would."""
    templating._environment.cache_clear()
    posts._template.cache_clear()


def texts(templates: Path | None = None) -> list[str]:
    return [p.text for p in posts.render_posts(build_plan(load(JARDIN)), templates)]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(folder))
    fresh()
    yield folder
    fresh()


def test_a_second_run_renders_without_compiling(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run fills the cache; the next renders the same posts with Jinja's compiler
    out of order, so every template came from the cache."""
    first = texts()
    assert list(cache.glob("templates-*-text/*.cache"))
    fresh()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(SandboxedEnvironment, "compile", no_compiling)
    assert texts() == first


def test_a_changed_template_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    """Same template name, new text: the next run shows the new text, not the cached one."""
    folder = tmp_path / "mine" / "fr" / "announce"
    folder.mkdir(parents=True)
    template = folder / "x.txt.j2"
    template.write_text("Première version {{ organisation.name }}\n", "utf-8")
    assert any(t.startswith("Première version") for t in texts(tmp_path / "mine"))
    fresh()
    template.write_text("Deuxième version {{ organisation.name }}\n", "utf-8")
    found = texts(tmp_path / "mine")
    assert any(t.startswith("Deuxième version") for t in found)
    assert not any(t.startswith("Première version") for t in found)


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path: Path) -> None:
    """A cache folder that cannot be created (a file is in the way): the kit is still
    written, identical, with no warning."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    env = {**os.environ, "PLANNER_CACHE_DIR": str(blocker / "cache"), "SOURCE_DATE_EPOCH": "0"}
    planner = str(Path(sys.executable).parent / "planner")
    runs = []
    for out in ("a", "b"):
        result = subprocess.run(
            [planner, "kit", str(JARDIN), "-o", str(tmp_path / out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        runs.append((tmp_path / out / "index.html").read_bytes())
    assert runs[0] == runs[1]
    assert blocker.is_file()


# --- a user's folder ----------------------------------------------------------------------


def with_include(tmp_path: Path, target: str) -> Path:
    """A folder of user templates whose relay post includes ``target``."""
    folder = tmp_path / "ours"
    (folder / "fr" / "announce").mkdir(parents=True)
    (folder / "fr" / "announce" / "relay.txt.j2").write_text(
        f"Relais {{% include '{target}' %}}\n", "utf-8"
    )
    return folder


def posts_with(folder: Path) -> Result:
    return CliRunner().invoke(main, ["posts", str(JARDIN), "--templates", str(folder)])


def test_a_link_to_the_root_is_not_followed(tmp_path: Path) -> None:
    """{% include 'root/etc/hostname' %} through root -> / is refused, in one line naming
    the template, and nothing of the machine's file reaches the posts."""
    folder = with_include(tmp_path, "root/etc/hostname")
    (folder / "root").symlink_to("/")
    result = posts_with(folder)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"Error: {folder}/root/etc/hostname: leads out of the templates folder through a "
        "symbolic link; copy the file into the folder instead of linking to it\n"
    )


def test_a_link_to_a_file_outside_is_not_followed(tmp_path: Path) -> None:
    """A template that is a link to a file outside the folder is refused, by `posts` and
    by `templates check`, and its text is never shown."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42\n", "utf-8")
    folder = with_include(tmp_path, "signature.txt")
    (folder / "signature.txt").symlink_to(secret)
    result = posts_with(folder)
    assert result.exit_code == 2 and "TOP-SECRET-42" not in result.output
    assert f"Error: {folder}/signature.txt: leads out of the templates folder" in result.stderr
    (folder / "fr" / "announce" / "relay.txt.j2").unlink()
    (folder / "fr" / "announce" / "relay.txt.j2").symlink_to(secret)
    checked = CliRunner().invoke(main, ["templates", "check", str(folder)])
    assert checked.exit_code == 2 and "TOP-SECRET-42" not in checked.output
    assert checked.stderr == (
        f"Error: {folder}/fr/announce/relay.txt.j2: leads out of the templates folder through "
        "a symbolic link; copy the file into the folder instead of linking to it\n"
    )


def test_a_link_inside_the_folder_to_a_file_inside_works(tmp_path: Path) -> None:
    """A link that stays inside the folder is followed: it can show nothing new."""
    folder = with_include(tmp_path, "signature.txt")
    (folder / "parts").mkdir()
    (folder / "parts" / "sig.txt").write_text("Le bureau", "utf-8")
    (folder / "signature.txt").symlink_to(Path("parts") / "sig.txt")
    result = posts_with(folder)
    assert result.exit_code == 0, result.output
    assert "Relais Le bureau" in result.stdout
