"""The second engine: Zensical renders the generated tree from the same mkdocs.yml.

`site/` writes engine-neutral Markdown and files (docs/architecture.md, "Other engines"); this
keeps that true. The tree MkDocs built from (`generated/docs/`) and a byte-for-byte copy of
mkdocs.yml go into a temporary folder, Zensical builds there (strict, as mkdocs.yml says), and
every entry page must exist with its ID, title and sources.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from accessgap.check.runner import validate
from accessgap.engine import static
from tests.helpers.site import PROJECT

pytestmark = pytest.mark.zensical

ZENSICAL = [sys.executable, "-m", "zensical"]


def zensical_build(project: Path, dest: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """Build `project`'s generated tree with Zensical inside `dest`; return (its site/, the run)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(project / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(project / "generated" / "docs", dest / "generated" / "docs")
    # The theme override the build writes (page-head meta) is part of what the engine renders.
    shutil.copytree(project / "generated" / "overrides", dest / "generated" / "overrides")
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run([*ZENSICAL, "build", "-f", "mkdocs.yml"], cwd=dest, env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode == 0:
        # Zensical, like `mkdocs build`, leaves out `draft_docs` (the files that are not pages);
        # the build step links them in for any engine (engine/static.py), and refuses to
        # overwrite a file the engine wrote itself.
        static.link(static.files(dest / "generated" / "docs")[0], dest / "site")
    return dest / "site", proc


@pytest.fixture(scope="module")
def zensical_site(built_project, tmp_path_factory):
    site, proc = zensical_build(built_project, tmp_path_factory.mktemp("zensical"))
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return site, proc


@pytest.fixture(scope="module")
def registry():
    reg = validate(PROJECT / "registry")
    assert not reg.result.errors
    return reg


def test_zensical_builds_the_generated_tree_without_warnings(zensical_site, built_project):
    site, proc = zensical_site
    assert "No issues found" in proc.stdout + proc.stderr
    assert (site.parent / "mkdocs.yml").read_bytes() == (built_project / "mkdocs.yml").read_bytes()
    for rel in ("index.html", "timeline/index.html", "explore/index.html", "api/v1/entries.json", "feed.xml"):
        assert (site / rel).is_file(), rel


def test_every_entry_page_carries_its_id_title_and_sources(zensical_site, registry):
    site, _ = zensical_site
    assert registry.entries
    for e in registry.entries:
        page = site / "entries" / e.id / "index.html"
        assert page.is_file(), f"no Zensical page for {e.id}"
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        h1 = tree.css_first("h1")
        assert h1 is not None and h1.text().strip().rstrip("¶").strip() == e.title, e.id
        assert e.id in tree.css_first(".mag-citation").text(), e.id
        items = tree.css(".mag-source")
        assert len(items) == len(e.sources), e.id
        for item, source in zip(items, e.sources):
            assert source.title in item.text(), (e.id, source.title)
            assert str(source.url) in [a.attributes.get("href") for a in item.css("a")], (e.id, source.url)
