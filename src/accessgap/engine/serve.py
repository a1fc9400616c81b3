"""Live preview: generate, then let MkDocs serve the generated tree and regenerate on changes.

MkDocs runs with `--dirty`: on a change it rebuilds only the pages whose Markdown is newer than
their HTML, so a rebuild costs about one page, not the whole site. When only entry files
changed, `refresh_entries` rewrites just those entries' pages first (every check still runs on
the whole registry in memory), so an edited entry shows within about a second at 1,000 entries;
a full `prepare` follows at once to bring lists, charts and exports up to date. The navigation
and lists of a dirty build can lag behind until the next full build (`accessgap build`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from ..site.pipeline import prepare, refresh_entries
from . import guard
from .build import refuse
from .config import site_config
from .overrides import write_overrides

WATCHED = ("registry", "docs", "mkdocs.yml")
POLL_SECONDS = 0.2  # a stat of every watched file: about 10 ms at 1,000 entries


def _snapshot(project: Path) -> dict[str, float]:
    stamps = {}
    for name in WATCHED:
        p = project / name
        files = [p] if p.is_file() else (q for q in p.rglob("*") if q.is_file())
        for f in files:
            try:
                st = f.stat()
                stamps[str(f)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                pass
    return stamps


def changed_files(before: dict, after: dict) -> list[Path]:
    """Files added, removed or changed between two snapshots."""
    return sorted(Path(k) for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def regenerate(project: Path, state: dict, changed: list[Path]) -> str:
    """Bring generated/docs up to date after `changed`; says which path it took (for the log)."""
    config = site_config(project)
    entries = project / "registry" / "entries"
    quick = None
    if changed and all(entries in p.parents for p in changed):
        quick = refresh_entries(project, state, changed)
        if quick:
            print(f"preview: rewrote {', '.join(quick)}; updating lists and charts", file=sys.stderr, flush=True)
    prepare(project, config, quiet=True, state=state)  # errors are printed; the preview keeps the last good pages
    return "entries" if quick else "full"


def serve(project: Path, port: int = 8000, *, dirty: bool = True) -> int:
    problems = guard.problems(project)
    if problems:
        return refuse(problems, "preview refused before writing anything: fix the problems above first")
    state: dict = {}
    site, code = prepare(project, site_config(project), state=state)
    if code:
        return code
    write_overrides(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    # MkDocs watches generated/docs itself; we regenerate it when sources change.
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    if dirty:
        cmd += ["--dirty", "--no-strict"]  # MkDocs warns on every dirty build; `accessgap build` stays strict
    proc = subprocess.Popen(cmd, cwd=project, env=env)
    stop = threading.Event()

    def watch():
        last = _snapshot(project)
        while not stop.wait(POLL_SECONDS):
            now = _snapshot(project)
            if now != last:
                changed = changed_files(last, now)
                last = now
                regenerate(project, state, changed)

    threading.Thread(target=watch, daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        proc.terminate()
