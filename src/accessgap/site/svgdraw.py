"""Draw: static SVG charts from numbers that `charts.py` has already computed.

Only drawing lives here; no registry objects come in, only labels, dates and numbers. Output is
byte-identical between builds: a fixed font (DejaVu Sans ships with matplotlib), text drawn as
paths, a fixed `svg.hashsalt` for element IDs and no date in the metadata. Backgrounds are
transparent; the site's CSS inverts the picture in the dark scheme, so the ink is dark grey and
the colours are mid-tones that read either way.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from importlib import metadata
from pathlib import Path

# matplotlib is imported on first drawing (`_load`), not with this module: when every chart comes
# from the build cache (charts.py), a build never pays for importing it (about a second).
matplotlib = mdates = Figure = Line2D = Patch = None

INK = "#333333"
GRID = "#bbbbbb"
KEY = "#777777"  # legend swatches that explain a style, not a series
# Mid-tone colours, one per lab / evaluator in a fixed order (Tableau 10, reordered).
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
           "#7f7f7f", "#bcbd22"]
WIDTH_IN = 8.0

RC = {
    "svg.hashsalt": "accessgap",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,  # contributor text: a `$` is a dollar sign, not mathtext
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "hatch.color": INK,
}


def _load() -> None:
    global matplotlib, mdates, Figure, Line2D, Patch
    if matplotlib is not None:
        return
    import matplotlib as mpl

    mpl.use("svg", force=False)
    from matplotlib import dates
    from matplotlib.figure import Figure as figure
    from matplotlib.lines import Line2D as line
    from matplotlib.patches import Patch as patch

    matplotlib, mdates, Figure, Line2D, Patch = mpl, dates, figure, line, patch


def code_version() -> str:
    """What, besides its arguments, a drawing's bytes depend on: this file and matplotlib's version
    (which ships the font). The chart cache keys every SVG by it."""
    return f"{metadata.version('matplotlib')}|" + Path(__file__).read_text(encoding="utf-8")


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", transparent=True, metadata={"Date": None})
    return buf.getvalue()


def _figure(height: float) -> Figure:
    with matplotlib.rc_context(RC):
        return Figure(figsize=(WIDTH_IN, height), layout="constrained")


def _d(day: dt.date) -> float:
    return mdates.date2num(dt.datetime(day.year, day.month, day.day))


def _mid(lo: dt.date, hi: dt.date) -> float:
    return (_d(lo) + _d(hi)) / 2


def _year_axis(ax, lo: dt.date, hi: dt.date) -> None:
    span_years = hi.year - lo.year
    step = 1 if span_years <= 8 else 2
    ax.xaxis.set_major_locator(mdates.YearLocator(step))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if span_years <= 3:
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _time_scatter_axes(ax, lo: dt.date, hi: dt.date, *, pad_days: int, y_max: float, y_label: str) -> None:
    """Whole years from lo to hi (plus a margin) across, 0..y_max up, with both grids."""
    ax.set_xlim(_d(dt.date(lo.year, 1, 1)) - pad_days, _d(dt.date(hi.year, 12, 31)) + pad_days)
    ax.set_ylim(0, y_max)
    _year_axis(ax, lo, hi)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_ylabel(y_label)


def size_px(svg: bytes) -> tuple[int, int]:
    """The drawing's size in CSS pixels, read from the SVG header (width="576pt")."""
    head = svg[:1000].decode("utf-8", "replace")

    def attr(name: str) -> int:
        value = head.split(f'{name}="', 1)[1].split('"', 1)[0]
        return round(float(value.removesuffix("pt")) * 4 / 3)

    return attr("width"), attr("height")


# --- deployment lag: one bar per entry, grouped by lab ----------------------------------------

@dataclass(frozen=True)
class Bar:
    group: str  # lab name
    label: str
    insider: tuple[dt.date, dt.date]  # earliest and latest day the insider-side date can mean
    outsider: tuple[dt.date, dt.date]
    approximate: bool
    note: str  # e.g. "195–225 d"
    colour: str


