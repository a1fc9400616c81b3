"""Headline figures for the home page, computed from the access timelines.

Each figure carries its n and the models behind it, so the page can link every number to its
evidence. Insiders' dates are mostly upper bounds ("the lab had it by the announcement"), so a lag
is known as a range whose lower end is the safe claim: the headline uses lower bounds and says so.
A median is given only where n >= 3; smaller groups show their values alone.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import vocab
from .timelines import Milestone, StageView, Timeline

if TYPE_CHECKING:  # enrich.py imports this module
    from .enrich import EntryView

PUBLIC_KINDS = ("api", "app", "open_weights")
# What an independent researcher can reach without the lab choosing them.
OPEN_TO_RESEARCHERS = ("researchers", "api", "app", "open_weights")
MIN_FOR_MEDIAN = 3
# The EU GPAI Code of Practice (Safety and Security chapter, Appendix 3.4) calls "at least 20 business
# days" appropriate for most evaluations; four working weeks are 28 calendar days before holidays.
CODE_BUSINESS_DAYS = 20
CODE_CALENDAR_DAYS = 28
# The Code's own text. The home page links it, and links the registry entry that cites it as a
# source (found by this URL, not by an entry ID, so the template names no entry).
CODE_OF_PRACTICE_URL = "https://ec.europa.eu/newsroom/dae/redirection/document/118119"

# Depth implied by the features a stage records, following the scale's own definitions
# (vocab.ModelAccess): weights or internals are white box; anything beyond inputs and outputs grey.
_WHITE = {"weights", "activations"}
_GREY = {"logprobs", "reasoning_raw", "fine_tuning", "rl_fine_tuning", "safeguard_free", "internal_tools"}
_RANK = {"black_box": 1, "grey_box": 2, "white_box": 3}


def stage_depth(s: StageView) -> str | None:
    """The stage's model access: as recorded, else implied by its features or its kind."""
    if s.stage.model_access:
        return getattr(s.stage.model_access, "value", s.stage.model_access)
    feats = {getattr(f, "value", f) for f in s.stage.features}
    if s.kind == "open_weights" or feats & _WHITE:
        return "white_box"
    if feats & _GREY:
        return "grey_box"
    if feats or s.kind in ("api", "app"):
        return "black_box"
    return None


def _first_public(t: Timeline) -> Milestone | None:
    done = [ms for ms in t.milestones if ms.kind in PUBLIC_KINDS and not ms.censored]
    return min(done, key=lambda ms: ms.stage.sort_key) if done else None


@dataclass(frozen=True)
class Spread:
    """A list of day counts: its n, median (only when n >= 3) and range."""

    values: list[int]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.n >= MIN_FOR_MEDIAN else None

    @property
    def low(self) -> int | None:
        return min(self.values) if self.values else None

    @property
    def high(self) -> int | None:
        return max(self.values) if self.values else None


@dataclass(frozen=True)
class PublicLag:
    year: int
    spread: Spread  # lower bounds of insider -> public, in days
    models: list[tuple[Timeline, Milestone]]


@dataclass(frozen=True)
class LabDepth:
    lab: str
    timeline: Timeline
    depth: str | None  # best model access open to an independent researcher, None: none yet
    stage: StageView | None  # the stage that gives it, or the censored stage / None
    pending_as_of: str | None  # "not yet" date when nothing is open to researchers


@dataclass
class Headline:
    public_lags: list[PublicLag] = field(default_factory=list)  # newest year first
    not_public: list[tuple[Timeline, Milestone]] = field(default_factory=list)  # censored, longest first
    windows: Spread = field(default_factory=lambda: Spread([]))
    window_stages: list[tuple[Timeline, StageView]] = field(default_factory=list)
    windows_unreported: int = 0
    releases: list[Timeline] = field(default_factory=list)  # models with a public stage
    releases_with_evaluator: list[Timeline] = field(default_factory=list)
    depths: list[LabDepth] = field(default_factory=list)
    timelines: int = 0
    code_url: str = CODE_OF_PRACTICE_URL
    code_entry: EntryView | None = None  # the entry citing the Code's text, if any

    @property
    def windows_meeting_code(self) -> int:
        return sum(1 for d in self.windows.values if d >= CODE_CALENDAR_DAYS)

    @property
    def evaluator_share(self) -> float | None:
        return len(self.releases_with_evaluator) / len(self.releases) if self.releases else None


