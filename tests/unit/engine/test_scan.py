"""engine/scan.py: the last gate before a site is published (an allowlist, engine/allowlist.yaml)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import time
from importlib import resources
from pathlib import Path

import pytest

from accessgap.engine import scan
from accessgap.site.bulk import zip_bytes

MATERIAL = Path(str(resources.files("material"))) / "templates"
OURS = Path(str(resources.files("accessgap.site")))
BUNDLE = next((MATERIAL / "assets/javascripts").glob("bundle.*.min.js")).relative_to(MATERIAL).as_posix()
SEARCH = next((MATERIAL / "assets/javascripts/workers").glob("search.*.min.js")).relative_to(MATERIAL).as_posix()

# Material's inline scripts, as it emits them (the scope literal is the page's base).
SCOPE = ('__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
         '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
         '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}')
PALETTE = ('var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
           '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
           '"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");'
           'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute('
           '"data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent='
           'input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))'
           'document.body.setAttribute("data-md-color-"+key,value)}')
TABBED = ('var target=document.getElementById(location.hash.slice(1));target&&target.name&&'
          '(target.checked=target.name.startsWith("__tabbed_"))')
ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2 2 12h3v8h6v-6h2v6h6v-8h3z"/></svg>'


def page(base: str, body: str = "", head: str = "") -> str:
    """A page as Material lays it out, `base` being the way back to the site root ("../.." etc.)."""
    root = "" if base == "." else base.rstrip("/") + "/"
    config = json.dumps({"base": base, "features": [], "search": f"{root}{SEARCH}", "translations": {}})
    return f"""<!doctype html>
