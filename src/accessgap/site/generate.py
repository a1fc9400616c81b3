"""Generate: write the site's pages, exports and assets into a folder.

Output is plain Markdown (with HTML blocks), JSON, CSV, XML and static assets, so any engine
that reads mkdocs.yml (MkDocs + Material now, Zensical later) can render it. Files are written
only when their bytes change, and files no longer produced are removed (writer.py).
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from . import dataset_cite
from .bulk import write_bulk
from .changelog import Changelog, changelog, export
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
    pages = Pages(w, environment(), site, extras)
    pages.all()
    write_exports(w, site, cache)
    write_dataset(w, pages, site)
    for rel, data in sorted(extras.get("files", {}).items()):
        w.write(rel, data)
    w.finish()
    return w.changed


def write_dataset(w: Writer, pages: Pages, site: Site) -> None:
    """The changelog, the dataset citation and the bulk zip, and the Data page that shows them;
    after the exports, because the zip holds them."""
    version = site.config.get("dataset_version", "")
    project = site.registry.root.parent
    current = [r.loaded.data for r in site.registry.valid("entry") if not r.external]
    try:
        log = changelog(project, current, version)
    except Exception as e:  # history is decoration, like the dates; the page says why it is missing
        log = Changelog([], f"the history could not be read ({type(e).__name__})")
    w.write("api/v1/changelog.json", json.dumps(export(log, version), ensure_ascii=False, indent=1) + "\n")
    cite = dataset_cite.read(project / "CITATION.cff")
    if cite is not None:
        w.write("cite/dataset.bib", cite.bibtex())
    pages.dataset(log, cite, write_bulk(w, site))


def clean(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
