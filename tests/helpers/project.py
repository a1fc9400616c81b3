"""Throw-away projects for the tests: one `make_project`, entry text, and git helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
DATA = TESTS / "data"
ACCESSGAP = Path(sys.executable).parent / "accessgap"
PYTHON = Path(sys.executable)

# Vocabulary records and one entry copied from the real registry into a default project, so the
# corpus is checked against real records but not against entries that contributors add meanwhile.
FIXTURE_FILES = [
    "registry/labs/openai.yaml",
    "registry/models/gpt-4.yaml",
    "registry/organisations/metr.yaml",
    "registry/entries/2023/MAG-2023-0001.yaml",
]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}

LAB = """\
# yaml-language-server: $schema=../../schema/lab.schema.json
schema_version: "2.0"
id: openai
name: OpenAI
description: US AI lab that develops the GPT models.
homepage: https://openai.com/
"""


def entry(entry_id: str, *, related: list[str] = (), successor: str | None = None, summary: str | None = None,
          sources: list[dict] | None = None, accessed: str = "2026-11-01") -> str:
    """A valid entry with comments in several places (they must survive every rewrite)."""
    rel = f"related: [{', '.join(related)}]  # see also\n" if related else ""
    if successor:
        status = (f'status:\n  state: withdrawn\n  date: "2024-06-01"\n  reason: Merged into another entry.\n'
                  f"  successor: {successor}  # the replacement\n")
    else:
        status = "status:\n  state: open  # still open\n"
    sources = sources or [{"url": f"https://example.org/{entry_id.lower()}"}]
    src_text = ""
    for s in sources:
        src_text += f"  - url: {s['url']}\n    title: A page about it\n    publisher: Example\n"
        src_text += f'    accessed: "{s.get("accessed", accessed)}"\n'
        src_text += "    # archive_url: https://web.archive.org/web/...\n"
        if s.get("archive_url"):
            src_text += f"    archive_url: {s['archive_url']}\n"
        src_text += "    kind: primary  # the lab itself\n    quote: >-\n      An exact short quote.\n"
    summary = summary or "A neutral summary of what happened and who had access."
    return f"""\
# yaml-language-server: $schema=../../../schema/entry.schema.json
# A hand-written comment at the top.
schema_version: "2.0"
id: {entry_id}  # permanent
title: Test entry {entry_id} about model access
gap_types:
  - type: non_release
    subtypes: [internal_only]
labs: [openai]
access:
  had: [insider]
  lacked: [public]
restricted_by: [lab]
direction: widens
domains: [general]
purpose: use
dates:
  event: "2024-05-01"
{status}summary: >-
  {summary}
sources:
{src_text}{rel}confidence: medium
"""


def make_project(root: Path, entries: dict[str, str] | None = None) -> Path:
    """A project folder that `cli.find_project` recognises: pyproject.toml and registry/.

    Without `entries` it holds the real fixture records (FIXTURE_FILES). With `entries` (ID -> text)
    it holds one small lab and exactly those entries, for tools that count or rewrite entries.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[project]\nname = "accessgap-test-project"\n', encoding="utf-8")
    for folder in ("labs", "models", "organisations", "entries"):
        (root / "registry" / folder).mkdir(parents=True, exist_ok=True)
    if entries is None:
        for rel in FIXTURE_FILES:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / rel, target)
            _migrated(target, rel.split("/")[1])
        return root
    (root / "registry" / "labs" / "openai.yaml").write_text(LAB, encoding="utf-8")
    for entry_id, text in entries.items():
        write_entry(root, entry_id, text)
    return root


def _migrated(path: Path, folder: str) -> None:
    """Bring a record copied from the real registry to the current schema (a no-op once the registry
    itself is migrated), as `accessgap migrate` would."""
    from accessgap.tools.migrate import migrate_text

    kind = {"labs": "lab", "models": "model", "organisations": "organisation", "entries": "entry"}[folder]
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text.startswith("# yaml-language-server") else None
    new, _ = migrate_text(text, kind, first)
    path.write_text(new, encoding="utf-8")


def write_entry(root: Path, entry_id: str, text: str) -> Path:
    path = root / "registry" / "entries" / entry_id[4:8] / f"{entry_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return proc.stdout


def git_init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
