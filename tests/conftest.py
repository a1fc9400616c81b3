"""Shared fixtures: throw-away projects, an in-process CLI runner, and the `slow` marker gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from accessgap import cli
from tests.helpers.project import make_project

pytest_plugins = ["tests.helpers.site"]  # the built site, its server and Chromium, once per run


def pytest_collection_modifyitems(config, items):
    """`slow` tests run only when asked for with `-m slow` (or any -m expression naming them)."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow; run with `-m slow`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_project(tmp_path_factory) -> Path:
    """A project that tests only read from (the corpus runs validate against it)."""
    return make_project(tmp_path_factory.mktemp("shared") / "project")


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh project a test may change."""
    return make_project(tmp_path / "project")


class Run:
    def __init__(self, rc: int, out: str, err: str):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self) -> str:
        return f"Run(rc={self.rc}, out={self.out[:2000]!r}, err={self.err[:2000]!r})"


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Call `accessgap.cli.main(args)` in-process with the working directory set to `cwd`."""

    def run(args: list[str], cwd: Path) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        rc = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Run(rc, out, err)

    return run
