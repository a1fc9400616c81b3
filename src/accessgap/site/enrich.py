"""Enrich: derive once, from validated records, every computed value the outputs need.

Templates, exports and charts read only what this module returns; stored fields and computed
ones are kept apart (computed ones live under `computed` in the JSON export).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import models as m
from ..load.registry import Registry
from .dates import MONTHS, format_date  # noqa: F401  (format_date: pages and templates import it from here)
from .headline import Headline, headline
from .timelines import Timeline, timelines
from ..vocab import GAP_TYPE_TITLES, OPEN_STATES, OUTSIDER_KINDS, SUBTYPES


@dataclass(frozen=True)
class Lag:
    min_days: int
    max_days: int
    approximate: bool

    @property
    def label(self) -> str:
        lo, hi = self.min_days, self.max_days
        mid = (lo + hi) / 2
        if mid >= 60:
            months = round(mid / 30.44)
            text = f"about {months} month{'s' if months != 1 else ''}"
        elif mid >= 14:
            weeks = round(mid / 7)
            text = f"about {weeks} weeks"
        else:
            text = f"{round(mid)} day{'s' if round(mid) != 1 else ''}"
        if lo != hi:
            exact = f" ({lo}–{hi} days)"
        else:
            exact = "" if mid < 14 else f" ({lo} days)"  # "9 days (9 days)" says nothing twice
        return ("≈ " if self.approximate else "") + text + exact


def compute_lag(insider: str | None, outsider: str | None) -> Lag | None:
    if not insider or not outsider:
        return None
    i_lo, i_hi = m.date_bounds(insider)
    o_lo, o_hi = m.date_bounds(outsider)
    return Lag(max(0, (o_lo - i_hi).days), max(0, (o_hi - i_lo).days),
               insider.endswith("~") or outsider.endswith("~"))


@dataclass
class EntryView:
    entry: m.Entry
    url: str  # site-relative, e.g. entries/MAG-2023-0001/
    lag: Lag | None
    year: int
    month: int | None
    sort_key: str
    gap_type_ids: list[str]
    outsider_kinds: list[str]
    backlinks: list[str] = field(default_factory=list)
    recorded: str | None = None  # day of the first commit of the file (YYYY-MM-DD, UTC)
    modified: str | None = None  # day of the last commit that changed what it says
    source_path: str = ""
    published_at: str | None = None  # the same two as times (YYYY-MM-DDTHH:MM:SSZ), when known
    modified_at: str | None = None

    @property
    def updated_at(self) -> str:
        """When the entry last changed: its last meaningful commit, its first, or (no history) the
        start of its event date, so feeds and the change index always have a time."""
        return self.modified_at or self.published_at or f"{self.sort_key[:10]}T00:00:00Z"

    @property
    def published_year(self) -> int:
        """The year the entry was published (first commit); the event year without history."""
        return int(self.published_at[:4]) if self.published_at else self.year

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def is_open(self) -> bool:
        return self.entry.status.state in OPEN_STATES


def name_of(records: dict, ident: str) -> str:
    """A vocabulary record's display name, or its ID when there is no record."""
    return records[ident].name if ident in records else ident


def open_count(views: list[EntryView]) -> int:
    return sum(1 for v in views if v.is_open)


@dataclass(frozen=True)
class GapTypeSummary:
    """The counts a gap-type page shows."""

    gap_type: str
    views: list[EntryView]
    subtype_counts: Counter
    status_counts: Counter
    lab_counts: list[tuple[str, int, int]]  # (lab, entries, open or narrowed), most entries first

    @property
    def open(self) -> int:
        return open_count(self.views)


@dataclass
class Site:
    registry: Registry
    entries: list[EntryView]  # newest event first, then ID
    by_id: dict[str, EntryView]
    labs: dict[str, m.Lab]
    models: dict[str, m.Model]
    organisations: dict[str, m.Organisation]
    by_lab: dict[str, list[EntryView]]
    by_model: dict[str, list[EntryView]]
    by_org: dict[str, list[EntryView]]
    by_gap_type: dict[str, list[EntryView]]
    config: dict
    timelines: dict[str, Timeline] = field(default_factory=dict)  # model ID -> its access timeline
    headline: Headline = field(default_factory=Headline)  # the home page's figures, from the timelines

    def counts(self) -> dict:
        open_per_type = {g: open_count(self.by_gap_type.get(g, [])) for g in GAP_TYPE_TITLES}
        return {
            "entries": len(self.entries),
            "labs": len([lab for lab in self.labs if self.by_lab.get(lab)]),
            "open": open_count(self.entries),
            "open_per_type": open_per_type,
            "organisations": len([o for o in self.organisations if self.by_org.get(o)]),
            "models": len([x for x in self.models if self.by_model.get(x)]),
        }

    def status_counts(self, views: list[EntryView]) -> Counter:
        return Counter(v.entry.status.state for v in views)

    def gap_type_summary(self, gap_type: str) -> GapTypeSummary:
        views = self.by_gap_type.get(gap_type, [])
        subtypes = Counter(s for v in views for g in v.entry.gap_types if g.type == gap_type for s in g.subtypes)
        labs = Counter(lab for v in views for lab in v.entry.labs)
        open_labs = Counter(lab for v in views if v.is_open for lab in v.entry.labs)
        lab_counts = sorted(((lab, n, open_labs.get(lab, 0)) for lab, n in labs.items()), key=lambda t: (-t[1], t[0]))
        return GapTypeSummary(gap_type, views, subtypes, self.status_counts(views), lab_counts)

    def timeline_groups(self) -> list[tuple[int, list[tuple[str, list[EntryView]]]]]:
        """Entries by year (newest first), then by month (newest first; "Month unknown," last)."""
        by_year: dict[int, dict[int | None, list[EntryView]]] = defaultdict(lambda: defaultdict(list))
        for v in self.entries:
            by_year[v.year][v.month].append(v)
        groups = []
        for year in sorted(by_year, reverse=True):
            months = by_year[year]
            ordered = sorted(months, key=lambda mth: mth or 0, reverse=True)
            groups.append((year, [((MONTHS[mth - 1] if mth else "Month unknown,"), months[mth]) for mth in ordered]))
        return groups


