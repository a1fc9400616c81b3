"""Citing the dataset from CITATION.cff, and the deterministic bulk zip."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from pathlib import Path

import bibtexparser
import yaml
from bibtexparser import middlewares

from accessgap.check.runner import validate
from accessgap.site import bulk, dataset_cite
from accessgap.site.enrich import enrich
from accessgap.site.generate import generate
from tests.helpers.project import entry, make_project

REPO = Path(__file__).resolve().parents[3]
CONFIG = {"site_url": "https://registry.example/", "repo_url": "", "dataset_version": "2026.12.0", "site_dir": "site"}
CFF = """\
cff-version: 1.2.0
message: Cite it.
type: dataset
title: A Registry of 100% Things & More
authors:
  - name: The Contributors
  - given-names: Ada
    family-names: Lovelace
version: 2026.12.0
date-released: "2027-01-05"
license: CC-BY-4.0
repository-code: https://github.com/example/registry
url: https://registry.example/
"""


def project_with(tmp_path, cff: str | None = CFF) -> Path:
    root = make_project(tmp_path / "p", {"MAG-2024-0001": entry("MAG-2024-0001")})
    if cff is not None:
        (root / "CITATION.cff").write_text(cff, encoding="utf-8")
    return root


def build(root: Path, out: Path) -> Path:
    generate(enrich(validate(root / "registry"), dict(CONFIG)), root / "docs", out)
    return out


def test_the_real_citation_file_gives_the_block_and_agrees_with_the_site():
    raw = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    cite = dataset_cite.read(REPO / "CITATION.cff")
    assert cite.title == raw["title"] and cite.version == str(raw["version"])
    assert cite.authors == [a["name"] for a in raw["authors"]]
    assert cite.url == raw["url"] and cite.licence == raw["license"]
    assert cite.year == str(raw.get("date-released", raw["version"]))[:4]
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cite.version == site["extra"]["dataset_version"]


def test_the_data_page_and_bibtex_say_what_citation_cff_says(tmp_path):
    out = build(project_with(tmp_path), tmp_path / "out")
    page = (out / "data.md").read_text(encoding="utf-8")
    block = page[page.index("## Cite the dataset"):page.index("## Download the whole dataset")]
    plain = html.unescape(block.replace("\\", ""))
    for value in ("The Contributors, Ada Lovelace (2027)", "A Registry of 100% Things & More",
                  "dataset version 2026.12.0", "https://registry.example/", "CC BY 4.0",
                  "https://github.com/example/registry/tree/data-v2026.12.0"):
        assert value in plain, value
    bib = (out / "cite/dataset.bib").read_text(encoding="utf-8")
    lib = bibtexparser.parse_string(bib, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert lib.failed_blocks == [] and len(lib.entries) == 1
    fields = lib.entries[0]
    assert fields["title"] == "A Registry of 100% Things & More"
    assert fields["author"] == "The Contributors and Lovelace, Ada"
    assert (fields["year"], fields["version"], fields["url"]) == ("2027", "2026.12.0", "https://registry.example/")
    assert bib in page.replace("&amp;", "&")  # the block shows the file's BibTeX


def test_a_missing_or_broken_citation_file_gives_a_note_not_a_failure(tmp_path):
    for i, cff in enumerate((None, "title: [unclosed\n", "just text\n")):
        out = build(project_with(tmp_path / str(i), cff), tmp_path / f"out{i}")
        assert "found no readable `CITATION.cff`" in (out / "data.md").read_text(encoding="utf-8")
        assert not (out / "cite/dataset.bib").exists()


def test_an_unsafe_address_in_citation_cff_is_left_out(tmp_path):
    cff = CFF.replace("url: https://registry.example/", "url: javascript:alert(1)")
    cite = dataset_cite.read(project_with(tmp_path, cff) / "CITATION.cff")
    assert cite.url == "" and "javascript" not in cite.bibtex()


def test_the_zip_is_deterministic_and_holds_what_the_data_page_lists(tmp_path):
    root = project_with(tmp_path)
    first = build(root, tmp_path / "a")
    rel = "downloads/model-access-gap-registry-2026.12.0.zip"
    data = (first / rel).read_bytes()
    second = build(root, tmp_path / "b")
    assert (second / rel).read_bytes() == data  # a fresh build of the same data: same bytes
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == sorted(names)
    assert {"registry/entries/2024/MAG-2024-0001.yaml", "registry/labs/openai.yaml", "api/v1/entries.json",
            "api/v1/vocabularies.json", "api/v1/timelines.json", "api/v1/changelog.json",
            "schema/entry.schema.json", "CITATION.cff"} <= set(names)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.read("registry/entries/2024/MAG-2024-0001.yaml") == \
        (root / "registry/entries/2024/MAG-2024-0001.yaml").read_bytes()
    assert z.read("api/v1/entries.json") == (first / "api/v1/entries.json").read_bytes()
    assert {i.date_time for i in z.infolist()} == {bulk.FIXED_TIME}
    page = (first / "data.md").read_text(encoding="utf-8")
    assert f"]({rel})" in page and hashlib.sha256(data).hexdigest() in page
    assert f"{len(data):,} bytes" in page and f"It holds {len(names)} files" in page
    table = dict(re.findall(r"^\| `([^`]+)` \| (\d+) \|", page, re.M))
    groups = {}
    for n in names:
        parts = n.split("/")
        key = "/".join(parts[:2]) if len(parts) > 2 else parts[0]
        groups[key] = groups.get(key, 0) + 1
    assert {k: int(v) for k, v in table.items()} == groups


def test_a_changed_entry_changes_the_zip(tmp_path):
    root = project_with(tmp_path)
    rel = "downloads/model-access-gap-registry-2026.12.0.zip"
    before = (build(root, tmp_path / "a") / rel).read_bytes()
    path = root / "registry/entries/2024/MAG-2024-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("A neutral summary", "A corrected summary"), encoding="utf-8")
    assert (build(root, tmp_path / "b") / rel).read_bytes() != before
