"""The header search box on every page, in Chromium: results in a panel under it as the reader
types (ID look-up first, then Pagefind), keyboard use, and the link to the search page."""

from __future__ import annotations

import json
import re

import pytest

from accessgap.check.runner import validate
from accessgap.site.dates import format_date
from tests.helpers.site import PROJECT

BOX = ".mag-header-search__input"
OPTIONS = ".mag-header-search__results > li"


@pytest.fixture(scope="module")
def registry():
    reg = validate(PROJECT / "registry")
    assert not reg.result.errors
    return reg


def _type(page, url, query):
    page.goto(url)
    box = page.locator(BOX)
    box.click()
    box.press_sequentially(query, delay=20)
    return box


def _hrefs(page):
    return page.locator(OPTIONS + " a").evaluate_all("els => els.map(a => a.getAttribute('href'))")


def test_the_panel_shows_readable_results_for_a_word(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2023-0001")
    box = _type(page, site_url + "timeline/", "power-seeking behaviour")
    card = page.locator(f'{OPTIONS}:has(a[href$="/entries/{e.id}/"])')
    card.wait_for(timeout=20_000)
    assert box.get_attribute("aria-expanded") == "true" and box.get_attribute("role") == "combobox"
    assert page.locator(f"#{box.get_attribute('aria-controls')}").get_attribute("role") == "listbox"
    assert card.get_attribute("role") == "option"
    assert card.locator(".mag-header-search__title").inner_text() == f"{e.id}: {e.title}"
    facts = card.locator(".mag-header-search__facts").inner_text().split(" · ")
    assert facts[0] == format_date(e.dates.event) and facts[1].startswith(registry.labs[e.labs[0]].name)
    assert re.findall(r"\w+", card.locator(".mag-header-search__text").inner_text())[:6] == re.findall(r"\w+", e.summary)[:6]
    assert 1 <= page.locator(OPTIONS).count() <= 8
    assert page.locator(".mag-lookup").count() == 0  # not an ID
    link = page.locator(".mag-header-search__all")
    assert link.inner_text() == "All results and filters"
    assert link.get_attribute("href").endswith("/search/?q=power-seeking+behaviour")
    assert page.url.endswith("/timeline/")  # no second page was loaded
    assert page.console_errors == [] and page.foreign_requests == []


def test_the_panel_asks_pagefind_for_no_filters_and_few_fragments(page, site_url):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    _type(page, site_url + "timeline/", "weights")
    page.locator(f"{OPTIONS}:not(.mag-lookup)").first.wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    shown = page.locator(OPTIONS).count()
    assert not [u for u in fetched if "/pagefind/filter/" in u]
    assert 0 < len([u for u in fetched if "/pagefind/fragment/" in u]) <= shown


@pytest.mark.parametrize("form", [str, str.lower, lambda i: i[4:]], ids=["exact", "lower-case", "without-prefix"])
def test_an_exact_id_comes_first_and_enter_opens_it(page, site_url, registry, form):
    e = next(x for x in registry.entries if x.id == "MAG-2025-0010")
    _type(page, site_url + "labs/openai/", form(e.id))
    first = page.locator(f"{OPTIONS}:first-child")
    page.wait_for_selector(f'{OPTIONS}:first-child a[href$="/entries/{e.id}/"]', timeout=20_000)
    assert first.locator(".mag-header-search__title").inner_text() == f"{e.id}: {e.title}"
    page.locator(BOX).press("Enter")
    page.wait_for_url(f"**/entries/{e.id}/")
    assert page.console_errors == []


def test_enter_right_after_typing_an_id_opens_the_entry(page, site_url):
    page.goto(site_url)
    page.locator(BOX).fill("2025-0010")
    page.locator(BOX).press("Enter")
    page.wait_for_url("**/entries/MAG-2025-0010/")


def test_a_withdrawn_id_shows_its_successor_first(page, site_url, built_site):
    old, new = "MAG-2024-0001", "MAG-2025-0010"
    data = json.loads((built_site / "api/v1/entries" / f"{old}.json").read_text(encoding="utf-8"))
    data["entry"]["status"] = {"state": "withdrawn", "date": "2025-01-01", "reason": "Merged.", "successor": new}
    page.route(f"**/api/v1/entries/{old}.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(data)))
    _type(page, site_url, old.lower())
    page.wait_for_selector(f'{OPTIONS}:first-child a[href$="/entries/{new}/"]', timeout=20_000)
    hrefs = _hrefs(page)
    assert hrefs[1].endswith(f"/entries/{old}/")
    assert f"{old} was withdrawn" in page.locator(f"{OPTIONS}:first-child").inner_text()
    page.locator(BOX).press("Enter")
    page.wait_for_url(f"**/entries/{new}/")


def test_arrows_move_through_the_results_and_enter_opens_the_highlighted_one(page, site_url):
    box = _type(page, site_url + "timeline/", "weights")
    page.wait_for_function("n => document.querySelectorAll('.mag-header-search__results > li').length >= n",
                           arg=3, timeout=20_000)
    page.wait_for_timeout(300)  # all of this run's results shown
    options = page.locator(OPTIONS)
    ids = options.evaluate_all("els => els.map(e => e.id)")
    assert len(set(ids)) == len(ids)
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == ids[1]
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == ids[0]
    box.press("ArrowUp")  # wraps to the last
    assert box.get_attribute("aria-activedescendant") == ids[-1]
    box.press("ArrowDown")  # wraps to the first
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == ids[1]
    target = options.nth(1).locator("a").get_attribute("href")
    assert target != options.nth(0).locator("a").get_attribute("href")
    box.press("Enter")
    page.wait_for_url(target)
    assert page.console_errors == []


def test_enter_with_nothing_highlighted_opens_the_first_result(page, site_url):
    box = _type(page, site_url + "timeline/", "power-seeking behaviour")
    page.locator(f"{OPTIONS}:not(.mag-lookup)").first.wait_for(timeout=20_000)
    first = page.locator(f"{OPTIONS}:first-child a").get_attribute("href")
    box.press("Enter")
    page.wait_for_url(first)


def test_escape_and_a_click_elsewhere_close_the_panel(page, site_url):
    box = _type(page, site_url + "timeline/", "weights")
    panel = page.locator(".mag-header-search__panel")
    page.locator(f"{OPTIONS}").first.wait_for(timeout=20_000)
    box.press("ArrowDown")
    box.press("Escape")
    assert panel.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert page.evaluate("document.activeElement.classList.contains('mag-header-search__input')")
    box.press("ArrowDown")  # opens it again
    assert panel.is_visible() and box.get_attribute("aria-expanded") == "true"
    page.locator("article h1").first.click()
    assert panel.is_hidden() and box.get_attribute("aria-expanded") == "false"


def test_the_panel_links_to_the_search_page_with_results(page, site_url, registry):
    e = next(x for x in registry.entries if x.id == "MAG-2025-0010")
    _type(page, site_url + "timeline/", e.id.lower())
    page.locator(f"{OPTIONS}:first-child").wait_for(timeout=20_000)
    page.locator(".mag-header-search__all").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#mag-search-q").input_value() == e.id.lower()
    page.wait_for_selector(f'.mag-search__results > li:first-child a[href$="/entries/{e.id}/"]', timeout=20_000)
    page.locator('select[name="gap type"]').wait_for(timeout=20_000)  # the filters live there
    assert page.console_errors == []


def test_hostile_text_in_the_query_stays_text(page, site_url):
    query = '<img src=x onerror="window.__pwned=1"><b>weights</b>'
    box = _type(page, site_url, query)
    page.wait_for_function("() => document.querySelector('.mag-header-search__status').textContent.length > 0",
                           timeout=20_000)
    page.wait_for_timeout(300)
    panel = page.locator(".mag-header-search__panel")
    assert panel.locator("img, b, script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert box.input_value() == query
    page.locator(".mag-header-search__all").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#mag-search-q").input_value() == query
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_panel_fits_a_phone_in_either_scheme(browser, site_url, scheme):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    pg = ctx.new_page()
    try:
        _type(pg, site_url + "timeline/", "weights")
        pg.locator(f"{OPTIONS}:not(.mag-lookup)").first.wait_for(timeout=20_000)
        pg.wait_for_timeout(300)
        scroll, inner = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner
        box = pg.locator(".mag-header-search__panel").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner and box["width"] >= inner * 0.8
        colours = pg.evaluate("""() => {
            const css = e => getComputedStyle(e);
            const panel = document.querySelector('.mag-header-search__panel');
            return [css(panel).backgroundColor, css(document.body).backgroundColor, css(panel).color,
                    document.body.getAttribute('data-md-color-scheme')];
        }""")
        assert colours[0] == colours[1] != colours[2]  # the page's own colours, text unlike its ground
        assert colours[3] == ("slate" if scheme == "dark" else "default")
    finally:
        ctx.close()