def _pre_deployment_evaluator(t: Timeline, public: Milestone) -> bool:
    """A named evaluator whose access began on or before the first public stage."""
    limit = public.stage.hi or public.stage.lo
    for s in t.stages:
        if s.kind == "evaluator" and s.happened and s.stage.organisation:
            start = s.hi or s.lo
            if start is not None and limit is not None and start <= limit:
                return True
    return False


def _newest(ts: list[Timeline]) -> Timeline:
    def key(t: Timeline) -> tuple:
        dates = [d for s in t.stages for d in (s.lo, s.hi) if d is not None]
        return (max(dates) if dates else dt.date.min, t.model.id)
    return max(ts, key=key)


def _lab_depth(lab: str, t: Timeline) -> LabDepth:
    best: StageView | None = None
    for s in t.stages:
        if s.kind in OPEN_TO_RESEARCHERS and s.happened and stage_depth(s):
            if best is None or _RANK[stage_depth(s)] > _RANK[stage_depth(best)] or (
                    _RANK[stage_depth(s)] == _RANK[stage_depth(best)] and s.sort_key < best.sort_key):
                best = s
    if best is not None:
        return LabDepth(lab, t, stage_depth(best), best, None)
    pending = [s for s in t.stages if s.kind in OPEN_TO_RESEARCHERS and not s.happened]
    as_of = max((s.stage.not_yet_as_of for s in pending), default=None)
    return LabDepth(lab, t, None, pending[0] if pending else None, as_of)


def citing_entry(entries: Iterable[EntryView], url: str) -> EntryView | None:
    """The oldest entry (by ID) not withdrawn that cites `url` as a source."""
    found = [v for v in entries if v.entry.status.state != "withdrawn" and any(s.url == url for s in v.entry.sources)]
    return min(found, key=lambda v: v.id) if found else None


def headline(timelines: dict[str, Timeline], entries: Iterable[EntryView] = ()) -> Headline:
    h = Headline(timelines=len(timelines), code_entry=citing_entry(entries, CODE_OF_PRACTICE_URL))
    by_year: dict[int, list[tuple[Timeline, Milestone]]] = {}
    by_lab: dict[str, list[Timeline]] = {}
    for t in timelines.values():
        by_lab.setdefault(t.model.lab, []).append(t)
        for s in t.stages:
            if s.kind == "evaluator" and s.happened:
                if s.stage.window_days is not None:
                    h.window_stages.append((t, s))
                else:
                    h.windows_unreported += 1
        public = _first_public(t)
        if public is not None:
            h.releases.append(t)
            if _pre_deployment_evaluator(t, public):
                h.releases_with_evaluator.append(t)
            informative = public.min_days is not None and (public.min_days > 0 or public.max_days is not None)
            if informative and t.insiders is not None:
                day = public.stage.lo or public.stage.hi
                by_year.setdefault(day.year, []).append((t, public))
        elif t.insiders is not None:
            pending = [ms for ms in t.milestones if ms.kind in PUBLIC_KINDS and ms.censored]
            if pending:
                h.not_public.append((t, max(pending, key=lambda ms: ms.min_days or 0)))
    for year in sorted(by_year, reverse=True):
        pairs = sorted(by_year[year], key=lambda p: (p[1].min_days, p[0].model.name))
        h.public_lags.append(PublicLag(year, Spread([ms.min_days for _, ms in pairs]), pairs))
    h.not_public.sort(key=lambda p: (-(p[1].min_days or 0), p[0].model.name))
    h.window_stages.sort(key=lambda p: (p[1].stage.window_days, p[0].model.name))
    h.windows = Spread([s.stage.window_days for _, s in h.window_stages])
    h.releases.sort(key=lambda t: t.model.name)
    h.depths = [_lab_depth(lab, _newest(ts)) for lab, ts in sorted(by_lab.items())]
    return h


def depth_title(depth: str | None) -> str:
    return vocab.ACCESS_TITLES.get(depth or "", "None yet")
