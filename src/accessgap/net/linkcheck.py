"""`accessgap check-links`: are the registry's links still alive?

Checks every source `url` and `archive_url`, every lab response `url` and every lab, model and
organisation `homepage`, each distinct URL once, politely (see `net/fetch.py`). Results are kept
in a JSON cache (`.cache/links.json`) with the time of each check, so a re-run only asks again
about URLs checked longer ago than `max_age` days.

Codes (all warnings: a link can die without anyone editing the registry):
- L001 dead link: 404, 410 and other 4xx answers, 5xx after the retries, or no answer at all;
  the hint points at the source's archived copy when it has one.
- L002 not checked: refused by policy (not http(s), or a host with a non-public address), the
  server kept rate-limiting (429), or it refuses automated clients (401/403).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, Result
from ..fsutil import atomic_write
from .fetch import Fetcher, Outcome
from ..load.registry import Record, Registry

CACHE_VERSION = 1
DEFAULT_CACHE = Path(".cache") / "links.json"
HEAD_RETRY_WITH_GET = {400, 403, 404, 405, 406, 410, 501}
BLOCKED = {401, 403}


@dataclass(frozen=True)
class Place:
    """Where a URL appears: the record, the JSON path of the URL, and the source's archived copy."""

    record: Record
    path: tuple
    archive_url: str | None = None

    def finding(self, code: str, message: str, hint: str) -> Finding:
        return self.record.finding(code, message, hint, *self.path)


def collect(reg: Registry, only: set[Path] | None = None) -> dict[str, list[Place]]:
    """Every URL of the registry with the places it appears, in file order; `only` limits it to
    some files (resolved paths)."""
    urls: dict[str, list[Place]] = {}

    def add(url: str | None, record: Record, path: tuple, archive: str | None = None) -> None:
        if url and (only is None or record.path.resolve() in only):
            urls.setdefault(url, []).append(Place(record, path, archive))

    for r in reg.valid("entry"):
        e = r.model
        for i, s in enumerate(e.sources):
            add(s.url, r, ("sources", i, "url"), s.archive_url)
            add(s.archive_url, r, ("sources", i, "archive_url"))
        if e.lab_response is not None:
            add(e.lab_response.url, r, ("lab_response", "url"))
    for kind in ("lab", "model", "organisation"):
        for r in reg.valid(kind):
            add(getattr(r.model, "homepage", None), r, ("homepage",))
    return urls


class LinkCache:
    """URL -> last result, with the time it was checked (UTC, ISO 8601)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.links: dict[str, dict] = {}
        if path is not None and path.is_file() and not path.is_symlink():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict) and data.get("version") == CACHE_VERSION and isinstance(data.get("links"), dict):
                self.links = {k: v for k, v in data["links"].items() if isinstance(v, dict)}

    def fresh(self, url: str, max_age: dt.timedelta, now: dt.datetime) -> dict | None:
        item = self.links.get(url)
        if not item:
            return None
        try:
            checked = dt.datetime.fromisoformat(item["checked"])
        except (KeyError, TypeError, ValueError):
            return None
        return item if now - checked < max_age else None

    def put(self, url: str, outcome: Outcome, now: dt.datetime) -> None:
        self.links[url] = {"checked": now.isoformat(timespec="seconds"), "status": outcome.status,
                           "final_url": outcome.final_url if outcome.final_url != url else None,
                           "error": outcome.error}

    def save(self, keep: set[str], now: dt.datetime, horizon: dt.timedelta = dt.timedelta(days=180)) -> None:
        if self.path is None:
            return
        kept = {}
        for url, item in sorted(self.links.items()):
            try:
                recent = now - dt.datetime.fromisoformat(item["checked"]) < horizon
            except (KeyError, TypeError, ValueError):
                recent = False
            if url in keep or recent:
                kept[url] = item
        text = json.dumps({"version": CACHE_VERSION, "links": kept}, indent=1, sort_keys=True) + "\n"
        atomic_write(self.path, text)


@dataclass
class Verdict:
    url: str
    code: str | None  # None when the link is fine
    message: str
    cacheable: bool = True


def judge(url: str, status: int | None, error: str | None, refused: bool = False, attempts: int = 1) -> Verdict:
    if refused:
        return Verdict(url, "L002", f"not checked: {error}", cacheable=False)
    if status is None:
        return Verdict(url, "L001", f"dead link: {error or 'no answer'} ({url})")
    if status < 400:
        return Verdict(url, None, "ok")
    if status == 429:
        return Verdict(url, "L002", f"not checked: the server kept answering 429 Too Many Requests ({url})",
                       cacheable=False)
    if status in BLOCKED:
        return Verdict(url, "L002", f"not checked: the server refuses automated clients (HTTP {status}) ({url})")
    tries = f" after {attempts} tries" if status >= 500 and attempts > 1 else ""
    return Verdict(url, "L001", f"dead link: HTTP {status}{tries} ({url})")


def check_url(fetcher: Fetcher, url: str) -> Outcome:
    """HEAD first (cheap); GET when HEAD is refused or looks wrong, since many servers mishandle HEAD."""
    outcome = fetcher.fetch(url, method="HEAD")
    if outcome.status in HEAD_RETRY_WITH_GET:
        again = fetcher.fetch(url, method="GET")
        again.attempts += outcome.attempts
        return again
    return outcome


def _hint(place: Place, verdict: Verdict) -> str:
    if verdict.code == "L002":
        return "open it in a browser; nothing to fix if it works there"
    if place.archive_url:
        return f"the source has an archived copy ({place.archive_url}); find the page's new address, or keep citing the archive"
    if place.path and place.path[0] == "sources":
        return "find the page's new address, or an archived copy (`accessgap archive` adds one when it exists)"
    return "update the address"


@dataclass
class Report:
    result: Result
    checked: int = 0  # URLs fetched this run
    cached: int = 0  # URLs answered from the cache
    dead: int = 0


def check_links(reg: Registry, *, fetcher: Fetcher, cache: LinkCache, max_age_days: float = 7.0,
                workers: int = 8, only: set[Path] | None = None,
                now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> Report:
    urls = collect(reg, only)
    started = now()
    max_age = dt.timedelta(days=max_age_days)
    verdicts: dict[str, Verdict] = {}
    todo = []
    for url in urls:
        item = cache.fresh(url, max_age, started)
        if item is not None:
            verdicts[url] = judge(url, item.get("status"), item.get("error"))
        else:
            todo.append(url)
    report = Report(result=Result(files_checked=len({p.record.display for ps in urls.values() for p in ps})),
                    cached=len(verdicts), checked=len(todo))
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            outcomes = dict(zip(todo, pool.map(lambda u: check_url(fetcher, u), todo)))
        for url, outcome in outcomes.items():
            verdict = judge(url, outcome.status, outcome.error, outcome.refused, outcome.attempts)
            verdicts[url] = verdict
            if verdict.cacheable:
                cache.put(url, outcome, now())
        cache.save(set(urls), now())
    for url, places in urls.items():
        verdict = verdicts[url]
        if verdict.code is None:
            continue
        if verdict.code == "L001":
            report.dead += 1
        for place in places:
            report.result.add(place.finding(verdict.code, verdict.message, _hint(place, verdict)))
    return report
