"""An enriched site from a few hand-made entries, for unit tests of the generate step."""

from __future__ import annotations

from pathlib import Path

from accessgap.check.runner import validate
from accessgap.site.enrich import Site, enrich
from tests.helpers.findings import put
from tests.helpers.project import make_project

CONFIG = {"site_url": "https://registry.example.org/", "repo_url": "https://github.com/example/registry",
          "dataset_version": "2026.12.0", "site_dir": "site"}


def site_with(tmp_path: Path, *entries: dict, git_dates: dict | None = None) -> Site:
    """A site holding the fixture records and these entries (see helpers.findings.entry)."""
    project = make_project(tmp_path / "project")
    for data in entries:
        put(project, f"entries/{data['id'][4:8]}/{data['id']}.yaml", data)
    reg = validate(project / "registry")
    assert reg.result.errors == [], reg.result.errors
    return enrich(reg, CONFIG, git_dates or {})
