"""Schema evolution: frozen examples of every schema version still validate, or get a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accessgap import cli
from accessgap.load.shape import RETIRED_VERSIONS, SUPPORTED_VERSIONS

VERSIONS = Path(__file__).resolve().parents[1] / "data" / "schema-versions"


def run(capsys, *args):
    rc = cli.main(list(args))
    return rc, capsys.readouterr().out


@pytest.mark.parametrize("folder", sorted(p.name for p in VERSIONS.iterdir()))
def test_frozen_examples_of_each_version(capsys, folder):
    for example in sorted((VERSIONS / folder).glob("*.yaml")):
        rc, out = run(capsys, "validate", "--kind", example.stem, "--format", "json", str(example))
        findings = json.loads(out)["findings"]
        if folder in SUPPORTED_VERSIONS:
            assert rc == 0 and [f for f in findings if f["severity"] == "error"] == [], (example, findings)
        else:
            assert folder in RETIRED_VERSIONS, f"schema {folder} is neither supported nor retired with a migration note"
            assert rc == 1 and findings[0]["code"] == "S109" and RETIRED_VERSIONS[folder] in findings[0]["hint"]


def test_a_newer_schema_version_gets_a_clear_message(capsys, tmp_path):
    text = (VERSIONS / "1.0" / "entry.yaml").read_text().replace('schema_version: "1.0"', 'schema_version: "3.0"')
    (tmp_path / "entry.yaml").write_text(text)
    rc, out = run(capsys, "validate", str(tmp_path / "entry.yaml"))
    assert rc == 1
    assert "entry.yaml:1:17: error[S109]: unknown schema version '3.0'; this tool reads 1.0, 2.0" in out
    assert "update them" in out


def test_an_unquoted_version_is_explained(capsys, tmp_path):
    text = (VERSIONS / "1.0" / "entry.yaml").read_text().replace('schema_version: "1.0"', "schema_version: 1.0")
    (tmp_path / "entry.yaml").write_text(text)
    rc, out = run(capsys, "validate", str(tmp_path / "entry.yaml"))
    assert rc == 1 and 'error[S109]: `schema_version` must be text: write "1.0"' in out
