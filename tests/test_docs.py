"""The documentation is complete: every command, code, module and page is documented somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from accessgap import cli
from accessgap.check import rules
from accessgap.toolcodes import TOOL_CODES

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "accessgap"


def subcommands() -> list[str]:
    parser = cli.parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in subcommands() if f"`accessgap {c}" not in readme]
    assert missing == []


def test_every_code_any_tool_emits_is_documented():
    emitted = set()
    for path in SRC.glob("*.py"):
        emitted |= set(re.findall(r'"([YRSEWALI][0-9]{3})"', path.read_text(encoding="utf-8")))
    documented = set(rules.CODES) | set(TOOL_CODES)
    assert emitted - documented == set()
    page = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert [c for c in sorted(documented) if f"`{c}`" not in page] == []


def test_every_module_has_a_room_in_the_architecture_page():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(p.name for p in SRC.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert [m for m in modules if m not in page] == []


def test_every_docs_page_is_in_the_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav_text = yaml.safe_dump(config["nav"])
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert [p for p in pages if p not in nav_text] == []
