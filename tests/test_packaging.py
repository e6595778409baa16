"""The wheel: it carries the templates and works from where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_contains_templates_and_runs(tmp_path: Path) -> None:
    """Templates and the compiled French catalog sit inside the package, and the unpacked
    wheel finds its own templates, not the repository's."""
    # Built from a copy: the build rewrites planner/_version.py and the .mo catalogs beside
    # their sources, which the other tests' processes may be reading at that moment.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv*", ".git", ".*cache", "__pycache__", ".serve"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("planner-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "planner/templates/fr/decision.toml.j2" in names
    assert "planner/templates/en/decision.toml.j2" in names
    assert "planner/locale/fr/LC_MESSAGES/planner.mo" in names  # compiled by the build hook
    assert "planner/py.typed" in names  # type checkers read planner's annotations
    assert "planner/content/fr.py" in names
    # The cards' font, and its licence, travel with the package.
    assert {"planner/fonts/DejaVuSans.ttf", "planner/fonts/DejaVuSans-Bold.ttf"} <= set(names)
    assert "planner/fonts/LICENSE" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import planner.templating as t;"
        "assert t.builtin_dir() == __import__('pathlib').Path(sys.argv[1], 'planner', 'templates');"
        "print(t.environment().get_template('fr/decision.toml.j2').filename);"
        "import planner.drawing as d; print(d.REGULAR.read_bytes()[:4].hex())"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(unpacked)], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith(str(unpacked))
    assert result.stdout.splitlines()[1] == "00010000"  # a TrueType font, read from the wheel


def test_python_m_planner_and_version() -> None:
    """`python -m planner` is the command line, and its version is the package's metadata
    (pyproject.toml, the one place it is written)."""
    from importlib.metadata import version

    import planner

    result = subprocess.run(
        [sys.executable, "-m", "planner", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[0] == f"planner, version {version('planner')}"
    assert planner.__version__ == version("planner")
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert f'version = "{planner.__version__}"' in pyproject
