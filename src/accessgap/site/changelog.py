"""The dataset changelog: which entries each dataset version added, changed and withdrew.

A dataset version is the registry as it stood at a git tag `data-vYYYY.MM.N` (docs/releasing.md),
so a version's changes are the difference between its snapshot and the previous version's:

- *added*: an entry ID that the previous version did not have;
- *changed*: an ID in both whose loaded data differs (so `accessgap fmt`, re-quoting or editing
  comments is not a change, as for the modified dates in tools/gitdates.py);
- *withdrawn*: an entry whose status became `withdrawn` in this version (added already withdrawn
  counts too); it is listed under changed as well only if something else changed;
- *removed*: an ID whose file disappeared (IDs are never deleted, so this should stay empty).

The registry being built (the working tree) is one more snapshot after the newest tag: when it
differs from it, it is listed as the version named in `mkdocs.yml` (`extra.dataset_version`) if
no tag has that name yet, else as "Unreleased". With no tags at all, everything is in that one
version. Snapshots are read with one `git ls-tree` per tag and one `git cat-file --batch` for all
their blobs.

A checkout without history — no git, not a repository, a shallow clone (whose tags are usually
missing, so every entry would look new) — gives no versions and a note saying why; never an error.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..load import safeyaml
from ..tools import git

TAG = re.compile(r"data-v(\d{4})\.(\d{2})\.(\d+)")
ENTRIES = "registry/entries"
EXPORT_VERSION = "1"
UNRELEASED = "Unreleased"


@dataclass
class Version:
    name: str  # 2026.11.0, or "Unreleased"
    tag: str | None  # data-v2026.11.0; None for the working tree
    released: str | None  # YYYY-MM-DD of the tag (tagger date, or commit date of a lightweight tag)
    entries: int  # how many entries the version holds
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"version": self.name, "tag": self.tag, "released": self.released, "entries": self.entries,
                "added": self.added, "changed": self.changed, "withdrawn": self.withdrawn, "removed": self.removed}


@dataclass
class Changelog:
    versions: list[Version]  # newest first
    note: str | None = None  # why there are no versions, when there are none


def _tags(project: Path) -> list[tuple[tuple[int, int, int], str, str]]:
    """(sort key, tag, day) of every dataset tag, oldest first."""
    out = git.text(project, "for-each-ref", "--format=%(refname:strip=2)%09%(creatordate:short)", "refs/tags/")
    tags = []
    for line in (out or "").splitlines():
        name, _, day = line.partition("\t")
        m = TAG.fullmatch(name)
        if m:
            tags.append(((int(m[1]), int(m[2]), int(m[3])), name, day))
    return sorted(tags)


def _tree(project: Path, tag: str) -> dict[str, str]:
    """Entry file path -> blob ID in the tagged snapshot."""
    out = git.run(project, ["ls-tree", "-r", "-z", f"{tag}^{{commit}}", "--", ENTRIES])
    files = {}
    for record in (out or b"").decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and path.endswith(".yaml"):
            files[path] = parts[2]
    return files


def _load(raw: bytes, display: str) -> dict | None:
    text, _ = safeyaml.decode(raw, display)
    if text is None:
        return None
    loaded = safeyaml.parse(text, display)
    return loaded.data if loaded.ok and isinstance(loaded.data, dict) else None


def _by_id(items: list[dict]) -> dict[str, dict]:
    return {d["id"]: d for d in items if isinstance(d.get("id"), str)}


def _withdrawn(data: dict) -> bool:
    status = data.get("status")
    return isinstance(status, dict) and status.get("state") == "withdrawn"


def diff(before: dict[str, dict], after: dict[str, dict]) -> tuple[list[str], list[str], list[str], list[str]]:
    """(added, changed, withdrawn, removed) IDs, each sorted, between two snapshots (ID -> data).
    A withdrawal alone is not also a change; a withdrawal with other edits is both."""
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed, withdrawn = [], []
    for i in sorted(after):
        if i not in before:
            if _withdrawn(after[i]):
                withdrawn.append(i)
            continue
        became = _withdrawn(after[i]) and not _withdrawn(before[i])
        if became:
            withdrawn.append(i)
        if (_without_withdrawal(after[i]) != _without_withdrawal(before[i])) if became else after[i] != before[i]:
            changed.append(i)
    return added, changed, withdrawn, removed


def _without_withdrawal(data: dict) -> dict:
    """The data without what a withdrawal itself sets (the status' state, date, reason, successor)."""
    status = data.get("status")
    if not isinstance(status, dict):
        return data
    kept = {k: v for k, v in status.items() if k not in ("state", "date", "reason", "successor")}
    return {**data, "status": kept}


def _no_history(project: Path) -> str | None:
    if shutil.which("git") is None:
        return "git is not installed"
    shallow = git.run(project, ["rev-parse", "--is-shallow-repository"])
    if shallow is None:
        return "not a git repository"
    if shallow.strip() == b"true":
        return "shallow clone: fetch the full history and tags (fetch-depth: 0) for the changelog"
    return None


def changelog(project: Path, current: list[dict], current_version: str) -> Changelog:
    """Versions, newest first, from the dataset tags of `project` and the data being built
    (`current`: each entry's loaded data)."""
    note = _no_history(project)
    if note:
        return Changelog([], note)
    tags = _tags(project)
    trees = {tag: _tree(project, tag) for _, tag, _ in tags}
    blobs = git.blobs(project, {b for tree in trees.values() for b in tree.values()})
    versions, before = [], {}
    for (_, tag, day) in tags:
        snapshot = _by_id([d for path, blob in sorted(trees[tag].items())
                           if (d := _load(blobs.get(blob, b""), path)) is not None])
        versions.append(_version(tag[len("data-v"):], tag, day, before, snapshot))
        before = snapshot
    now = _by_id(current)
    if not tags or now != before:
        tagged = {tag[len("data-v"):] for _, tag, _ in tags}
        name = current_version if current_version and current_version not in tagged else UNRELEASED
        versions.append(_version(name, None, None, before, now))
    return Changelog(versions[::-1])


def _version(name: str, tag: str | None, day: str | None, before: dict, after: dict) -> Version:
    added, changed, withdrawn, removed = diff(before, after)
    return Version(name, tag, day or None, len(after), added, changed, withdrawn, removed)


def export(log: Changelog, dataset_version: str) -> dict:
    """The shape of `api/v1/changelog.json`."""
    return {"export_version": EXPORT_VERSION, "dataset_version": dataset_version, "history": log.note is None,
            "note": log.note, "versions": [v.as_json() for v in log.versions]}
