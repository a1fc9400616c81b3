"""Session fixtures: a site built from the real registry (and one from hostile entries), served
on localhost, and a Playwright Chromium. conftest.py registers them for every test module.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def copy_project(dest: Path, registry: Path | None = None) -> Path:
    """A throwaway project: the real docs and config, and the given (or real) registry."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "mkdocs.yml", "pyproject.toml", "CITATION.cff"):
        src = PROJECT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    shutil.copytree(registry or PROJECT / "registry", dest / "registry", symlinks=True)
    return dest


def run_build(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"))
    return subprocess.run([sys.executable, "-m", "accessgap", "build"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=600)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# Registered once for the whole run by conftest.py (`pytest_plugins`), so a session fixture is built
# once however many modules use it (two live sync Playwrights in one process would fail).

@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    proc = run_build(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


@pytest.fixture(scope="session")
def built_site(built_project) -> Path:
    return built_project / "site"


@pytest.fixture(scope="session")
def site_url(built_site):
    server = Server(built_site)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("ACCESSGAP_SKIP_BROWSER") == "1":
        pytest.skip("ACCESSGAP_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure_chromium.sh (or set ACCESSGAP_SKIP_BROWSER=1)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    # The site promises no third-party requests: anything not served by the local test server is
    # recorded (tests assert the list is empty) and refused, so it cannot reach the network.
    foreign: list[str] = []

    def gate(route):
        if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    ctx.route("**/*", gate)
    pg = ctx.new_page()
    pg.console_errors = []
    pg.foreign_requests = foreign
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    ctx.close()
