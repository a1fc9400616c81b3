"""File writes that never leave a half-written file and skip unchanged bytes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: str | bytes, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write via a temporary file in the same folder, then rename (or link, when `exclusive`).

    With `exclusive`, an existing file is never replaced: FileExistsError is raised instead.
    `durable=False` skips the fsync, for build products that can be made again (still atomic).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if path exists: no race with another writer
        else:
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_if_changed(path: Path, data: str | bytes, *, durable: bool = True) -> bool:
    """Write only when the bytes differ, so live preview does not rebuild in a loop."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    if path.exists() and not path.is_symlink() and path.read_bytes() == raw:
        return False
    atomic_write(path, raw, durable=durable)
    return True


def unsafe_entries(root: Path) -> list[tuple[Path, str]]:
    """Symbolic links and special files at or under `root`, never following a link.

    A link in a folder the build reads or cleans would make it publish, overwrite or delete
    whatever the link points to, so the build refuses them instead of resolving them.
    """
    root = Path(root)
    if root.is_symlink():
        return [(root, "is a symbolic link")]
    if not root.exists():
        return []
    if not root.is_dir():
        return [] if root.is_file() else [(root, "is not a regular file or folder")]
    found: list[tuple[Path, str]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            p = Path(folder) / name
            if p.is_symlink():
                found.append((p, "is a symbolic link"))
            elif not (p.is_dir() or p.is_file()):
                found.append((p, "is not a regular file or folder (a device, socket or pipe)"))
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return found


def case_sensitive(folder: Path) -> bool:
    """Whether names in `folder` differ by case (Linux: yes; macOS and Windows by default: no)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(dir=folder, prefix=".case-probe-", suffix=".tmp")
    os.close(fd)
    try:
        other = os.path.join(os.path.dirname(probe), os.path.basename(probe).upper())
        return not os.path.exists(other)
    finally:
        os.unlink(probe)
