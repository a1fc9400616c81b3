"""The documentation is complete: every command, code, module and page is documented somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from accessgap import cli
from accessgap.codes import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "accessgap"


def subcommands() -> list[str]:
    parser = cli.parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in subcommands() if f"`accessgap {c}" not in readme]
    assert missing == []


def emitted_codes() -> set[str]:
    """Every code literal in the program's source, outside the catalogue itself."""
    emitted = set()
    for path in SRC.rglob("*.py"):
        if path.name != "codes.py":
            emitted |= set(re.findall(r'"([YRSEWALIB][0-9]{3})"', path.read_text(encoding="utf-8")))
    return emitted


def test_the_catalogue_holds_exactly_the_codes_the_program_emits():
    emitted = emitted_codes()
    assert len(emitted) > 50  # the scan sees the subpackages
    assert sorted(emitted - set(CATALOGUE)) == []  # emitted but not defined
    assert sorted(set(CATALOGUE) - emitted) == []  # defined but never emitted


def test_every_code_is_documented_with_its_severity():
    page = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert [c.code for c in CATALOGUE.values() if f"| `{c.code}` | {c.severity} |" not in page] == []


def test_every_module_has_a_room_in_the_architecture_page():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                     if p.name not in ("__init__.py", "__main__.py"))
    assert len(modules) > 25  # the scan sees the subpackages
    assert [m for m in modules if f"`{m}`" not in page] == []


def test_every_docs_page_is_in_the_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav_text = yaml.safe_dump(config["nav"])
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert [p for p in pages if p not in nav_text] == []
