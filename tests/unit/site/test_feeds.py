"""Atom feeds and the change index: times from git history, every entry, labels, per-lab feeds."""

from __future__ import annotations

import json
import shutil

import feedparser
import pytest

from accessgap.check.runner import validate
from accessgap.site import exports
from accessgap.site.enrich import enrich
from accessgap.site.pipeline import git_dates_for
from accessgap.site.writer import Writer
from tests.helpers.project import entry, git, git_init, make_project, write_entry
from tests.unit.site.conftest import CONFIG, build_site

A, B, C = "MAG-2024-0001", "MAG-2024-0002", "MAG-2024-0003"


def _commit(root, message, when):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=when)


@pytest.fixture
def history_site(tmp_path):
    """A, B and C land in separate commits; A is reformatted later (not a change), B corrected."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = make_project(tmp_path / "p", {A: entry(A)})
    git_init(root)
    _commit(root, "add A", "2025-01-10T09:00:00+00:00")
    write_entry(root, B, entry(B))
    _commit(root, "add B", "2025-02-11T10:30:00+01:00")
    write_entry(root, C, entry(C))
    _commit(root, "add C", "2025-03-12T11:45:30+00:00")
    path_a = root / "registry/entries/2024" / f"{A}.yaml"
    path_a.write_text(path_a.read_text().replace("# A hand-written comment at the top.\n", ""))
    _commit(root, "fmt A", "2025-04-01T00:00:00+00:00")
    write_entry(root, B, entry(B, summary="A corrected summary after the lab replied."))
    _commit(root, "correct B", "2025-05-05T05:05:05+00:00")
    reg = validate(root / "registry")
    assert not reg.result.errors
    return enrich(reg, dict(CONFIG), git_dates_for(root))


def _parse(site, views, path="feed.xml"):
    parsed = feedparser.parse(exports.atom_feed(site, views, "All", path))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    return parsed


def test_published_is_the_first_commit_and_updated_the_last_meaningful_change(history_site):
    parsed = _parse(history_site, history_site.entries)
    items = {e.id.rsplit("/", 2)[-2]: e for e in parsed.entries}
    assert items[A].published == "2025-01-10T09:00:00Z" and items[A].updated == "2025-01-10T09:00:00Z"  # fmt does not count
    assert items[B].published == "2025-02-11T09:30:00Z" and items[B].updated == "2025-05-05T05:05:05Z"
    assert items[C].published == items[C].updated == "2025-03-12T11:45:30Z"
    assert [e.id.rsplit("/", 2)[-2] for e in parsed.entries] == [B, C, A]  # most recently changed first
    assert parsed.feed.updated == "2025-05-05T05:05:05Z"
    assert len({e.updated for e in parsed.entries}) == 3


def test_categories_carry_labels_and_a_scheme(history_site):
    item = _parse(history_site, history_site.entries).entries[0]
    tags = {(t.term, t.label, t.scheme) for t in item.tags}
    assert tags == {("non_release", "Non-release", "https://registry.example/gap-types/"),
                    ("openai", "OpenAI", "https://registry.example/labs/")}
    assert item.link == "https://registry.example/entries/MAG-2024-0002/"
    assert item.title == "MAG-2024-0002: Test entry MAG-2024-0002 about model access"


def test_the_feed_holds_every_entry(tmp_path):
    ids = [f"MAG-2024-{n:04d}" for n in range(1, 61)]
    site = build_site(tmp_path / "p", {i: entry(i) for i in ids})
    parsed = _parse(site, site.entries)
    assert len(parsed.entries) == 60  # no cap at 50
    # without history, published is left out and updated falls back to the event day
    assert all("published" not in e and e.updated == "2024-05-01T00:00:00Z" for e in parsed.entries)


def test_every_lab_and_gap_type_has_a_feed_and_the_change_index_is_written(history_site, tmp_path):
    paths = exports.feed_paths(history_site)
    assert paths["feed.xml"][1] == "" and paths["feeds/labs/openai.xml"] == ("Model Access Gap Registry: OpenAI", "lab:openai")
    assert {p for p in paths if p.startswith("feeds/") and "/labs/" not in p} == {
        "feeds/non_release.xml", "feeds/deployment_lag.xml", "feeds/safeguards.xml", "feeds/costs_limits.xml",
        "feeds/elicitation.xml"}
    exports.write_exports(Writer(tmp_path / "out"), history_site)
    for folder in ("feeds", "feeds/labs"):  # the theme asks for a sitemap beside each announced feed
        assert (tmp_path / f"out/{folder}/sitemap.xml").read_text(encoding="utf-8").count("<url>") == 0
    lab = feedparser.parse((tmp_path / "out/feeds/labs/openai.xml").read_bytes())
    assert not lab.bozo and len(lab.entries) == 3 and lab.feed.title == "Model Access Gap Registry: OpenAI"
    assert (tmp_path / "out/api/v1/modified_id.csv").read_text(encoding="utf-8") == (
        "2025-05-05T05:05:05Z,MAG-2024-0002\n2025-03-12T11:45:30Z,MAG-2024-0003\n2025-01-10T09:00:00Z,MAG-2024-0001\n")
    one = json.loads((tmp_path / "out/api/v1/entries/MAG-2024-0002.json").read_text(encoding="utf-8"))["entry"]["computed"]
    assert (one["published_at"], one["updated_at"]) == ("2025-02-11T09:30:00Z", "2025-05-05T05:05:05Z")
    assert (one["recorded"], one["modified"]) == ("2025-02-11", "2025-05-05")


def test_the_change_index_without_history_uses_the_event_day(small_site):
    lines = exports.modified_id_csv(small_site).splitlines()
    assert lines == ["2024-05-01T00:00:00Z,MAG-2024-0003", "2024-05-01T00:00:00Z,MAG-2024-0002",
                     "2024-05-01T00:00:00Z,MAG-2024-0001"]
