"""engine/static.py: the files MkDocs leaves out are exactly the ones the build links in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from accessgap.engine import static
from tests.helpers.site import PROJECT

FILES = {
    "api/v1/entries.json": True, "cite/MAG-2024-0001.bib": True, "downloads/x.zip": True, "feeds/labs/a.xml": True,
    "feed.xml": True, "MAG-2024-0001/index.html": True, "mag-2024-0001/index.html": True,
    "entries/mag-2024-0001/index.html": True,
    "entries/MAG-2024-0001.md": False, "index.md": False, "assets/registry.css": False, "schema/entry.schema.json": False,
    "labs/openai.md": False, "api.md": False, "docs/feed.xml": False,
}


def tree(root: Path, files) -> Path:
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    return root


def test_mkdocs_yml_lists_exactly_the_patterns():
    assert yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["draft_docs"] == static.DRAFT_DOCS


def test_files_are_the_ones_mkdocs_leaves_out(tmp_path):
    docs = tree(tmp_path / "generated" / "docs", FILES)
    found, pages = static.files(docs)
    assert set(found) == {rel for rel, left_out in FILES.items() if left_out}
    assert pages == []
    assert {rel for rel in FILES if static.is_static(rel)} == set(found)  # the preview's test for one path
    # The same answer from MkDocs itself: build the tree and see which files it did not write.
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: mkdocs\nplugins: []\ndocs_dir: generated/docs\n"
                                         "draft_docs: |\n" + "".join(f"  {p}\n" for p in static.PATTERNS),
                                         encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], cwd=tmp_path, check=True, timeout=120)
    out = tmp_path / "out"
    for rel, left_out in FILES.items():
        if not rel.endswith(".md"):
            assert (out / rel).exists() != left_out, rel


def test_a_page_among_them_is_reported_and_links_are_made(tmp_path):
    docs = tree(tmp_path / "docs", ["cite/notes.md", "cite/a.bib"])
    found, pages = static.files(docs)
    assert pages == ["cite/notes.md"] and list(found) == ["cite/a.bib"]
    static.link(found, tmp_path / "site")
    assert (tmp_path / "site" / "cite" / "a.bib").read_text() == "cite/a.bib"
    assert (tmp_path / "site" / "cite" / "a.bib").stat().st_ino == (docs / "cite" / "a.bib").stat().st_ino


def test_a_file_the_engine_wrote_is_never_overwritten(tmp_path):
    docs = tree(tmp_path / "docs", ["feed.xml"])
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "feed.xml").write_text("engine's", encoding="utf-8")
    with pytest.raises(FileExistsError):
        static.link(static.files(docs)[0], tmp_path / "site")
    assert (tmp_path / "site" / "feed.xml").read_text() == "engine's"
