"""planner's cache folder, where it keeps what is slow to make and quick to read again:
compiled templates (:mod:`planner.templating`) and public holidays
(:mod:`planner.public_holidays`). Anything in it can be deleted at any time."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def cache_dir() -> Path:
    """planner's cache folder: ``PLANNER_CACHE_DIR``, else the platform's user cache folder."""
    if os.environ.get("PLANNER_CACHE_DIR"):
        return Path(os.environ["PLANNER_CACHE_DIR"])
    return platformdirs.user_cache_path("planner")
