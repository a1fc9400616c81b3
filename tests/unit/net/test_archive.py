"""`accessgap archive` against a fake Wayback Machine: availability, Save Page Now, write-back."""

from __future__ import annotations

import difflib
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from accessgap import cli
from accessgap.net.archive import Wayback, archive, endpoints, snapshot_url
from accessgap.tools.fmt import format_file
from accessgap.net.fetch import Fetcher
from accessgap.load.registry import load_registry
from accessgap.check.runner import validate

from tests.helpers.fakeweb import FakeWeb
from tests.helpers.project import entry, make_project

KNOWN = "https://known.example/page"  # the archive already has it
FRESH = "https://fresh.example/page"  # the archive has nothing yet
DONE = "https://done.example/page"  # the entry already cites a copy
SNAP = f"https://web.archive.org/web/20261101093000/{KNOWN}"
SAVED = f"https://web.archive.org/web/20261128120000/{FRESH}"


class FakeArchive(FakeWeb):
    def __init__(self, *, availability_url: str | None = None, save_first: list | None = None):
        self.asked: list[dict] = []

        def available(handler):
            query = parse_qs(urlsplit(handler.path).query)
            self.asked.append(query)
            target = query["url"][0]
            if target == KNOWN:
                closest = {"available": True, "status": "200", "timestamp": "20261101093000",
                           "url": availability_url or f"http://web.archive.org/web/20261101093000/{KNOWN}"}
                return 200, {"Content-Type": "application/json"}, json.dumps({"archived_snapshots": {"closest": closest}})
            return 200, {"Content-Type": "application/json"}, json.dumps({"archived_snapshots": {}})

        saves = list(save_first or []) + [(302, {"Location": SAVED}, "")]
        super().__init__({"/wayback/available": available, "/save/*": saves})

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def sources():
    return [{"url": KNOWN}, {"url": FRESH}, {"url": DONE, "archive_url": f"https://web.archive.org/web/2020/{DONE}"}]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path, {"MAG-2024-0001": entry("MAG-2024-0001", sources=sources())})


def wayback(fake: FakeArchive, sleeps=None) -> Wayback:
    availability, save = endpoints(fake.base)
    fetcher = Fetcher(min_interval=0, retries=2, backoff=0.1, allow_private=True,
                      sleep=(sleeps.append if sleeps is not None else (lambda s: None)))
    return Wayback(fetcher, availability, save)


def entry_file(project):
    return project / "registry/entries/2024/MAG-2024-0001.yaml"


def test_finds_or_saves_a_copy_and_writes_archive_url_after_accessed(project):
    before = entry_file(project).read_text()
    with FakeArchive() as fake:
        run = archive(load_registry(project / "registry"), wayback(fake))
        save_calls = fake.requests_for(f"/save/{FRESH}")
    after = entry_file(project).read_text()

    added = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
             if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert added == [f"+    archive_url: {SNAP}", f"+    archive_url: {SAVED}"]
    lines = after.splitlines()
    for url, snap in ((KNOWN, SNAP), (FRESH, SAVED)):
        at = lines.index(f"  - url: {url}")
        block = lines[at:at + 7]
        # right after `accessed` and its comment line; the commented-out template line is kept
        assert block[3:6] == ['    accessed: "2026-11-01"', "    # archive_url: https://web.archive.org/web/...",
                              f"    archive_url: {snap}"]
    assert (run.found, run.saved, run.missing) == (1, 1, 0)
    assert run.files == [entry_file(project)]
    assert save_calls == ["GET"]
    # the lookup asked for the snapshot closest to the day the source was read
    assert [q["timestamp"] for q in fake.asked] == [["20261101"], ["20261101"]]
    assert [q["url"] for q in fake.asked] == [[KNOWN], [FRESH]]
    # still valid and still in canonical form
    assert validate(project / "registry").result.errors == []
    assert format_file(entry_file(project), "entry", project, "x") == (None, None)


