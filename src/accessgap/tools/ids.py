"""Entry IDs that never change and are never reused: collision check and `accessgap renumber`.

Two pull requests opened at the same time can both take the next free ID (`accessgap new` only
sees the contributor's own checkout). The second to merge then adds a file that already exists
on main. `check_collisions` finds that before review (the ID was added on the base branch since
this branch forked, or it was used there once and removed), and `renumber` moves an entry to a
free ID: it renames the file, rewrites its `id`, and updates `related` and `status.successor`
in every other entry, keeping comments and layout (ruamel.yaml round trip), with atomic writes.

An ID that exists, or that ever existed in the git history (`git log --all`), is never reused.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..load import safeyaml
from . import git
from ..findings import Finding, Result
from .fmt import round_trip_yaml  # the canonical round-trip settings `accessgap fmt` uses
from ..fsutil import atomic_write
from ..models import ID_PATTERN
from ..load.registry import display_path

ENTRIES = Path("registry") / "entries"
_ID = re.compile(ID_PATTERN.strip("^$"))
_ID_IN_PATH = re.compile(r"(?:^|/)(MAG-[0-9]{4}-[0-9]{4})\.yaml$")
_ID_IN_TEXT = re.compile(r"MAG-[0-9]{4}-[0-9]{4}")


class IdError(ValueError):
    """A renumbering that must not happen; the message says why and what to do."""


# --- git ---------------------------------------------------------------------------------------

def _ids_from_paths(text: str) -> set[str]:
    out = set()
    for line in text.splitlines():
        m = _ID_IN_PATH.search(line.strip())
        if m:
            out.add(m.group(1))
    return out


def ids_in_history(project: Path, ref: str = "--all") -> set[str] | None:
    """Every entry ID that any commit (of `ref`, default all refs) ever had a file for."""
    out = git.text(project, "log", ref, "--no-renames", "--name-only", "--format=", "--", str(ENTRIES))
    return None if out is None else _ids_from_paths(out)


def ids_at(project: Path, ref: str) -> set[str] | None:
    out = git.text(project, "ls-tree", "-r", "--name-only", ref, "--", str(ENTRIES))
    return None if out is None else _ids_from_paths(out)


def merge_base(project: Path, ref: str) -> str | None:
    out = git.text(project, "merge-base", ref, "HEAD")
    return out.strip() if out else None


# --- the working tree --------------------------------------------------------------------------

def entry_files(project: Path) -> dict[str, list[Path]]:
    """ID -> files named after it under registry/entries (more than one is itself a collision)."""
    found: dict[str, list[Path]] = {}
    root = project / ENTRIES
    if root.is_dir():
        for p in sorted(root.rglob("MAG-*.yaml")):
            if _ID.fullmatch(p.stem) and not p.is_symlink():
                found.setdefault(p.stem, []).append(p)
    return found


def next_free(year: int, taken: set[str]) -> str:
    """The number after the highest one `taken` holds for that year (IDs are never reused)."""
    highest = max((int(i[-4:]) for i in taken if i.startswith(f"MAG-{year}-")), default=0)
    if highest >= 9999:
        raise IdError(f"no free IDs left for {year}")
    return f"MAG-{year}-{highest + 1:04d}"


# --- collision check ---------------------------------------------------------------------------

def _locate_id(path: Path, display: str) -> tuple[int, int]:
    loaded = safeyaml.load(path, display)
    return loaded.locate(("id",)) if loaded.ok else (1, 1)


def check_collisions(project: Path, base: str) -> Result:
    """I001: an entry added on this branch whose ID was also added on `base` since the branch forked.
    I002: an entry added on this branch whose ID `base` used once and removed (IDs are never reused).
    Raises IdError when git or the base ref is not available."""
    result = Result()
    if git.text(project, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}") is None:
        raise IdError(f"git cannot find `{base}`; run `git fetch origin` first, or name the base with --base")
    fork = merge_base(project, base)
    if fork is None:
        raise IdError(f"this branch has no common history with `{base}`")
    forked_with = ids_at(project, fork) or set()
    on_base = ids_at(project, base) or set()
    base_history = ids_in_history(project, base) or set()
    here = entry_files(project)
    result.files_checked = sum(len(v) for v in here.values())
    taken = set(here) | on_base | base_history | (ids_in_history(project) or set())
    base_dir = Path.cwd()
    for entry_id in sorted(set(here) - forked_with):
        if entry_id in on_base:
            message = f"{entry_id} was also added on {base} by another change since this branch started"
        elif entry_id in base_history:
            message = f"{entry_id} was used on {base} before and removed; IDs are never reused"
        else:
            continue
        new = next_free(int(entry_id[4:8]), taken)
        taken.add(new)
        for path in here[entry_id]:
            display = display_path(path, base_dir)
            line, col = _locate_id(path, display)
            result.add(Finding(display, line, col, "I001" if entry_id in on_base else "I002", message,
                               f"run `accessgap renumber {entry_id} {new}`, then commit", "$.id"))
    return result


# --- renumber ----------------------------------------------------------------------------------

@dataclass
class Change:
    path: Path
    text: str
    what: str  # for the terminal


@dataclass
class Plan:
    old: str
    new: str
    source: Path
    target: Path
    changes: list[Change] = field(default_factory=list)  # target first, then referencing files
    mentions: list[str] = field(default_factory=list)  # free-text mentions left for a human
    notes: list[str] = field(default_factory=list)


def _dump(y, data) -> str:
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def _rewrite(path: Path, display: str, edit) -> tuple[str, list[str]] | None:
    """Apply `edit(data) -> list of what changed` to a ruamel round trip of the file; verify the
    result loads to exactly the same edit applied to the plain data. None when nothing changes."""
    loaded = safeyaml.load(path, display)
    if not loaded.ok:
        raise IdError(f"{display} does not load; run `accessgap validate {display}` and fix it first")
    y = round_trip_yaml()
    y.preserve_quotes = True  # change only what is edited; the rest stays byte for byte
    data = y.load(loaded.text)
    what = edit(data)
    if not what:
        return None
    expected = copy.deepcopy(loaded.data)
    edit(expected)
    text = _dump(y, data)
    check = safeyaml.parse(text, display)
    if not check.ok or check.data != expected:
        raise IdError(f"rewriting {display} would change other data; nothing was written (please report this)")
    return text, what


def _replace_refs(old: str, new: str):
    def edit(data) -> list[str]:
        what = []
        if not isinstance(data, dict):
            return what
        related = data.get("related")
        if isinstance(related, list):
            for i, value in enumerate(related):
                if value == old:
                    related[i] = new
                    what.append(f"related[{i}]")
        status = data.get("status")
        if isinstance(status, dict) and status.get("successor") == old:
            status["successor"] = new
            what.append("status.successor")
        return what
    return edit


def plan_renumber(project: Path, old: str, new: str, *, check_history: bool = True) -> Plan:
    for value, name in ((old, "OLD"), (new, "NEW")):
        if not _ID.fullmatch(value):
            raise IdError(f"{name} {value!r} is not an entry ID like MAG-2025-0042")
    if old == new:
        raise IdError("OLD and NEW are the same ID")
    files = entry_files(project)
    if old not in files:
        raise IdError(f"no entry file {old}.yaml under {ENTRIES}")
    if len(files[old]) > 1:
        raise IdError(f"{old} has several files: {', '.join(str(p) for p in files[old])}; keep one first")
    if new in files:
        raise IdError(f"{new} already exists ({files[new][0]}); pick a free ID")
    notes = []
    if check_history:
        history = ids_in_history(project)
        if history is None:
            notes.append("git history not available: could not check that the new ID was never used")
        elif new in history:
            raise IdError(f"{new} was used before (it is in the git history); IDs are never reused. "
                          f"Try {next_free(int(new[4:8]), history | set(files))}")
    source = files[old][0]
    target = project / ENTRIES / new[4:8] / f"{new}.yaml"
    base_dir = Path.cwd()
    plan = Plan(old, new, source, target, notes=notes)

    def rename(data) -> list[str]:
        if not isinstance(data, dict) or data.get("id") != old:
            return []
        data["id"] = new
        return ["id"]

    rewritten = _rewrite(source, display_path(source, base_dir), rename)
    if rewritten is None:
        raise IdError(f"{display_path(source, base_dir)} does not have `id: {old}`; fix the file first")
    plan.changes.append(Change(target, rewritten[0], f"id {old} -> {new}"))
    if old[4:8] != new[4:8]:
        plan.notes.append(f"the year changes ({old[4:8]} -> {new[4:8]}); check that it is the event's year")
    for entry_id, paths in sorted(files.items()):
        if entry_id == old:
            continue
        for path in paths:
            display = display_path(path, base_dir)
            loaded = safeyaml.load(path, display)
            if not loaded.ok or old not in loaded.text:
                continue
            changed = _rewrite(path, display, _replace_refs(old, new))
            if changed is not None:
                plan.changes.append(Change(path, changed[0], ", ".join(changed[1])))
            for text_field in ("summary", "title"):
                value = loaded.data.get(text_field) if isinstance(loaded.data, dict) else None
                if isinstance(value, str) and old in _ID_IN_TEXT.findall(value):
                    line, col = loaded.locate((text_field,))
                    plan.mentions.append(f"{display}:{line}:{col}: `{text_field}` mentions {old}; update the text by hand")
    return plan


def apply(plan: Plan) -> None:
    """Write the new file (never over an existing one), update references, then remove the old file."""
    first, *others = plan.changes
    atomic_write(first.path, first.text, exclusive=True)
    for change in others:
        atomic_write(change.path, change.text)
    plan.source.unlink()
    try:
        plan.source.parent.rmdir()  # only when the year folder is now empty
    except OSError:
        pass


def renumber(project: Path, old: str, new: str, *, dry_run: bool = False, check_history: bool = True) -> Plan:
    plan = plan_renumber(project, old, new, check_history=check_history)
    if not dry_run:
        apply(plan)
    return plan
