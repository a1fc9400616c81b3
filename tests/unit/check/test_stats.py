"""`accessgap stats`: the evidence figures, computed from the registry, in text and JSON."""

from __future__ import annotations

import json

from tests.helpers.findings import entry, put


def _entry(ident: str, kinds: list[str], confidence: str, verified: bool) -> dict:
    data = entry(ident, confidence=confidence, related=None)
    base = data["sources"][0]
    data["sources"] = [dict(base, url=f"https://example.org/{ident}/{i}", kind=k) for i, k in enumerate(kinds)]
    if not verified:
        data.pop("last_verified")
    return data


KEYS = ("entries", "with_primary", "aggregator_only", "aggregator_only_not_low", "last_verified")


def test_stats_count_primary_aggregator_only_and_re_verified_entries(run_cli, project):
    before = json.loads(run_cli(["stats", "--format", "json"], cwd=project).out)  # the fixture's own entries
    put(project, "entries/2023/MAG-2023-0901.yaml", _entry("MAG-2023-0901", ["primary", "aggregator"], "high", True))
    put(project, "entries/2023/MAG-2023-0902.yaml", _entry("MAG-2023-0902", ["aggregator"], "low", False))
    put(project, "entries/2023/MAG-2023-0903.yaml", _entry("MAG-2023-0903", ["secondary"], "medium", True))
    result = run_cli(["stats", "--format", "json"], cwd=project)
    assert result.rc == 0, result.err
    data = json.loads(result.out)
    added = {k: data[k] - before[k] for k in KEYS}
    assert added == {"entries": 3, "with_primary": 1, "aggregator_only": 1, "aggregator_only_not_low": 0, "last_verified": 2}
    share = round(100 * data["aggregator_only"] / data["entries"], 1)
    assert data["shares_percent"]["aggregator_only"] == share
    text = run_cli(["stats"], cwd=project).out
    assert f"entries: {data['entries']}" in text and f"aggregators only: {data['aggregator_only']} ({share}%)" in text


def test_stats_refuse_an_invalid_registry(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(confidence="nonsense"))
    result = run_cli(["stats"], cwd=project)
    assert result.rc == 1 and "fix the errors above first" in result.err