def test_dry_run_and_no_save_write_nothing(project):
    before = entry_file(project).read_text()
    with FakeArchive() as fake:
        run = archive(load_registry(project / "registry"), wayback(fake), dry_run=True, save=False)
        assert fake.requests_for(f"/save/{FRESH}") == []
    assert entry_file(project).read_text() == before
    assert (run.found, run.saved, run.missing) == (1, 0, 1)
    assert run.files == [entry_file(project)]
    assert any(line.endswith(f"no snapshot of {FRESH} (run without --no-save to request one)") for line in run.lines)


def test_save_page_now_rate_limit_is_honoured(project):
    sleeps: list[float] = []
    with FakeArchive(save_first=[(429, {"Retry-After": "3"}, "too many")]) as fake:
        run = archive(load_registry(project / "registry"), wayback(fake, sleeps))
        assert fake.requests_for(f"/save/{FRESH}") == ["GET", "GET"]
    assert sleeps == [3.0]
    assert run.saved == 1


def test_an_unexpected_snapshot_address_is_not_written(project):
    before = entry_file(project).read_text()
    with FakeArchive(availability_url="https://evil.example/web/2024/x") as fake:
        run = archive(load_registry(project / "registry"), wayback(fake), save=False)
    assert entry_file(project).read_text() == before
    [finding] = run.result.findings
    assert (finding.code, finding.severity) == ("L010", "warning")
    assert finding.message == "no archived copy: availability API: unexpected snapshot address"


def test_one_lookup_per_url_even_when_cited_twice(tmp_path):
    make_project(tmp_path, {
        "MAG-2024-0001": entry("MAG-2024-0001", sources=[{"url": KNOWN}]),
        "MAG-2024-0002": entry("MAG-2024-0002", sources=[{"url": KNOWN}]),
    })
    with FakeArchive() as fake:
        run = archive(load_registry(tmp_path / "registry"), wayback(fake))
    assert len(fake.asked) == 1
    assert run.found == 2 and len(run.files) == 2


@pytest.mark.parametrize("value, expected", [
    (f"http://web.archive.org/web/20240101000000/{KNOWN}", f"https://web.archive.org/web/20240101000000/{KNOWN}"),
    (f"/web/20240101000000id_/{KNOWN}", f"https://web.archive.org/web/20240101000000id_/{KNOWN}"),
    ("https://web.archive.org/save/x", None),
    ("https://web.archive.org.evil.example/web/2024/x", None),
    ("https://web.archive.org:8443/web/20240101000000/x", None),
    ("javascript:alert(1)", None),
    ("https://web.archive.org/web/20240101000000/x y", None),
    (None, None),
])
def test_snapshot_url_accepts_only_wayback_snapshots(value, expected):
    assert snapshot_url(value) == expected


def test_cli_archive_with_a_custom_base(project, capsys):
    with FakeArchive() as fake:
        code = cli.main(["archive", "--wayback-base", fake.base, "--delay", "0"])
    out, err = capsys.readouterr()
    assert code == 0
    assert f": found {SNAP}" in out and f": saved {SAVED}" in out
    assert "1 snapshot(s) found, 1 saved, 0 source(s) without a copy; 1 file(s) updated" in err
    assert f"archive_url: {SAVED}" in entry_file(project).read_text()


def test_L011_a_rewrite_that_would_change_other_data_is_refused(project, monkeypatch):
    import accessgap.net.archive as archive_module

    def corrupt(record, updates):
        raise ValueError("writing archive_url would change other data; file left as it is (please report this)")

    monkeypatch.setattr(archive_module, "rewrite", corrupt)
    before = entry_file(project).read_text()
    with FakeArchive() as fake:
        run = archive(load_registry(project / "registry"), wayback(fake))
    assert [(f.code, f.severity) for f in run.result.findings] == [("L011", "error")]
    assert "file left as it is" in run.result.findings[0].message
    assert run.files == [] and entry_file(project).read_text() == before
