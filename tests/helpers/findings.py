"""Run `accessgap validate` or `audit` on throw-away registries and look at the findings."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

from accessgap.load import safeyaml
from tests.helpers.corpus import VALID

_BASE = safeyaml.parse((VALID / "complete-entry.yaml").read_text(encoding="utf-8"), "base").data


def entry(entry_id: str = "MAG-2023-0901", **changes) -> dict:
    """The complete valid entry with top-level keys changed (None removes a key)."""
    data = copy.deepcopy(_BASE)
    data["id"] = entry_id
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096)


def put(project: Path, rel: str, data) -> Path:
    path = project / "registry" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
    return path


def findings(run_cli, project: Path, *args: str, command: str = "validate") -> tuple[int, list[dict]]:
    result = run_cli([command, "--format", "json", *args], cwd=project)
    assert result.err == ""
    return result.rc, json.loads(result.out)["findings"]


def codes(found: list[dict], path_part: str = "") -> list[str]:
    return [f["code"] for f in found if path_part in f["path"]]


def one(found: list[dict], code: str) -> dict:
    hits = [f for f in found if f["code"] == code]
    assert len(hits) == 1, found
    return hits[0]
