"""Pipeline: load → check → enrich → generate, the engine-free part of a build.

`engine/build.py` and `engine/serve.py` call `prepare`; it writes generated/docs and knows
nothing of MkDocs. The stage functions are module attributes so scripts/bench.py can time them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..check import report
from ..check.runner import validate
from ..load.batch import DEFAULT_CACHE
from .buildcache import CACHE_DIR
from .charts import chart_extras
from .enrich import Site, enrich
from .generate import generate

GENERATED = Path("generated") / "docs"


def git_dates_for(project: Path) -> dict:
    from ..tools.gitdates import git_times

    try:
        return git_times(project)
    except Exception:  # dates are decoration; never fail a build over them
        return {}


def prepare(project: Path, config: dict, *, quiet: bool = False) -> tuple[Site | None, int]:
    """Load, check, enrich and generate; returns (site, exit code)."""
    reg = validate(project / "registry", cache=project / DEFAULT_CACHE)
    if reg.result.errors:
        print(report.text(reg.result), file=sys.stderr)
        print("build stopped: fix the errors above first", file=sys.stderr)
        return None, 1
    site = enrich(reg, config, git_dates_for(project))
    cache = project / CACHE_DIR
    changed = generate(site, project / "docs", project / GENERATED, chart_extras(site, cache), cache)
    if not quiet:
        print(f"generated {len(site.entries)} entry pages ({changed} file(s) changed) in {GENERATED}")
    return site, 0
