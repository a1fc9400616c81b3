"""Pipeline: load → check → enrich → generate, the engine-free part of a build.

`engine/build.py` and `engine/serve.py` call `prepare`; it writes generated/docs and knows
nothing of MkDocs. The stage functions are module attributes so scripts/bench.py can time them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..check import report
from ..check.rules import run_checks
from ..check.runner import validate
from ..findings import Result
from ..load.batch import DEFAULT_CACHE
from ..load.registry import Registry, display_path, kind_for, load_record
from .buildcache import CACHE_DIR
from .charts import chart_extras
from .enrich import Site, enrich
from .generate import generate
from .pages import Pages
from .templating import environment
from .writer import Writer

GENERATED = Path("generated") / "docs"


def git_dates_for(project: Path) -> dict:
    from ..tools.gitdates import git_times

    try:
        return git_times(project)
    except Exception:  # dates are decoration; never fail a build over them
        return {}


def prepare(project: Path, config: dict, *, quiet: bool = False, state: dict | None = None) -> tuple[Site | None, int]:
    """Load, check, enrich and generate; returns (site, exit code). `state`, when given, keeps
    what `refresh_entries` needs to rewrite single entries later (the preview)."""
    reg = validate(project / "registry", cache=project / DEFAULT_CACHE)
    if reg.result.errors:
        print(report.text(reg.result), file=sys.stderr)
        print("build stopped: fix the errors above first", file=sys.stderr)
        return None, 1
    dates = git_dates_for(project)
    site = enrich(reg, config, dates)
    if state is not None:
        state.update(reg=reg, dates=dates, config=config, index=None)
    cache = project / CACHE_DIR
    changed = generate(site, project / "docs", project / GENERATED, chart_extras(site, cache), cache)
    if not quiet:
        print(f"generated {len(site.entries)} entry pages ({changed} file(s) changed) in {GENERATED}")
    return site, 0


def refresh_entries(project: Path, state: dict, paths: list[Path]) -> list[str] | None:
    """The preview's fast path: reload only the changed entry files, check the whole registry
    again (every cross-file check, on the records already in memory) and rewrite only those
    entries' pages, as a full `prepare` would write them. Returns the pages written, or None
    when the fast path does not apply (no earlier `prepare`, a file added, removed or not an
    entry, or any error): the caller then runs `prepare`, which reports the errors.

    Other pages that show the entry (lists, charts, exports) are left for that full `prepare`,
    which the preview runs right after; the Writer's manifest is not touched here.
    """
    old: Registry | None = state.get("reg")
    if old is None:
        return None
    root = project / "registry"
    # Kept between edits, as the fast path keeps every file in its place: resolving 1,000 paths
    # and compiling the entry template were half of its time.
    by_path = state.get("index") or {r.path.resolve(): i for i, r in enumerate(old.records)}
    env = state.get("env") or environment()  # reloads a template whose file changed (auto_reload)
    records = list(old.records)
    changed = []
    for path in paths:
        i = by_path.get(path.resolve())
        if i is None or not path.is_file() or kind_for(path, root) != "entry" or records[i].kind != "entry":
            return None
        record = load_record("entry", path, display_path(path, Path.cwd()))
        if record.model is None or record.model.id != records[i].id:
            return None  # a parse or schema error, or a renamed ID: the full run reports and handles it
        records[i] = record
        changed.append(record.model.id)
    reg = Registry(root=old.root, records=records, result=Result())
    for r in records:
        reg.result.extend(r.loaded.findings)
    run_checks(reg)
    if reg.result.errors:
        return None
    site = enrich(reg, state["config"], state["dates"])
    w = Writer(project / GENERATED)
    pages = Pages(w, env, site, {})
    for ident in changed:
        pages.entry(site.by_id[ident])
    state.update(reg=reg, index=by_path, env=env)
    return sorted(w.written)
