"""A site built from entries with payloads in every text field: nothing runs, text shows literally."""

from __future__ import annotations

import shutil

import pytest
from ruamel.yaml import YAML

from tests.helpers.site import Server, copy_project, run_build

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
IFRAME = "<iframe src=javascript:window.__pwned=3></iframe>"
SVG = "<svg onload=window.__pwned=4>"
ATTR = '" onmouseover="window.__pwned=5" x="'
ENTITY = "&lt;b&gt;not bold&lt;/b&gt; &#60;i&#62;"
MD_TRICKS = ('[click](https://example.org/" onclick="window.__pwned=6) { onclick=window.__pwned=7 } '
             '--8<-- ".git/config" [ok](https://example.org/a_(b)) *em* `code` {: .x } ~~s~~ | cell |')
INLINE = f"T {SCRIPT} {IMG} {ATTR}"  # one-line fields: titles, notes, names


def hostile_entry() -> dict:
    return {
        "schema_version": "2.0",
        "id": "MAG-2024-0999",
        "title": f"Payload {SCRIPT} {IMG} {SVG}",
        "gap_types": [{"type": "elicitation", "subtypes": ["fine_tuning"]}],
        "labs": ["evil-lab"],
        "models": ["evil-model"],
        "outsiders": ["evil-org"],
        "access": {"had": ["insider"], "lacked": ["public"], "note": INLINE},
        "restricted_by": ["lab"],
        "direction": "widens",
        "purpose": "study",
        "dates": {"event": "2024-05-01", "insider_access": "2024-01", "outsider_access": "2024-05-01"},
        "status": {"state": "disputed", "note": INLINE},
        "summary": f"{MD_TRICKS}\n\n{ENTITY} javascript&#58;alert(1)",
        "sources": [{"url": "https://example.org/?q=%3Cscript%3E&x=\"", "title": INLINE, "publisher": INLINE,
                     "accessed": "2024-06-01", "kind": "primary", "quote": f"{SCRIPT}\n{IMG}\n{ENTITY}",
                     "note": INLINE, "archive_url": "https://web.archive.org/web/2024/https://example.org/"}],
        "lab_response": {"date": "2024-06-02", "summary": MD_TRICKS, "url": "https://example.org/reply"},
        "related": ["MAG-2023-0001"],
        "confidence": "low",
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    y = YAML()
    docs = {
        "registry/entries/2024/MAG-2024-0999.yaml": hostile_entry(),
        "registry/labs/evil-lab.yaml": {"schema_version": "2.0", "id": "evil-lab", "name": f"Evil {SCRIPT}",
                                        "description": INLINE, "homepage": "https://example.org/", "aliases": [IMG]},
        "registry/models/evil-model.yaml": {"schema_version": "2.0", "id": "evil-model", "name": f"Model {IMG}",
                                            "lab": "evil-lab", "description": INLINE},
        "registry/organisations/evil-org.yaml": {"schema_version": "2.0", "id": "evil-org", "name": f"Org {SVG}",
                                                 "kind": "academic", "description": INLINE,
                                                 "homepage": "https://example.org/"},
    }
    for rel, data in docs.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            y.dump(data, fh)
    proc = run_build(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    server = Server(project / "site")
    yield project / "site", server.url
    server.close()
    shutil.rmtree(root, ignore_errors=True)


PAGES = ["entries/MAG-2024-0999/", "", "timeline/", "explore/", "labs/evil-lab/", "models/evil-model/",
         "organisations/evil-org/", "gap-types/elicitation/", "labs/", "models/", "organisations/"]


@pytest.mark.parametrize("rel", PAGES)
def test_no_payload_runs(page, hostile_site, rel):
    _, url = hostile_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + rel)
    page.wait_for_load_state("networkidle")
    # Fire the events an injected handler would wait for, on every element of the content.
    page.evaluate("""() => document.querySelectorAll('article *').forEach(el => {
        for (const type of ['mouseover', 'focus', 'load', 'error']) el.dispatchEvent(new Event(type));
    })""")
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    injected = page.evaluate("""() => [...document.querySelectorAll('article iframe, article svg[onload], article img[onerror], article [onclick], article [onmouseover], article script')].map(e => e.outerHTML.slice(0, 80))""")
    assert injected == []
    assert page.url.startswith(url + rel)  # no navigation
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]


