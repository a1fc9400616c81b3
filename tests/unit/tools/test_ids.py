"""`accessgap renumber` and the ID collision check (`accessgap check-ids`)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from accessgap import cli
from accessgap.tools import ids
from accessgap.tools.fmt import format_file
from accessgap.check.runner import validate

from tests.helpers.project import entry, git, git_init, make_project, write_entry

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD, NEW = "MAG-2024-0001", "MAG-2024-0009"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path, {
        OLD: entry(OLD),
        "MAG-2024-0002": entry("MAG-2024-0002", related=[OLD, "MAG-2024-0003"]),
        "MAG-2024-0003": entry("MAG-2024-0003", successor=OLD, summary=f"Replaced by {OLD} after review."),
    })


def entry_path(root: Path, entry_id: str) -> Path:
    return root / "registry" / "entries" / entry_id[4:8] / f"{entry_id}.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_renumber_moves_the_entry_and_rewrites_every_reference(project):
    before = {p: p.read_text() for p in (project / "registry" / "entries").rglob("*.yaml")}
    plan = ids.renumber(project, OLD, NEW, check_history=False)

    assert not entry_path(project, OLD).exists()
    moved = entry_path(project, NEW).read_text()
    # only the id line changed; comments (top, inline, commented-out keys) and quoting are kept
    assert changed_lines(before[entry_path(project, OLD)], moved) == [
        f"-id: {OLD}  # permanent", f"+id: {NEW}  # permanent"]
    two = entry_path(project, "MAG-2024-0002")
    assert changed_lines(before[two], two.read_text()) == [
        f"-related: [{OLD}, MAG-2024-0003]  # see also", f"+related: [{NEW}, MAG-2024-0003]  # see also"]
    three = entry_path(project, "MAG-2024-0003")
    assert changed_lines(before[three], three.read_text()) == [
        f"-  successor: {OLD}  # the replacement", f"+  successor: {NEW}  # the replacement"]
    assert [c.what for c in plan.changes] == [f"id {OLD} -> {NEW}", "related[0]", "status.successor"]
    # the free-text mention is left for a human, with its location
    assert plan.mentions == [f"registry/entries/2024/MAG-2024-0003.yaml:24:10: `summary` mentions {OLD}; "
                             "update the text by hand"]
    # the registry is still valid (references resolve) and still in canonical form
    assert validate(project / "registry").result.errors == []
    for path in (project / "registry" / "entries").rglob("*.yaml"):
        assert format_file(path, "entry", project, str(path)) == (None, None)


def test_renumber_to_another_year_moves_folder_and_removes_the_empty_one(project):
    ids.renumber(project, OLD, "MAG-2023-0005", check_history=False)
    assert entry_path(project, "MAG-2023-0005").is_file()
    # MAG-2024-0002 and 0003 are still in 2024/, so the folder stays
    assert (project / "registry" / "entries" / "2024").is_dir()
    ids.renumber(project, "MAG-2023-0005", "MAG-2022-0001", check_history=False)
    assert not (project / "registry" / "entries" / "2023").exists()


@pytest.mark.parametrize("old, new, message", [
    (OLD, "MAG-2024-0002", "MAG-2024-0002 already exists"),
    (OLD, OLD, "OLD and NEW are the same ID"),
    ("MAG-2024-0042", NEW, "no entry file MAG-2024-0042.yaml"),
    (OLD, "MAG-24-1", "NEW 'MAG-24-1' is not an entry ID"),
    ("mag-2024-0001", NEW, "OLD 'mag-2024-0001' is not an entry ID"),
])
def test_renumber_refuses_and_changes_nothing(project, old, new, message):
    before = {p: p.read_text() for p in project.rglob("*.yaml")}
    with pytest.raises(ids.IdError, match=message):
        ids.renumber(project, old, new, check_history=False)
    assert {p: p.read_text() for p in project.rglob("*.yaml")} == before


@needs_git
def test_renumber_refuses_an_id_that_existed_in_history(project):
    git_init(project)
    write_entry(project, "MAG-2024-0009", entry("MAG-2024-0009"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "add")
    git(project, "rm", "-q", "registry/entries/2024/MAG-2024-0009.yaml")
    git(project, "commit", "-q", "-m", "remove")
    with pytest.raises(ids.IdError, match="MAG-2024-0009 was used before .* Try MAG-2024-0010"):
        ids.renumber(project, OLD, "MAG-2024-0009")
    ids.renumber(project, OLD, "MAG-2024-0010")
    assert entry_path(project, "MAG-2024-0010").is_file()


def test_cli_renumber_dry_run_writes_nothing(project, capsys):
    before = {p: p.read_text() for p in project.rglob("*.yaml")}
    assert cli.main(["renumber", OLD, NEW, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"would rename registry/entries/2024/{OLD}.yaml -> registry/entries/2024/{NEW}.yaml" in out
    assert "would update registry/entries/2024/MAG-2024-0002.yaml: related[0]" in out
    assert {p: p.read_text() for p in project.rglob("*.yaml")} == before


def test_cli_renumber_usage_error_names_the_problem(project, capsys):
    assert cli.main(["renumber", OLD, "MAG-2024-0002"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("accessgap renumber: error: MAG-2024-0002 already exists")


# --- collision check between concurrent pull requests ------------------------------------------

@pytest.fixture
def forked(tmp_path, monkeypatch):
    """main has MAG-2024-0001; a branch forks; both sides then add entries."""
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path, {OLD: entry(OLD)})
    git_init(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    return tmp_path


@needs_git
def test_I001_check_ids_flags_an_id_another_change_took_on_main(forked):
    write_entry(forked, "MAG-2024-0002", entry("MAG-2024-0002", summary="Ours, written on the branch."))
    git(forked, "add", "-A")
    git(forked, "commit", "-q", "-m", "ours")
    git(forked, "checkout", "-q", "main")
    write_entry(forked, "MAG-2024-0002", entry("MAG-2024-0002", summary="Theirs, merged first."))
    write_entry(forked, "MAG-2024-0003", entry("MAG-2024-0003"))
    git(forked, "add", "-A")
    git(forked, "commit", "-q", "-m", "theirs")
    git(forked, "checkout", "-q", "feature")

    result = ids.check_collisions(forked, "main")
    [f] = result.findings
    assert (f.path, f.line, f.col, f.code) == ("registry/entries/2024/MAG-2024-0002.yaml", 4, 5, "I001")
    assert f.message == "MAG-2024-0002 was also added on main by another change since this branch started"
    assert f.hint == "run `accessgap renumber MAG-2024-0002 MAG-2024-0004`, then commit"

    ids.renumber(forked, "MAG-2024-0002", "MAG-2024-0004")
    assert ids.check_collisions(forked, "main").findings == []


@needs_git
def test_I002_check_ids_flags_reuse_of_an_id_main_removed(forked, capsys):
    git(forked, "checkout", "-q", "main")
    write_entry(forked, "MAG-2024-0002", entry("MAG-2024-0002"))
    git(forked, "add", "-A")
    git(forked, "commit", "-q", "-m", "add 2")
    git(forked, "rm", "-q", "registry/entries/2024/MAG-2024-0002.yaml")
    git(forked, "commit", "-q", "-m", "remove 2")
    git(forked, "checkout", "-q", "feature")
    write_entry(forked, "MAG-2024-0002", entry("MAG-2024-0002"))  # uncommitted work counts too

    assert cli.main(["check-ids", "--base", "main"]) == 1
    out = capsys.readouterr().out
    assert ("registry/entries/2024/MAG-2024-0002.yaml:4:5: error[I002]: MAG-2024-0002 was used on main "
            "before and removed; IDs are never reused") in out
    assert "hint: run `accessgap renumber MAG-2024-0002 MAG-2024-0003`, then commit" in out


@needs_git
def test_check_ids_passes_when_ids_are_distinct_and_names_a_missing_base(forked, capsys):
    write_entry(forked, "MAG-2024-0002", entry("MAG-2024-0002"))
    assert cli.main(["check-ids", "--base", "main"]) == 0
    assert "all good" in capsys.readouterr().out
    assert cli.main(["check-ids", "--base", "origin/nope"]) == 2
    assert "git cannot find `origin/nope`; run `git fetch origin` first" in capsys.readouterr().err