<html lang="en" class="no-js"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="canonical" href="https://registry.example.org/x/"><link rel="icon" href="{root}assets/images/favicon.png">
<link rel="stylesheet" href="{root}assets/registry.css"><title>T</title>
<script>{SCOPE.format(base=base)}</script>{head}</head>
<body dir="ltr" data-md-color-scheme="default"><script>{PALETTE}</script><script>{TABBED}</script>
<div class="md-container" data-md-component="container"><main><article>{body}</article></main></div>
<script id="__config" type="application/json">{config}</script>
<script src="{root}{BUNDLE}"></script><script src="{root}assets/explore.js"></script></body></html>"""


# --- one page on its own -------------------------------------------------------------------------

@pytest.mark.parametrize("html, problem", [
    # event handlers, in any case and on any element
    ('<p onclick="x()">a</p>', "event handler"),
    ('<img src="x.png" alt="" ONERROR="x()">', "event handler"),
    ('<details ontoggle="x()"><summary>s</summary></details>', "event handler"),
    # URLs, as a browser decodes them
    ('<a href="javascript:alert(1)">a</a>', "unsafe URL"),
    ('<a href=" JaVaScRiPt:alert(1)">a</a>', "unsafe URL"),
    ('<a href="jav&#x61;script:alert(1)">a</a>', "unsafe URL"),
    ('<a href="jav\tascript:alert(1)">a</a>', "unsafe URL"),
    ('<a href="jav&#x09;asc&Tab;ript&colon;alert(1)">a</a>', "unsafe URL"),
    ('<a href="&#1;&#x20;javascript:alert(1)">a</a>', "unsafe URL"),
    ('<a href="vbscript:msgbox(1)">a</a>', "unsafe URL"),
    ('<a href="data:text/html,<script>alert(1)</script>">a</a>', "unsafe URL"),
    ('<a href="/\\evil.example/">a</a>', "unsafe URL"),
    ('<img src="data:image/svg+xml,x">', "unsafe URL"),
    ('<img src="https://tracker.example/pixel.gif" alt="">', "unsafe URL"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "must load from this site"),
    ('<link rel="preload" href="x.js">', "value not allowed"),
    # elements that load, frame, submit or redirect
    ('<iframe src="https://example.org/"></iframe>', "<iframe> element"),
    ('<object data="x.swf"></object>', "<object> element"),
    ('<embed src="x.swf">', "<embed> element"),
    ('<base href="https://evil.example/">', "<base> element"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "refresh"),
    ('<form action="https://evil.example/"><input type="text" name="q"></form>', "<form action="),
    ('<form><button formaction="https://evil.example/">go</button></form>', "<button formaction="),
    ('<a href="x.zip" download>a</a>', "<a download="),
    ('<meta charset="utf-7">', "value not allowed"),
    # scripts
    ('<script src="https://evil.example/x.js"></script>', "not from the theme"),
    ('<script src="//evil.example/x.js"></script>', "not from the theme"),
    ('<script src="../assets/evil.js"></script>', "not from the theme"),
    ('<script src="../assets/javascripts/../../evil.js"></script>', "not from the theme"),
    ('<script src="../assets/%2e%2e/explore.js"></script>', "not from the theme"),
    ("<script>alert(1)</script>", "inline <script> not from the theme"),
    (f"<script>{TABBED};alert(1)</script>", "inline <script> not from the theme"),
    ('<script type="module">alert(1)</script>', "not allowed"),
    ('<script id="__config" type="application/json">{"base": ".",}</script>', "is not JSON"),
    # foreign content and the mutation-XSS favourites: refused whole, whatever a parser makes of them
    ("<svg><script>alert(1)</script></svg>", "<script> element not allowed inside <svg>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "event handler"),
    ("<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>", "<foreignObject> element"),
    ('<svg><a href="javascript:alert(1)"><path d="M0 0"/></a></svg>', "<a> element not allowed inside <svg>"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math> element"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<noscript> element"),
    ("<template><img src=x onerror=alert(1)></template>", "<template> element"),
    ("<style>@import url(https://evil.example/x.css)</style>", "<style> element"),
    ('<path d="M0 0"/>', "<path> element"),
    # styles: only the table alignment the project emits
    ('<p style="background:url(https://evil.example/x)">a</p>', "attribute not allowed"),
    ('<table><tr><td style="text-align: right; background: url(//evil.example/)">1</td></tr></table>', "style not allowed"),
])
def test_active_content_is_reported(html, problem):
    found = scan.scan_html(f"<html><body>{html}</body></html>")
    assert found and any(problem in p for p in found), found


@pytest.mark.parametrize("html", [
    '<a href="https://example.org/" rel="nofollow noopener">a</a>',
    '<a href="#top">a</a> <a href="../labs/x/">b</a> <a href="http://example.org/" target="_blank" rel="noopener">c</a>',
    f'<script src="../{BUNDLE}"></script>',
    '<script src="../assets/explore.js"></script><script src="../../assets/a11y.js"></script>',
    '<p>the word onclick and javascript: in text are fine</p><!-- a comment -->',
    '<table><thead><tr><th scope="col" style="text-align: right;">n</th></tr></thead>'
    '<tbody><tr><td class="x" colspan="4" style="text-align: right;" data-lab="a">1</td></tr></tbody></table>',
    f'<label class="md-header__button" for="__search">{ICON}</label>',
    '<form class="md-search__form" name="search"><input type="text" class="md-search__input" name="query" '
    'aria-label="Search" placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" '
    'spellcheck="false" data-md-component="search-query" required><button type="reset" tabindex="-1">x</button></form>',
    '<figure id="c"><img class="mag-chart__img" src="../charts/a.svg" alt="A chart" width="768" height="511">'
    '<figcaption>c</figcaption></figure>',
    '<form class="mag-filters" id="mag-filters" hidden markdown="0"><label>Lab <select name="lab" data-filter="lab">'
    '<option value="">All</option></select></label><output id="n" aria-live="polite"></output></form>',
])
def test_what_the_project_emits_passes(html):
    assert scan.scan_html(f"<html><body>{html}</body></html>") == []


@pytest.mark.parametrize("base", [".", "..", "../..", "../../.."])
def test_materials_pages_pass_at_every_depth(base):
    assert scan.scan_html(page(base, "<h1 id='t'>T</h1><p>text</p>")) == []


def test_the_storage_scope_must_be_the_pages_base():
    text = page("..").replace('new URL("..",location)', 'new URL("../../..",location)')
    assert any("storage scope" in p for p in scan.scan_html(text))


# --- the whole site ------------------------------------------------------------------------------

GOOD_SVG = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="576pt" height="383pt" viewBox="0 0 576 383" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>
 <g id="figure_1"><path id="p1" d="M 0 0 L 1 1 z" clip-path="url(#c1)" style="fill: none; stroke: #bbbbbb"/>
  <use xlink:href="#p1" x="1" y="2" style="fill: #333"/></g>
 <defs><clipPath id="c1"><rect x="0" y="0" width="5" height="5"/></clipPath></defs>
</svg>
"""
GOOD_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>https://registry.example.org/feed.xml</id>
<link href="https://registry.example.org/feed.xml" rel="self" /><updated>2026-12-02T00:00:00Z</updated>
<author><name>R</name></author><entry><title>E &lt;script&gt;</title><id>https://registry.example.org/entries/x/</id>
<link href="https://registry.example.org/entries/x/" /><updated>2026-12-02T00:00:00Z</updated>
<category term="costs_limits" /><summary>Plain &lt;img src=x onerror=1&gt; text.</summary></entry></feed>
"""
GOOD_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://registry.example.org/</loc>
<lastmod>2026-12-03</lastmod></url></urlset>
"""


