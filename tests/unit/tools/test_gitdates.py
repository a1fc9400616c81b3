"""Recorded and last-modified dates from git history (formatting-only changes don't count)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from accessgap.tools import gitdates

from tests.helpers.project import entry, git, git_init, make_project, write_entry

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

A, B = "MAG-2024-0001", "MAG-2024-0002"
JAN, FEB, MAR, APR, MAY = (f"2024-0{m}-15T12:00:00+00:00" for m in range(1, 6))


def commit(root, message, date):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path):
    make_project(tmp_path, {A: entry(A), B: entry(B)})
    git_init(tmp_path)
    commit(tmp_path, "add two entries", JAN)
    # February: reformat A only (quotes, a comment, a folded line) -- same data
    path_a = tmp_path / "registry/entries/2024" / f"{A}.yaml"
    text = path_a.read_text()
    reformatted = (text.replace('event: "2024-05-01"', "event: '2024-05-01'  # reworded comment")
                   .replace("# A hand-written comment at the top.\n", ""))
    assert reformatted != text
    path_a.write_text(reformatted)
    commit(tmp_path, "fmt", FEB)
    # March: change what B says
    write_entry(tmp_path, B, entry(B, summary="A corrected summary after the lab replied."))
    commit(tmp_path, "correct B", MAR)
    # April: move B to another folder without changing it (history follows the rename)
    (tmp_path / "registry/entries/2023").mkdir()
    git(tmp_path, "mv", f"registry/entries/2024/{B}.yaml", f"registry/entries/2023/{B}.yaml")
    commit(tmp_path, "move B", APR)
    # May: an entry added then deleted, and an uncommitted file: neither has dates
    write_entry(tmp_path, "MAG-2024-0003", entry("MAG-2024-0003"))
    commit(tmp_path, "add 3", MAY)
    git(tmp_path, "rm", "-q", "registry/entries/2024/MAG-2024-0003.yaml")
    commit(tmp_path, "remove 3", MAY)
    write_entry(tmp_path, "MAG-2024-0004", entry("MAG-2024-0004"))
    return tmp_path


def day(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(dt.timezone.utc)


def test_recorded_and_modified_ignore_formatting_and_follow_renames(repo):
    h = gitdates.history(repo)
    assert h.note is None
    assert h.files == {
        "registry/entries/2024/MAG-2024-0001.yaml": gitdates.FileDates(day(JAN), None),
        "registry/entries/2023/MAG-2024-0002.yaml": gitdates.FileDates(day(JAN), day(MAR)),
        "registry/labs/openai.yaml": gitdates.FileDates(day(JAN), None),
    }


def test_git_dates_gives_days_keyed_like_the_build(repo):
    dates = gitdates.git_dates(repo)
    assert dates["registry/entries/2024/MAG-2024-0001.yaml"] == ("2024-01-15", None)
    assert dates["registry/entries/2023/MAG-2024-0002.yaml"] == ("2024-01-15", "2024-03-15")


def test_a_content_change_after_a_formatting_change_counts(repo):
    path_a = repo / "registry/entries/2024" / f"{A}.yaml"
    path_a.write_text(path_a.read_text().replace("confidence: medium", "confidence: high"))
    commit(repo, "raise confidence", "2024-06-01T08:00:00+00:00")
    assert gitdates.history(repo).files[f"registry/entries/2024/{A}.yaml"].modified == day("2024-06-01T08:00:00+00:00")


def test_a_few_git_calls_for_hundreds_of_files(tmp_path, monkeypatch):
    make_project(tmp_path, {f"MAG-2024-{i:04d}": entry(f"MAG-2024-{i:04d}") for i in range(1, 301)})
    git_init(tmp_path)
    commit(tmp_path, "many", JAN)
    for i in range(1, 301, 3):  # a content change to every third file
        write_entry(tmp_path, f"MAG-2024-{i:04d}", entry(f"MAG-2024-{i:04d}", summary="Changed summary text."))
    commit(tmp_path, "change", FEB)
    calls = []
    real = gitdates.git.run
    monkeypatch.setattr(gitdates.git, "run", lambda *a, **k: calls.append(a[1][0]) or real(*a, **k))
    files = gitdates.history(tmp_path).files
    assert len(files) == 301
    assert sum(1 for f in files.values() if f.modified is not None) == 100
    assert calls == ["rev-parse", "log", "cat-file", "ls-tree"]


def test_shallow_clone_gives_no_dates(repo, tmp_path_factory):
    clone = tmp_path_factory.mktemp("clone") / "c"
    git(repo, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    h = gitdates.history(clone)
    assert h.files == {}
    assert h.note.startswith("shallow clone")
    assert gitdates.git_dates(clone) == {}


def test_no_repository_or_no_git_gives_no_dates(tmp_path, monkeypatch):
    make_project(tmp_path, {A: entry(A)})
    assert gitdates.history(tmp_path) == gitdates.History({}, "not a git repository")
    monkeypatch.setattr(gitdates.shutil, "which", lambda name: None)
    assert gitdates.history(tmp_path) == gitdates.History({}, "git is not installed")


def test_git_times_gives_commit_times_to_the_second(repo):
    times = gitdates.git_times(repo)
    assert times["registry/entries/2024/MAG-2024-0001.yaml"] == ("2024-01-15T12:00:00Z", None)
    assert times["registry/entries/2023/MAG-2024-0002.yaml"] == ("2024-01-15T12:00:00Z", "2024-03-15T12:00:00Z")
    assert set(times) == set(gitdates.git_dates(repo))
