"""Charts: the numbers behind the site's pictures, and the HTML that shows them.

`build.py` calls `chart_extras(site)` after enrichment. It returns HTML snippets keyed by page
("home", "timeline", "gap-types/deployment_lag", "labs/<id>", "organisations/<id>") that the
generator inserts into those pages, and under "files" the extra files to write (the access-matrix
page). The numbers and the marks' positions are computed here from the enriched site; the HTML is
rendered from Jinja templates (charts/_chart.j2) with autoescaping, so entry text is always escaped. Every chart comes with a text alternative and a table of its numbers,
and a chart with no data says so instead of drawing empty axes.

Counting rules (stated on the pages too):
- Lag: every entry with both an insider-side and an outsider-side date (`EntryView.lag`), except
  withdrawn entries. A lag is a range in days (month- or year-precision dates widen it); its
  midpoint is what medians are taken of.
- Release year: the year of the outsider-side date.
- Access matrix: an entry counts once in each (lab, gap type) cell it names; "open" means status
  open or narrowed, "other" everything else.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .. import vocab
from .headline import MIN_FOR_MEDIAN
from .templating import environment
from .enrich import EntryView, Site, format_date, name_of, open_count
from ..models import date_bounds

MATRIX_PAGE = "access-matrix.md"
LABEL_MAX = 34


def _short(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fmt_days(value: float) -> str:
    """Days as the tables print them: 42, 115.5, 115.25."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _counted(v: EntryView) -> bool:
    return v.entry.status.state != "withdrawn"


# --- numbers ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LagRow:
    view: EntryView
    lab: str  # the first lab the entry names; the chart groups by it
    insider: tuple[dt.date, dt.date]
    outsider: tuple[dt.date, dt.date]

    @property
    def min_days(self) -> int:
        return self.view.lag.min_days

    @property
    def max_days(self) -> int:
        return self.view.lag.max_days

    @property
    def mid(self) -> float:
        return (self.min_days + self.max_days) / 2

    @property
    def release_year(self) -> int:
        return int(self.view.entry.dates.outsider_access[:4])


def lag_rows(site: Site) -> list[LagRow]:
    """Entries with a computed lag, grouped by (first) lab name, then by insider-side date."""
    rows = [LagRow(v, v.entry.labs[0], date_bounds(v.entry.dates.insider_access),
                   date_bounds(v.entry.dates.outsider_access))
            for v in site.entries if v.lag is not None and _counted(v)]
    rows.sort(key=lambda r: (name_of(site.labs, r.lab).casefold(), r.insider, r.outsider, r.view.id))
    return rows


@dataclass(frozen=True)
class YearMedian:
    year: int
    rows: list[LagRow]

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def median_mid(self) -> float:
        return statistics.median(r.mid for r in self.rows)

    @property
    def median_min(self) -> float:
        return statistics.median(r.min_days for r in self.rows)

    @property
    def median_max(self) -> float:
        return statistics.median(r.max_days for r in self.rows)


def year_medians(rows: list[LagRow]) -> list[YearMedian]:
    years = sorted({r.release_year for r in rows})
    return [YearMedian(y, sorted((r for r in rows if r.release_year == y), key=lambda r: r.view.id)) for y in years]


@dataclass(frozen=True)
class WindowRow:
    view: EntryView
    organisation: str
    model: str | None
    days: int
    approximate: bool

    @property
    def date(self) -> tuple[dt.date, dt.date]:
        return date_bounds(self.view.entry.dates.event)


def window_rows(site: Site) -> list[WindowRow]:
    rows = [WindowRow(v, w.organisation, w.model, w.days, w.approximate)
            for v in site.entries if _counted(v) for w in v.entry.evaluation_windows
            if w.organisation and w.days is not None]  # a chart of lengths: unreported or unnamed ones are in the entry
    rows.sort(key=lambda r: (r.date, name_of(site.organisations, r.organisation).casefold(), r.model or "", r.view.id))
    return rows


