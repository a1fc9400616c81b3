"""Writer: collects one generation's files and makes the output folder mirror it.

It deletes only files it wrote itself: each generation records what it wrote in a manifest
beside the output folder (generated/.manifest.json), and the next one removes only files named
there. A file in the output folder that no generation wrote (committed by a pull request, or
left by an older version of the tool) is never published silently: `stray_files` names it and
the build refuses until it is removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..fsutil import atomic_write, write_if_changed


def manifest_path(out: Path) -> Path:
    return out.parent / f".{out.name}.manifest.json"


def _recorded(out: Path) -> set[str]:
    try:
        data = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


def _files_on_disk(out: Path) -> list[str]:
    """Every regular file under `out` as a POSIX relative path, without following links."""
    found = []
    for folder, dirs, files in os.walk(out, followlinks=False):
        for name in files:
            p = Path(folder) / name
            if p.is_file() and not p.is_symlink():
                found.append(p.relative_to(out).as_posix())
    return sorted(found)


def stray_files(out: Path) -> list[str]:
    """Files in the output folder that no earlier generation wrote (see the module docstring)."""
    if not out.is_dir() or out.is_symlink():
        return []
    recorded = _recorded(out)
    return [rel for rel in _files_on_disk(out) if rel not in recorded]


class Writer:
    """Writes files only when their bytes change; `finish` removes files this generation did not write."""

    def __init__(self, out: Path):
        self.out = out
        self.written: set[str] = set()
        self.changed = 0

    def write(self, rel: str, data: str | bytes) -> None:
        rel = Path(rel).as_posix()
        self.written.add(rel)
        if write_if_changed(self.out / rel, data, durable=False):  # generated output: rebuilt, not restored
            self.changed += 1

    def copy_tree(self, src: Path, dest_rel: str = "") -> None:
        for p in sorted(src.rglob("*")):
            if p.is_file() and not p.is_symlink() and not any(part.startswith(".") for part in p.relative_to(src).parts):
                self.write(str(Path(dest_rel) / p.relative_to(src)), p.read_bytes())

    def finish(self) -> None:
        if not self.out.is_dir() or self.out.is_symlink():
            return
        recorded = _recorded(self.out)
        for rel in _files_on_disk(self.out):
            if rel not in self.written and rel in recorded:
                (self.out / rel).unlink()
        for folder, dirs, files in sorted(os.walk(self.out, followlinks=False), reverse=True):
            p = Path(folder)
            if p != self.out and not p.is_symlink() and not any(p.iterdir()):
                p.rmdir()
        atomic_write(manifest_path(self.out), json.dumps({"files": sorted(self.written)}, indent=0) + "\n",
                     durable=False)
