"""Helpers shared by the tests (conftest.py puts this folder on sys.path)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
DATA = TESTS / "data"
ACCESSGAP = Path(sys.executable).parent / "accessgap"
PYTHON = Path(sys.executable)

# Vocabulary records and one entry copied from the real registry into every temporary project, so the
# corpus is checked against real records but not against entries that contributors add meanwhile.
FIXTURE_FILES = [
    "registry/labs/openai.yaml",
    "registry/models/gpt-4.yaml",
    "registry/organisations/metr.yaml",
    "registry/entries/2023/MAG-2023-0001.yaml",
]


def make_project(dest: Path) -> Path:
    """A minimal project: pyproject.toml + registry/ (see cli.find_project) with the fixture records."""
    for folder in ("entries", "labs", "models", "organisations"):
        (dest / "registry" / folder).mkdir(parents=True, exist_ok=True)
    (dest / "pyproject.toml").write_text('[project]\nname = "accessgap-test-project"\n', encoding="utf-8")
    for rel in FIXTURE_FILES:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, target)
    return dest
