"""Typed quantities with units on entries, and W013 (a model named before it existed)."""

from __future__ import annotations

import json

import pytest

from accessgap.models import Quantity
from accessgap.site.enrich import quantity_text
from tests.helpers.findings import entry, findings, one, put

PRICE = {"kind": "price", "value": 15, "unit": "usd", "per": "million_output_tokens", "applies_to": "usage tier 1",
         "source": 1}


def test_quantities_validate_with_their_units(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(quantities=[
        PRICE, {"kind": "rate_limit", "value": 500, "unit": "requests_per_minute"},
        {"kind": "context_size", "value": 128000, "unit": "tokens"},
        {"kind": "notice_period", "value": 2.5, "unit": "months", "approximate": True}]))
    assert findings(run_cli, project) == (0, [])


@pytest.mark.parametrize("changes, message", [
    ({"unit": "tokens"}, "unit `tokens` does not fit a price; use one of cny, eur, gbp, usd"),
    ({"per": None}, "a price needs `per` (what it buys)"),
    ({"kind": "context_size", "unit": "tokens"}, "`per` is only for prices"),
])
def test_a_unit_that_does_not_fit_is_located_at_the_quantity(run_cli, project, changes, message):
    q = {k: v for k, v in {**PRICE, **changes}.items() if v is not None}
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(quantities=[q]))
    rc, found = findings(run_cli, project)
    f = one(found, "S108")
    assert rc == 1 and message in f["message"] and f["pointer"] == "$.quantities[0]"


def test_a_negative_or_textual_value_is_refused(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(quantities=[{**PRICE, "value": -1}]))
    assert one(findings(run_cli, project)[1], "S107")["pointer"] == "$.quantities[0].value"
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(quantities=[{**PRICE, "value": "15"}]))
    f = one(findings(run_cli, project)[1], "S105")
    assert f["message"] == "`value` must be a number, not text" and f["hint"] == "write it without quotes"


def test_a_quantity_cites_an_existing_source(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(quantities=[{**PRICE, "source": 3}]))
    rc, found = findings(run_cli, project)
    assert rc == 1 and "quantities[0] cites source 3, but the entry has 1 source(s)" in one(found, "S108")["message"]


def quantity(**data) -> Quantity:
    return Quantity.model_validate_json(json.dumps(data))  # as the loader validates: JSON mode


def test_quantity_text_reads_as_a_sentence():
    assert quantity_text(quantity(**PRICE)) == "15 USD per million output tokens (usage tier 1)"
    q = quantity(kind="rate_limit", value=200, unit="messages_per_week", approximate=True)
    assert quantity_text(q) == "about 200 messages per week"
    assert quantity_text(quantity(kind="context_size", value=1048576, unit="tokens")) == "1,048,576 tokens"
    assert quantity_text(quantity(kind="price", value=2.5, unit="usd", per="million_input_tokens")) == \
        "2.5 USD per million input tokens"


# --- W013 -------------------------------------------------------------------------------------------------

def _model(announced=None, first_public=None) -> dict:
    data = {"schema_version": "2.0", "id": "test-model", "name": "Test Model", "lab": "openai",
            "description": "A model."}
    return {**data, **({"announced": announced} if announced else {}),
            **({"first_public": first_public} if first_public else {})}


def test_W013_a_model_named_before_it_existed(run_cli, project):
    put(project, "models/test-model.yaml", _model(announced="2024-06-01", first_public="2024-09"))
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(models=["test-model"], dates={"event": "2023-11-30"}, related=None, status={"state": "open"}))
    rc, found = findings(run_cli, project)
    f = one(found, "W013")
    assert rc == 0 and f["pointer"] == "$.models[0]"
    assert f["message"] == ("model `test-model` is named on an event of 2023-11-30, more than 180 days before it "
                            "existed (its `announced` is 2024-06-01)")


@pytest.mark.parametrize("event", ["2023-12-04", "2024-01", "2024"])
def test_W013_not_within_the_margin_or_when_the_event_may_be_late_enough(run_cli, project, event):
    put(project, "models/test-model.yaml", _model(announced="2024-06-01"))
    put(project, "entries/2023/MAG-2023-0901.yaml" if event.startswith("2023") else "entries/2024/MAG-2024-0901.yaml",
        entry("MAG-2023-0901" if event.startswith("2023") else "MAG-2024-0901", models=["test-model"],
              dates={"event": event}, related=None, status={"state": "open"}))
    rc, found = findings(run_cli, project)
    assert "W013" not in [f["code"] for f in found]


def test_W013_not_for_a_model_without_dates(run_cli, project):
    put(project, "models/test-model.yaml", _model())
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(models=["test-model"], dates={"event": "2019"}, related=None, status={"state": "open"}))
    assert "W013" not in [f["code"] for f in findings(run_cli, project)[1]]


# --- E014: the model's own timeline dates its existence ------------------------------------------------

_SOURCE = {"url": "https://example.org/card", "title": "System card", "publisher": "Example",
           "accessed": "2026-11-01", "kind": "primary", "quote": "Trained by March."}


def _with_insiders(start: str) -> dict:
    return {**_model(announced="2024-06-01"), "timeline": [{"stage": "insiders", "start": start, "sources": [_SOURCE]}]}


def test_E014_an_event_before_insiders_had_the_model(run_cli, project):
    put(project, "models/test-model.yaml", _with_insiders("2024-03"))
    put(project, "entries/2024/MAG-2024-0901.yaml", entry("MAG-2024-0901", models=["test-model"],
        dates={"event": "2024-02-10"}, related=None, status={"state": "open"}))
    rc, found = findings(run_cli, project)
    f = one(found, "E014")
    assert rc == 1 and f["pointer"] == "$.models[0]"
    assert f["message"] == ("model `test-model` is named on an event of 2024-02-10, before insiders had it "
                            "(2024-03-01, from its timeline)")


@pytest.mark.parametrize("start, event", [("2024-03", "2024-03-01"), ("2024-03", "2024"), ("../2024-03", "2024-01-05")])
def test_E014_not_when_the_event_may_be_late_enough_or_the_start_is_open(run_cli, project, start, event):
    # an event in the same month, a year-precise event, and "on or before March" (no lower bound)
    put(project, "models/test-model.yaml", _with_insiders(start))
    put(project, "entries/2024/MAG-2024-0901.yaml", entry("MAG-2024-0901", models=["test-model"],
        dates={"event": event}, related=None, status={"state": "open"}))
    assert "E014" not in [f["code"] for f in findings(run_cli, project)[1]]
