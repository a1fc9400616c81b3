"""The last gate: scan the built site for active content that did not come from the theme.

Entry text is escaped at generation; this scan catches any path that escaping missed (a new
template, a Markdown extension, a theme change) before the site is published.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
BAD_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "meta-refresh"}
# Scripts the theme and our own assets add; anything else is refused.
ALLOWED_SCRIPT_SRC = re.compile(r"^((\.\./)*|/[\w.-]+/|/)(assets/javascripts/[\w./-]+\.js|assets/(explore|a11y)\.js)$")
ALLOWED_INLINE = (
    "__md_scope",  # Material's storage scope
    "var palette=__md_get",
    "document.body",  # Material's palette init
    "var target=document.getElementById(location.hash.slice(1))",  # Material: open <details> on hash
)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        names = {k.lower(): (v or "") for k, v in attrs}
        for k, v in names.items():
            if k.startswith("on"):
                self.problems.append(f"<{tag} {k}=…> event handler")
            if k in URL_ATTRS and v.strip().lower().replace("\x00", "").startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {k}={v[:40]!r}> unsafe URL")
        if tag in BAD_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and names.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._in_script = names
            src = names.get("src")
            if src and not ALLOWED_SCRIPT_SRC.match(src):
                self.problems.append(f"<script src={src[:60]!r}> not from the theme")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        attrs = self._in_script
        if attrs is None or attrs.get("src") or not data.strip():
            return
        if attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            return
        if not any(marker in data for marker in ALLOWED_INLINE):
            self.problems.append(f"inline <script> not from the theme: {data.strip()[:60]!r}")


def scan_html(text: str) -> list[str]:
    s = _Scanner()
    s.feed(text)
    s.close()
    return s.problems


PARALLEL_MIN_PAGES = 500  # below this, starting worker processes costs more than it saves


def _scan_pages(site: Path, pages: list[Path]) -> list[str]:
    problems = []
    for page in pages:
        for p in scan_html(page.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{page.relative_to(site)}: {p}")
    return problems


def scan_site(site: Path, *, workers: int | None = None) -> list[str]:
    """Problems in every page, in page order; large sites are scanned on all cores."""
    pages = sorted(site.rglob("*.html"))
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if workers < 2 or len(pages) < PARALLEL_MIN_PAGES:
        return _scan_pages(site, pages)
    size = -(-len(pages) // (workers * 8))  # contiguous chunks, so joining them keeps page order
    chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        context = None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [p for found in pool.map(_scan_pages, [site] * len(chunks), chunks) for p in found]