def _sort_key(e: m.Entry) -> str:
    lo, _ = m.date_bounds(e.dates.event)
    return lo.isoformat()


def _time(value: str | None) -> str | None:
    """A git date or time as a time: days (older callers, tests) start at midnight UTC."""
    if not value:
        return None
    return f"{value}T00:00:00Z" if len(value) == 10 else value


def enrich(reg: Registry, config: dict | None = None, git_dates: dict[str, tuple[str | None, str | None]] | None = None) -> Site:
    """`git_dates`: source path -> (recorded, modified), each a day or a time (tools/gitdates.py)."""
    config = config or {}
    git_dates = git_dates or {}
    orgs = reg.organisations
    paths = {r.model.id: r.path for r in reg.valid("entry")}
    views = []
    for e in reg.entries:
        event = e.dates.event.rstrip("~").split("-")
        src = paths.get(e.id)
        rel = str(src.relative_to(reg.root.parent)) if src is not None else ""
        recorded, modified = git_dates.get(rel, (None, None))
        views.append(EntryView(
            entry=e,
            url=f"entries/{e.id}/",
            lag=compute_lag(e.dates.insider_access, e.dates.outsider_access),
            year=int(event[0]),
            month=int(event[1]) if len(event) > 1 else None,
            sort_key=_sort_key(e),
            gap_type_ids=[g.type for g in e.gap_types],
            outsider_kinds=sorted({orgs[o].kind for o in e.outsiders if o in orgs and orgs[o].kind in OUTSIDER_KINDS}),
            recorded=recorded[:10] if recorded else None,
            modified=modified[:10] if modified else None,
            source_path=rel,
            published_at=_time(recorded),
            modified_at=_time(modified),
        ))
    views.sort(key=lambda v: (v.sort_key, v.id), reverse=True)
    by_id = {v.id: v for v in views}
    for v in views:
        for other in v.entry.related:
            if other in by_id and v.id not in by_id[other].backlinks and v.id not in by_id[other].entry.related:
                by_id[other].backlinks.append(v.id)
    for v in views:
        v.backlinks.sort()
    by_lab, by_model, by_org, by_type = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    for v in views:
        for lab in v.entry.labs:
            by_lab[lab].append(v)
        for model in v.entry.models:
            by_model[model].append(v)
        for org in sorted(set(v.entry.outsiders) | set(v.entry.restricting_bodies)
                          | {w.organisation for w in v.entry.evaluation_windows if w.organisation}):
            by_org[org].append(v)
        for g in v.gap_type_ids:
            by_type[g].append(v)
    site = Site(reg, views, by_id, reg.labs, reg.models, orgs, dict(by_lab), dict(by_model), dict(by_org),
                dict(by_type), config)
    site.timelines = timelines(reg.models)
    site.headline = headline(site.timelines, site.entries)
    return site


def subtype_description(gap_type: str, subtype: str) -> str:
    enum = SUBTYPES[gap_type]
    return next((m_.description for m_ in enum if m_.value == subtype), "")


def project_relative(path: Path, project: Path) -> str:
    return str(path.relative_to(project))


_UNIT_WORDS = {"usd": "USD", "eur": "EUR", "gbp": "GBP", "cny": "CNY"}


def quantity_text(q) -> str:
    """`15 USD per million output tokens (usage tier 1)`, `about 200 messages per week`."""
    value = f"{q.value:,.0f}" if float(q.value).is_integer() else f"{q.value:,}"
    unit = _UNIT_WORDS.get(q.unit, q.unit.replace("_", " "))
    text = f"{'about ' if q.approximate else ''}{value} {unit}"
    if q.per:
        text += " per " + q.per.replace("_", " ")
    return text + (f" ({q.applies_to})" if q.applies_to else "")
