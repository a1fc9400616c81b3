"""When each registry file was recorded and when its content last changed, from git history.

"Recorded" is the date of the first commit that added the file; "last modified" is the date of
the last commit that changed what the file *says*: each version is loaded with the safe loader
and compared with the one before, so `accessgap fmt`, re-quoting, re-ordering keys or editing
comments does not count. Dates are committer dates (when a change landed), in UTC.

Two git calls cover the whole registry, however many files and versions it has: one `git log`
that lists every change with the blob IDs before and after, and one `git cat-file --batch` that
reads each distinct blob once. Renames are followed, so a file moved to another folder keeps
its history.

Missing git, a folder that is not a repository, or a shallow clone (whose history starts at an
arbitrary commit, so every file would look newly added) give empty results, never an error:
the dates are decoration. CI needs `fetch-depth: 0` for them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..load import safeyaml
from . import git

NULL_BLOB = "0" * 40
_COMMIT = "\x01"  # marks a commit header in the log output


@dataclass(frozen=True)
class FileDates:
    recorded: dt.datetime  # first commit that added the file (following renames)
    modified: dt.datetime | None  # last commit that changed its loaded data after that; None if never


@dataclass
class History:
    files: dict[str, FileDates]  # POSIX path relative to the project -> dates
    note: str | None = None  # why there are no dates, when there are none


def _log(project: Path, folder: str) -> list[tuple[dt.datetime, list[tuple[str, str, str, str, str | None]]]]:
    """Commits oldest first, each with its changes: (status, old blob, new blob, path, new path)."""
    out = git.run(project, ["log", "--relative", "--reverse", "--topo-order", f"--format={_COMMIT}%H %cI", "--raw", "-z",
                         "--no-abbrev", "-M", "--no-color", "--", folder])
    if out is None:
        return []
    commits = []
    # With -z the header is followed by a newline and NUL-separated raw records:
    # ":mode mode blob blob STATUS\0path\0" (renames and copies carry a second path).
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    current: list = []
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith(_COMMIT):
            header, _, rest = token[1:].partition("\n")
            _, _, when = header.partition(" ")
            current = []
            commits.append((dt.datetime.fromisoformat(when), current))
            token = rest.lstrip("\n")
            if not token:
                continue
        if not token.startswith(":"):
            continue
        fields = token[1:].split()
        if len(fields) < 5 or i >= len(tokens):
            continue
        old_blob, new_blob, status = fields[2], fields[3], fields[4][:1]
        path = tokens[i]
        i += 1
        new_path = None
        if status in ("R", "C") and i < len(tokens):
            new_path = tokens[i]
            i += 1
        current.append((status, old_blob, new_blob, path, new_path))
    return commits


def _blobs(project: Path, ids: set[str]) -> dict[str, bytes]:
    return git.blobs(project, {b for b in ids if b != NULL_BLOB})


class _Meaning:
    """Loaded data per blob, computed once; a blob that does not load is its own meaning."""

    def __init__(self, blobs: dict[str, bytes]):
        self.blobs = blobs
        self.cache: dict[str, object] = {}

    def __call__(self, blob: str) -> object:
        if blob not in self.cache:
            raw = self.blobs.get(blob)
            value: object = ("unreadable", blob)
            if raw is not None:
                text, findings = safeyaml.decode(raw, blob)
                if text is not None:
                    loaded = safeyaml.parse(text, blob)
                    if loaded.ok:
                        value = ("data", loaded.data)
            self.cache[blob] = value
        return self.cache[blob]


def _shallow(project: Path) -> bool | None:
    out = git.run(project, ["rev-parse", "--is-shallow-repository"])
    return None if out is None else out.strip() == b"true"


def history(project: Path, folder: str = "registry") -> History:
    """Recorded and last-modified dates for every file under `folder` that is in HEAD."""
    if shutil.which("git") is None:
        return History({}, "git is not installed")
    shallow = _shallow(project)
    if shallow is None:
        return History({}, "not a git repository")
    if shallow:
        return History({}, "shallow clone: fetch the full history (fetch-depth: 0) for dates")
    commits = _log(project, folder)
    if not commits:
        return History({}, "no history for the registry yet")
    blob_ids = {b for _, changes in commits for _, old, new, _, _ in changes for b in (old, new)}
    meaning = _Meaning(_blobs(project, blob_ids))
    recorded: dict[str, dt.datetime] = {}
    modified: dict[str, dt.datetime] = {}
    for when, changes in commits:
        for status, old, new, path, new_path in changes:
            if status == "A":
                recorded.setdefault(path, when)
                recorded[path] = min(recorded[path], when)
            elif status == "D":
                recorded.pop(path, None)
                modified.pop(path, None)
            elif status in ("M", "T"):
                recorded.setdefault(path, when)  # history that starts mid-way (grafts)
                if meaning(old) != meaning(new):
                    modified[path] = max(modified.get(path, when), when)
            elif status in ("R", "C") and new_path:
                first = recorded.get(path, when)
                last = modified.get(path)
                if status == "R":
                    recorded.pop(path, None)
                    modified.pop(path, None)
                recorded[new_path] = first
                if last is not None:
                    modified[new_path] = last
                if meaning(old) != meaning(new):
                    modified[new_path] = max(modified.get(new_path, when), when)
    tracked = git.run(project, ["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", folder])
    in_head = set(tracked.decode("utf-8", "surrogateescape").split("\0")) if tracked else set(recorded)
    files = {}
    for path, first in recorded.items():
        if path not in in_head:
            continue
        last = modified.get(path)
        files[path] = FileDates(first.astimezone(dt.timezone.utc),
                                last.astimezone(dt.timezone.utc) if last else None)
    return History(files)


def git_dates(project: Path) -> dict[str, tuple[str | None, str | None]]:
    """Path (relative to the project, as the build names it) -> (recorded, last modified) as
    YYYY-MM-DD in UTC; last modified is None when the content never changed after recording."""
    out = {}
    for path, d in history(project).files.items():
        key = str(PurePosixPath(path)) if os.sep == "/" else str(Path(*PurePosixPath(path).parts))
        out[key] = (d.recorded.date().isoformat(), d.modified.date().isoformat() if d.modified else None)
    return out


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def git_times(project: Path) -> dict[str, tuple[str | None, str | None]]:
    """Like `git_dates`, with the commit times to the second (`2025-03-04T10:20:30Z`, UTC): the
    feeds' `published`/`updated` and the change index need times, not just days."""
    out = {}
    for path, d in history(project).files.items():
        key = str(PurePosixPath(path)) if os.sep == "/" else str(Path(*PurePosixPath(path).parts))
        out[key] = (_stamp(d.recorded), _stamp(d.modified) if d.modified else None)
    return out
