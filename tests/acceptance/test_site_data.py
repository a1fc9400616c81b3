"""The Data page of the built site: the dataset citation, the bulk zip and the changelog, as files
and in real headless Chromium."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import yaml

from tests.helpers.site import PROJECT


def cff():
    return yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))


def test_the_zip_on_the_data_page_is_the_one_in_the_site(built_site):
    html = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    [href] = set(re.findall(r'href="\.\./(downloads/[^"]+\.zip)"', html))
    data = (built_site / href).read_bytes()
    assert hashlib.sha256(data).hexdigest() in html
    assert f"{len(data):,} bytes" in html
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    entries = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "registry" / "entries").rglob("*.yaml"))
    assert [n for n in names if n.startswith("registry/entries/")] == entries
    assert f"-{cff()['version']}.zip" in href


def test_the_built_copy_without_history_says_so_in_the_changelog(built_site):
    # the session build copies the project without .git: the changelog must say why it is empty
    assert "not a git repository" in (built_site / "changelog" / "index.html").read_text(encoding="utf-8")


def test_the_data_page_citation_and_its_links_resolve_in_chromium(page, site_url):
    page.goto(site_url + "data/")
    block = page.locator("h2#cite-the-dataset ~ blockquote").first.inner_text()
    c = cff()
    for value in (c["title"], str(c["version"]), c["url"], c["authors"][0]["name"], "CC BY 4.0"):
        assert value in block, value
    bib = page.locator("pre.mag-bibtex").first.inner_text()
    assert f"version = {{{c['version']}}}" in bib
    local = page.evaluate("""() => [...document.querySelectorAll('article a[href]')]
        .map(a => a.href).filter(h => h.startsWith(location.origin) && !h.includes('#'))""")
    assert any(h.endswith(".zip") for h in local) and any(h.endswith("/changelog/") for h in local)
    for href in sorted(set(local)):
        assert page.evaluate("u => fetch(u).then(r => r.status)", href) == 200, href