@dataclass(frozen=True)
class Cell:
    lab: str | None  # None: all labs
    gap_type: str | None  # None: all gap types
    views: list[EntryView]

    @property
    def open(self) -> int:
        return open_count(self.views)

    @property
    def other(self) -> int:
        return len(self.views) - self.open

    @property
    def level(self) -> int:
        """Colour step by the number of open gaps: 0, 1, 2, 3–4, 5+."""
        n = self.open
        return 4 if n >= 5 else 3 if n >= 3 else n

    def explore_query(self) -> str:
        parts = ([f"lab={self.lab}"] if self.lab else []) + ([f"gap_type={self.gap_type}"] if self.gap_type else [])
        return "explore/" + ("?" + "&".join(parts) if parts else "")


@dataclass(frozen=True)
class Matrix:
    labs: list[str]
    gap_types: list[str]
    cells: dict[tuple[str | None, str | None], Cell]

    def cell(self, lab: str | None, gap_type: str | None) -> Cell:
        return self.cells[(lab, gap_type)]


def access_matrix(site: Site) -> Matrix:
    labs = sorted((lab for lab in site.by_lab if site.by_lab[lab]), key=lambda i: name_of(site.labs, i).casefold())
    types = list(vocab.GAP_TYPE_TITLES)
    cells: dict[tuple[str | None, str | None], Cell] = {}
    for lab in labs + [None]:
        views = site.by_lab[lab] if lab else site.entries
        for g in types + [None]:
            cells[(lab, g)] = Cell(lab, g, [v for v in views if g is None or g in v.gap_type_ids])
    return Matrix(labs, types, cells)


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    latest: EntryView | None


@dataclass(frozen=True)
class Scorecard:
    lab: str
    techniques: list[Technique]
    lags: list[LagRow]
    open_per_type: list[Cell] = field(default_factory=list)

    @property
    def median_lag(self) -> float | None:
        return statistics.median(r.mid for r in self.lags) if self.lags else None


def technique_name(technique: str) -> str:
    member = vocab.ElicitationSubtype(technique)
    return member.description.rstrip(".")


def scorecard(site: Site, lab: str, matrix: Matrix, rows: list[LagRow]) -> Scorecard:
    views = [v for v in site.by_lab.get(lab, []) if _counted(v)]
    techniques = []
    for tech in vocab.SCORECARD_TECHNIQUES:
        about = [v for v in views
                 if any(g.type == "elicitation" and tech in g.subtypes for g in v.entry.gap_types)]
        latest = max(about, key=lambda v: (v.sort_key, v.id)) if about else None
        techniques.append(Technique(tech, technique_name(tech), latest))
    lags = [r for r in rows if lab in r.view.entry.labs]
    cells = [matrix.cell(lab, g) for g in matrix.gap_types] if lab in matrix.labs else []
    return Scorecard(lab, techniques, lags, cells)


# --- charts: numbers -> marks, text alternative and table -----------------------------------
#
# Drawn as HTML (the approach of htmlcharts.py): every mark is a link to its entry with its figure
# in its title and in words for screen readers; positions and widths are whole-per-cent classes
# (`mag-x-N`, `mag-w-N`) that registry.css defines, so there are no inline styles and the chart
# re-flows on a phone and follows the dark scheme.

@dataclass(frozen=True)
class Span:
    """A stretch of the axis in whole per cent (left edge and width)."""
    x: int
    w: int


@dataclass(frozen=True)
class LagMark:
    label: str  # "GPT-4 · MAG-2023-0001"
    href: str  # site-relative
    title: str  # the figure in words, for hover and screen readers
    outer: Span  # earliest insider day to latest outsider day, on the chart's axis
    inner: Span  # the certain lag, in per cent of `outer`
    approximate: bool
    note: str  # "195–225 d"


@dataclass(frozen=True)
class StripPoint:
    href: str
    title: str
    span: Span  # the lag's range (min to max days) on the days axis


@dataclass(frozen=True)
class StripRow:
    year: int
    n: int
    points: list[StripPoint]
    median: int | None  # per cent position, only where n >= MIN_FOR_MEDIAN
    median_days: float | None


