"""Access timelines, enriched: each model's stages in order, and how far behind insiders each kind
of outsider got access — as a range when dates are imprecise, open when a bound is unknown, and
right-censored ("not yet after at least N days, as of D") when a stage has not happened.

Computed once here; pages, exports and charts read these values and never recompute them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import models as m
from .. import vocab
from .dates import format_date, format_stage_date  # noqa: F401  (format_stage_date: re-exported)


def _days(n: int) -> str:
    return f"{n:,} day" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class StageView:
    stage: m.Stage
    lo: dt.date | None  # earliest day the stage can have started (None: open)
    hi: dt.date | None  # latest day (None: open)

    @property
    def kind(self) -> str:
        return self.stage.stage

    @property
    def happened(self) -> bool:
        return self.stage.start is not None

    @property
    def when(self) -> str:
        if not self.happened:
            return f"not yet, as of {format_date(self.stage.not_yet_as_of)}"
        text = format_stage_date(self.stage.start)
        return text + (f" until {format_stage_date(self.stage.end)}" if self.stage.end else "")

    @property
    def access_level(self) -> str | None:
        """AL1–AL3 only when both the model access and the information the paper pairs are known."""
        return vocab.ACCESS_LEVELS.get((self.stage.model_access, self.stage.information))

    @property
    def depth(self) -> str:
        box = vocab.ACCESS_TITLES.get(self.stage.model_access or "", "")
        return f"{box} ({self.access_level})" if box and self.access_level else box

    @property
    def sort_key(self) -> tuple:
        first = self.lo or self.hi or dt.date.max
        return (0 if self.happened else 1, first, vocab.StageKind.values().index(self.kind))


@dataclass(frozen=True)
class Milestone:
    """How long after insiders one kind of outsider got access (or had not yet)."""

    kind: str
    stage: StageView
    min_days: int | None  # None: no lower bound known
    max_days: int | None  # None: open (the stage's or the insiders' date is open-ended)
    censored: bool  # the stage had not happened as of stage.not_yet_as_of

    @property
    def label(self) -> str:
        lo, hi = self.min_days, self.max_days
        if self.censored:
            as_of = format_date(self.stage.stage.not_yet_as_of)
            return f"not yet after {_days(lo)} or more (as of {as_of})" if lo else f"not yet (as of {as_of})"
        if lo is None and hi is None:
            return "unknown"
        if hi is None:
            # "at least 0 days" says nothing: the insiders' date is only a bound past this stage's start.
            return "length unknown" if lo == 0 else f"at least {_days(lo)}"
        if lo is None:
            return f"at most {_days(hi)}"
        return _days(lo) if lo == hi else f"{lo:,}–{hi:,} days"


@dataclass(frozen=True)
class Timeline:
    model: m.Model
    stages: list[StageView]

    @property
    def insiders(self) -> StageView | None:
        return next((s for s in self.stages if s.kind == "insiders" and s.happened), None)

    @property
    def milestones(self) -> list[Milestone]:
        """The first stage of each outsider kind, with its lag after insiders."""
        out = []
        ins = self.insiders
        for kind in vocab.MILESTONES:
            happened = [s for s in self.stages if s.kind == kind and s.happened]
            pending = [s for s in self.stages if s.kind == kind and not s.happened]
            if happened:
                first = min(happened, key=lambda s: s.sort_key)
                lo = hi = None
                if ins is not None:
                    if first.lo is not None and ins.hi is not None:
                        lo = max(0, (first.lo - ins.hi).days)
                    if first.hi is not None and ins.lo is not None:
                        hi = max(0, (first.hi - ins.lo).days)
                    if lo is None and hi is not None:
                        lo = 0  # on or before a date, but never before insiders
                out.append(Milestone(kind, first, lo, hi, False))
            elif pending:
                last = max(pending, key=lambda s: s.stage.not_yet_as_of)
                as_of = m.date_bounds(last.stage.not_yet_as_of)[0]
                lo = max(0, (as_of - ins.hi).days) if ins is not None and ins.hi is not None else None
                out.append(Milestone(kind, last, lo, None, True))
        return out


def timeline_of(model: m.Model) -> Timeline:
    views = []
    for st in model.timeline:
        lo, hi = m.stage_bounds(st.start) if st.start else (None, None)
        views.append(StageView(st, lo, hi))
    views.sort(key=lambda s: s.sort_key)
    return Timeline(model, views)


def timelines(models: dict[str, m.Model]) -> dict[str, Timeline]:
    """Every model that has a timeline, by ID."""
    return {ident: timeline_of(rec) for ident, rec in sorted(models.items()) if rec.timeline}
