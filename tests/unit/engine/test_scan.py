"""engine/scan.py: the last gate before a site is published."""

from __future__ import annotations

import time

import pytest

from accessgap.engine import scan


@pytest.mark.parametrize("html, problem", [
    ('<p onclick="x()">a</p>', "event handler"),
    ('<a href="javascript:alert(1)">a</a>', "unsafe URL"),
    ('<a href=" JaVaScRiPt:alert(1)">a</a>', "unsafe URL"),
    ('<img src="data:image/svg+xml,x">', "unsafe URL"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe> element"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "refresh"),
    ('<script src="https://evil.example/x.js"></script>', "not from the theme"),
    ("<script>alert(1)</script>", "inline <script> not from the theme"),
])
def test_active_content_is_reported(html, problem):
    found = scan.scan_html(f"<html><body>{html}</body></html>")
    assert len(found) == 1 and problem in found[0], found


@pytest.mark.parametrize("html", [
    '<a href="https://example.org/" rel="nofollow noopener">a</a>',
    '<script src="../assets/javascripts/bundle.abc.min.js"></script>',
    '<script src="../assets/explore.js"></script>',
    '<p>the word onclick and javascript: in text are fine</p>',
])
def test_what_the_project_emits_passes(html):
    assert scan.scan_html(f"<html><body>{html}</body></html>") == []


def test_parallel_safety_scan_matches_one_process(tmp_path, monkeypatch):
    for i in range(30):
        body = f"<p>page {i}</p>"
        if i % 7 == 3:
            body += f'<a href="javascript:alert({i})">x</a><img src=x onerror="y">'
        (tmp_path / f"d{i % 4}").mkdir(exist_ok=True)
        (tmp_path / f"d{i % 4}" / f"p{i:02d}.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    monkeypatch.setattr(scan, "PARALLEL_MIN_PAGES", 1)
    one = scan.scan_site(tmp_path, workers=1)
    two = scan.scan_site(tmp_path, workers=2)
    assert one == two and len(one) == 2 * len([i for i in range(30) if i % 7 == 3])


def test_early_scan_gives_the_result_of_scanning_the_finished_site(tmp_path, monkeypatch):
    def write(name, body):
        (tmp_path / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")

    for i in range(12):
        write(f"p{i:02d}.html", f'<p>{i}</p><a href="javascript:x()">x</a>' if i % 5 == 0 else f"<p>{i}</p>")
    monkeypatch.setattr(scan.EarlyScan, "SETTLE_SECONDS", 0)
    with scan.EarlyScan(tmp_path) as early:
        for _ in range(200):
            if len(early.done) == 12:
                break
            time.sleep(0.05)
    assert len(early.done) == 12
    write("p00.html", "<p>fixed after the early scan</p>")
    write("p01.html", '<iframe src="https://example.org/"></iframe>')
    write("p99.html", '<p onclick="y()">written last</p>')
    assert scan.scan_site(tmp_path, early=early) == scan.scan_site(tmp_path)
    assert any(line.startswith("p01.html: ") for line in scan.scan_site(tmp_path, early=early))