@dataclass(frozen=True)
class WindowMark:
    label: str
    href: str
    title: str
    width: int  # per cent of the longest window
    approximate: bool
    days: int


@dataclass
class Chart:
    key: str
    title: str
    caption: str
    empty_text: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[tuple[str, str | None]]] = field(default_factory=list)  # (text, site-relative href)
    kind: str | None = None  # which drawing the template uses; None: no data
    groups: list[tuple[str, list[LagMark]]] = field(default_factory=list)  # lag bars by lab
    strips: list[StripRow] = field(default_factory=list)
    windows: list[WindowMark] = field(default_factory=list)
    axis: list[tuple[str, int]] = field(default_factory=list)  # (tick label, per cent)
    axis_label: str = ""
    alt: str = ""
    n: int = 0


def _pct(value: float, total: float) -> int:
    return 0 if total <= 0 else max(0, min(100, round(100 * value / total)))


def _models_label(site: Site, v: EntryView) -> str:
    return ", ".join(name_of(site.models, x) for x in v.entry.models) or v.id


def _days(lo: int, hi: int) -> str:
    return f"{lo} days" if lo == hi else f"{lo} to {hi} days"


def lag_chart(site: Site, rows: list[LagRow]) -> Chart:
    chart = Chart(
        "deployment-lag", "Deployment lag, entry by entry",
        "Each bar runs from the date insiders (or privileged partners) had the model to the date the "
        "outsiders in question got it. The solid part is the lag the dates make certain; a faded end is "
        "the month or year a date is known only to. Grouped by the first lab each entry names; select a "
        "bar for its entry.",
        "No entry records both an insider-side and an outsider-side date yet, so there is no lag to draw.",
        ["Lab", "Entry", "Models", "Insider side", "Outsider side", "Lag min (days)", "Lag max (days)",
         "Midpoint (days)"])
    for r in rows:
        e = r.view.entry
        chart.rows.append([(", ".join(name_of(site.labs, x) for x in e.labs), None), (r.view.id, r.view.url),
                           (", ".join(name_of(site.models, x) for x in e.models) or "—", None),
                           (format_date(e.dates.insider_access), None), (format_date(e.dates.outsider_access), None),
                           (str(r.min_days), None), (str(r.max_days), None), (fmt_days(r.mid), None)])
    if not rows:
        return chart
    start = dt.date(min(r.insider[0] for r in rows).year, 1, 1)
    end = dt.date(max(r.outsider[1] for r in rows).year + 1, 1, 1)
    total = (end - start).days

    def at(day: dt.date) -> int:
        return _pct((day - start).days, total)

    labs = sorted({r.lab for r in rows}, key=lambda i: name_of(site.labs, i).casefold())
    for lab in labs:
        marks = []
        for r in (r for r in rows if r.lab == lab):
            lo, hi = r.insider[0], r.outsider[1]
            extent = max(1, (hi - lo).days)
            certain_from, certain_to = r.insider[1], max(r.insider[1], r.outsider[0])
            inner = Span(_pct((certain_from - lo).days, extent), _pct((certain_to - certain_from).days, extent))
            outer = Span(at(lo), max(1, at(hi) - at(lo)))
            e = r.view.entry
            title = (f"{_models_label(site, r.view)} ({r.view.id}): {'about ' if r.view.lag.approximate else ''}"
                     f"{_days(r.min_days, r.max_days)}, insiders {format_date(e.dates.insider_access)}, "
                     f"outsiders {format_date(e.dates.outsider_access)}")
            note = f"{r.min_days} d" if r.min_days == r.max_days else f"{r.min_days}–{r.max_days} d"
            what = ", ".join(name_of(site.models, x) for x in e.models) or e.title
            marks.append(LagMark(f"{_short(what, 28)} · {r.view.id}", r.view.url, title,
                                 outer, inner, r.view.lag.approximate, note))
        chart.groups.append((name_of(site.labs, lab), marks))
    chart.axis = [(str(y), at(dt.date(y, 1, 1))) for y in range(start.year, end.year)]
    chart.kind, chart.n = "lag", len(rows)
    if any(r.view.lag.approximate for r in rows):
        chart.caption += " A dashed outline marks a lag whose dates are approximate (~)."
    longest = max(rows, key=lambda r: (r.mid, r.view.id))
    shortest = min(rows, key=lambda r: (r.mid, r.view.id))
    chart.alt = (f"Horizontal bars for {len(rows)} entries from {len(labs)} lab{'s' if len(labs) != 1 else ''}, "
                 f"each from the insider-side date to the outsider-side date. Longest: "
                 f"{_models_label(site, longest.view)} ({longest.view.id}), {_days(longest.min_days, longest.max_days)}; "
                 f"shortest: {_models_label(site, shortest.view)} ({shortest.view.id}), "
                 f"{_days(shortest.min_days, shortest.max_days)}. The table below the chart lists every bar.")
    return chart


