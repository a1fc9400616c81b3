"""Charts drawn as HTML: stacked yearly bars for each gap type and lab, and a Gantt of each lab's
model timelines.

HTML rather than SVG images because every mark must be a link with its figure in words, the chart
must re-flow on a 390 px phone and follow the dark scheme, and the page must stay within the
allowlist: bar widths and positions are classes (`mag-w-37`, `mag-x-12`, whole per cent) that
registry.css defines, never inline styles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .. import vocab
from ..labels import label
from .enrich import EntryView, Site
from .timelines import Timeline, format_stage_date

DIRECTIONS = [d.value for d in vocab.Direction]


def pct(value: float, total: float) -> int:
    """Whole per cent in 0..100; a non-zero share never rounds to an invisible 0."""
    if total <= 0 or value <= 0:
        return 0
    return max(1, min(100, round(100 * value / total)))


@dataclass(frozen=True)
class Segment:
    key: str  # direction code, for the colour class
    n: int
    width: int  # per cent of the widest bar
    href: str
    title: str


@dataclass(frozen=True)
class YearBar:
    year: int
    n: int
    segments: list[Segment]


@dataclass(frozen=True)
class YearChart:
    title: str
    n: int
    bars: list[YearBar]  # newest year first


def year_chart(views: list[EntryView], title: str, explore_query: str, root: str) -> YearChart:
    """Entries per year, each bar split by the direction of the event; segments open Explore filtered."""
    per_year: dict[int, Counter] = {}
    for v in views:
        per_year.setdefault(v.year, Counter())[v.entry.direction] += 1
    widest = max((sum(c.values()) for c in per_year.values()), default=0)
    bars = []
    for year in sorted(per_year, reverse=True):
        counts = per_year[year]
        segs = [Segment(d, counts[d], pct(counts[d], widest),
                        f"{root}explore/?{explore_query}&year={year}&direction={d}".replace("?&", "?"),
                        f"{year}: {counts[d]} {'entry' if counts[d] == 1 else 'entries'} — {label(d).lower()}")
                for d in DIRECTIONS if counts[d]]
        bars.append(YearBar(year, sum(counts.values()), segs))
    return YearChart(title, len(views), bars)


@dataclass(frozen=True)
class Mark:
    kind: str
    left: int  # per cent along the axis
    width: int  # per cent; 0 for a point in time
    pending: bool  # a "not yet" stage, drawn at its as-of date
    title: str


@dataclass(frozen=True)
class GanttRow:
    timeline: Timeline
    marks: list[Mark]


@dataclass(frozen=True)
class Gantt:
    start: dt.date
    end: dt.date
    years: list[tuple[int, int]]  # (year, per cent position of 1 January)
    rows: list[GanttRow]


def gantt(timelines: list[Timeline]) -> Gantt | None:
    """Each model's stages on one shared time axis; an uncertain start is drawn as its whole span."""
    spans = []
    for t in timelines:
        for s in t.stages:
            lo = s.lo or s.hi
            hi = s.hi or s.lo
            if s.happened and lo is not None:
                spans.append((lo, hi))
            elif not s.happened:
                day = dt.date.fromisoformat(_full(s.stage.not_yet_as_of))
                spans.append((day, day))
    if not spans:
        return None
    start = dt.date(min(lo for lo, _ in spans).year, 1, 1)
    end = dt.date(max(hi for _, hi in spans).year + 1, 1, 1)
    total = (end - start).days

    def at(day: dt.date) -> int:
        return min(100, max(0, round(100 * (day - start).days / total)))

    rows = []
    for t in timelines:
        marks = []
        for s in t.stages:
            what = vocab.STAGE_TITLES[s.kind]
            who = s.stage.organisation
            name = f"{what} ({who})" if who else what
            if s.happened and (s.lo or s.hi):
                lo, hi = s.lo or s.hi, s.hi or s.lo
                marks.append(Mark(s.kind, at(lo), at(hi) - at(lo), False, f"{name}: {s.when}"))
            elif not s.happened:
                day = dt.date.fromisoformat(_full(s.stage.not_yet_as_of))
                marks.append(Mark(s.kind, at(day), 0, True, f"{name}: not yet, as of {format_stage_date(s.stage.not_yet_as_of)}"))
        rows.append(GanttRow(t, marks))
    years = [(y, at(dt.date(y, 1, 1))) for y in range(start.year, end.year)]
    return Gantt(start, end, years, rows)


def _full(value: str) -> str:
    """The first day a date of any precision can mean ("2025-08" -> "2025-08-01")."""
    parts = value.rstrip("~?").split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def lab_timelines(site: Site, lab: str) -> list[Timeline]:
    """The lab's models with a timeline, oldest first stage first."""
    ts = [t for t in site.timelines.values() if t.model.lab == lab]
    return sorted(ts, key=lambda t: (t.stages[0].sort_key if t.stages else (2,), t.model.id))
