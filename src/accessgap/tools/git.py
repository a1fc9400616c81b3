"""One way to ask git: a quiet subprocess whose failure is a value (None), never an exception.

The history-based tools (ID collisions, recorded and modified dates) are optional: a missing
git, a folder that is not a repository or a failing command means "no answer", and each caller
decides what that means for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def run(project: Path, args: list[str], stdin: bytes | None = None, *, timeout: float = 300) -> bytes | None:
    """stdout of `git -C project ARGS`, or None when git is missing or the command fails."""
    if shutil.which("git") is None:
        return None
    try:
        proc = subprocess.run(["git", "-C", str(project), *args], input=stdin, capture_output=True, timeout=timeout,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def text(project: Path, *args: str) -> str | None:
    """Like `run`, decoded as UTF-8 (undecodable bytes replaced)."""
    out = run(project, list(args), timeout=120)
    return None if out is None else out.decode("utf-8", "replace")


def blobs(project: Path, ids: set[str] | list[str]) -> dict[str, bytes]:
    """The contents of these blobs, by ID, in one `git cat-file --batch`; missing ones are left
    out, and no git gives {}."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    out = run(project, ["cat-file", "--batch"], ("\n".join(wanted) + "\n").encode())
    found: dict[str, bytes] = {}
    pos = 0
    while out and pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        pos = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        found[header[0]] = out[pos:pos + size]
        pos += size + 1  # content is followed by a newline
    return found
