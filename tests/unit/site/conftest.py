"""A small enriched Site built from real YAML through the real loader, for the site unit tests."""

from __future__ import annotations

import pytest

from accessgap.check.runner import validate
from accessgap.site.enrich import enrich
from tests.helpers.project import entry, make_project

CONFIG = {"site_url": "https://registry.example/", "repo_url": "", "dataset_version": "2026.12", "site_dir": "site"}


def build_site(root, entries: dict[str, str]):
    project = make_project(root, entries)
    reg = validate(project / "registry")
    assert not reg.result.errors, [f.code for f in reg.result.findings]
    return enrich(reg, dict(CONFIG))


@pytest.fixture
def small_site(tmp_path):
    texts = {i: entry(i) for i in ("MAG-2024-0001", "MAG-2024-0002")}
    texts["MAG-2024-0003"] = entry("MAG-2024-0003").replace(
        "title: Test entry MAG-2024-0003 about model access", 'title: "80% of $200 plans {use} a_b #1 & ~x^2 \\\\ end"')
    return build_site(tmp_path / "p", texts)
