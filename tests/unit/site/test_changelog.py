"""The dataset changelog: added, changed and withdrawn entries per dataset tag, from git history."""

from __future__ import annotations

import json
import shutil

import pytest

from accessgap.check.runner import validate
from accessgap.site import changelog as cl
from accessgap.site.enrich import enrich
from accessgap.site.generate import generate
from tests.helpers.project import entry, git, git_init, make_project, write_entry

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

A, B, C = "MAG-2024-0001", "MAG-2024-0002", "MAG-2024-0003"
CONFIG = {"site_url": "https://registry.example/", "repo_url": "", "dataset_version": "2026.03.0", "site_dir": "site"}


def commit(root, message, date):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path):
    """Two tagged versions, then a withdrawal in the working tree that no tag holds yet."""
    root = make_project(tmp_path / "p", {A: entry(A), B: entry(B)})
    git_init(root)
    commit(root, "first entries", "2026-01-10T10:00:00+00:00")
    git(root, "tag", "data-v2026.01.0")
    git(root, "tag", "v9.9.9")  # not a dataset tag: ignored
    path = root / "registry" / "entries" / "2024" / f"{A}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# only a comment\n", encoding="utf-8")
    write_entry(root, B, entry(B, summary="A corrected summary of what happened and who had access."))
    write_entry(root, C, entry(C))
    commit(root, "correct B, add C", "2026-02-10T10:00:00+00:00")
    git(root, "tag", "-a", "data-v2026.02.0", "-m", "Dataset 2026.02.0", date="2026-02-11T09:00:00+00:00")
    write_entry(root, A, entry(A, successor=C))
    return root


def current(root):
    return [r.loaded.data for r in validate(root / "registry").valid("entry")]


def test_each_version_lists_what_it_added_changed_and_withdrew(repo):
    log = cl.changelog(repo, current(repo), "2026.03.0")
    assert log.note is None
    by_name = {v.name: v for v in log.versions}
    assert [v.name for v in log.versions] == ["2026.03.0", "2026.02.0", "2026.01.0"]
    first, second, now = by_name["2026.01.0"], by_name["2026.02.0"], by_name["2026.03.0"]
    assert (first.added, first.changed, first.withdrawn, first.entries) == ([A, B], [], [], 2)
    assert (first.tag, first.released) == ("data-v2026.01.0", "2026-01-10")
    # a comment is not a change; a new summary is
    assert (second.added, second.changed, second.withdrawn) == ([C], [B], [])
    assert second.released == "2026-02-11"  # the annotated tag's own date
    # a bare withdrawal is listed as withdrawn only; the working tree is not released yet
    assert (now.added, now.changed, now.withdrawn, now.tag, now.released) == ([], [], [A], None, None)


def test_no_unreleased_version_when_the_working_tree_is_the_last_tag(repo):
    git(repo, "checkout", "-q", "--", ".")
    log = cl.changelog(repo, current(repo), "2026.02.0")
    assert [v.name for v in log.versions] == ["2026.02.0", "2026.01.0"]


def test_changes_after_a_tag_whose_version_the_config_still_names_are_unreleased(repo):
    log = cl.changelog(repo, current(repo), "2026.02.0")
    assert log.versions[0].name == cl.UNRELEASED and log.versions[0].withdrawn == [A]


def test_without_tags_everything_is_in_the_version_being_built(tmp_path):
    root = make_project(tmp_path / "p", {A: entry(A)})
    git_init(root)
    commit(root, "first", "2026-01-10T10:00:00+00:00")
    log = cl.changelog(root, current(root), "2026.01.0")
    assert [(v.name, v.added, v.tag) for v in log.versions] == [("2026.01.0", [A], None)]


def test_a_shallow_clone_or_no_repository_gives_a_note_not_a_guess(repo, tmp_path_factory, monkeypatch):
    clone = tmp_path_factory.mktemp("shallow") / "c"
    git(repo, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    log = cl.changelog(clone, current(clone), "2026.03.0")
    assert log.versions == [] and "shallow clone" in log.note
    plain = make_project(tmp_path_factory.mktemp("plain") / "p", {A: entry(A)})
    assert cl.changelog(plain, current(plain), "x") == cl.Changelog([], "not a git repository")
    monkeypatch.setattr(cl.shutil, "which", lambda name: None)
    assert cl.changelog(repo, current(repo), "x").note == "git is not installed"


def test_the_build_writes_the_changelog_page_and_json(repo, tmp_path):
    reg = validate(repo / "registry")
    out = tmp_path / "out"
    generate(enrich(reg, dict(CONFIG)), repo / "docs", out)
    data = json.loads((out / "api/v1/changelog.json").read_text(encoding="utf-8"))
    assert data["history"] is True and data["note"] is None
    assert [(v["version"], v["added"], v["withdrawn"]) for v in data["versions"]] == [
        ("2026.03.0", [], [A]), ("2026.02.0", [C], []), ("2026.01.0", [A, B], [])]
    page = (out / "changelog.md").read_text(encoding="utf-8")
    section = page[page.index("## 2026.02.0"):page.index("## 2026.01.0")]
    assert f"[{C}](entries/{C}.md)" in section and f"[{B}](entries/{B}.md)" in section
    assert "## 2026.03.0 (not yet released)" in page


def test_a_build_without_history_says_so(tmp_path):
    root = make_project(tmp_path / "p", {A: entry(A)})
    out = tmp_path / "out"
    generate(enrich(validate(root / "registry"), dict(CONFIG)), root / "docs", out)
    assert json.loads((out / "api/v1/changelog.json").read_text(encoding="utf-8"))["versions"] == []
    assert "not a git repository" in (out / "changelog.md").read_text(encoding="utf-8")
