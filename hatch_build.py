"""Build hook: compile the message catalogs (.po, in the repository) into .mo files.

The .mo files are build products (not in git); this hook writes them beside their
.po before the wheel (or an editable install) is made, so the package always carries
the translations its source has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    """Compile planner/locale/*/LC_MESSAGES/planner.po with Babel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po_path in sorted(root.glob("planner/locale/*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=po_path.parts[-3])
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
            build_data["artifacts"].append(po_path.with_suffix(".mo").relative_to(root).as_posix())
