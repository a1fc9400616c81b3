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


# --- citations: BibTeX, CSL-JSON, RIS and the page's meta tags ------------------------------------

HOSTILE_TITLE = '80% of $200 plans {use} a_b #1 & ~x^2 \\ end'


def _dated_site(tmp_path, title=None, published="2025-03-04T10:20:30Z", modified="2026-01-02T03:04:05Z"):
    """A site whose one entry (event in 2024) was published in 2025 and changed in 2026, per git."""
    from accessgap.check.runner import validate
    from accessgap.site.enrich import enrich
    from tests.helpers.project import entry, make_project
    from tests.unit.site.conftest import CONFIG

    text = entry("MAG-2024-0003")
    if title:
        text = text.replace("title: Test entry MAG-2024-0003 about model access", f"title: {json.dumps(title, ensure_ascii=False)}")
    project = make_project(tmp_path / "p", {"MAG-2024-0003": text})
    reg = validate(project / "registry")
    assert not reg.result.errors
    return enrich(reg, dict(CONFIG), {"registry/entries/2024/MAG-2024-0003.yaml": (published, modified)})


def test_bibtex_parses_and_decodes_back_to_the_title(tmp_path):
    import bibtexparser
    from bibtexparser import middlewares

    site = _dated_site(tmp_path, HOSTILE_TITLE)
    text = exports.bibtex(site, site.entries[0])
    lib = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert lib.failed_blocks == [] and len(lib.entries) == 1
    fields = lib.entries[0]
    assert lib.entries[0].key == "MAG_2024_0003" and lib.entries[0].entry_type == "misc"
    # pylatexenc renders \textasciicircum{} as the modifier letter; LaTeX prints "^"
    assert fields["title"].replace("\u02c6", "^") == HOSTILE_TITLE
    assert fields["url"] == "https://registry.example/entries/MAG-2024-0003/"
    assert fields["year"] == "2025"  # published (first commit), not the event year 2024
    assert fields["urldate"] == "2026-01-02"  # the cited version: the last change
    assert fields["version"] == "2026.12"
    assert fields["note"] == "Entry MAG-2024-0003, dataset version 2026.12"


def test_bibtex_without_history_falls_back_to_the_event_year_and_leaves_out_urldate(small_site):
    import bibtexparser

    v = next(x for x in small_site.entries if x.id == "MAG-2024-0003")
    fields = bibtexparser.parse_string(exports.bibtex(small_site, v)).entries[0].fields_dict
    assert fields["year"].value == "2024" and "urldate" not in fields


def test_csl_json_is_one_dataset_item_with_issued_and_accessed(tmp_path):
    site = _dated_site(tmp_path, HOSTILE_TITLE)
    [item] = exports.csl_json(site, site.entries[0])
    assert item["type"] == "dataset" and item["id"] == item["number"] == "MAG-2024-0003"
    assert item["title"] == HOSTILE_TITLE  # JSON needs no LaTeX escaping
    assert item["issued"] == {"date-parts": [[2025, 3, 4]]} and item["accessed"] == {"date-parts": [[2026, 1, 2]]}
    assert item["URL"] == "https://registry.example/entries/MAG-2024-0003/" and item["version"] == "2026.12"
    assert item["author"] == [{"literal": "Model Access Gap Registry contributors"}]


def test_ris_is_one_record_of_tag_lines_that_text_cannot_break(tmp_path):
    site = _dated_site(tmp_path, HOSTILE_TITLE)
    object.__setattr__(site.entries[0].entry, "summary", "First line.\nER  - \nTY  - JOUR\nlast")
    text = exports.ris(site, site.entries[0])
    lines = text.split("\r\n")
    assert lines[0] == "TY  - DATA" and lines[-2:] == ["ER  - ", ""]
    assert all(len(line) >= 5 and line[2:6] == "  - " for line in lines[:-1])
    tags = dict(line.split("  - ", 1) for line in lines[:-1])
    assert tags["TI"] == HOSTILE_TITLE and tags["PY"] == "2025" and tags["DA"] == "2025/03/04"
    assert tags["Y2"] == "2026/01/02" and tags["UR"].endswith("/entries/MAG-2024-0003/")
    assert tags["AB"] == "First line. ER - TY - JOUR last" and sum(line.startswith("ER") for line in lines) == 1


def test_entry_front_matter_carries_the_meta_tags_as_yaml(tmp_path):
    import yaml

    from accessgap.site.pages import Pages
    from accessgap.site.templating import environment

    title = 'Quote " and <script>alert(1)</script> \U0001F600 & more'
    site = _dated_site(tmp_path, title)
    w = Writer(tmp_path / "out")
    Pages(w, environment(), site, {}).entries()
    text = (tmp_path / "out/entries/MAG-2024-0003.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    meta = [tuple(x) for x in front["head_meta"]]
    assert meta == exports.head_meta(site, site.entries[0])
    assert ("name", "citation_title", title) in meta and ("name", "citation_publication_date", "2025/03/04") in meta
    assert ("property", "og:url", "https://registry.example/entries/MAG-2024-0003/") in meta


def test_write_exports_writes_the_three_citation_files_per_entry(small_site, tmp_path):
    exports.write_exports(Writer(tmp_path / "out"), small_site)
    for v in small_site.entries:
        assert (tmp_path / f"out/cite/{v.id}.bib").read_text(encoding="utf-8").startswith("@misc{")
        assert (tmp_path / f"out/cite/{v.id}.ris").read_bytes().startswith(b"TY  - DATA\r\n")
        assert json.loads((tmp_path / f"out/cite/{v.id}.json").read_text(encoding="utf-8"))[0]["id"] == v.id
