"""Every command that takes paths answers a bad path with a usage error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from accessgap import cli

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", ["validate", "audit", "fmt", "check-links", "archive"])
@pytest.mark.parametrize("name", ["a" * 300 + ".yaml", "no/such/file.yaml"])
def test_bad_paths_are_usage_errors(command, name, capsys, monkeypatch):
    monkeypatch.chdir(PROJECT)
    rc = cli.main([command, name])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.startswith(f"accessgap {command}: error: ")
    assert "Traceback" not in err