def lag_bars(bars: list[Bar]) -> bytes:
    _load()
    rows: list[tuple[str, Bar | None]] = []  # a bold header row per group, then its bars
    group = None
    for bar in bars:
        if bar.group != group:
            rows.append((bar.group, None))
            group = bar.group
        rows.append((bar.label, bar))
    fig = _figure(0.9 + 0.26 * len(rows))
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        lo = min(b.insider[0] for b in bars)
        hi = max(b.outsider[1] for b in bars)
        for y, (_, bar) in enumerate(rows):
            if bar is None:
                continue
            i_lo, i_hi = _d(bar.insider[0]), _d(bar.insider[1])
            o_lo, o_hi = _d(bar.outsider[0]), _d(bar.outsider[1])
            # The lag that is certain: from the latest possible insider day to the earliest outsider day.
            if o_lo > i_hi:
                ax.barh(y, o_lo - i_hi, left=i_hi, height=0.56, color=bar.colour,
                        hatch="////" if bar.approximate else None, linewidth=0)
            # Imprecise dates: the span each side's date could mean, faded.
            for a, b in ((i_lo, i_hi), (o_lo, o_hi)):
                if b > a:
                    ax.barh(y, b - a, left=a, height=0.56, color=bar.colour, alpha=0.3, linewidth=0)
            for x in (i_lo, o_hi):
                ax.plot([x, x], [y - 0.28, y + 0.28], color=bar.colour, linewidth=1.2)
            ax.text(max(o_hi, i_hi) + 12, y, bar.note, va="center", ha="left", fontsize=8)
        ax.set_yticks(range(len(rows)), [text for text, _ in rows])
        for tick, (_, bar) in zip(ax.get_yticklabels(), rows):
            if bar is None:
                tick.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows) - 0.5, -0.7)
        ax.set_xlim(_d(lo) - 45, _d(hi) + 150)
        _year_axis(ax, lo, hi)
        ax.spines["left"].set_visible(False)
        handles = [Patch(color=KEY, label="lag certain from the dates"),
                   Patch(color=KEY, alpha=0.3, label="date known only to the month or year")]
        if any(b.approximate for b in bars):
            handles.append(Patch(facecolor="#bbbbbb", hatch="////", linewidth=0, label="a date is approximate (~)"))
        fig.legend(handles=handles, loc="outside upper center", ncols=len(handles), fontsize=8, handlelength=1.6)
    return _svg(fig)


# --- lag against release date, with the median per year -------------------------------------

@dataclass(frozen=True)
class Point:
    series: str  # legend label (lab)
    release: tuple[dt.date, dt.date]
    min_days: int
    max_days: int
    colour: str


def lag_scatter(points: list[Point], medians: list[tuple[int, float]]) -> bytes:
    _load()
    fig = _figure(3.6)
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        seen: dict[str, str] = {}
        for p in points:
            x = _mid(*p.release)
            mid = (p.min_days + p.max_days) / 2
            xerr = (_d(p.release[1]) - _d(p.release[0])) / 2
            ax.errorbar([x], [mid], yerr=[[mid - p.min_days], [p.max_days - mid]], xerr=[[xerr], [xerr]] if xerr else None,
                        fmt="o", color=p.colour, markersize=5, capsize=2, elinewidth=1)
            seen.setdefault(p.series, p.colour)
        for year, value in medians:
            a, b = _d(dt.date(year, 1, 1)), _d(dt.date(year, 12, 31))
            ax.plot([a, b], [value, value], color=INK, linestyle="--", linewidth=1.2)
            ax.text((a + b) / 2, value + 4, f"median {value:g} d", ha="center", va="bottom", fontsize=7.5,
                    bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 0.6})
        lo = min(p.release[0] for p in points)
        hi = max(p.release[1] for p in points)
        _time_scatter_axes(ax, lo, hi, pad_days=30, y_max=max(p.max_days for p in points) * 1.15 + 5,
                           y_label="lag (days)")
        ax.set_xlabel("date outsiders got access")
        handles = [Line2D([], [], marker="o", linestyle="", color=c, label=s) for s, c in seen.items()]
        handles.append(Line2D([], [], color=INK, linestyle="--", label="median per year (midpoints)"))
        fig.legend(handles=handles, loc="outside upper center", ncols=min(5, len(handles)), fontsize=8)
    return _svg(fig)


# --- evaluation windows -------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    series: str  # evaluator name
    date: tuple[dt.date, dt.date]
    days: int
    approximate: bool
    label: str  # model name(s)
    colour: str


def windows(points: list[Window]) -> bytes:
    _load()
    fig = _figure(3.4)
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        seen: dict[str, str] = {}
        for n, w in enumerate(points):
            x = _mid(*w.date)
            ax.plot([x, x], [0, w.days], color=w.colour, linewidth=1.2)
            ax.plot([x], [w.days], marker="o", markersize=7, color=w.colour,
                    markerfacecolor="none" if w.approximate else w.colour, markeredgewidth=1.5)
            ax.annotate(w.label, (x, w.days), xytext=(6, 4 if n % 2 == 0 else -10), textcoords="offset points",
                        fontsize=7.5, ha="left")
            seen.setdefault(w.series, w.colour)
        lo = min(w.date[0] for w in points)
        hi = max(w.date[1] for w in points)
        _time_scatter_axes(ax, lo, hi, pad_days=15, y_max=max(w.days for w in points) * 1.25 + 2,
                           y_label="days of access before release")
        handles = [Line2D([], [], marker="o", linestyle="", color=c, label=s) for s, c in seen.items()]
        handles.append(Line2D([], [], marker="o", linestyle="", color=INK, markerfacecolor="none",
                              label="hollow: length approximate"))
        fig.legend(handles=handles, loc="outside upper center", ncols=min(4, len(handles)), fontsize=8)
    return _svg(fig)
