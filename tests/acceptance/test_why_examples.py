"""Issue 12's "Why": real kinds of events a contributor could not write without inventing a fact.
Each is a valid fixture (tests/data/valid/why-*.yaml, tests/data/timelines/why-*.yaml); here they
validate together without a warning and reach the pages saying what the sources say, no more."""

from __future__ import annotations

import json
import shutil

from accessgap.check.runner import validate
from accessgap.site.enrich import enrich
from accessgap.site.generate import generate
from tests.helpers.corpus import DATA, VALID
from tests.helpers.project import make_project
from tests.unit.site.conftest import CONFIG

WHY_ENTRIES = sorted(VALID.glob("why-*.yaml"))
WHY_MODELS = sorted((DATA / "timelines").glob("why-*.yaml"))


def _built(tmp_path):
    project = make_project(tmp_path / "p")
    for path in WHY_ENTRIES:
        shutil.copyfile(path, project / "registry/entries" / f"{path.read_text().split('id: ')[1][:13]}.yaml")
    for path in WHY_MODELS:
        shutil.copyfile(path, project / "registry/models" / path.name.replace("why-over-a-year-before", "why-model"))
    reg = validate(project / "registry")
    mine = [f for f in reg.result.findings if "why" in str(f.path) or "MAG-2023-092" in str(f.path)]
    out = tmp_path / "out"
    if not reg.result.errors:
        generate(enrich(reg, dict(CONFIG)), tmp_path / "no-docs", out)
    return mine, reg, out


def test_every_why_example_validates_without_a_warning(tmp_path):
    assert len(WHY_ENTRIES) >= 4 and WHY_MODELS
    mine, reg, _ = _built(tmp_path)
    assert not reg.result.errors and mine == []


def test_the_pages_say_what_is_not_known(tmp_path):
    _, _, out = _built(tmp_path)
    window = (out / "entries/MAG-2023-0921.md").read_text(encoding="utf-8")
    assert "METR · GPT-4: length not reported (from between January 2023 and February 2023)" in window
    assert "3 unnamed organisations · GPT-4: length not reported" in window
    assert "Checkpoint evaluated: an earlier snapshot without the final safety training" in window
    had = (out / "entries/MAG-2023-0922.md").read_text(encoding="utf-8")
    assert "<dt>Had access</dt><dd>not stated in the sources</dd>" in had
    figures = json.loads((out / "api/v1/entries/MAG-2023-0923.json").read_text())["entry"]["quantities"]
    assert {q["kind"] for q in figures} == {"price", "rate_limit", "spend_threshold", "context_size", "notice_period"}


def test_over_a_year_before_is_a_lower_bound_and_not_yet_is_censored(tmp_path):
    _, _, out = _built(tmp_path)
    timelines = {t["model"]: t for t in json.loads((out / "api/v1/timelines.json").read_text())["timelines"]}
    lags = {lag["stage"]: lag for lag in timelines["why-model"]["lags"]}
    assert lags["api"]["min_days"] >= 365 and lags["api"]["max_days"] is None
    assert lags["open_weights"]["censored"] is True and lags["open_weights"]["max_days"] is None
