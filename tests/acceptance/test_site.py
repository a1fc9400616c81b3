"""The built site, checked as files and in real headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from accessgap.check.runner import validate
from accessgap.site.dates import format_date
from accessgap.vocab import GAP_TYPE_TITLES
from tests.helpers.site import PROJECT


@pytest.fixture(scope="module")
def registry():
    reg = validate(PROJECT / "registry")
    assert not reg.result.errors
    return reg


# --- files -------------------------------------------------------------------------------

def test_the_timelines_export_validates_against_its_published_schema(built_site, registry):
    import subprocess
    import sys
    from pathlib import Path

    exported = built_site / "api" / "v1" / "timelines.json"
    schema = built_site / "schema" / "timelines.schema.json"
    assert schema.read_bytes() == (PROJECT / "schema" / "timelines.schema.json").read_bytes()
    checker = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run([str(checker), "--schemafile", str(schema), str(exported)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(exported.read_text(encoding="utf-8"))
    with_timeline = sorted(mid for mid, rec in registry.models.items() if rec.timeline)
    assert data["count"] == len(with_timeline) and [t["model"] for t in data["timelines"]] == with_timeline
    stages = list(csv.DictReader(io.StringIO((built_site / "api" / "v1" / "timeline-stages.csv").read_text())))
    assert len(stages) == sum(len(registry.models[m].timeline) for m in with_timeline)
    gpt4 = next(t for t in data["timelines"] if t["model"] == "gpt-4")
    api = next(lag for lag in gpt4["lags"] if lag["stage"] == "api")
    assert (api["min_days"], api["max_days"], api["censored"]) == (195, 225, False)


def test_the_schema_check_rejects_a_broken_timelines_export(built_site, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    data = json.loads((built_site / "api" / "v1" / "timelines.json").read_text(encoding="utf-8"))
    data["timelines"][0]["lags"].append({"stage": "api", "min_days": "soon"})
    bad = tmp_path / "timelines.json"
    bad.write_text(json.dumps(data))
    checker = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run([str(checker), "--schemafile", str(built_site / "schema" / "timelines.schema.json"), str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1


def test_a_model_page_shows_its_timeline_and_lags(built_site):
    page = (built_site / "models" / "gpt-4" / "index.html").read_text(encoding="utf-8")
    assert "Access timeline" in page and "195–225 days" in page
    assert page.count('class="mag-stage mag-stage--') == 4
    assert "window length not reported" in page

def test_every_entry_has_a_permanent_page_and_json(built_site, registry):
    for e in registry.entries:
        assert (built_site / "entries" / e.id / "index.html").is_file()
        data = json.loads((built_site / "api/v1/entries" / f"{e.id}.json").read_text())
        assert data["entry"]["id"] == e.id


def test_bulk_exports_match_the_registry(built_site, registry):
    data = json.loads((built_site / "api/v1/entries.json").read_text())
    assert data["count"] == len(registry.entries) == len(data["entries"])
    assert {x["id"] for x in data["entries"]} == {e.id for e in registry.entries}
    gpt4 = next(x for x in data["entries"] if x["id"] == "MAG-2023-0001")
    assert (gpt4["computed"]["lag_days_min"], gpt4["computed"]["lag_days_max"]) == (195, 225)
    rows = list(csv.DictReader(io.StringIO((built_site / "api/v1/entries.csv").read_text())))
    assert len(rows) == len(registry.entries)
    assert next(r for r in rows if r["id"] == "MAG-2023-0001")["lag_days_min"] == "195"
    for kind in ("entry", "lab", "model", "organisation"):
        assert json.loads((built_site / "schema" / f"{kind}.schema.json").read_text())["$id"].endswith(f"{kind}.schema.json")


def test_feeds_are_valid_atom_with_every_entry_labels_and_times(built_site, registry):
    import feedparser

    parsed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    assert len(parsed.entries) == len(registry.entries)  # every entry, not the newest 50
    updated = [e.updated for e in parsed.entries]
    assert updated == sorted(updated, reverse=True) and len(set(updated)) > 1
    labels = {t.label for e in parsed.entries for t in e.tags}
    assert {"Non-release", "Elicitation techniques", "OpenAI"} <= labels
    for g in ("non_release", "deployment_lag", "safeguards", "costs_limits", "elicitation"):
        feed = feedparser.parse((built_site / "feeds" / f"{g}.xml").read_bytes())
        assert not feed.bozo
        assert len(feed.entries) == sum(1 for e in registry.entries if any(x.type == g for x in e.gap_types))
    for lab in registry.labs:
        feed = feedparser.parse((built_site / "feeds" / "labs" / f"{lab}.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == sum(1 for e in registry.entries if lab in e.labs)
        assert feed.feed.title == f"Model Access Gap Registry: {registry.labs[lab].name}"


def test_the_change_index_lists_every_entry_newest_first(built_site, registry):
    lines = (built_site / "api/v1/modified_id.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines]
    assert sorted(i for _, i in rows) == sorted(e.id for e in registry.entries)
    assert [t for t, _ in rows] == sorted((t for t, _ in rows), reverse=True)
    assert all(len(t) == 20 and t.endswith("Z") for t, _ in rows)


def test_every_page_announces_the_feed(built_site):
    from selectolax.lexbor import LexborHTMLParser

    pages = [p for p in built_site.rglob("*.html") if "http-equiv" not in p.read_text(encoding="utf-8")[:600]]
    assert len(pages) > 100
    for path in pages:
        links = LexborHTMLParser(path.read_text(encoding="utf-8")).css('head link[rel="alternate"][type="application/atom+xml"]')
        hrefs = [link.attributes["href"] for link in links]
        assert hrefs and hrefs[0].endswith("feed.xml"), path


def test_feed_readers_find_the_lab_and_gap_type_feeds(page, site_url):
    for rel, feed in (("labs/openai/", "feeds/labs/openai.xml"), ("gap-types/safeguards/", "feeds/safeguards.xml"),
                      ("", "feed.xml"), ("entries/MAG-2023-0001/", "feed.xml")):
        page.goto(site_url + rel)
        hrefs = page.eval_on_selector_all('link[rel="alternate"][type="application/atom+xml"]', "ls => ls.map(l => l.href)")
        assert site_url + feed in hrefs, (rel, hrefs)
        assert page.evaluate("u => fetch(u).then(r => r.status)", site_url + feed) == 200


def test_entry_pages_stay_out_of_the_navigation_and_small(built_site, registry):
    home = (built_site / "index.html").read_text()
    nav = home[home.index('class="md-nav'):home.index('class="md-content"')]
    assert "entries/MAG-" not in nav
    biggest = max((built_site / "entries" / e.id / "index.html").stat().st_size for e in registry.entries)
    assert biggest < 60_000


def test_a_failed_build_leaves_the_previous_site(built_project):
    from tests.helpers.site import copy_project, run_build
    import shutil, tempfile
    from pathlib import Path

    work = Path(tempfile.mkdtemp())
    try:
        project = copy_project(work / "p", built_project / "registry")
        assert run_build(project).returncode == 0
        before = sorted((p.relative_to(project / "site"), p.read_bytes()) for p in (project / "site").rglob("*") if p.is_file())
        (project / "registry/entries/2023/MAG-2023-0001.yaml").write_text("id: [broken\n")
        proc = run_build(project)
        assert proc.returncode == 1 and "MAG-2023-0001.yaml:2:1: error[Y020]" in proc.stderr
        assert "Traceback" not in proc.stderr
        after = sorted((p.relative_to(project / "site"), p.read_bytes()) for p in (project / "site").rglob("*") if p.is_file())
        assert before == after
        # a second build of the same content is byte-identical
        (project / "registry/entries/2023/MAG-2023-0001.yaml").write_bytes(
            (built_project / "registry/entries/2023/MAG-2023-0001.yaml").read_bytes())
        assert run_build(project).returncode == 0
        again = sorted((p.relative_to(project / "site"), p.read_bytes()) for p in (project / "site").rglob("*") if p.is_file())
        # Pagefind 1.5.2 names and packs its index chunks differently from run to run (same
        # search results); everything else must be byte-identical. Known gap: see docs/performance.md.
        again, before = ([x for x in files if x[0].parts[0] != "pagefind"] for files in (again, before))
        assert [a[0] for a in again] == [b[0] for b in before]
        differing = [str(a[0]) for a, b in zip(again, before) if a[1] != b[1]]
        assert differing == []
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- browser -------------------------------------------------------------------------------

MAIN_PAGES = ["", "timeline/", "gap-types/deployment_lag/", "explore/", "entries/MAG-2023-0001/", "labs/openai/"]


def _search(page, site_url, query, expected_href):
    """Type a query on the search page as a reader would; wait for a result linking to `expected_href`."""
    page.goto(site_url + "search/")
    box = page.locator(".mag-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_selector(f'.mag-search__results > li a[href*="{expected_href}"]', timeout=20_000)
    return [a.get_attribute("href") for a in page.query_selector_all(".mag-search__results > li > a")]


def _rare(index: dict, records: dict):
    """A key with a distinctive name and few entries, so its entry ranks among the first results.

    Names sharing a word with other names ("Claude 1", "Claude 3 Opus") rank many pages alike,
    which says nothing about search; a reader looking for one thing types its distinctive name.
    """
    words = {k: set(records[k].name.lower().split()) for k in records}

    def shared(k):
        return sum(1 for other, w in words.items() if other != k and w & words[k])

    key = min((k for k in index if index[k] and k in records), key=lambda k: (shared(k), len(index[k]), k))
    return key, index[key][0]


def test_search_finds_an_entry_by_id(page, site_url, registry):
    e = registry.entries[len(registry.entries) // 2]
    hrefs = _search(page, site_url, e.id, f"entries/{e.id}/")
    assert any(f"entries/{e.id}/" in h for h in hrefs)


def _first_results(page, site_url, query, expected_href):
    """Type a query and wait until the first result links to `expected_href`; all result links."""
    page.goto(site_url + "search/")
    box = page.locator(".mag-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_selector(f'.mag-search__results > li:first-child a[href*="{expected_href}"]', timeout=20_000)
    return [a.get_attribute("href") for a in page.query_selector_all(".mag-search__results > li > a")]


@pytest.mark.parametrize("form", [str, str.lower, lambda i: i[4:], lambda i: i[4:].replace("-", " ")],
                         ids=["exact", "lower-case", "without-prefix", "spaces"])
def test_an_exact_id_puts_its_entry_first(page, site_url, registry, form):
    e = next(x for x in registry.entries if x.id == "MAG-2025-0010")
    hrefs = _first_results(page, site_url, form(e.id), f"entries/{e.id}/")
    assert hrefs[0].endswith(f"/entries/{e.id}/")
    assert page.locator(".mag-search__results > li:first-child h2").inner_text() == f"{e.id}: {e.title}"
    page.locator(".mag-search__input").press("Enter")
    page.wait_for_url(f"**/entries/{e.id}/")
    assert page.console_errors == []


def test_a_withdrawn_id_puts_its_successor_first(page, site_url, built_site):
    # The real registry has no withdrawn entry: serve one entry's JSON as withdrawn in its favour.
    old, new = "MAG-2024-0001", "MAG-2025-0010"
    data = json.loads((built_site / "api/v1/entries" / f"{old}.json").read_text(encoding="utf-8"))
    data["entry"]["status"] = {"state": "withdrawn", "date": "2025-01-01", "reason": "Merged.", "successor": new}
    page.route(f"**/api/v1/entries/{old}.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(data)))
    hrefs = _first_results(page, site_url, old.lower(), f"entries/{new}/")
    assert hrefs[0].endswith(f"/entries/{new}/") and hrefs[1].endswith(f"/entries/{old}/")
    assert f"{old} was withdrawn" in page.locator(".mag-search__results > li:first-child").inner_text()


def test_a_query_that_is_not_an_id_adds_nothing(page, site_url):
    _search(page, site_url, "power-seeking behaviour", "entries/MAG-2023-0001/")
    assert page.locator(".mag-lookup").count() == 0


def test_a_search_result_is_a_readable_card(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2023-0001")
    _search(page, site_url, "power-seeking behaviour", f"entries/{e.id}/")
    card = page.locator(f'.mag-search__results > li:has(a[href$="/entries/{e.id}/"])').first
    assert card.locator("h2").inner_text() == f"{e.id}: {e.title}"
    facts = card.locator(".mag-search__facts").inner_text().split(" · ")
    lab = registry.labs[e.labs[0]].name
    assert facts[0] == format_date(e.dates.event) and facts[1].startswith(lab)
    assert GAP_TYPE_TITLES[e.gap_types[0].type] in facts[-1]
    # the summary as plain text, not fields run together
    assert re.findall(r"\w+", card.locator(".mag-search__text").inner_text())[:6] == re.findall(r"\w+", e.summary)[:6]


def _result_ids(page):
    return {re.search(r"entries/(MAG-\d{4}-\d{4})/", h).group(1)
            for h in (a.get_attribute("href") for a in page.query_selector_all(".mag-search__results > li > a"))
            if re.search(r"entries/(MAG-\d{4}-\d{4})/", h)}


def test_search_filters_narrow_the_results_to_gap_type_and_lab(page, site_url, registry):
    page.goto(site_url + "search/")
    gap = "elicitation"
    name = GAP_TYPE_TITLES[gap]
    expected = {x.id for x in registry.entries if any(g.type == gap for g in x.gap_types)}
    page.locator('select[name="gap type"]').wait_for(timeout=20_000)
    assert page.locator('select[name="year"], select[name="status"]').count() == 2
    page.select_option('select[name="gap type"]', name)
    page.wait_for_function("n => document.querySelector('.mag-search__status').textContent.startsWith(n + ' result')",
                           arg=len(expected), timeout=20_000)
    lab = "openai"
    both = {x.id for x in registry.entries if x.id in expected and lab in x.labs}
    assert 0 < len(both) < len(expected)
    page.select_option('select[name="lab"]', registry.labs[lab].name)
    page.wait_for_function("n => document.querySelector('.mag-search__status').textContent.startsWith(n + ' result')",
                           arg=len(both), timeout=20_000)
    # The count shows before the first ten cards have arrived: wait for them, or a short list
    # (no "More results" button) would be taken for an unfinished one.
    page.wait_for_function("n => document.querySelectorAll('.mag-search__results > li').length >= n",
                           arg=min(len(both), 10), timeout=20_000)
    for _ in range(len(both)):  # ten results at a time: load them all
        if page.locator(".mag-search__results > li").count() >= len(both):
            break
        page.locator(".mag-search__more:not([hidden])").click(timeout=10_000)
        page.wait_for_timeout(100)
    assert _result_ids(page) == both
    assert "lab=" in page.url  # the filters are in the address, to share


@pytest.mark.parametrize("rel", ["entries/mag-2025-0010/", "MAG-2025-0010/", "mag-2025-0010/"])
def test_lower_case_and_short_permalinks_reach_the_entry(page, site_url, rel):
    page.goto(site_url + rel)
    page.wait_for_url("**/entries/MAG-2025-0010/")
    assert page.locator("h1").first.inner_text().rstrip("¶").startswith("OpenAI released the gpt-oss")


def test_every_entry_has_its_redirect_pages(built_site, registry):
    for e in registry.entries:
        for rel in (e.id, e.id.lower(), f"entries/{e.id.lower()}"):
            text = (built_site / rel / "index.html").read_text(encoding="utf-8")
            assert f'<link rel="canonical" href="https://model-access-gap-registry.github.io/registry/entries/{e.id}/">' in text


# Readers type the distinctive part of a name; "AI" or "Institute" match nearly every page.
GENERIC_WORDS = {"ai", "research", "institute", "safety", "security", "the", "of", "for", "center"}


@pytest.mark.parametrize("field, records", [("models", "models"), ("labs", "labs"),
                                            ("outsiders", "organisations")])
def test_search_finds_an_entry_by_a_name_it_mentions(page, site_url, registry, field, records):
    index: dict[str, list[str]] = {}
    for e in registry.entries:
        for ident in getattr(e, field):
            index.setdefault(ident, []).append(e.id)
    vocabulary = getattr(registry, records)
    ident, entry_id = _rare(index, vocabulary)
    query = " ".join(w for w in vocabulary[ident].name.split() if w.lower() not in GENERIC_WORDS)
    _search(page, site_url, query, f"entries/{entry_id}/")


def test_search_finds_an_entry_by_its_title(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2023-0001")
    _search(page, site_url, "tested inside OpenAI for about seven months", f"entries/{e.id}/")


def test_search_finds_an_entry_by_words_of_its_summary(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2023-0001")
    _search(page, site_url, "power-seeking behaviour", f"entries/{e.id}/")


def test_explore_filters_change_the_rows(page, site_url, registry):
    page.goto(site_url + "explore/")
    rows = page.locator("#mag-explore tbody tr")
    total = rows.count()
    assert total == len(registry.entries)
    page.select_option("select[name=gap_type]", "elicitation")
    visible = page.locator("#mag-explore tbody tr:not([hidden])").count()
    expected = sum(1 for e in registry.entries if any(g.type == "elicitation" for g in e.gap_types))
    assert visible == expected < total
    page.select_option("select[name=lab]", "openai")
    both = sum(1 for e in registry.entries if "openai" in e.labs and any(g.type == "elicitation" for g in e.gap_types))
    assert page.locator("#mag-explore tbody tr:not([hidden])").count() == both
    assert "gap_type=elicitation" in page.url
    assert page.locator("#mag-count").inner_text().startswith(f"{both} of {total}")


def test_explore_reads_as_a_table_without_javascript(browser, site_url, registry):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site_url + "explore/")
    assert pg.locator("#mag-explore tbody tr").count() == len(registry.entries)
    assert not pg.is_visible("#mag-filters")
    ctx.close()


def test_timeline_is_newest_first(page, site_url, registry):
    page.goto(site_url + "timeline/")
    dates = page.eval_on_selector_all(".mag-timeline li", "els => els.map(e => e.dataset.date)")
    assert len(dates) == len(registry.entries)
    assert dates == sorted(dates, reverse=True)


def test_entry_page_shows_sources_and_citation(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2023-0001")
    page.goto(site_url + f"entries/{e.id}/")
    assert page.locator("h1").inner_text().rstrip("¶") == e.title
    assert page.locator(".mag-source").count() == len(e.sources)
    assert e.sources[0].all_quotes[0].text.split()[0] in page.locator(".mag-source blockquote").first.inner_text()
    assert e.id in page.locator(".mag-citation").inner_text()
    assert "@misc{MAG_2023_0001" in page.locator(".mag-bibtex").inner_text()
    assert page.locator(".mag-permalink").get_attribute("href").endswith(f"/entries/{e.id}/")
    assert "195–225 days" in page.locator(".mag-lag").inner_text()


def test_entry_page_carries_citation_and_preview_meta_and_downloads(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2025-0010")
    page.goto(site_url + f"entries/{e.id}/")
    meta = page.evaluate("""() => Object.fromEntries([...document.head.querySelectorAll('meta[content]')]
        .map(m => [m.getAttribute('name') || m.getAttribute('property'), m.getAttribute('content')]))""")
    permalink = f"https://model-access-gap-registry.github.io/registry/entries/{e.id}/"
    assert meta["citation_title"] == e.title and meta["citation_public_url"] == permalink
    assert meta["citation_author"] == "Model Access Gap Registry contributors"
    assert meta["citation_technical_report_number"] == e.id
    assert meta["og:url"] == permalink and meta["og:title"] == f"{e.id}: {e.title}" and meta["twitter:card"] == "summary"
    for kind, start in (("BibTeX", "@misc{MAG_2025_0010,"), ("RIS", "TY  - DATA"), ("CSL-JSON", "[")):
        href = page.get_by_role("link", name=kind, exact=True).get_attribute("href")
        body = page.evaluate("href => fetch(href).then(r => r.ok ? r.text() : 'HTTP ' + r.status)", href)
        assert body.startswith(start), (kind, body[:80])


@pytest.mark.parametrize("rel", MAIN_PAGES)
def test_main_pages_have_no_console_errors(page, site_url, rel):
    page.goto(site_url + rel)
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []
    assert page.foreign_requests == []  # no third party learns who reads what


def test_the_request_gate_sees_a_third_party_request(page, site_url):
    page.goto(site_url)
    page.evaluate("fetch('https://api.github.com/repos/x/y').catch(() => null)")
    page.wait_for_timeout(300)
    assert page.foreign_requests == ["https://api.github.com/repos/x/y"]


@pytest.mark.parametrize("rel", ["", "timeline/", "gap-types/elicitation/", "explore/", "entries/MAG-2023-0001/"])
def test_no_serious_accessibility_violations(page, site_url, rel):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + rel)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["html"][:150]) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_the_current_access_table_has_a_row_per_timeline(built_site, registry):
    page = (built_site / "current-access" / "index.html").read_text(encoding="utf-8")
    with_timeline = [rec for rec in registry.models.values() if rec.timeline]
    assert page.count('<td><a href="../models/') == len(with_timeline)
    assert "195–225 days after insiders" in page  # GPT-4's API and app cells