def test_payload_text_appears_literally(page, hostile_site):
    _, url = hostile_site
    page.goto(url + "entries/MAG-2024-0999/")
    assert SCRIPT in page.locator("h1").inner_text()
    assert IMG in page.locator("h1").inner_text()
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page.locator(".mag-summary").inner_text()
    assert '--8<-- ".git/config"' in page.locator(".mag-summary").inner_text()
    assert SCRIPT in page.locator(".mag-source blockquote").inner_text()
    # Only the http(s) link of the Markdown subset became a link; the trick with a quote did not.
    links = page.locator(".mag-summary a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert links == ["https://example.org/a_(b)"]
    title = page.title()
    assert "<" not in title and "MAG-2024-0999" in title


def test_built_files_hold_no_raw_payload(hostile_site):
    site, _ = hostile_site
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text, html
        assert "onerror=\"window.__pwned" not in text, html
        assert "<iframe src=javascript" not in text, html
        assert "[remote \"origin\"]" not in text, html  # no snippet include of .git/config


def test_search_result_for_payload_title_is_inert(page, hostile_site):
    _, url = hostile_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "search/")
    box = page.locator(".mag-search__input")
    box.click()
    box.press_sequentially("Payload", delay=20)
    page.wait_for_selector('.mag-search__results > li a[href*="MAG-2024-0999"]', timeout=20_000)
    page.wait_for_timeout(300)
    assert dialogs == [] and page.evaluate("window.__pwned") is None


def test_meta_tags_hold_the_payload_as_text(page, hostile_site):
    _, url = hostile_site
    page.goto(url + "entries/MAG-2024-0999/")
    title = hostile_entry()["title"]
    meta = page.evaluate("""() => Object.fromEntries([...document.head.querySelectorAll('meta[name^=citation_], meta[property^="og:"]')]
        .map(m => [m.getAttribute('name') || m.getAttribute('property'), m.getAttribute('content')]))""")
    assert meta["citation_title"] == title and meta["og:title"] == f"MAG-2024-0999: {title}"
    assert page.evaluate("() => document.head.querySelectorAll('img, svg, iframe').length") == 0
    assert not page.evaluate("() => [...document.scripts].some(s => s.text.includes('__pwned'))")
    assert page.evaluate("document.querySelectorAll('meta').length") == page.evaluate(
        "document.head.querySelectorAll('meta').length")  # nothing broke out of <head>


def test_an_exact_id_lookup_shows_a_payload_title_as_text(page, hostile_site):
    _, url = hostile_site
    page.goto(url + "search/")
    box = page.locator(".mag-search__input")
    box.click()
    box.press_sequentially("mag-2024-0999", delay=20)
    first = page.locator(".mag-search__results > li.mag-lookup:first-child h2")
    first.wait_for(timeout=20_000)
    assert first.inner_text() == f"MAG-2024-0999: {hostile_entry()['title']}"
    assert page.evaluate("window.__pwned") is None


def test_the_header_panel_shows_a_payload_title_as_text(page, hostile_site):
    _, url = hostile_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    box = page.locator(".mag-header-search__input")
    box.click()
    box.press_sequentially("Payload", delay=20)
    card = page.locator('.mag-header-search__results > li:has(a[href*="MAG-2024-0999"])')
    card.wait_for(timeout=20_000)
    page.wait_for_timeout(300)
    assert card.locator(".mag-header-search__title").inner_text() == f"MAG-2024-0999: {hostile_entry()['title']}"
    assert page.locator(".mag-header-search__panel").locator("img, script, iframe, b").count() == 0
    assert dialogs == [] and page.evaluate("window.__pwned") is None