def make_site(root: Path) -> Path:
    """A small site with one file of every type the project emits."""
    site = root / "site"
    files = {
        "index.html": page(".", "<p>home</p>").encode(),
        "entries/x/index.html": page("../..", '<a href="../../">home</a>').encode(),
        "404.html": page("/registry/", "<h1>404</h1>").encode(),
        "charts/a.svg": GOOD_SVG,
        "feed.xml": GOOD_FEED,
        "sitemap.xml": GOOD_SITEMAP,
        "sitemap.xml.gz": gzip.compress(GOOD_SITEMAP),
        "downloads/data-1.zip": zip_bytes({"registry/entries/2024/MAG-2024-0001.yaml": b"id: MAG-2024-0001\n",
                                           "api/v1/entries.json": b"{}", "CITATION.cff": b"title: x\n"}),
        "api/v1/entries.json": b'{"entries": [{"id": "MAG-2024-0001", "title": "<script>"}]}',
        "api/v1/entries.csv": b"id,title\nMAG-2024-0001,'=1+1\n",
        "assets/theme.css": b"a{background:url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"
                            b"b{mask-image:url(../images/x.svg)}",
    }
    for rel, data in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    for rel in (BUNDLE, SEARCH, BUNDLE + ".map", "assets/images/favicon.png"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MATERIAL / rel, site / rel)
    for name in ("explore.js", "registry.css"):
        shutil.copyfile(OURS / "assets" / name, site / "assets" / name)
    return site


def test_a_site_of_what_the_project_emits_passes(tmp_path):
    assert scan.scan_site(make_site(tmp_path)) == []


def _svg(inner: str, attrs: str = "") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"{attrs}>{inner}</svg>'


def _feed(entry: str) -> str:
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry>{entry}</entry></feed>'


