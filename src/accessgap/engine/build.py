"""Render: prepare the generated tree (site/pipeline.py), then build it with MkDocs into site/ atomically.

A failed build leaves the previous site/ untouched: MkDocs writes into a temporary folder that
replaces site/ only after the build and the safety scan pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..check import report
from ..findings import Finding, Result
from ..site.pipeline import prepare
from ..tools import git
from . import guard, search_index, static
from .config import DOCS_DIR, site_config
from .overrides import write_overrides
from .scan import EarlyScan, scan_site

# "WARNING -  Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files."
_DOC_WARNING = re.compile(r"WARNING\s+-\s+(?:Doc file '([^']+)'\s*)?(.*)")


def source_date_epoch(project: Path) -> str | None:
    """The last commit's time, so two builds of one commit are byte-identical (sitemap dates too)."""
    if not (project / ".git").exists():
        return None  # not a checkout of its own (a copy inside another repository): MkDocs' default
    out = (git.text(project, "log", "-1", "--format=%ct") or "").strip()
    return out if out.isdigit() else None


def run_mkdocs(project: Path, dest: Path, strict: bool) -> subprocess.CompletedProcess:
    # Not --quiet: with it MkDocs does not count warnings, so --strict would pass a broken link.
    # mkdocs_run is MkDocs' command line with each page's raw HTML parsed once, not twice.
    cmd = [sys.executable, "-m", "accessgap.engine.mkdocs_run", "build", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    epoch = source_date_epoch(project)
    if epoch and "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)


def strict_findings(project: Path, output: str) -> list[Finding]:
    """B004 findings from MkDocs' warnings, located at the hand-written page when there is one."""
    found = []
    for line in output.splitlines():
        m = _DOC_WARNING.search(line)
        if not m:
            continue
        page, message = m.group(1), " ".join(m.group(2).split())[:300]
        path = "mkdocs.yml"
        if page:
            path = f"docs/{page}" if (project / "docs" / page).is_file() else f"generated/docs/{page}"
        found.append(Finding(path, 0, 0, "B004", message, "Fix the link or page; the site is built with --strict."))
    return found


def refuse(findings: list[Finding], why: str) -> int:
    print(report.text(Result(findings=findings)), file=sys.stderr)
    print(why, file=sys.stderr)
    return 1


def publishable(folder: Path) -> None:
    """Readable by the web server, as umask allows: mkdtemp makes folders 0700."""
    mask = os.umask(0)
    os.umask(mask)
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


def build(project: Path, *, strict: bool = True, clean: bool = True) -> int:
    problems = guard.problems(project)
    if problems:
        return refuse(problems, "build refused before writing anything: fix the problems above first")
    config = site_config(project)
    site, code = prepare(project, config)
    if code:
        return code
    write_overrides(project)
    files, pages = static.files(project / DOCS_DIR)
    if pages:
        return refuse([Finding(f"{DOCS_DIR}/{p}", 0, 0, "B004", "a page in a folder of files that are not pages "
                               "would not be rendered", "Move the page out of that folder (engine/static.py).")
                       for p in pages[:50]], "build refused before running MkDocs")
    final = project / config["site_dir"]
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project))
    try:
        # The early scan checks finished pages on the core MkDocs leaves idle, starting with the
        # files that are not pages, which MkDocs leaves out and the build links in afterwards.
        with EarlyScan(tmp, ahead={tmp / rel: src for rel, src in files.items()}) as early:
            proc = run_mkdocs(project, tmp, strict)
        if proc.returncode != 0:
            found = strict_findings(project, proc.stdout + proc.stderr)
            if found:
                return refuse(found, "build failed; the previous site/ was left as it was")
            print(proc.stdout + proc.stderr, file=sys.stderr)
            print("build failed; the previous site/ was left as it was", file=sys.stderr)
            return 1
        try:
            static.link(files, tmp)  # before Pagefind, which sees the whole site as readers get it
        except FileExistsError as exc:
            return refuse([Finding("mkdocs.yml", 0, 0, "B004", f"MkDocs wrote {str(exc.filename2)[:200]}, a path "
                                   "the build links a generated file to", "Restore `draft_docs:` from main.")],
                          "build failed; the previous site/ was left as it was")
        # While Pagefind indexes the site (its own process), the pages it reads are scanned here;
        # scan_site then scans its index and anything that changed meanwhile.
        catch_up = threading.Thread(target=early.catch_up, args=(search_index.OUTPUT,), name="scan-catch-up")
        catch_up.start()
        try:
            found = search_index.index(tmp, project)  # after MkDocs, before the scan checks what it wrote
        finally:
            catch_up.join()
        if found:
            return refuse(found, "build failed; the previous site/ was left as it was")
        problems = scan_site(tmp, early=early)
        if problems:
            found = [Finding(f"site/{p.split(': ', 1)[0]}", 0, 0, "B003", p.split(": ", 1)[-1][:300],
                             "Content the project never emits reached the built site; find which entry "
                             "or docs/ page put it there.") for p in problems[:50]]
            return refuse(found, "build refused: the built site holds content the allowlist does not")
        publishable(tmp)
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
