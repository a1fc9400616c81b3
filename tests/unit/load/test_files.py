"""Loading: files in the registry (links, non-files, stray names), parser failures and unmapped schema errors."""

from __future__ import annotations

import json
import os

import pytest
from pydantic import BaseModel, Field

from accessgap.load import safeyaml, shape
from tests.helpers.findings import codes, dump, entry, findings, one, put


# --- files in the registry ----------------------------------------------------------------------------------

def test_R001_file_without_yaml_suffix(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yml", entry())
    (project / "registry/labs/README").write_text("notes", encoding="utf-8")
    (project / "registry/labs/.hidden.yml").write_text("ignored", encoding="utf-8")
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert sorted((f["path"], f["code"], f["line"]) for f in found) == [
        ("registry/entries/2023/MAG-2023-0901.yml", "R001", 0), ("registry/labs/README", "R001", 0)]


def test_Y002_symlinked_file_is_not_followed(run_cli, project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("token: s3cr3t-value\n", encoding="utf-8")
    (project / "registry/labs/leak.yaml").symlink_to(secret)
    for args in ([], ["registry/labs/leak.yaml"]):
        rc, found = findings(run_cli, project, *args)
        assert rc == 1
        f = one(found, "Y002")
        assert (f["path"], f["message"]) == ("registry/labs/leak.yaml", "is a symbolic link")
        assert "s3cr3t" not in json.dumps(found)


def test_Y002_symlinked_folder_is_not_walked(run_cli, project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "MAG-2023-0901.yaml").write_text(dump(entry(title="TODO")), encoding="utf-8")
    (project / "registry/entries/2023/linked").symlink_to(outside, target_is_directory=True)
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert [(f["path"], f["code"]) for f in found] == [("registry/entries/2023/linked", "Y002")]


def test_Y002_symlink_loops_do_not_crash(run_cli, project):
    """Regression: a link loop in the registry made `validate PATH` and `fmt PATH` raise RuntimeError."""
    (project / "registry/labs/loop.yaml").symlink_to("loop.yaml")
    (project / "registry/labs/loop-dir").symlink_to("loop-dir")
    rc, found = findings(run_cli, project, "registry/labs/loop.yaml")
    assert (rc, codes(found)) == (1, ["Y002"])
    rc, found = findings(run_cli, project)
    assert sorted(codes(found)) == ["R001", "Y002"]  # loop-dir cannot be opened as a folder
    result = run_cli(["fmt", "registry/labs/loop.yaml"], cwd=project)
    assert result.rc == 1 and "cannot format a file that does not load" in result.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_Y003_not_a_regular_file(run_cli, project):
    os.mkfifo(project / "registry/labs/pipe.yaml")  # opening it would block: it must never be opened
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "Y003")
    assert (f["path"], f["message"]) == ("registry/labs/pipe.yaml", "is not a regular file")


def test_Y001_unreadable_file(tmp_path):
    loaded = safeyaml.load(tmp_path / "gone.yaml", "gone.yaml")
    assert [(f.code, f.message) for f in loaded.findings] == [("Y001", "cannot read the file: No such file or directory")]


def test_Y029_parser_failures_become_findings(monkeypatch):
    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(safeyaml, "_build", explode)
    loaded = safeyaml.parse("a: 1\n", "x.yaml")
    assert [(f.code, f.line, f.message) for f in loaded.findings] == [
        ("Y029", 1, "the file cannot be read as YAML (RecursionError)")]


def test_S100_unmapped_schema_errors_get_the_generic_code():
    class Odd(BaseModel):
        step: float = Field(multiple_of=0.5)

    loaded = safeyaml.parse("step: 0.3\n", "odd.yaml")
    model, found = shape.validate_record(loaded, Odd)
    assert model is None
    assert [(f.code, f.line, f.col, f.pointer) for f in found] == [("S100", 1, 7, "$.step")]
    assert found[0].message.startswith("`step`: Input should be a multiple of 0.5")
