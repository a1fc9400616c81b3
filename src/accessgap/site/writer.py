"""Writer: collects one generation's files and makes the output folder mirror it."""

from __future__ import annotations

from pathlib import Path

from ..fsutil import write_if_changed


class Writer:
    """Writes files only when their bytes change; `finish` removes files this generation did not write."""

    def __init__(self, out: Path):
        self.out = out
        self.written: set[Path] = set()
        self.changed = 0

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.out / rel
        self.written.add(path)
        if write_if_changed(path, data, durable=False):  # generated output: rebuilt, not restored
            self.changed += 1

    def copy_tree(self, src: Path, dest_rel: str = "") -> None:
        for p in sorted(src.rglob("*")):
            if p.is_file() and not p.is_symlink() and not any(part.startswith(".") for part in p.relative_to(src).parts):
                self.write(str(Path(dest_rel) / p.relative_to(src)), p.read_bytes())

    def finish(self) -> None:
        if not self.out.exists():
            return
        for p in sorted(self.out.rglob("*"), reverse=True):
            if p.is_file() and p not in self.written:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
