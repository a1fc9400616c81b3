"""Check: load the registry, run every check, and keep the findings for the files asked about."""

from __future__ import annotations

from pathlib import Path

from .rules import audit as audit_checks
from .rules import run_checks
from ..findings import Result
from ..load.registry import FOLDERS, Registry, display_path, kind_for, load_record, load_registry


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            out.extend(sorted(q for q in p.rglob("*.yaml")))
        else:
            out.append(p)
    return out


def _where(p: Path) -> Path:
    """The file a path names, for matching: a link itself is not followed, and a link loop never raises."""
    try:
        return p.absolute() if p.is_symlink() else p.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop in a parent (Python < 3.13)
        return p.absolute()


def kind_of_path(p: Path, root: Path) -> str | None:
    """Like `kind_for`, but a link is placed by where it is, not where it points, and a loop never raises."""
    try:
        if not p.is_symlink():
            return kind_for(p, root)
        rel = (p.parent.resolve() / p.name).relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    return FOLDERS.get(rel.parts[0]) if rel.parts else None


def validate(root: Path, paths: list[Path] | None = None, *, kind: str | None = None,
             audit: bool = False, cache: Path | None = None) -> Registry:
    """Validate the whole registry; with `paths`, report only on those files.

    The whole registry is always loaded, because references and duplicate IDs are only
    meaningful against it. Files outside the registry folder (e.g. a draft) need `kind`,
    default `entry`. `cache` names a file that keeps per-file results between runs (load/batch.py);
    it is only read, never written, when `paths` are named (they may be untrusted drafts).
    """
    reg = load_registry(root, cache=cache, update_cache=not paths)
    if not paths:
        run_checks(reg)
        if audit:
            reg.result.extend(audit_checks(reg))
        return reg
    wanted: set[str] = set()
    known = {_where(r.path): r for r in reg.records}
    base = Path.cwd()
    for p in expand(paths):
        resolved = _where(p)
        if resolved in known:
            wanted.add(known[resolved].display)
            continue
        in_registry = kind_of_path(p, root)
        record = load_record(in_registry or kind or "entry", p, display_path(p, base))
        record.external = in_registry is None
        reg.records.append(record)
        reg.result.extend(record.loaded.findings)
        wanted.add(record.display)
    run_checks(reg)
    if audit:
        reg.result.extend(audit_checks(reg))
    filtered = Result(findings=[f for f in reg.result.findings if f.path in wanted], files_checked=len(wanted))
    reg.result = filtered
    return reg
