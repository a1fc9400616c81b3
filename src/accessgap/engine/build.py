"""Render: validate, enrich, generate, then build the site with MkDocs into site/ atomically.

A failed build leaves the previous site/ untouched: MkDocs writes into a temporary folder that
replaces site/ only after the build and the safety scan pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from ..check import report
from ..site.enrich import enrich
from ..load.batch import DEFAULT_CACHE
from ..site.generate import generate
from .scan import EarlyScan, scan_site
from ..check.runner import validate

GENERATED = Path("generated") / "docs"


def site_config(project: Path) -> dict:
    with open(project / "mkdocs.yml", encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh) or {}
    extra = cfg.get("extra") or {}
    return {"site_url": cfg.get("site_url", "https://example.invalid/"), "repo_url": cfg.get("repo_url", ""),
            "dataset_version": str(extra.get("dataset_version", "")), "site_dir": cfg.get("site_dir", "site")}


def git_dates_for(project: Path) -> dict:
    try:
        from ..tools.gitdates import git_dates  # optional: absent history degrades to no dates
    except ImportError:
        return {}
    try:
        return git_dates(project)
    except Exception:  # dates are decoration; never fail a build over them
        return {}


def chart_extras(site) -> dict:
    try:
        from ..site.charts import chart_extras as make  # optional module
    except ImportError:
        return {}
    return make(site)


def prepare(project: Path, *, quiet: bool = False):
    """Load, check, enrich and generate; returns (site, exit code)."""
    reg = validate(project / "registry", cache=project / DEFAULT_CACHE)
    if reg.result.errors:
        print(report.text(reg.result), file=sys.stderr)
        print("build stopped: fix the errors above first", file=sys.stderr)
        return None, 1
    site = enrich(reg, site_config(project), git_dates_for(project))
    changed = generate(site, project / "docs", project / GENERATED, chart_extras(site))
    if not quiet:
        print(f"generated {len(site.entries)} entry pages ({changed} file(s) changed) in {GENERATED}")
    return site, 0


def run_mkdocs(project: Path, dest: Path, strict: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)


def build(project: Path, *, strict: bool = True, clean: bool = True) -> int:
    site, code = prepare(project)
    if code:
        return code
    final = project / site_config(project)["site_dir"]
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project))
    try:
        with EarlyScan(tmp) as early:  # scans finished pages on the core MkDocs leaves idle
            proc = run_mkdocs(project, tmp, strict)
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr, file=sys.stderr)
            print("build failed; the previous site/ was left as it was", file=sys.stderr)
            return 1
        problems = scan_site(tmp, early=early)
        if problems:
            for p in problems[:50]:
                print(f"unsafe output: {p}", file=sys.stderr)
            print("build refused: the generated site contains active content from entries", file=sys.stderr)
            return 1
        old = None
        if final.exists():
            old = project / f".site-old-{os.getpid()}"
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"built {final.relative_to(project)}/ ({len(site.entries)} entries)")
    return 0
