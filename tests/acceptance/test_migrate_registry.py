"""The real registry, copied to a temporary project, migrates from 1.0 to 2.0 with no fact lost.

registry/ itself is not migrated here (others edit it; the maintainer runs `accessgap migrate`
after merging), so this test proves the command on a copy of whatever the registry holds now.
"""

from __future__ import annotations

import json
import re
import shutil

from tests.helpers.project import REPO


def test_the_real_registry_migrates_validates_and_stays_formatted(run_cli, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "registry", project / "registry")
    shutil.copytree(REPO / "schema", project / "schema")
    (project / "pyproject.toml").write_text('[project]\nname = "copy"\n', encoding="utf-8")
    files = sorted(p for p in (project / "registry").rglob("*.yaml"))

    before = json.loads(run_cli(["validate", "--no-cache", "--format", "json"], cwd=project).out)["findings"]
    flagged_before = len([f for f in before if f["code"] == "W028"])  # pairs an earlier migration kept apart
    run = run_cli(["migrate"], cwd=project)
    assert run.rc == 0 and run.err == "", run
    summary = run.out.splitlines()[-1]
    m = re.fullmatch(r"(\d+) file\(s\) checked, (\d+) migrated to 2\.0, 0 could not be migrated; "
                     r"sources (\d+) -> (\d+) \(no quote dropped\), (\d+) same-URL pair\(s\) kept separate", summary)
    assert m, summary
    checked, migrated = int(m[1]), int(m[2])
    assert checked == len(files) and migrated <= checked
    assert all('schema_version: "2.0"' in p.read_text(encoding="utf-8") for p in files)

    validate = run_cli(["validate", "--no-cache", "--format", "json"], cwd=project)
    found = json.loads(validate.out)["findings"]
    assert validate.rc == 0 and [f for f in found if f["severity"] == "error"] == []
    assert not [f for f in found if f["code"] in ("S110", "E026", "E027")]
    kept_apart = int(m[5])
    # each pair kept apart, by this run or an earlier one, is flagged once
    assert len([f for f in found if f["code"] == "W028"]) == flagged_before + kept_apart

    assert run_cli(["fmt", "--check"], cwd=project).rc == 0
    again = run_cli(["migrate"], cwd=project)
    assert again.rc == 0 and f"{checked} file(s) checked, 0 migrated" in again.out
