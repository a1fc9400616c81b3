"""Generate: write the site's pages, exports and assets into a folder.

Output is plain Markdown (with HTML blocks), JSON, CSV, XML and static assets, so any engine
that reads mkdocs.yml (MkDocs + Material now, Zensical later) can render it. Files are written
only when their bytes change, and files no longer produced are removed (writer.py).
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from .enrich import Site
from .exports import write_exports
from .pages import Pages
from .templating import environment
from .writer import Writer


def generate(site: Site, docs_src: Path, out: Path, extras: dict | None = None, cache: Path | None = None) -> int:
    """Write every generated file into `out`; return how many changed. `cache` (`.cache/`) lets
    unchanged entry JSON come from the build cache (buildcache.py); the bytes are the same."""
    extras = extras or {}
    w = Writer(out)
    if docs_src.is_dir():
        w.copy_tree(docs_src)
    assets = resources.files("accessgap.site") / "assets"
    for item in sorted(assets.iterdir(), key=lambda p: p.name):
        if item.is_file():
            w.write(f"assets/{item.name}", item.read_bytes())
    Pages(w, environment(), site, extras).all()
    write_exports(w, site, cache)
    for rel, data in sorted(extras.get("files", {}).items()):
        w.write(rel, data)
    w.finish()
    return w.changed


def clean(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
