"""Live preview: generate, then let MkDocs serve the generated tree and regenerate on changes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..site.pipeline import prepare
from . import guard
from .build import refuse
from .config import site_config
from .overrides import write_overrides

WATCHED = ("registry", "docs", "mkdocs.yml")


def _snapshot(project: Path) -> dict[str, float]:
    stamps = {}
    for name in WATCHED:
        p = project / name
        files = [p] if p.is_file() else (q for q in p.rglob("*") if q.is_file())
        for f in files:
            try:
                stamps[str(f)] = f.stat().st_mtime
            except OSError:
                pass
    return stamps


def serve(project: Path, port: int = 8000) -> int:
    problems = guard.problems(project)
    if problems:
        return refuse(problems, "preview refused before writing anything: fix the problems above first")
    site, code = prepare(project, site_config(project))
    if code:
        return code
    write_overrides(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # MkDocs watches generated/docs itself; we regenerate it when sources change.
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], cwd=project, env=env)
    stop = threading.Event()

    def watch():
        last = _snapshot(project)
        while not stop.is_set():
            time.sleep(1)
            now = _snapshot(project)
            if now != last:
                last = now
                prepare(project, site_config(project))  # errors are printed; the preview keeps the last good pages

    threading.Thread(target=watch, daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        proc.terminate()
