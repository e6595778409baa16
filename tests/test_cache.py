"""planner's cache folder: PLANNER_CACHE_DIR, else the folder platformdirs names, found
without importing it (platformdirs, still a dependency, is the oracle here)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from planner.cache import cache_dir


def test_planner_cache_dir_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PLANNER_CACHE_DIR names the folder, whatever the platform's rules say."""
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "cache"


def test_by_default_the_folder_of_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PLANNER_CACHE_DIR, the user's cache folder of the machine the tests run on,
    as platformdirs' own function gives it."""
    monkeypatch.delenv("PLANNER_CACHE_DIR")
    assert cache_dir() == platformdirs.user_cache_path("planner")


@pytest.mark.parametrize("xdg", [None, "/srv/cache", "relative/cache", ""])
@pytest.mark.parametrize(("platform", "rules"), [("linux", Unix), ("darwin", MacOS)])
def test_the_folder_on_linux_and_macos(
    monkeypatch: pytest.MonkeyPatch, platform: str, rules: type[Unix | MacOS], xdg: str | None
) -> None:
    """On Linux and macOS: XDG_CACHE_HOME when it is an absolute path, else ~/.cache or
    ~/Library/Caches, with planner's folder in it, as platformdirs says."""
    monkeypatch.delenv("PLANNER_CACHE_DIR")
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    expected = rules("planner").user_cache_path
    monkeypatch.setattr(sys, "platform", platform)
    assert cache_dir() == expected


def test_the_folder_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows: the local application data folder, then planner\\planner\\Cache."""
    local = r"C:\Users\camille\AppData\Local"
    monkeypatch.delenv("PLANNER_CACHE_DIR")
    monkeypatch.setenv("LOCALAPPDATA", local)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local)  # platformdirs' lookup, off Windows
    expected = Path(Windows("planner").user_cache_dir)
    monkeypatch.setattr(sys, "platform", "win32")
    assert cache_dir() == expected
