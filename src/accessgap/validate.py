"""Check: load the registry, run every check, and keep the findings for the files asked about."""

from __future__ import annotations

from pathlib import Path

from .checks import audit as audit_checks
from .checks import run_checks
from .findings import Result
from .registry import Registry, display_path, kind_for, load_record, load_registry


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            out.extend(sorted(q for q in p.rglob("*.yaml")))
        else:
            out.append(p)
    return out


def validate(root: Path, paths: list[Path] | None = None, *, kind: str | None = None,
             audit: bool = False) -> Registry:
    """Validate the whole registry; with `paths`, report only on those files.

    The whole registry is always loaded, because references and duplicate IDs are only
    meaningful against it. Files outside the registry folder (e.g. a draft) need `kind`,
    default `entry`.
    """
    reg = load_registry(root)
    if not paths:
        run_checks(reg)
        if audit:
            reg.result.extend(audit_checks(reg))
        return reg
    wanted: set[str] = set()
    known = {r.path.resolve(): r for r in reg.records}
    base = Path.cwd()
    for p in expand(paths):
        resolved = p.resolve() if not p.is_symlink() else p.absolute()
        if resolved in known:
            wanted.add(known[resolved].display)
            continue
        record_kind = kind_for(p, root) or kind or "entry"
        record = load_record(record_kind, p, display_path(p, base))
        record.external = kind_for(p, root) is None
        reg.records.append(record)
        reg.result.extend(record.loaded.findings)
        wanted.add(record.display)
    run_checks(reg)
    if audit:
        reg.result.extend(audit_checks(reg))
    filtered = Result(findings=[f for f in reg.result.findings if f.path in wanted], files_checked=len(wanted))
    reg.result = filtered
    return reg
