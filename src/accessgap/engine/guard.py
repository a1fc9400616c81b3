"""The build's first step: refuse a project that would make it read, write or delete outside
its own files. Runs before anything is written, so a refused build changes nothing.

A hostile pull request can commit a symbolic link where the build writes (generated/docs → a
home folder), a link the build publishes (docs → ~/.ssh), a file in generated/ that was never
reviewed as YAML, or a mkdocs.yml that runs code. Each is a located B001/B002 finding.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding
from ..fsutil import unsafe_entries
from ..site.pipeline import GENERATED
from ..site.writer import stray_files
from . import config
from .overrides import OVERRIDES

WATCHED = ("registry", "docs", "generated", ".cache")
SHOWN = 10


def problems(project: Path) -> list[Finding]:
    found = config.problems(project)
    if found:
        return found  # site_dir may be unusable: check the folders only with a sound config
    folders = [*WATCHED, str(config.site_config(project)["site_dir"])]
    for name in folders:
        for path, why in unsafe_entries(project / name):
            rel = path.relative_to(project).as_posix()
            found.append(Finding(rel, 0, 0, "B001", f"{rel} {why}",
                                 "Remove it: the build never follows links in the folders it reads, writes or cleans."))
    if not found:
        strays = [f"{GENERATED.as_posix()}/{rel}" for rel in stray_files(project / GENERATED)]
        strays += [f"{OVERRIDES.as_posix()}/{rel}" for rel in stray_files(project / OVERRIDES)]
        for n, shown in enumerate(strays[:SHOWN], 1):
            more = f" (and {len(strays) - SHOWN} more files like it)" if n == SHOWN < len(strays) else ""
            found.append(Finding(shown, 0, 0, "B001", f"{shown} was not written by the build{more}",
                                 "Run `make clean` (generated/ holds only build output; it is never committed)."))
    return found
