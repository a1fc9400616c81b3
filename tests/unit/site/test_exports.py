"""Exports: CSV, BibTeX, citations and Atom feeds from a small real registry."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

from accessgap.site import exports
from accessgap.site.writer import Writer

ATOM = "{http://www.w3.org/2005/Atom}"


def test_csv_has_one_row_per_entry_with_the_declared_columns(small_site):
    rows = list(csv.reader(io.StringIO(exports.csv_text(small_site))))
    assert rows[0] == exports.CSV_FIELDS
    assert [r[0] for r in rows[1:]] == ["MAG-2024-0001", "MAG-2024-0002", "MAG-2024-0003"]
    first = dict(zip(rows[0], rows[1]))
    assert first["permalink"] == "https://registry.example/entries/MAG-2024-0001/"
    assert (first["sources"], first["primary_sources"], first["status"]) == ("1", "1", "open")


def test_csv_cells_cannot_start_a_spreadsheet_formula(small_site):
    view = small_site.entries[0]
    object.__setattr__(view.entry, "title", "=HYPERLINK(\"https://evil.example\")")
    rows = list(csv.reader(io.StringIO(exports.csv_text(small_site))))
    assert any(r[1] == "'=HYPERLINK(\"https://evil.example\")" for r in rows)


def test_citation_names_the_entry_the_version_and_the_permalink(small_site):
    v = next(x for x in small_site.entries if x.id == "MAG-2024-0001")
    text = exports.citation(small_site, v)
    assert "Entry MAG-2024-0001, dataset version 2026.12." in text
    assert text.endswith("https://registry.example/entries/MAG-2024-0001/")


def test_bibtex_braces_balance_and_the_key_is_the_id(small_site):
    v = next(x for x in small_site.entries if x.id == "MAG-2024-0003")
    bib = exports.bibtex(small_site, v)
    assert bib.startswith("@misc{MAG_2024_0003,")
    assert bib.count("{") == bib.count("}")


def test_feed_is_atom_with_one_item_per_entry_newest_first(small_site):
    root = ET.fromstring(exports.atom_feed(small_site, small_site.entries, "All", "feed.xml"))
    assert root.tag == f"{ATOM}feed"
    items = root.findall(f"{ATOM}entry")
    assert len(items) == 3
    assert {i.find(f"{ATOM}id").text for i in items} == {exports.permalink(small_site, v.id) for v in small_site.entries}
    assert all(i.find(f"{ATOM}category").get("term") == "non_release" for i in items)


def test_write_exports_writes_matching_json_for_every_entry(small_site, tmp_path):
    w = Writer(tmp_path / "out")
    exports.write_exports(w, small_site)
    whole = json.loads((tmp_path / "out/api/v1/entries.json").read_text(encoding="utf-8"))
    assert whole["count"] == 3 and [e["id"] for e in whole["entries"]] == sorted(v.id for v in small_site.entries)
    for rec in whole["entries"]:
        one = json.loads((tmp_path / f"out/api/v1/entries/{rec['id']}.json").read_text(encoding="utf-8"))
        assert one["entry"] == rec
    assert (tmp_path / "out/feeds/non_release.xml").is_file() and (tmp_path / "out/schema").is_dir()


def test_bibtex_escapes_what_latex_treats_specially(small_site):
    v = next(x for x in small_site.entries if x.id == "MAG-2024-0003")
    title_line = next(line for line in exports.bibtex(small_site, v).splitlines() if line.startswith("  title"))
    assert title_line == (r"  title = {{80\% of \$200 plans \{use\} a\_b \#1 \& \textasciitilde{}x\textasciicircum{}2 "
                          r"\textbackslash{} end}},")