def _step(top: float) -> int:
    """A round tick step giving about four to eight ticks up to `top` days."""
    for step in (7, 14, 30, 60, 90, 120, 180, 365, 730):
        if top / step <= 8:
            return step
    return 1825


def scatter_chart(site: Site, rows: list[LagRow], medians: list[YearMedian]) -> Chart:
    chart = Chart(
        "lag-by-release-date", "Lag by the year outsiders got access",
        "One row per year in which outsiders got access; each mark is an entry, spanning the range of its "
        "lag in days (select it for the entry). The upright line is the median lag (of range midpoints), "
        f"drawn only for years with {MIN_FOR_MEDIAN} or more entries; n is each year's count.",
        "No entry records both an insider-side and an outsider-side date yet, so there is no lag to plot.",
        ["Year outsiders got access", "Entries", "Median lag, midpoints (days)", "Median of minimum lags (days)",
         "Median of maximum lags (days)", "Entry IDs"])
    for ym in medians:
        chart.rows.append([(str(ym.year), None), (str(ym.n), None), (fmt_days(ym.median_mid), None),
                           (fmt_days(ym.median_min), None), (fmt_days(ym.median_max), None),
                           (", ".join(r.view.id for r in ym.rows), None)])
    if not rows:
        return chart
    step = _step(max(r.max_days for r in rows))
    top = step * (max(r.max_days for r in rows) // step + 1)
    for ym in sorted(medians, key=lambda m: m.year, reverse=True):
        points = []
        for r in sorted(ym.rows, key=lambda r: (r.mid, r.view.id)):
            title = (f"{_models_label(site, r.view)} ({r.view.id}): {_days(r.min_days, r.max_days)}, outsiders "
                     f"{format_date(r.view.entry.dates.outsider_access)}")
            x = _pct(r.min_days, top)
            points.append(StripPoint(r.view.url, title, Span(x, _pct(r.max_days, top) - x)))
        drawn = ym.n >= MIN_FOR_MEDIAN  # a median of one or two points is the points themselves
        chart.strips.append(StripRow(ym.year, ym.n, points, _pct(ym.median_mid, top) if drawn else None,
                                     ym.median_mid if drawn else None))
    chart.axis = [(str(d), _pct(d, top)) for d in range(0, top + 1, step)]
    chart.axis_label = "lag in days"
    chart.kind, chart.n = "strip", len(rows)
    chart.alt = (f"Deployment lag in days by the year outsiders got access, {len(rows)} entries "
                 f"from {medians[0].year} to {medians[-1].year}. Median lag per year: "
                 + "; ".join(f"{ym.year}: {fmt_days(ym.median_mid)} days ({ym.n} {'entry' if ym.n == 1 else 'entries'})"
                             for ym in medians) + ".")
    return chart


def windows_chart(site: Site, rows: list[WindowRow]) -> Chart:
    chart = Chart(
        "evaluation-windows", "Pre-deployment evaluation windows",
        "Days of access before release that external evaluators reported, per model and evaluator, oldest "
        "first by the date of the entry's event (usually the release). A hollow bar means the source gives "
        "the length only approximately. Select a bar for its entry.",
        "No entry reports a pre-deployment evaluation window yet, so there is nothing to plot.",
        ["Date", "Evaluator", "Model", "Days", "Approximate", "Entry"])
    for r in rows:
        chart.rows.append([(format_date(r.view.entry.dates.event), None),
                           (name_of(site.organisations, r.organisation), f"organisations/{r.organisation}/"),
                           (name_of(site.models, r.model) if r.model else "—", None), (str(r.days), None),
                           ("yes" if r.approximate else "no", None), (r.view.id, r.view.url)])
    if not rows:
        return chart
    orgs = {r.organisation for r in rows}
    longest = max(r.days for r in rows)
    # Windows for one evaluator, entry and length (e.g. o3 and o4-mini) share one bar.
    merged: dict[tuple, list[WindowRow]] = {}
    for r in rows:
        merged.setdefault((r.view.id, r.organisation, r.days, r.approximate), []).append(r)
    for group in merged.values():
        r = group[0]
        models = ", ".join(name_of(site.models, x.model) if x.model else x.view.id for x in group)
        org = name_of(site.organisations, r.organisation)
        title = (f"{org}, {models} ({r.view.id}): {'about ' if r.approximate else ''}{r.days} days before release, "
                 f"{format_date(r.view.entry.dates.event)}")
        chart.windows.append(WindowMark(f"{org} · {_short(models, 28)}", r.view.url, title,
                                        max(1, _pct(r.days, longest)), r.approximate, r.days))
    chart.kind, chart.n = "windows", len(rows)
    years = sorted({r.date[0].year for r in rows})
    chart.alt = (f"Bars for {len(rows)} reported pre-deployment evaluation windows by {len(orgs)} "
                 f"evaluator{'s' if len(orgs) != 1 else ''} between {years[0]} and {years[-1]}, from "
                 f"{min(r.days for r in rows)} to {longest} days: "
                 + "; ".join(f"{name_of(site.organisations, r.organisation)}, "
                             f"{name_of(site.models, r.model) if r.model else r.view.id}, {'about ' if r.approximate else ''}"
                             f"{r.days} days" for r in rows) + ".")
    return chart


# --- HTML -------------------------------------------------------------------------------------

def chart_extras(site: Site, cache: Path | None = None) -> dict:
    """The charts' HTML and files. `cache` is accepted for the pipeline's sake; HTML charts are
    cheap to render, so nothing is cached."""
    env = environment()
    rows = lag_rows(site)
    medians = year_medians(rows)
    wins = window_rows(site)
    matrix = access_matrix(site)
    lag, scatter, windows = lag_chart(site, rows), scatter_chart(site, rows, medians), windows_chart(site, wins)

    def render(template: str, depth: int, **kw) -> Markup:
        return Markup(env.get_template(template).render(site=site, root="../" * depth, lab_name=lambda i: name_of(site.labs, i),
                                                        fmt_days=fmt_days, **kw))

    extras: dict = {
        "home": render("charts/home.html.j2", 0, matrix=matrix),
        "timeline": render("charts/lag_section.html.j2", 1, heading="Deployment lag at a glance",
                           charts=[lag, scatter], more=True),
        "gap-types/deployment_lag": render("charts/lag_section.html.j2", 2, heading="Charts",
                                           charts=[lag, scatter, windows], more=False),
    }
    for lab in site.labs:
        extras[f"labs/{lab}"] = render("charts/scorecard.html.j2", 2, card=scorecard(site, lab, matrix, rows))
    for org in sorted({r.organisation for r in wins}):
        extras[f"organisations/{org}"] = render("charts/org_windows.html.j2", 2,
                                                rows=[r for r in wins if r.organisation == org])
    files: dict[str, bytes | str] = {}
    files[MATRIX_PAGE] = str(render("charts/access_matrix.md.j2", 1, matrix=matrix))
    extras["files"] = files
    return extras
