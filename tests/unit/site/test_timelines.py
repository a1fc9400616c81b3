"""Timelines: stage order, lags as ranges, open ends and right-censoring, human dates."""

from __future__ import annotations

import json

import pytest

from accessgap.models import Model, Stage
from accessgap.site.timelines import format_stage_date, timeline_of


def model(*stages: dict) -> Model:
    # JSON mode, as the loader validates: enum values arrive as plain strings.
    return Model.model_validate_json(json.dumps({
        "schema_version": "2.0", "id": "m", "name": "M", "lab": "openai", "description": "A model.",
        "timeline": [{"entries": ["MAG-2024-0001"], **s} for s in stages]}))


def stage(data: dict) -> Stage:
    return Stage.model_validate_json(json.dumps(data))


def lags(t) -> dict[str, tuple]:
    return {ms.kind: (ms.min_days, ms.max_days, ms.censored, ms.label) for ms in t.milestones}


def test_a_month_precise_insider_date_gives_a_range():
    t = timeline_of(model({"stage": "api", "start": "2023-03-14"}, {"stage": "insiders", "start": "2022-08"}))
    assert [s.kind for s in t.stages] == ["insiders", "api"]
    assert lags(t)["api"] == (195, 225, False, "195–225 days")


def test_the_first_stage_of_a_kind_counts():
    t = timeline_of(model({"stage": "insiders", "start": "2024-01-01"},
                          {"stage": "evaluator", "organisation": "metr", "start": "2024-03-01"},
                          {"stage": "evaluator", "organisation": "uk-aisi", "start": "2024-02-01"}))
    assert lags(t)["evaluator"][:2] == (31, 31)


def test_open_intervals_give_open_bounds():
    t = timeline_of(model({"stage": "insiders", "start": "2024-01-01"},
                          {"stage": "partners", "start": "2024-03-01/.."},
                          {"stage": "evaluator", "start": "../2024-02-10"}))
    got = lags(t)
    assert got["partners"] == (60, None, False, "at least 60 days")
    assert got["evaluator"] == (0, 40, False, "0–40 days")  # on or before, but never before insiders


def test_a_stage_not_yet_happened_is_right_censored():
    t = timeline_of(model({"stage": "insiders", "start": "2025-01-31"},
                          {"stage": "open_weights", "not_yet_as_of": "2026-03-18"}))
    kind, (lo, hi, censored, label) = next(iter(lags(t).items()))
    assert (kind, lo, hi, censored) == ("open_weights", 411, None, True)
    assert label == "not yet after 411 days or more (as of 18 March 2026)"


def test_without_insiders_there_are_dates_but_no_lags():
    t = timeline_of(model({"stage": "api", "start": "2024-05"}))
    assert t.insiders is None and lags(t)["api"][:2] == (None, None)
    assert lags(t)["api"][3] == "unknown"


def test_access_level_only_when_both_dimensions_pair():
    t = timeline_of(model({"stage": "insiders", "start": "2024"},
                          {"stage": "evaluator", "start": "2024-05", "model_access": "grey_box", "information": "substantial"},
                          {"stage": "researchers", "start": "2024-06", "model_access": "white_box"}))
    by = {s.kind: s for s in t.stages}
    assert (by["evaluator"].access_level, by["evaluator"].depth) == ("AL2", "Grey box (AL2)")
    assert (by["researchers"].access_level, by["researchers"].depth) == (None, "White box")


@pytest.mark.parametrize("value, text", [
    ("2024-10/2024-12", "between October 2024 and December 2024"), ("../2024-05", "by May 2024"),
    ("2025-05/..", "after May 2025"), ("2024-05-17", "17 May 2024"), ("2024~", "c. 2024"),
    ("2024-03?", "March 2024 (uncertain)")])
def test_stage_dates_read_at_their_precision(value, text):
    assert format_stage_date(value) == text


@pytest.mark.parametrize("data, message", [
    ({"stage": "api"}, "exactly one of `start`"),
    ({"stage": "api", "start": "2024", "not_yet_as_of": "2025-01-01"}, "exactly one of `start`"),
    ({"stage": "api", "end": "2024"}, "exactly one of `start`"),
    ({"stage": "api", "start": "2024", "window_days": 3}, "only for evaluator"),
    ({"stage": "api", "start": "2024-12/2024-01"}, "ends before it starts"),
])
def test_a_stage_says_what_is_missing(data, message):
    with pytest.raises(ValueError, match=message):
        stage({"entries": ["MAG-2024-0001"], **data})


def test_a_stage_must_cite_something():
    with pytest.raises(ValueError, match="cite at least one"):
        stage({"stage": "api", "start": "2024"})


def test_a_lower_bound_of_zero_with_no_upper_bound_reads_as_unknown():
    t = timeline_of(model({"stage": "insiders", "start": "../2024-06-01"}, {"stage": "api", "start": "2024-05-01/.."}))
    assert lags(t)["api"] == (0, None, False, "length unknown")


def test_counts_read_as_english_one_day_and_not_yet_without_a_zero():
    t = timeline_of(model({"stage": "insiders", "start": "2024-01-01"}, {"stage": "api", "start": "2024-01-02/.."},
                          {"stage": "open_weights", "not_yet_as_of": "2024-01-01"}))
    got = lags(t)
    assert got["api"][3] == "at least 1 day"
    assert got["open_weights"][3] == "not yet (as of 1 January 2024)"
