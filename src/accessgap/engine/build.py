"""Render: prepare the generated tree (site/pipeline.py), then build it with MkDocs into site/ atomically.

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

from ..site.pipeline import prepare
from .config import site_config
from .scan import EarlyScan, scan_site


def run_mkdocs(project: Path, dest: Path, strict: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)


def build(project: Path, *, strict: bool = True, clean: bool = True) -> int:
    config = site_config(project)
    site, code = prepare(project, config)
    if code:
        return code
    final = project / config["site_dir"]
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
