"""`accessgap archive`: find or make a Wayback Machine copy of every source without `archive_url`.

For each such source it asks the availability API for the snapshot closest to the day the
contributor read the page (`accessed`); when there is none it asks Save Page Now for a new one
(unless `save=False`). The address found is written back into the entry as `archive_url`,
right after `accessed`, with a ruamel.yaml round trip that keeps comments and the canonical
formatting, and only when the re-read file has exactly the old data plus the new keys.

The archive's base URL is configurable so tests can point it at a local fake; requests are
rate-limited and retried like the link checker's (see `net/fetch.py`).
"""

from __future__ import annotations

import copy
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from ..load import safeyaml
from ..findings import Finding, Result
from ..tools.fmt import round_trip_yaml  # the canonical round-trip settings `accessgap fmt` uses
from ..fsutil import atomic_write
from ..models import URL_PATTERN, public_http_url
from .fetch import Fetcher
from ..load.registry import Record, Registry

AVAILABILITY_URL = "https://archive.org/wayback/available"
SAVE_URL = "https://web.archive.org/save/"
ARCHIVE_HOST = "web.archive.org"
_SNAPSHOT_PATH = re.compile(r"/web/[0-9]{8,14}[a-z_]*/\S+")


def endpoints(base: str | None) -> tuple[str, str]:
    """(availability URL, save URL); a custom base serves both under /wayback/available and /save/."""
    if not base:
        return AVAILABILITY_URL, SAVE_URL
    base = base.rstrip("/")
    return f"{base}/wayback/available", f"{base}/save/"


def snapshot_url(value: str | None) -> str | None:
    """A web.archive.org snapshot address in canonical https form, or None if it is not one."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if value.startswith("/web/"):
        value = f"https://{ARCHIVE_HOST}{value}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or parts.hostname != ARCHIVE_HOST or parts.port not in (None, 80, 443):
        return None
    if not _SNAPSHOT_PATH.fullmatch(parts.path + (f"?{parts.query}" if parts.query else "")):
        return None
    url = urlunsplit(("https", ARCHIVE_HOST, parts.path, parts.query, ""))
    if len(url) > 2000 or not re.fullmatch(URL_PATTERN.strip("^$"), url):
        return None
    try:
        public_http_url(url)
    except ValueError:
        return None
    return url


@dataclass
class Wayback:
    fetcher: Fetcher
    availability_url: str = AVAILABILITY_URL
    save_url: str = SAVE_URL

    def lookup(self, url: str, day: str | None = None) -> tuple[str | None, str | None]:
        """(snapshot URL or None, problem or None) from the availability API."""
        query = f"url={quote(url, safe='')}"
        if day:
            query += f"&timestamp={day.replace('-', '')}"
        outcome = self.fetcher.fetch(f"{self.availability_url}?{query}", read_body=True,
                                     headers={"Accept": "application/json"})
        if outcome.status != 200:
            return None, f"availability API: {outcome.error or f'HTTP {outcome.status}'}"
        try:
            data = json.loads(outcome.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None, "availability API: the answer is not JSON"
        closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
        if not isinstance(closest, dict) or not closest.get("available"):
            return None, None
        if not str(closest.get("status", "200")).startswith(("2", "3")):
            return None, None  # the capture is of an error page
        found = snapshot_url(closest.get("url"))
        return (found, None) if found else (None, "availability API: unexpected snapshot address")

    def save(self, url: str) -> tuple[str | None, str | None]:
        """(snapshot URL or None, problem or None) from Save Page Now."""
        outcome = self.fetcher.fetch(self.save_url + url, follow=False)
        if outcome.status is None or outcome.status >= 400:
            return None, f"Save Page Now: {outcome.error or f'HTTP {outcome.status}'}"
        for header in ("content-location", "location"):
            found = snapshot_url(outcome.headers.get(header))
            if found:
                return found, None
        return None, "Save Page Now did not say where the copy is"


@dataclass
class Pending:
    record: Record
    index: int  # position in `sources`
    url: str
    accessed: str


def pending(reg: Registry, only: set[Path] | None = None) -> list[Pending]:
    """Sources without an archived copy; `only` limits it to some files (resolved paths)."""
    out = []
    for r in reg.valid("entry"):
        if only is not None and r.path.resolve() not in only:
            continue
        for i, s in enumerate(r.model.sources):
            if not s.archive_url:
                out.append(Pending(r, i, s.url, s.accessed))
    return out


def add_archive_urls(text: str, updates: dict[int, str]) -> str:
    """Insert `archive_url` after `accessed` in the given sources; comments and layout are kept."""
    y = round_trip_yaml()
    y.preserve_quotes = True  # change only what is edited; the rest stays byte for byte
    data = y.load(text)
    sources = data["sources"]
    for index, url in sorted(updates.items()):
        source = sources[index]
        if "archive_url" in source:
            continue
        keys = list(source.keys())
        position = keys.index("accessed") + 1 if "accessed" in keys else len(keys)
        source.insert(position, "archive_url", url)
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def rewrite(record: Record, updates: dict[int, str]) -> str:
    """The new text of the record's file; raises ValueError when the result would be wrong."""
    old = record.loaded
    new_text = add_archive_urls(old.text, updates)
    expected = copy.deepcopy(old.data)
    for index, url in updates.items():
        expected["sources"][index].setdefault("archive_url", url)
    check = safeyaml.parse(new_text, record.display)
    if not check.ok or check.data != expected:
        raise ValueError("writing archive_url would change other data; file left as it is (please report this)")
    return new_text


@dataclass
class Run:
    result: Result = field(default_factory=Result)
    found: int = 0
    saved: int = 0
    missing: int = 0
    files: list[Path] = field(default_factory=list)  # updated (or, with dry_run, that would be)
    lines: list[str] = field(default_factory=list)  # what happened, for the terminal


def archive(reg: Registry, wayback: Wayback, *, save: bool = True, dry_run: bool = False,
            only: set[Path] | None = None) -> Run:
    run = Run()
    todo = pending(reg, only)
    run.result.files_checked = len({p.record.display for p in todo})
    known: dict[str, tuple[str | None, str]] = {}  # URL -> (snapshot, how), asked once per run
    per_file: dict[str, tuple[Record, dict[int, str]]] = {}
    for p in todo:
        if p.url not in known:
            snap, problem = wayback.lookup(p.url, p.accessed)
            how = "found"
            if snap is None and problem is None and save:
                snap, problem = wayback.save(p.url)
                how = "saved"
            if problem:
                run.result.add(p.record.finding("L010", f"no archived copy: {problem}",
                                                "try again later, or add `archive_url` by hand",
                                                "sources", p.index, "url"))
            known[p.url] = (snap, how)
        snap, how = known[p.url]
        line, col = p.record.locate("sources", p.index, "url")
        where = f"{p.record.display}:{line}:{col}"
        if snap is None:
            run.missing += 1
            run.lines.append(f"{where}: no snapshot of {p.url}" + ("" if save else " (run without --no-save to request one)"))
            continue
        if how == "saved":
            run.saved += 1
        else:
            run.found += 1
        run.lines.append(f"{where}: {how} {snap}")
        per_file.setdefault(p.record.display, (p.record, {}))[1][p.index] = snap
    for display, (record, updates) in per_file.items():
        try:
            text = rewrite(record, updates)
        except ValueError as exc:
            run.result.add(Finding(display, 0, 0, "L011", str(exc)))
            continue
        if not dry_run:
            atomic_write(record.path, text)
        run.files.append(record.path)
    return run
