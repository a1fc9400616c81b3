"""Explore in real headless Chromium: search, facet counts, the newer filters, sorting, downloads,
the empty state, addresses that restore a view and addresses it cannot use."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from accessgap.check.runner import validate
from accessgap.models import date_bounds
from tests.helpers.site import PROJECT

ROWS = "#mag-explore tbody tr"
SHOWN = "#mag-explore tbody tr:not([hidden])"


@pytest.fixture(scope="module")
def entries():
    reg = validate(PROJECT / "registry")
    assert not reg.result.errors
    return list(reg.entries)


def _code(v) -> str:
    return str(getattr(v, "value", v))


def _shown_ids(page) -> list[str]:
    return page.eval_on_selector_all(SHOWN, "rs => rs.map(r => r.dataset.id)")


def _start(e) -> str:
    return date_bounds(e.dates.event)[0].isoformat()


def _open(page, site_url, query=""):
    page.goto(site_url + "explore/" + query)
    page.wait_for_selector("#mag-filters:not([hidden])")


def _loaded(page):
    page.wait_for_selector("#mag-filters[data-loaded]", state="attached")


def test_model_subtype_status_and_date_range_filters(page, site_url, entries):
    _open(page, site_url)
    model, _ = Counter(m for e in entries for m in e.models).most_common(1)[0]
    page.select_option("select[name=model]", model)
    assert sorted(_shown_ids(page)) == sorted(e.id for e in entries if model in e.models)
    page.select_option("select[name=model]", "")
    sub, _ = Counter(_code(s) for e in entries for g in e.gap_types for s in g.subtypes).most_common(2)[1]
    page.select_option("select[name=subtype]", sub)
    want = {e.id for e in entries if any(_code(s) == sub for g in e.gap_types for s in g.subtypes)}
    assert set(_shown_ids(page)) == want and 0 < len(want) < len(entries)
    page.select_option("select[name=subtype]", "")
    page.check("input[name=open]")
    opened = {e.id for e in entries if _code(e.status.state) in ("open", "narrowed")}
    assert set(_shown_ids(page)) == opened and len(opened) < len(entries)
    page.fill("input[name=from]", "2024-03-01")
    page.fill("input[name=to]", "2024-12-31")
    ranged = {e.id for e in entries if "2024-03-01" <= _start(e) <= "2024-12-31"}
    assert set(_shown_ids(page)) == ranged & opened and ranged & opened
    assert "open=1" in page.url and "from=2024-03-01" in page.url and "to=2024-12-31" in page.url


def test_text_search_covers_title_summary_lab_model_and_id(page, site_url, entries):
    _open(page, site_url)
    e = next(x for x in entries if x.id == "MAG-2023-0001")
    def mentioning(term):  # other entries' summaries may cite this ID
        return {x.id for x in entries if term.lower() in (x.id + " " + x.title + " " + x.summary).lower()}
    for term in (e.id.lower(), e.id.removeprefix("MAG-")):
        page.fill("input[name=text]", term)
        _loaded(page)
        page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n",
                               arg=[SHOWN, len(mentioning(term))])
        assert set(_shown_ids(page)) == mentioning(term) and e.id in mentioning(term) < set(x.id for x in entries)
    # Words only its summary holds: found once the summaries have arrived.
    phrase = "power-seeking behaviour"
    assert phrase not in e.title.lower()
    page.fill("input[name=text]", phrase)
    _loaded(page)
    page.wait_for_function("sel => document.querySelectorAll(sel).length > 0", arg=SHOWN)
    want = {x.id for x in entries if phrase in (x.title + " " + x.summary).lower()}
    assert e.id in want and set(_shown_ids(page)) == want
    page.fill("input[name=text]", "OpenAI")
    assert len(_shown_ids(page)) >= sum(1 for x in entries if "openai" in x.labs)
    assert "text=OpenAI" in page.url


def test_facet_counts_follow_the_other_filters(page, site_url, entries):
    _open(page, site_url)
    def option(name, value):
        return page.inner_text(f"select[name={name}] option[value='{value}']")
    n_openai = sum(1 for e in entries if "openai" in e.labs)
    assert option("lab", "openai") == f"OpenAI ({n_openai})"
    n_elic = sum(1 for e in entries if any(g.type == "elicitation" for g in e.gap_types))
    page.select_option("select[name=gap_type]", "elicitation")
    both = sum(1 for e in entries if "openai" in e.labs and any(g.type == "elicitation" for g in e.gap_types))
    assert option("lab", "openai") == f"OpenAI ({both})" and both < n_openai
    # A facet's own choice does not shrink its counts: the other gap types still say how many.
    assert option("gap_type", "elicitation").endswith(f"({n_elic})")
    n_dl = sum(1 for e in entries if any(g.type == "deployment_lag" for g in e.gap_types))
    assert option("gap_type", "deployment_lag").endswith(f"({n_dl})")
    page.select_option("select[name=lab]", "openai")
    dl_openai = sum(1 for e in entries if "openai" in e.labs and any(g.type == "deployment_lag" for g in e.gap_types))
    assert option("gap_type", "deployment_lag").endswith(f"({dl_openai})")


def test_columns_sort_by_click_and_keyboard_with_aria_sort(page, site_url, entries):
    _open(page, site_url)
    assert page.get_attribute("th[data-sort=date]", "aria-sort") == "descending"
    page.click("th[data-sort=id] button")
    ids = _shown_ids(page)
    assert ids == sorted(e.id for e in entries)
    assert page.get_attribute("th[data-sort=id]", "aria-sort") == "ascending"
    assert page.get_attribute("th[data-sort=date]", "aria-sort") is None
    page.click("th[data-sort=id] button")
    assert _shown_ids(page) == sorted((e.id for e in entries), reverse=True)
    assert page.get_attribute("th[data-sort=id]", "aria-sort") == "descending"
    assert "sort=-id" in page.url
    page.focus("th[data-sort=date] button")
    page.keyboard.press("Enter")
    dates = page.eval_on_selector_all(SHOWN, "rs => rs.map(r => r.dataset.date)")
    assert dates == sorted(dates, reverse=True)
    page.keyboard.press("Space")
    dates = page.eval_on_selector_all(SHOWN, "rs => rs.map(r => r.dataset.date)")
    assert dates == sorted(dates) and "sort=date" in page.url
    page.focus("th[data-sort=title] button")
    page.keyboard.press("Enter")
    assert page.get_attribute("th[data-sort=title]", "aria-sort") == "ascending"
    firsts = [t[0].casefold() for t in page.eval_on_selector_all(SHOWN, "rs => rs.map(r => r.cells[2].textContent)")
              if t[:1].isascii() and t[:1].isalpha()]
    assert firsts == sorted(firsts) and len(set(firsts)) > 3


def _download(page, kind):
    with page.expect_download() as info:
        page.click(f"button[data-download={kind}]")
    d = info.value
    assert d.suggested_filename.endswith("." + kind)
    return open(d.path(), encoding="utf-8").read()


def test_downloads_hold_exactly_the_filtered_set_in_table_order(page, site_url, entries):
    _open(page, site_url, "?lab=openai&sort=id")
    shown = _shown_ids(page)
    assert shown == sorted(e.id for e in entries if "openai" in e.labs)
    by_id = {e.id: e for e in entries}
    rows = list(csv.DictReader(io.StringIO(_download(page, "csv"))))
    assert [r["id"] for r in rows] == shown
    first = by_id[rows[0]["id"]]
    assert rows[0]["title"] == first.title and rows[0]["summary"] == first.summary
    assert rows[0]["labs"].split("; ")[0] == "OpenAI"
    assert rows[0]["url"].endswith(f"/entries/{first.id}/")
    data = json.loads(_download(page, "json"))
    assert [e["id"] for e in data["entries"]] == shown and data["count"] == len(shown)
    assert all(e["summary"] == by_id[e["id"]].summary for e in data["entries"])
    assert "lab=openai" in data["view"]


def test_csv_download_defuses_spreadsheet_formulas(page, site_url):
    _open(page, site_url)
    page.evaluate("""() => { const f = document.querySelector('#mag-filters');
        f.dataset.source = URL.createObjectURL(new Blob([JSON.stringify({fields: ['id', 'title'],
          entries: [{id: document.querySelector('#mag-explore tbody tr').dataset.id, title: '=HYPERLINK("x")'}]})],
          {type: 'application/json'})); }""")
    page.fill("input[name=text]", page.eval_on_selector(ROWS, "r => r.dataset.id"))
    rows = list(csv.reader(io.StringIO(_download(page, "csv"))))
    assert rows[1][1] == "'=HYPERLINK(\"x\")"


def test_empty_state_names_the_filters_and_clears_them(page, site_url, entries):
    _open(page, site_url, "?text=zzqxnothing&lab=openai")
    assert page.is_visible("#mag-empty")
    text = page.inner_text("#mag-empty")
    assert "No entries match" in text and "zzqxnothing" in text and "OpenAI" in text
    assert not page.is_visible("#mag-explore")
    page.click("#mag-empty button")
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n",
                           arg=[SHOWN, len(entries)])
    assert page.is_hidden("#mag-empty") and page.input_value("input[name=text]") == ""
    assert "lab=" not in page.url


def test_an_address_restores_the_whole_view(page, site_url, entries):
    query = "?text=openai&gap_type=deployment_lag&from=2024-01-01&to=2025-12-31&open=1&sort=title"
    _open(page, site_url, query)
    assert page.input_value("input[name=text]") == "openai"
    assert page.input_value("select[name=gap_type]") == "deployment_lag"
    assert page.input_value("input[name=from]") == "2024-01-01" and page.input_value("input[name=to]") == "2025-12-31"
    assert page.is_checked("input[name=open]")
    assert page.get_attribute("th[data-sort=title]", "aria-sort") == "ascending"
    first = _shown_ids(page)
    assert first and set(first) <= {e.id for e in entries if any(g.type == "deployment_lag" for g in e.gap_types)}
    assert page.is_hidden("#mag-notice")
    # A change lands in the address; opening that address elsewhere shows the same rows.
    page.select_option("select[name=year]", "2025")
    url = page.url
    assert "year=2025" in url and "sort=title" in url
    shown = _shown_ids(page)
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("#mag-filters:not([hidden])")
    assert _shown_ids(page) == shown


def test_parameters_it_cannot_use_are_named_on_the_page(page, site_url, entries):
    _open(page, site_url, "?lab=nosuchlab&year=abc&gap_type=elicitation&from=2024-99-01&sort=colour&colour=red")
    assert page.is_visible("#mag-notice")
    notice = page.inner_text("#mag-notice")
    for part in ("lab=nosuchlab", "year=abc", "from=2024-99-01", "sort=colour", "colour=red"):
        assert part in notice
    assert "gap_type" not in notice
    # The usable part of the address still applies.
    assert len(_shown_ids(page)) == sum(1 for e in entries if any(g.type == "elicitation" for g in e.gap_types))
    assert "lab=nosuchlab" in page.url  # kept until the reader changes something


def test_hostile_text_in_the_address_stays_text(page, site_url):
    payload = '<img src=x onerror="window.pwned=1">'
    from urllib.parse import quote
    _open(page, site_url, f"?text={quote(payload)}&lab={quote(payload)}")
    assert payload in page.inner_text("#mag-empty") and payload in page.inner_text("#mag-notice")
    assert page.locator("#mag-empty img, #mag-notice img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_timeline_filters_still_work_with_the_shared_script(page, site_url, entries):
    page.goto(site_url + "timeline/?lab=openai")
    n = sum(1 for e in entries if "openai" in e.labs)
    assert page.locator(".mag-timeline li[data-item]:not([hidden])").count() == n
    assert page.inner_text("select[name=lab] option[value=openai]") == f"OpenAI ({n})"


def test_explore_fits_a_phone_and_stays_usable(browser, site_url, entries):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(site_url + "explore/?lab=openai")
    pg.wait_for_selector("#mag-filters:not([hidden])")
    scroll, inner = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    box = pg.locator("input[name=text]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= inner
    pg.fill("input[name=text]", "zzqxnothing")
    assert pg.is_visible("#mag-empty")
    scroll, inner = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    ctx.close()