HOSTILE_FILES = [
    ("charts/a.svg", _svg("<g/>", ' onload="alert(1)"'), "event handler"),
    ("charts/a.svg", _svg("<script>alert(1)</script>"), "<svg:script> element not allowed"),
    ("charts/a.svg", _svg("<foreignObject><p>x</p></foreignObject>"), "<svg:foreignObject> element not allowed"),
    ("charts/a.svg", _svg('<use xlink:href="javascript:alert(1)"/>'), "unsafe URL"),
    ("charts/a.svg", _svg('<use xlink:href="data:image/svg+xml,x"/>'), "unsafe URL"),
    ("charts/a.svg", _svg('<a href="javascript:alert(1)"><path d="M0 0"/></a>'), "<svg:a> element not allowed"),
    ("charts/a.svg", _svg('<style>@import url(https://evil.example/x.css)</style>'), "@import"),
    ("charts/a.svg", _svg('<path d="M0 0" style="fill: url(https://evil.example/x#p)"/>'), "not allowed"),
    ("charts/a.svg", _svg('<path d="M0 0" fill="url(https://evil.example/x#p)"/>'), "attribute not allowed"),
    ("charts/a.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "javascript:">]>' + _svg("<g/>"), "entity"),
    ("charts/a.svg", '<?xml-stylesheet type="text/xsl" href="x.xsl"?>' + _svg("<g/>"), "processing instruction"),
    ("charts/a.svg", "<svg><g></svg>", "not well-formed XML"),
    ("feed.xml", _feed('<link href="javascript:alert(1)"/>'), "unsafe URL"),
    ("feed.xml", _feed('<link href="jav&#x61;script&#x3a;alert(1)"/>'), "unsafe URL"),
    ("feed.xml", _feed("<id>javascript:alert(1)</id>"), "unsafe URL"),
    ("feed.xml", _feed('<summary type="html">&lt;img src=x onerror=alert(1)&gt;</summary>'), "attribute not allowed"),
    ("feed.xml", _feed('<content type="xhtml"/>'), "<atom:content> element not allowed"),
    ("feed.xml", _svg("<g/>"), "unexpected XML document"),
    ("sitemap.xml", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>javascript:x</loc></url></urlset>',
     "unsafe URL"),
    ("api/v1/entries.json", '{"a": 1,}', "not valid JSON"),
    ("api/v1/entries.json", '{"a": NaN}', "not valid JSON"),
    ("api/v1/entries.json", b'{"a": "\xff"}', "not UTF-8"),
    ("assets/evil.js", "alert(1)", "not byte-identical"),
    (BUNDLE, "alert(1)", "not byte-identical"),
    ("assets/javascripts/bundle.min.js.map", "{}", "not byte-identical"),
    ("assets/x.css", "a{background:url(https://evil.example/x.png)}", "remote"),
    ("assets/x.css", "a{background:url( '//evil.example/x.png' )}", "remote"),
    ("assets/x.css", "a{background:u\\72l(https://evil.example/x.png)}", "remote"),
    ("assets/x.css", '@import "https://evil.example/x.css";', "@import"),
    ("assets/x.css", "@font-face{src:local(x),url(\"https://fonts.example/f.woff2\")}", "remote"),
    ("assets/x.css", "a{background:image-set(\"https://evil.example/x.png\" 1x)}", "remote URL"),
    ("assets/x.css", "a{background:url(javascript:alert(1))}", "javascript"),
    ("assets/images/x.png", "<svg onload=alert(1)>", "not a PNG"),
    ("sitemap.xml.gz", gzip.compress(b"<urlset"), "not well-formed XML"),
    ("sitemap.xml.gz", b"not gzip", "not a gzip file"),
    ("x.json.gz", gzip.compress(b"{}"), "gzipped .json file not allowed"),
    ("d.zip", b"PK not a zip", "not a zip file"),
    ("d.zip", zip_bytes({"../evil.yaml": b"x"}), "unsafe member name"),
    ("d.zip", zip_bytes({"/etc/evil.yaml": b"x"}), "unsafe member name"),
    ("d.zip", zip_bytes({"index.html": b"<script>alert(1)</script>"}), ".html not allowed"),
    ("d.zip", zip_bytes({"api/v1/x.json": b"{,}"}), "not valid JSON"),
    ("d.zip", zip_bytes({"registry/x.yaml": b"a\x00"}), "NUL byte"),
    ("evil.exe", "MZ", "unexpected file type .exe"),
    ("shell.php", "<?php system($_GET['c']);", "unexpected file type .php"),
    ("page.htm", "<script>alert(1)</script>", "unexpected file type .htm"),
    ("README", "x", "unexpected file type (no extension)"),
    (".htaccess", "Options +Indexes", "unexpected file type"),
    ("entries/y/index.html", page("../..", "<img src=x onerror=alert(1)>"), "event handler"),
    ("entries/y/index.html", page("../..").replace("assets/explore.js", "assets/evil.js"), "not from the theme"),
    ("entries/y/index.html", page("../..").replace("../../assets/explore.js", "../../../explore.js"), "leaves the site"),
    ("404.html", page("/registry/").replace("/registry/assets/explore.js", "/other/assets/explore.js"), "leaves the site"),
]


@pytest.mark.parametrize("rel, data, problem", HOSTILE_FILES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(HOSTILE_FILES)])
def test_hostile_files_are_reported(tmp_path, rel, data, problem):
    site = make_site(tmp_path)
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_bytes(data if isinstance(data, bytes) else data.encode())
    found = scan.scan_site(site)
    assert any(line.startswith(f"{rel}: ") and problem.lower() in line.lower() for line in found), found
    # only that file, or (for a changed script) the pages that load it
    assert all(line.startswith(f"{rel}: ") or rel.endswith(".js") and ".html: " in line for line in found), found


