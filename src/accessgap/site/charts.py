"""Charts: the numbers behind the site's pictures, and the HTML that shows them.

`build.py` calls `chart_extras(site)` after enrichment. It returns HTML snippets keyed by page
("home", "timeline", "gap-types/deployment_lag", "labs/<id>", "organisations/<id>") that the
generator inserts into those pages, and under "files" the extra files to write: SVG charts in
charts/ and the access-matrix page. The numbers are computed here from the enriched site; the
drawing is in `svgdraw.py`; the HTML is rendered from Jinja templates with autoescaping, so entry
text is always escaped. Every chart comes with a text alternative and a table of its numbers,
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

from . import svgdraw
from .buildcache import BuildCache
from .. import vocab
from .templating import environment
from .enrich import EntryView, Site, format_date, name_of, open_count
from ..models import date_bounds

LAG_SVG = "charts/deployment-lag.svg"
SCATTER_SVG = "charts/lag-by-release-date.svg"
WINDOWS_SVG = "charts/evaluation-windows.svg"
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


# --- charts: numbers -> SVG, text alternative and table ----------------------------------------

@dataclass
class Chart:
    key: str
    title: str
    caption: str
    empty_text: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[tuple[str, str | None]]] = field(default_factory=list)  # (text, site-relative href)
    svg_path: str | None = None
    svg: bytes | None = None
    alt: str = ""
    width: int = 0
    height: int = 0
    note: str = ""

    def attach(self, path: str, svg: bytes, alt: str) -> None:
        self.svg_path, self.svg, self.alt = path, svg, alt
        self.width, self.height = svgdraw.size_px(svg)


class Drawer:
    """Draws SVGs with `svgdraw`, or takes them from the build cache, keyed by the drawing
    function and the exact numbers and labels it is given (their repr)."""

    def __init__(self, cache: BuildCache | None = None):
        self.cache = cache

    def __call__(self, fn, *args) -> bytes:
        if self.cache is None or not self.cache.active:
            return fn(*args)
        key = self.cache.key(fn.__name__, repr(args))
        return self.cache.fetch(key, lambda: fn(*args).decode("utf-8")).encode("utf-8")


def chart_cache(folder: Path | None) -> BuildCache:
    return BuildCache(folder, "charts", svgdraw.code_version())


def _colours(keys: list[str]) -> dict[str, str]:
    return {k: svgdraw.colour(i) for i, k in enumerate(keys)}


def _models_label(site: Site, v: EntryView) -> str:
    return ", ".join(name_of(site.models, x) for x in v.entry.models) or v.id


def lag_chart(site: Site, rows: list[LagRow], draw: Drawer = Drawer()) -> Chart:
    chart = Chart(
        "deployment-lag", "Deployment lag, entry by entry",
        "Each bar runs from the date insiders (or privileged partners) had the model to the date the "
        "outsiders in question got it. The solid part is the lag the dates make certain; a faded end is "
        "the month or year a date is known only to. Grouped by the first lab each entry names.",
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
    labs = sorted({r.lab for r in rows}, key=lambda i: name_of(site.labs, i).casefold())
    colours = _colours(labs)
    bars = [svgdraw.Bar(name_of(site.labs, r.lab), f"{_short(_models_label(site, r.view), 24)} · {r.view.id}", r.insider,
                      r.outsider, r.view.lag.approximate,
                      f"{r.min_days} d" if r.min_days == r.max_days else f"{r.min_days}–{r.max_days} d",
                      colours[r.lab]) for r in rows]
    if any(b.approximate for b in bars):
        chart.caption += " Hatching marks a lag whose dates are approximate (~)."
    longest = max(rows, key=lambda r: (r.mid, r.view.id))
    shortest = min(rows, key=lambda r: (r.mid, r.view.id))

    def span(r: LagRow) -> str:
        return f"{r.min_days} days" if r.min_days == r.max_days else f"{r.min_days} to {r.max_days} days"

    alt = (f"Horizontal bars for {len(rows)} entries from {len(labs)} lab{'s' if len(labs) != 1 else ''}, "
           f"each from the insider-side date to the outsider-side date. Longest: "
           f"{_models_label(site, longest.view)} ({longest.view.id}), {span(longest)}; shortest: "
           f"{_models_label(site, shortest.view)} ({shortest.view.id}), {span(shortest)}. "
           "The table below the chart lists every bar.")
    chart.attach(LAG_SVG, draw(svgdraw.lag_bars, bars), alt)
    return chart


def scatter_chart(site: Site, rows: list[LagRow], medians: list[YearMedian], draw: Drawer = Drawer()) -> Chart:
    chart = Chart(
        "lag-by-release-date", "Lag against the date outsiders got access",
        "One point per entry with both dates, placed at the date outsiders got access; the vertical bar "
        "is the range of the lag in days, a horizontal bar the range of an imprecise date. The dashed "
        "line is the median lag (of range midpoints) of the entries outsiders got in that year, drawn only "
        "for years with three or more entries (the table below gives every year's n).",
        "No entry records both an insider-side and an outsider-side date yet, so there is no lag to plot.",
        ["Year outsiders got access", "Entries", "Median lag, midpoints (days)", "Median of minimum lags (days)",
         "Median of maximum lags (days)", "Entry IDs"])
    for ym in medians:
        chart.rows.append([(str(ym.year), None), (str(ym.n), None), (fmt_days(ym.median_mid), None),
                           (fmt_days(ym.median_min), None), (fmt_days(ym.median_max), None),
                           (", ".join(r.view.id for r in ym.rows), None)])
    if not rows:
        return chart
    labs = sorted({r.lab for r in rows}, key=lambda i: name_of(site.labs, i).casefold())
    colours = _colours(labs)
    points = [svgdraw.Point(name_of(site.labs, r.lab), r.outsider, r.min_days, r.max_days, colours[r.lab]) for r in rows]
    alt = (f"Scatter plot of deployment lag in days against the date outsiders got access, {len(rows)} entries "
           f"from {medians[0].year} to {medians[-1].year}. Median lag per year: "
           + "; ".join(f"{ym.year}: {fmt_days(ym.median_mid)} days ({ym.n} {'entry' if ym.n == 1 else 'entries'})"
                       for ym in medians) + ".")
    # A median of one or two points is the points themselves: draw it only from three.
    drawn = [(ym.year, ym.median_mid) for ym in medians if ym.n >= 3]
    chart.attach(SCATTER_SVG, draw(svgdraw.lag_scatter, points, drawn), alt)
    return chart


def windows_chart(site: Site, rows: list[WindowRow], draw: Drawer = Drawer()) -> Chart:
    chart = Chart(
        "evaluation-windows", "Pre-deployment evaluation windows",
        "Days of access before release that external evaluators reported, per model and evaluator, placed "
        "at the date of the entry's event (usually the release). A hollow marker means the source gives the "
        "length only approximately.",
        "No entry reports a pre-deployment evaluation window yet, so there is nothing to plot.",
        ["Date", "Evaluator", "Model", "Days", "Approximate", "Entry"])
    for r in rows:
        chart.rows.append([(format_date(r.view.entry.dates.event), None),
                           (name_of(site.organisations, r.organisation), f"organisations/{r.organisation}/"),
                           (name_of(site.models, r.model) if r.model else "—", None), (str(r.days), None),
                           ("yes" if r.approximate else "no", None), (r.view.id, r.view.url)])
    if not rows:
        return chart
    orgs = sorted({r.organisation for r in rows}, key=lambda i: name_of(site.organisations, i).casefold())
    colours = _colours(orgs)
    # Windows for one evaluator, entry and length (e.g. o3 and o4-mini) share one marker and label.
    merged: dict[tuple, list[WindowRow]] = {}
    for r in rows:
        merged.setdefault((r.view.id, r.organisation, r.days, r.approximate), []).append(r)
    points = [svgdraw.Window(name_of(site.organisations, group[0].organisation), group[0].date, group[0].days,
                           group[0].approximate,
                           _short(", ".join(name_of(site.models, r.model) if r.model else r.view.id for r in group)),
                           colours[group[0].organisation]) for group in merged.values()]
    years = sorted({r.date[0].year for r in rows})
    alt = (f"Lollipop chart of {len(rows)} reported pre-deployment evaluation windows by {len(orgs)} "
           f"evaluator{'s' if len(orgs) != 1 else ''} between {years[0]} and {years[-1]}, from "
           f"{min(r.days for r in rows)} to {max(r.days for r in rows)} days: "
           + "; ".join(f"{name_of(site.organisations, r.organisation)}, "
                       f"{name_of(site.models, r.model) if r.model else r.view.id}, {'about ' if r.approximate else ''}"
                       f"{r.days} days" for r in rows) + ".")
    chart.attach(WINDOWS_SVG, draw(svgdraw.windows, points), alt)
    return chart


# --- HTML -------------------------------------------------------------------------------------

def chart_extras(site: Site, cache: Path | None = None) -> dict:
    """The charts' HTML and files; with `cache` (a folder, `.cache/`), SVGs whose inputs are
    unchanged come from the build cache instead of matplotlib."""
    env = environment()
    rows = lag_rows(site)
    medians = year_medians(rows)
    wins = window_rows(site)
    matrix = access_matrix(site)
    store = chart_cache(cache) if cache is not None else None
    draw = Drawer(store)
    lag, scatter, windows = (lag_chart(site, rows, draw), scatter_chart(site, rows, medians, draw),
                             windows_chart(site, wins, draw))
    if store is not None:
        store.save()

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
    files: dict[str, bytes | str] = {c.svg_path: c.svg for c in (lag, scatter, windows) if c.svg is not None}
    files[MATRIX_PAGE] = str(render("charts/access_matrix.md.j2", 1, matrix=matrix))
    extras["files"] = files
    return extras
