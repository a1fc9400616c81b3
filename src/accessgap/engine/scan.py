"""The last gate: scan the built site for active content that did not come from the theme.

Entry text is escaped at generation; this scan catches any path that escaping missed (a new
template, a Markdown extension, a theme change) before the site is published.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

from ..workers import default_workers, pool

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


def _read(page: Path) -> str:
    return page.read_text(encoding="utf-8", errors="replace")


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _scan_each(pages: list[Path]) -> list[list[str]]:
    return [scan_html(_read(page)) for page in pages]


def _scan_all(pages: list[Path], workers: int | None) -> list[list[str]]:
    """Each page's problems, in page order; many pages are scanned on all cores."""
    if workers is None:
        workers = default_workers()
    if workers < 2 or len(pages) < PARALLEL_MIN_PAGES:
        return _scan_each(pages)
    size = -(-len(pages) // (workers * 8))  # contiguous chunks, so joining them keeps page order
    chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
    with pool(workers) as executor:
        return [found for chunk in executor.map(_scan_each, chunks) for found in chunk]


class EarlyScan:
    """Scan pages while MkDocs is still writing them, on the core that MkDocs leaves idle.

    Use it around the MkDocs run, then pass it to `scan_site`, which reads every page again and
    reuses an early result only for a page whose text is exactly what was scanned; so the result
    is always that of scanning the finished site.
    """

    SETTLE_SECONDS = 0.5  # leave pages this recent alone; they may still be being written
    POLL_SECONDS = 2.0  # how often to look for new pages

    def __init__(self, site: Path):
        self.site = site
        self.done: dict[Path, tuple[bytes, list[str]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="early-scan", daemon=True)

    def __enter__(self) -> "EarlyScan":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.POLL_SECONDS):
            try:
                pages = sorted(self.site.rglob("*.html"))
            except OSError:
                continue
            for page in pages:
                if self._stop.is_set():
                    return
                if page in self.done:
                    continue
                try:
                    if time.time() - page.stat().st_mtime < self.SETTLE_SECONDS:
                        continue
                    text = _read(page)
                except OSError:
                    continue
                self.done[page] = (_digest(text), scan_html(text))

    def reuse(self, pages: list[Path]) -> tuple[dict[Path, list[str]], list[Path]]:
        """(problems of pages unchanged since their early scan, pages still to scan)."""
        known, todo = {}, []
        for page in pages:
            early = self.done.get(page)
            if early is not None and _digest(_read(page)) == early[0]:
                known[page] = early[1]
            else:
                todo.append(page)
        return known, todo


def scan_site(site: Path, *, workers: int | None = None, early: EarlyScan | None = None) -> list[str]:
    """Problems in every page, in page order (pages unchanged since an early scan are not scanned again)."""
    pages = sorted(site.rglob("*.html"))
    known, todo = early.reuse(pages) if early is not None else ({}, pages)
    known.update(zip(todo, _scan_all(todo, workers)))
    return [f"{page.relative_to(site)}: {p}" for page in pages for p in known[page]]
