"""The theme override (engine/overrides/): copied into generated/overrides before MkDocs runs.

mkdocs.yml names `generated/overrides` as Material's `custom_dir`, so the templates the theme
uses come from this package, never from files a pull request commits: the folder is written like
generated/docs (only changed bytes, a manifest), and the guard refuses files in it that the
build did not write (B001).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..site.writer import Writer

OVERRIDES = Path("generated") / "overrides"


def write_overrides(project: Path) -> None:
    w = Writer(project / OVERRIDES)
    source = resources.files("accessgap.engine") / "overrides"
    for item in sorted(source.iterdir(), key=lambda p: p.name):
        if item.is_file() and not item.name.startswith("."):
            w.write(item.name, item.read_bytes())
    w.finish()
