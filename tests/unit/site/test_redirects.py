"""site/redirects.py: lower-case and short permalinks, and withdrawn IDs leading to their successor."""

from __future__ import annotations

from accessgap.engine import scan
from accessgap.site import redirects
from accessgap.site.pages import Pages
from accessgap.site.templating import environment
from accessgap.site.writer import Writer
from tests.unit.site.conftest import build_site
from tests.helpers.project import entry


def _site(tmp_path, **texts):
    return build_site(tmp_path / "p", texts)


def test_every_id_gets_a_short_and_two_lower_case_forms(small_site):
    found = {r.path: r for r in redirects.redirects(small_site)}
    assert set(found) == {f for i in ("MAG-2024-0001", "MAG-2024-0002", "MAG-2024-0003")
                          for f in (f"{i}/index.html", f"{i.lower()}/index.html", f"entries/{i.lower()}/index.html")}
    assert found["MAG-2024-0001/index.html"].href == "../entries/MAG-2024-0001/"
    assert found["mag-2024-0001/index.html"].href == "../entries/MAG-2024-0001/"
    assert found["entries/mag-2024-0001/index.html"].href == "../MAG-2024-0001/"


def test_without_case_sensitive_names_only_the_short_form_is_written(small_site):
    assert {r.path for r in redirects.redirects(small_site, lower_case=False)} == {
        "MAG-2024-0001/index.html", "MAG-2024-0002/index.html", "MAG-2024-0003/index.html"}


def test_a_withdrawn_id_leads_to_the_end_of_its_successor_chain(tmp_path):
    site = _site(tmp_path, **{"MAG-2024-0001": entry("MAG-2024-0001", successor="MAG-2024-0002"),
                              "MAG-2024-0002": entry("MAG-2024-0002", successor="MAG-2024-0003"),
                              "MAG-2024-0003": entry("MAG-2024-0003")})
    assert redirects.resolve(site, "MAG-2024-0001") == "MAG-2024-0003"
    short = {r.path: r for r in redirects.redirects(site)}["entries/mag-2024-0001/index.html"]
    assert (short.source, short.target, short.href) == ("MAG-2024-0001", "MAG-2024-0003", "../MAG-2024-0003/")


def test_a_successor_cycle_stops_instead_of_looping(tmp_path):
    site = _site(tmp_path, **{"MAG-2024-0001": entry("MAG-2024-0001", successor="MAG-2024-0002"),
                              "MAG-2024-0002": entry("MAG-2024-0002", successor="MAG-2024-0001")})
    assert redirects.resolve(site, "MAG-2024-0001") == "MAG-2024-0002"
    assert redirects.resolve(site, "MAG-2024-0002") == "MAG-2024-0001"


def test_redirect_pages_escape_titles_and_pass_the_scan(tmp_path):
    hostile = entry("MAG-2024-0002").replace("title: Test entry MAG-2024-0002 about model access",
                                             'title: "Quotes \\" and <script>alert(1)</script> & more"')
    site = _site(tmp_path, **{"MAG-2024-0001": entry("MAG-2024-0001", successor="MAG-2024-0002"),
                              "MAG-2024-0002": hostile})
    w = Writer(tmp_path / "out")
    Pages(w, environment(), site, {}).redirects()
    page = (tmp_path / "out/mag-2024-0001/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../entries/MAG-2024-0002/">' in page
    assert '<link rel="canonical" href="https://registry.example/entries/MAG-2024-0002/">' in page
    assert "MAG-2024-0001 was withdrawn; it is superseded by" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    for rel in ("mag-2024-0001/index.html", "MAG-2024-0002/index.html", "entries/mag-2024-0002/index.html"):
        problems, _ = scan._scan_page((tmp_path / "out" / rel).read_text(encoding="utf-8"), rel)
        assert problems == [], (rel, problems)
