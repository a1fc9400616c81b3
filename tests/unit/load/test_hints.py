"""Did-you-mean hints come from the field the contributor is writing, and only for close matches."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.findings import entry, findings, one, put

REPO = Path(__file__).resolve().parents[3]


def test_a_misspelt_key_is_matched_against_its_own_mapping(run_cli, project):
    # `stat` is one letter from `start` and from `state`; only `start` belongs to an evaluation window
    window = {"organisation": "metr", "days": 5, "stat": "2023-02"}
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(evaluation_windows=[window]))
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "S102")
    assert f["message"] == "unknown key `stat`"
    assert f["hint"].startswith("did you mean `start`? ")


def test_a_key_from_another_mapping_is_not_suggested(run_cli, project):
    # `state` exists, but in `status`: inside `dates` it is no spelling of anything there
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates={"event": "2023-03-14", "state": "open"}))
    rc, found = findings(run_cli, project)
    f = one(found, "S102")
    assert "did you mean" not in f["hint"]


def test_a_bad_gap_type_points_to_a_file_in_the_checkout(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(gap_types=[{"type": "deployment-lag", "subtypes": ["preview_to_ga"]}]))
    rc, found = findings(run_cli, project)
    f = one(found, "S103")
    assert f["hint"].startswith("did you mean `deployment_lag`? ")
    # the file it names is in every checkout (the site's `gap-types/` pages are only in a build)
    named = [w for w in f["hint"].split() if w.startswith("docs/")]
    assert named == ["docs/schema.md"] and (REPO / named[0]).is_file()
