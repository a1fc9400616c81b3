"""Headline figures: lower-bound waits by year, medians only from three models, evaluator share,
reported windows, and the deepest access an independent researcher can reach per lab."""

from __future__ import annotations

import json

from accessgap.models import Model
from accessgap.site.headline import headline, stage_depth
from accessgap.site.timelines import timeline_of, timelines


def model(ident: str, *stages: dict, lab: str = "openai") -> Model:
    return Model.model_validate_json(json.dumps({
        "schema_version": "1.0", "id": ident, "name": ident.upper(), "lab": lab, "description": "A model.",
        "timeline": [{"entries": ["MAG-2024-0001"], **s} for s in stages]}))


def registry(*ms: Model) -> dict:
    return timelines({m.id: m for m in ms})


def test_waits_are_lower_bounds_grouped_by_the_year_the_public_got_the_model():
    h = headline(registry(
        model("a", {"stage": "insiders", "start": "../2024-01-01"}, {"stage": "api", "start": "2024-01-11"}),
        model("b", {"stage": "insiders", "start": "2023-12-01"}, {"stage": "app", "start": "2024-01-31"},
              {"stage": "api", "start": "2024-03-01"}),
        model("c", {"stage": "insiders", "start": "2024-06-01"}, {"stage": "open_weights", "start": "2024-07-01"}),
        model("d", {"stage": "insiders", "start": "2022-01-01"}, {"stage": "api", "start": "2022-01-05"})))
    by_year = {pl.year: pl for pl in h.public_lags}
    assert list(by_year) == [2024, 2022]  # newest first
    assert sorted(by_year[2024].spread.values) == [10, 30, 61]  # b counts from its app, the first public stage
    assert by_year[2024].spread.median == 30
    assert (by_year[2024].spread.low, by_year[2024].spread.high) == (10, 61)
    assert by_year[2022].spread.median is None and by_year[2022].spread.values == [4]  # n < 3: no median


def test_a_model_not_yet_public_is_kept_as_censored_not_dropped():
    h = headline(registry(model("x", {"stage": "insiders", "start": "2026-01-01"},
                                {"stage": "api", "not_yet_as_of": "2026-03-02"})))
    assert h.public_lags == []
    [(t, ms)] = h.not_public
    assert t.model.id == "x" and ms.censored and ms.min_days == 60


def test_evaluator_share_counts_named_evaluators_on_or_before_the_first_public_stage():
    h = headline(registry(
        model("early", {"stage": "evaluator", "organisation": "metr", "start": "../2025-04-16", "window_days": 15},
              {"stage": "api", "start": "2025-04-16"}),
        model("late", {"stage": "api", "start": "2025-01-01"},
              {"stage": "evaluator", "organisation": "metr", "start": "2025-02-01"}),
        model("unnamed", {"stage": "evaluator", "unnamed_organisations": 3, "start": "2024-12"},
              {"stage": "api", "start": "2025-01-01"}),
        model("none", {"stage": "app", "start": "2025-01-01"})))
    assert [t.model.id for t in h.releases_with_evaluator] == ["early"]
    assert len(h.releases) == 4 and h.evaluator_share == 0.25
    assert h.windows.values == [15] and h.windows.median is None
    assert h.windows_unreported == 2


def test_depth_is_as_recorded_or_implied_by_features_and_kind():
    t = timeline_of(model("m", {"stage": "api", "start": "2024-01-01", "features": ["api", "logprobs"]},
                          {"stage": "app", "start": "2024-01-01"},
                          {"stage": "open_weights", "start": "2024-02-01"},
                          {"stage": "partners", "start": "2023-12-01", "model_access": "grey_box"},
                          {"stage": "evaluator", "organisation": "metr", "start": "2023-11-01"}))
    got = {s.kind: stage_depth(s) for s in t.stages}
    assert got == {"api": "grey_box", "app": "black_box", "open_weights": "white_box", "partners": "grey_box",
                   "evaluator": None}


def test_each_labs_newest_model_gives_the_deepest_access_open_to_researchers():
    h = headline(registry(
        model("old", {"stage": "open_weights", "start": "2023-01-01"}),
        model("new", {"stage": "partners", "start": "2025-01-01", "model_access": "white_box"},
              {"stage": "api", "start": "2025-03-01"}),
        model("closed", {"stage": "partners", "start": "2025-05-01"},
              {"stage": "open_weights", "not_yet_as_of": "2025-06-01"}, lab="microsoft")))
    depths = {d.lab: d for d in h.depths}
    # Partners are chosen by the lab, so their white-box access does not count for researchers.
    assert depths["openai"].timeline.model.id == "new" and depths["openai"].depth == "black_box"
    assert depths["openai"].stage.kind == "api"
    assert depths["microsoft"].depth is None and depths["microsoft"].pending_as_of == "2025-06-01"


def test_a_wait_known_only_as_zero_or_more_is_left_out_not_counted_as_zero():
    h = headline(registry(model("u", {"stage": "insiders", "start": "../2024-02-01"},
                                {"stage": "api", "start": "2024-01-15"})))
    assert h.public_lags == [] and len(h.releases) == 1
