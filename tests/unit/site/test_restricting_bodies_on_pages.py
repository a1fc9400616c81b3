"""A named restricting body is linked from the entry page and lists the entry on its own page."""

from __future__ import annotations

from accessgap.check.runner import validate
from accessgap.site.enrich import enrich
from accessgap.site.generate import generate
from tests.helpers.project import entry, make_project
from tests.unit.site.conftest import CONFIG

BODY = """schema_version: "2.0"
id: us-commerce
name: US Department of Commerce
kind: government_body
description: A government department.
homepage: https://commerce.example/
"""


def test_the_entry_page_links_the_body_and_the_body_lists_the_entry(tmp_path):
    text = entry("MAG-2024-0001").replace("restricted_by: [lab]\n",
                                          "restricted_by: [government]\nrestricting_bodies: [us-commerce]\n")
    project = make_project(tmp_path / "p", {"MAG-2024-0001": text})
    (project / "registry/organisations/us-commerce.yaml").write_text(BODY, encoding="utf-8")
    reg = validate(project / "registry")
    assert not reg.result.findings, [(f.code, f.message) for f in reg.result.findings]
    site = enrich(reg, dict(CONFIG))
    assert [v.id for v in site.by_org["us-commerce"]] == ["MAG-2024-0001"]
    out = tmp_path / "out"
    generate(site, tmp_path / "no-docs", out)
    page = (out / "entries/MAG-2024-0001.md").read_text(encoding="utf-8")
    assert ('<dt>Restricted by</dt><dd>A government: <a href="../../organisations/us-commerce/">'
            "US Department of Commerce</a></dd>") in page
    assert "MAG-2024-0001" in (out / "organisations/us-commerce.md").read_text(encoding="utf-8")