def test_a_script_tag_is_only_as_good_as_the_file_it_loads(tmp_path):
    site = make_site(tmp_path)
    (site / "assets/explore.js").write_text("alert(1)", encoding="utf-8")
    found = scan.scan_site(site)
    assert "assets/explore.js: not byte-identical to Material's or our packaged explore.js" in found
    assert {line.split(":")[0] for line in found} == {"assets/explore.js", "index.html", "entries/x/index.html", "404.html"}


@pytest.mark.parametrize("target_is_dir", [False, True])
def test_symbolic_links_are_reported_and_not_followed(tmp_path, target_is_dir):
    site = make_site(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.exe").write_text("MZ", encoding="utf-8")
    if target_is_dir:
        os.symlink(outside, site / "linked")
    else:
        os.symlink(outside / "evil.exe", site / "linked.html")
    found = scan.scan_site(site)
    assert found == [f"{'linked' if target_is_dir else 'linked.html'}: symbolic link"]


# --- parallel and early scans give the same result ------------------------------------------------

def test_parallel_safety_scan_matches_one_process(tmp_path, monkeypatch):
    for i in range(30):
        body = f"<p>page {i}</p>"
        if i % 7 == 3:
            body += f'<a href="javascript:alert({i})">x</a><img src=x onerror="y">'
        (tmp_path / f"d{i % 4}").mkdir(exist_ok=True)
        (tmp_path / f"d{i % 4}" / f"p{i:02d}.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    monkeypatch.setattr(scan, "PARALLEL_MIN_PAGES", 1)
    one = scan.scan_site(tmp_path, workers=1)
    two = scan.scan_site(tmp_path, workers=2)
    assert one == two and len(one) == 2 * len([i for i in range(30) if i % 7 == 3])


def test_early_scan_gives_the_result_of_scanning_the_finished_site(tmp_path, monkeypatch):
    def write(name, body):
        (tmp_path / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")

    for i in range(12):
        write(f"p{i:02d}.html", f'<p>{i}</p><a href="javascript:x()">x</a>' if i % 5 == 0 else f"<p>{i}</p>")
    monkeypatch.setattr(scan.EarlyScan, "SETTLE_SECONDS", 0)
    with scan.EarlyScan(tmp_path) as early:
        for _ in range(200):
            if len(early.done) == 12:
                break
            time.sleep(0.05)
    assert len(early.done) == 12
    write("p00.html", "<p>fixed after the early scan</p>")
    write("p01.html", '<iframe src="https://example.org/"></iframe>')
    write("p99.html", '<p onclick="y()">written last</p>')
    assert scan.scan_site(tmp_path, early=early) == scan.scan_site(tmp_path)
    assert any(line.startswith("p01.html: ") for line in scan.scan_site(tmp_path, early=early))


def test_early_scan_of_scripts_checks_them_against_the_finished_site(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    monkeypatch.setattr(scan.EarlyScan, "SETTLE_SECONDS", 0)
    monkeypatch.setattr(scan.EarlyScan, "POLL_SECONDS", 0.01)
    with scan.EarlyScan(site) as early:
        for _ in range(200):
            if len(early.done) >= 10:
                break
            time.sleep(0.05)
    (site / "assets/explore.js").write_text("alert(1)", encoding="utf-8")  # changed after the early scan
    assert scan.scan_site(site, early=early) == scan.scan_site(site) != []


# --- redirects: <meta http-equiv="refresh"> only as an immediate redirect within the site -------

REDIRECT = ('<html><head><meta charset="utf-8"><title>t</title><meta name="robots" content="noindex">'
            '<meta http-equiv="refresh" content="{content}"><link rel="canonical" href="https://r.example/x/">'
            '</head><body><p>x</p></body></html>')


@pytest.mark.parametrize("content", ["0; url=../entries/MAG-2025-0010/", "0; url=../MAG-2025-0010/"])
def test_a_redirect_page_to_a_page_of_this_site_passes(content):
    problems, _ = scan._scan_page(REDIRECT.format(content=content), "entries/mag-2025-0010/index.html")
    assert problems == []


@pytest.mark.parametrize("content", [
    "0; url=https://evil.example/", "0; url=//evil.example/", "0;url=https://evil.example/",
    "0; url=javascript:alert(1)", "5; url=../MAG-2025-0010/", "0; url=/registry/x/",
    "0; url=../../../outside/", "0; url=..%2f..%2fx/", "0", "0; url=../x/; y",
])
def test_any_other_refresh_is_refused(content):
    problems, _ = scan._scan_page(REDIRECT.format(content=content), "entries/mag-2025-0010/index.html")
    assert any("refresh" in p for p in problems), problems


@pytest.mark.parametrize("html", ['<meta http-equiv="set-cookie" content="a=b">',
                                  '<meta http-equiv="content-security-policy" content="default-src *">',
                                  '<meta property="fb:app_id" content="1">', '<link rel="alternate" type="text/html" href="x/">'])
def test_other_http_equiv_and_meta_values_are_refused(html):
    found = scan.scan_html(f"<html><head>{html}</head><body></body></html>")
    assert any("not allowed" in p or "refresh" in p for p in found), found


def test_files_scanned_ahead_and_caught_up_give_the_result_of_scanning_the_finished_site(tmp_path):
    site, src = tmp_path / "site", tmp_path / "generated"
    for folder in (site / "pagefind", src):
        folder.mkdir(parents=True)
    (src / "r.html").write_text('<p><a href="javascript:x()">linked in later</a></p>', encoding="utf-8")
    (src / "ok.html").write_text("<p>fine</p>", encoding="utf-8")
    (site / "page.html").write_text('<p onclick="y()">written by the engine</p>', encoding="utf-8")
    with scan.EarlyScan(site, ahead={site / "r.html": src / "r.html", site / "ok.html": src / "ok.html"}) as early:
        for _ in range(200):  # the files given ahead are scanned first, before any polling
            if len(early.done) == 2:
                break
            time.sleep(0.01)
    assert set(early.done) == {site / "r.html", site / "ok.html"}
    for name in ("r.html", "ok.html"):
        (site / name).write_bytes((src / name).read_bytes())
    (site / "pagefind" / "x.html").write_text("<p>being written</p>", encoding="utf-8")
    early.catch_up("pagefind")
    assert site / "page.html" in early.done and site / "pagefind" / "x.html" not in early.done
    (site / "ok.html").unlink()
    (site / "ok.html").write_text('<iframe src="https://example.org/"></iframe>', encoding="utf-8")  # changed since
    found = scan.scan_site(site, early=early)
    assert found == scan.scan_site(site)
    assert {line.split(": ")[0] for line in found} >= {"r.html", "ok.html", "page.html"}
