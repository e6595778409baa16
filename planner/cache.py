"""planner's cache folder, where it keeps what is slow to make and quick to read again:
compiled templates (:mod:`planner.templating`) and public holidays
(:mod:`planner.public_holidays`). Anything in it can be deleted at any time.

The folder is the one platformdirs names (``user_cache_path("planner")``, tests/test_cache.py
holds it), found here in a few lines without importing the library: ``planner check``
reads the holidays from this folder, and needs nothing else of platformdirs (its cost is
in bench/README.md). The data and config folders come from platformdirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """planner's cache folder: ``PLANNER_CACHE_DIR``, else the user's cache folder:
    ``$XDG_CACHE_HOME/planner`` when set (an absolute path, as the XDG rules want; on
    Linux and macOS), else ``~/.cache/planner`` (``~/Library/Caches/planner`` on macOS,
    ``%LOCALAPPDATA%\\planner\\planner\\Cache`` on Windows)."""
    if os.environ.get("PLANNER_CACHE_DIR"):
        return Path(os.environ["PLANNER_CACHE_DIR"])
    if sys.platform == "win32":
        return Path(os.environ["LOCALAPPDATA"], "planner", "planner", "Cache")
    xdg = Path(os.environ.get("XDG_CACHE_HOME", ""))
    if xdg.is_absolute():
        return xdg / "planner"
    home = "~/Library/Caches" if sys.platform == "darwin" else "~/.cache"
    return Path(home).expanduser() / "planner"
