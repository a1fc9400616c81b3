"""The gap at a glance, in a real Chromium: no page wider than a phone, headline figures that
match the timelines, a timeline that filters by address and has an anchor per entry, and words
instead of vocabulary codes."""

from __future__ import annotations

import re

import pytest

from accessgap.check.runner import validate
from tests.helpers.site import PROJECT

# One page of every kind the generator writes, plus the hand-written docs pages.
PAGE_TYPES = ["", "timeline/", "explore/", "current-access/", "access-matrix/", "gap-types/", "gap-types/elicitation/",
              "gap-types/deployment_lag/", "labs/", "labs/openai/", "models/", "models/o3/", "models/gpt-4/", "organisations/",
              "organisations/metr/", "entries/MAG-2023-0001/", "entries/MAG-2025-0006/", "data/", "timelines/",
              "about/", "schema/", "contributing/", "404/"]


@pytest.fixture(scope="module")
def registry():
    reg = validate(PROJECT / "registry")
    assert not reg.result.errors
    return reg


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    yield ctx.new_page()
    ctx.close()


@pytest.mark.parametrize("rel", PAGE_TYPES)
def test_no_page_is_wider_than_a_phone(phone, site_url, rel):
    phone.goto(site_url + rel)
    scroll, inner = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{rel or 'home'} is {scroll}px wide on a {inner}px screen"


def test_the_width_check_can_fail(phone, site_url):
    phone.goto(site_url)
    phone.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<div style=\"width:900px\">x</div>')")
    scroll, inner = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll > inner


def _public(model) -> bool:
    return any(s.stage in ("api", "app", "open_weights") and s.start for s in model.timeline)


def test_headline_figures_count_the_timelines(page, site_url, registry):
    page.goto(site_url)
    text = page.locator("article").inner_text()
    with_timeline = [x for x in registry.models.values() if x.timeline]
    assert f"computed from the {len(with_timeline)} models with an access timeline" in " ".join(text.split())
    released = sum(1 for x in with_timeline if _public(x))
    share = re.search(r"(\d+) of (\d+) released models with a timeline", text)
    assert share and int(share.group(2)) == released and int(share.group(1)) <= released
    # Every model named in the wait table links to its model page.
    links = page.locator(".mag-headline a[href*='models/']")
    assert links.count() > 0
    assert all(h.startswith("models/") for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))"))


def test_the_timeline_filters_by_address_and_keeps_anchors(page, site_url, registry):
    def expected(gap_type, lab):
        return sum(1 for e in registry.entries if lab in e.labs and any(g.type == gap_type for g in e.gap_types))

    page.goto(site_url + "timeline/?gap_type=safeguards&lab=openai")
    page.wait_for_selector("#mag-timeline-filters:not([hidden])")
    shown = page.locator("li[data-item]:not([hidden])").count()
    assert shown == expected("safeguards", "openai") < len(registry.entries)
    assert page.locator("#mag-timeline-filters output").inner_text().startswith(f"{shown} of {len(registry.entries)}")
    page.select_option("select[name=lab]", "")
    assert page.locator("li[data-item]:not([hidden])").count() == sum(
        1 for e in registry.entries if any(g.type == "safeguards" for g in e.gap_types))
    assert page.url.endswith("timeline/?gap_type=safeguards")
    # A year with nothing left to show folds away entirely.
    page.select_option("select[name=gap_type]", "costs_limits")
    years = {e.dates.event[:4] for e in registry.entries if any(g.type == "costs_limits" for g in e.gap_types)}
    visible_years = page.locator("details.mag-year:not([hidden])").evaluate_all("els => els.map(e => e.id.slice(1))")
    assert set(visible_years) == years
    e = registry.entries[0]
    page.goto(site_url + f"timeline/#{e.id}")
    assert page.locator(f"li#{e.id} a[href$='entries/{e.id}/']").count() == 1


def test_the_timeline_toc_lists_years_not_months(page, site_url, registry):
    page.goto(site_url + "timeline/")
    toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
    years = {e.dates.event[:4] for e in registry.entries}
    assert sum(1 for t in toc if re.match(r"^\d{4} · \d+ entr", t.strip())) == len(years)
    assert not any(re.match(r"^(January|June|December) \d{4}", t.strip()) for t in toc)


@pytest.mark.parametrize("rel", ["entries/MAG-2025-0006/", "explore/", "gap-types/elicitation/", "models/gpt-5/"])
def test_readers_see_words_not_codes(page, site_url, rel):
    page.goto(site_url + rel)
    main = page.locator("article")
    main.locator("code").evaluate_all("els => els.forEach(e => e.remove())")  # contributor-facing codes
    text = main.inner_text()
    codes = re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    assert codes == [], f"raw codes on {rel}: {sorted(set(codes))}"


def test_the_active_tab_is_marked(page, site_url):
    page.goto(site_url + "timeline/")
    active = page.locator(".md-tabs__item--active .md-tabs__link")
    assert active.inner_text().strip() == "Timeline"
    assert active.evaluate("e => getComputedStyle(e).fontWeight") == "700"


@pytest.mark.parametrize("rel", ["gap-types/non_release/", "gap-types/safeguards/", "gap-types/costs_limits/",
                                 "gap-types/elicitation/", "gap-types/deployment_lag/", "labs/openai/", "labs/meta/"])
def test_every_gap_type_and_lab_page_has_a_chart_whose_marks_are_links(page, site_url, rel):
    page.goto(site_url + rel)
    marks = page.locator("figure.mag-hchart a.mag-seg")
    assert marks.count() > 0
    for href, title in marks.evaluate_all("els => els.map(e => [e.getAttribute('href'), e.title])"):
        assert "explore/?" in href and re.match(r"^\d{4}: \d+ entr", title)
    caption = page.locator("figure.mag-hchart figcaption").first.inner_text()
    assert re.search(r"n = \d+", caption)


def test_a_bar_leads_to_exactly_its_entries_in_explore(page, site_url, registry):
    page.goto(site_url + "gap-types/safeguards/")
    seg = page.locator("figure.mag-hchart a.mag-seg").first
    n = int(re.match(r"^\d{4}: (\d+)", seg.get_attribute("title")).group(1))
    seg.click()
    page.wait_for_selector("#mag-filters:not([hidden])")
    assert page.locator("#mag-explore tbody tr:not([hidden])").count() == n


def test_a_lab_gantt_has_a_row_per_model_timeline_and_each_mark_names_its_stage(page, site_url, registry):
    page.goto(site_url + "labs/openai/")
    mine = [x for x in registry.models.values() if x.lab == "openai" and x.timeline]
    rows = page.locator(".mag-gantt__rows > li")
    assert rows.count() == len(mine)
    marks = page.locator(".mag-gantt a.mag-mark")
    assert marks.count() == sum(len(x.timeline) for x in mine)
    titles = marks.evaluate_all("els => els.map(e => e.title)")
    assert all(" — " in t and ":" in t for t in titles)
