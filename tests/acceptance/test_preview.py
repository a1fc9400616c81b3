"""The preview (`accessgap serve`): pages rendered one by one after an edit are the pages a full
MkDocs build writes, and the server shows an edit, reports a broken one at its line and keeps
serving the last good page. No timings here: scripts/bench.py measures them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from accessgap.engine.config import site_config
from accessgap.engine.overrides import write_overrides
from accessgap.engine.serve import Renderer
from accessgap.site.pipeline import GENERATED, prepare, refresh_entries
from tests.helpers.project import REPO, entry, make_project, write_entry

ENTRY = "registry/entries/2023/MAG-2023-0001.yaml"


def _project(root: Path) -> Path:
    project = make_project(root)
    write_entry(project, "MAG-2024-0001", entry("MAG-2024-0001", related=["MAG-2023-0001"]))
    for name in ("docs", "mkdocs.yml", "CITATION.cff"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    return project


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^title: .*(\n  .*)*", text, re.M).group(0)
    path.write_text(text.replace(old, f"title: {title}"), encoding="utf-8")


@pytest.fixture
def preview(tmp_path, monkeypatch):
    project = _project(tmp_path / "p")
    monkeypatch.chdir(project)
    state: dict = {}
    _site, code = prepare(project, site_config(project), quiet=True, state=state)
    assert code == 0
    write_overrides(project)
    renderer = Renderer(project, "http://127.0.0.1:8000/")
    renderer.full()
    yield project, state, renderer
    shutil.rmtree(renderer.site_dir, ignore_errors=True)


def test_pages_rendered_after_an_edit_are_those_of_a_full_build(preview):
    project, state, renderer = preview
    path = project / ENTRY
    _retitle(path, "A retitled entry seen in the preview")
    written = refresh_entries(project, state, [path])
    assert renderer.sync(written) == ["entries/MAG-2023-0001.md"]
    page = renderer.site_dir / "entries/MAG-2023-0001/index.html"
    assert "A retitled entry seen in the preview" in page.read_text(encoding="utf-8")

    prepare(project, site_config(project), quiet=True, state=state)  # lists, charts, exports
    rendered = renderer.sync()
    assert rendered and "entries/MAG-2024-0001.md" in rendered  # it lists the retitled entry as related
    served = _files(renderer.site_dir)

    fresh = Renderer(project, "http://127.0.0.1:8000/")
    fresh.full()
    try:
        full = _files(fresh.site_dir)
    finally:
        shutil.rmtree(fresh.site_dir, ignore_errors=True)
    assert served.keys() == full.keys()
    differ = [k for k in full if served[k] != full[k]]
    assert differ == []
    assert "A retitled entry seen in the preview" in full["entries/MAG-2024-0001/index.html"].decode()


def test_a_new_page_or_a_navigation_title_needs_a_full_build(preview):
    project, state, renderer = preview
    assert renderer.sync() == []  # nothing changed, nothing rendered
    extra = project / GENERATED / "extra-page.md"
    extra.write_text("# Extra\n", encoding="utf-8")
    assert renderer.sync() is False
    extra.unlink()
    assert renderer.sync() == []
    index = project / GENERATED / "gap-types/index.md"  # in the navigation, named by its own title
    text = index.read_text(encoding="utf-8")
    assert 'title: "Gap types"' in text
    index.write_text(text.replace('title: "Gap types"', 'title: "Renamed gap types"'), encoding="utf-8")
    assert renderer.sync() is False


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _until(check, what: str, timeout: float = 180.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def test_the_server_shows_an_edit_and_keeps_the_last_good_page_on_a_broken_one(tmp_path):
    project = _project(tmp_path / "p")
    port = _port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "accessgap", "serve", "--port", str(port)], cwd=project,
                                env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/entries/MAG-2023-0001/"
    try:
        _until(lambda: "MAG-2023-0001" in _get(url), "the first build")
        path = project / ENTRY
        _retitle(path, "Retitled while the preview runs")
        _until(lambda: "Retitled while the preview runs" in _get(url), "the edited title")
        _until(lambda: "up to date (lists" in log.read_text(encoding="utf-8"), "lists and charts")
        assert "Retitled while the preview runs" in _get(f"http://127.0.0.1:{port}/entries/MAG-2024-0001/")

        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("\ntitle: ", "\ntitle: [unclosed ", 1), encoding="utf-8")
        located = re.compile(r"registry/entries/2023/MAG-2023-0001\.yaml:\d+:\d+: error\[\w+\]")
        _until(lambda: located.search(log.read_text(encoding="utf-8")), "the located error")
        assert proc.poll() is None
        assert "Retitled while the preview runs" in _get(url)  # the last good page
        assert "Traceback" not in log.read_text(encoding="utf-8")

        path.write_text(good.replace("Retitled while", "Fixed again while"), encoding="utf-8")
        _until(lambda: "Fixed again while the preview runs" in _get(url), "the page after the fix")
    finally:
        proc.terminate()
        proc.wait(60)
