"""Evidence figures for the whole registry (`accessgap stats`): how many entries rest on primary
sources, how many on aggregators alone, how many were re-verified, and the balance of gap types,
labs and directions — the targets the content work is measured by, computed rather than counted
by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..load.registry import Registry


@dataclass
class Stats:
    entries: int = 0
    with_primary: int = 0
    aggregator_only: int = 0
    aggregator_only_not_low: int = 0
    last_verified: int = 0
    repeated_urls: int = 0  # entries listing one URL as several sources
    confidence: dict[str, int] = field(default_factory=dict)
    direction: dict[str, int] = field(default_factory=dict)
    gap_types: dict[str, int] = field(default_factory=dict)
    labs: dict[str, int] = field(default_factory=dict)
    models_with_timeline: int = 0
    timeline_stages: int = 0
    timelines_per_lab: dict[str, int] = field(default_factory=dict)

    def share(self, n: int) -> float:
        return round(100 * n / self.entries, 1) if self.entries else 0.0


def stats(reg: Registry) -> Stats:
    st = Stats()
    conf, direction, gaps, labs, tl_labs = Counter(), Counter(), Counter(), Counter(), Counter()
    for e in reg.entries:
        st.entries += 1
        kinds = {s.kind for s in e.sources}
        st.with_primary += "primary" in kinds
        if kinds and not kinds & {"primary", "secondary"}:
            st.aggregator_only += 1
            st.aggregator_only_not_low += e.confidence != "low"
        st.last_verified += e.last_verified is not None
        urls = [s.url for s in e.sources]
        st.repeated_urls += len(urls) != len(set(urls))
        conf[e.confidence] += 1
        direction[e.direction] += 1
        gaps.update({g.type for g in e.gap_types})
        labs.update(set(e.labs))
    for m in reg.models.values():
        if m.timeline:
            st.models_with_timeline += 1
            st.timeline_stages += len(m.timeline)
            tl_labs[m.lab] += 1
    st.confidence, st.direction = dict(sorted(conf.items())), dict(sorted(direction.items()))
    st.gap_types = dict(gaps.most_common())
    st.labs = dict(labs.most_common())
    st.timelines_per_lab = dict(tl_labs.most_common())
    return st


def text(st: Stats) -> str:
    def counts(d: dict) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "none"

    return "\n".join([
        f"entries: {st.entries}",
        f"with a primary source: {st.with_primary} ({st.share(st.with_primary)}%)",
        f"aggregators only: {st.aggregator_only} ({st.share(st.aggregator_only)}%), "
        f"of which above low confidence: {st.aggregator_only_not_low}",
        f"re-verified (last_verified): {st.last_verified} ({st.share(st.last_verified)}%)",
        f"one URL listed as several sources: {st.repeated_urls} entries",
        f"confidence: {counts(st.confidence)}",
        f"direction: {counts(st.direction)}",
        f"gap types: {counts(st.gap_types)}",
        f"labs: {counts(st.labs)}",
        f"models with a timeline: {st.models_with_timeline} ({st.timeline_stages} stages); "
        f"per lab: {counts(st.timelines_per_lab)}",
    ])


def as_json(st: Stats) -> str:
    data = asdict(st)
    data["shares_percent"] = {k: st.share(getattr(st, k)) for k in ("with_primary", "aggregator_only", "last_verified")}
    return json.dumps(data, indent=2, sort_keys=True)
