"""Charts, the access matrix and lab scorecards: their numbers, their determinism, and the built pages.

The expected numbers are recomputed here from the registry's raw dates and statuses, without
`accessgap.charts` or `accessgap.enrich` helpers, and compared with the tables printed under
each chart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import shutil
import statistics
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from accessgap.labels import label

from accessgap import vocab
from accessgap.site.charts import chart_extras
from accessgap.site.enrich import enrich
from accessgap.check.runner import validate
from tests.helpers.site import PROJECT

OPEN = ("open", "narrowed")


# --- independent arithmetic -------------------------------------------------------------------

def bounds(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.rstrip("~").split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    return dt.date(*parts), dt.date(*parts)


def expected_lags(entries) -> dict[str, tuple[int, int]]:
    out = {}
    for e in entries:
        if e.dates.insider_access and e.dates.outsider_access and e.status.state != "withdrawn":
            i_lo, i_hi = bounds(e.dates.insider_access)
            o_lo, o_hi = bounds(e.dates.outsider_access)
            out[e.id] = (max(0, (o_lo - i_hi).days), max(0, (o_hi - i_lo).days))
    return out


class Tables(HTMLParser):
    """Cell texts of every <table id=…>, and the attributes of every <td>/<tr>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.tds: list[tuple[dict, str]] = []
        self.trs: list[tuple[dict, list[str], list[str]]] = []  # attrs, cell texts, hrefs
        self._table = None
        self._cell: list[str] | None = None
        self._attrs: dict = {}
        self._tr = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id", "")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
            self._tr = (a, [], [])
            self.trs.append(self._tr)
        elif tag in ("td", "th") and self._table is not None:
            self._cell, self._attrs = [], a
        elif tag == "a" and self._tr is not None and a.get("href"):
            self._tr[2].append(a["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.tables[self._table][-1].append(text)
            self._tr[1].append(text)
            if tag == "td":
                self.tds.append((self._attrs, text))
            self._cell = None
        elif tag == "tr":
            self._tr = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def body(table: list[list[str]]) -> list[list[str]]:
    return table[1:]  # drop the header row


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def registry():
    return validate(PROJECT / "registry")


@pytest.fixture(scope="module")
def extras(registry):
    return chart_extras(enrich(registry))


# --- the numbers ------------------------------------------------------------------------------

def test_lag_table_has_every_entry_with_both_dates(registry, extras):
    lags = expected_lags(registry.entries)
    assert lags, "the registry should have at least one entry with both dates"
    for key in ("gap-types/deployment_lag", "timeline"):
        rows = body(Tables(extras[key]).tables["data-deployment-lag"])
        got = {r[1]: (int(r[5]), int(r[6])) for r in rows}
        assert got == lags
        for r in rows:
            assert float(r[7]) == (int(r[5]) + int(r[6])) / 2
    assert f"Horizontal bars for {len(lags)} entries" in extras["timeline"]


def test_median_lag_per_release_year(registry, extras):
    lags = expected_lags(registry.entries)
    by_year = defaultdict(list)
    for e in registry.entries:
        if e.id in lags:
            by_year[int(e.dates.outsider_access[:4])].append(e.id)
    rows = body(Tables(extras["gap-types/deployment_lag"]).tables["data-lag-by-release-date"])
    assert [int(r[0]) for r in rows] == sorted(by_year)
    for r in rows:
        ids = by_year[int(r[0])]
        assert int(r[1]) == len(ids)
        assert float(r[2]) == statistics.median((lags[i][0] + lags[i][1]) / 2 for i in ids)
        assert float(r[3]) == statistics.median(lags[i][0] for i in ids)
        assert float(r[4]) == statistics.median(lags[i][1] for i in ids)
        assert sorted(r[5].split(", ")) == sorted(ids)


def test_evaluation_windows_table(registry, extras):
    expected = sorted((e.id, w.organisation, w.model or "", w.days, w.approximate)
                      for e in registry.entries if e.status.state != "withdrawn" for w in e.evaluation_windows)
    orgs, models = registry.by_id("organisation"), registry.by_id("model")
    name_to_org = {o.name: o.id for o in orgs.values()}
    name_to_model = {m.name: m.id for m in models.values()}
    rows = body(Tables(extras["gap-types/deployment_lag"]).tables["data-evaluation-windows"])
    got = sorted((r[5], name_to_org[r[1]], name_to_model.get(r[2], ""), int(r[3]), r[4] == "yes") for r in rows)
    assert got == expected and len(rows) >= 1


def test_access_matrix_counts(registry, extras):
    entries = registry.entries
    labs = sorted({lab for e in entries for lab in e.labs})
    for html in (extras["home"], extras["files"]["access-matrix.md"]):
        cells = {(a["data-lab"], a["data-gap-type"]): (a, text) for a, text in Tables(html).tds if "data-lab" in a}
        assert {k[0] for k in cells} - {""} == set(labs)
        for lab in labs + [""]:
            for g in list(vocab.GAP_TYPE_TITLES) + [""]:
                views = [e for e in entries if (not lab or lab in e.labs) and (not g or any(x.type == g for x in e.gap_types))]
                n_open = sum(1 for e in views if e.status.state in OPEN)
                attrs, text = cells[(lab, g)]
                assert (int(attrs["data-open"]), int(attrs["data-other"])) == (n_open, len(views) - n_open), (lab, g)
                assert text == ("none" if not views else f"{n_open} open {len(views) - n_open} other")
    # Cells link to Explore with the query its script reads.
    assert 'href="explore/?lab=openai&amp;gap_type=deployment_lag"' in extras["home"]
    assert 'href="../explore/?lab=openai&amp;gap_type=deployment_lag"' in extras["files"]["access-matrix.md"]


def test_lab_scorecards(registry, extras):
    entries = [e for e in registry.entries if e.status.state != "withdrawn"]
    lags = expected_lags(entries)
    for lab in registry.by_id("lab"):
        html = extras[f"labs/{lab}"]
        mine = [e for e in entries if lab in e.labs]
        if not mine:
            assert "No entries name this lab yet" in html
            continue
        parsed = Tables(html)
        techniques = {a["data-technique"]: (cells, hrefs) for a, cells, hrefs in parsed.trs if "data-technique" in a}
        assert list(techniques) == vocab.SCORECARD_TECHNIQUES
        for tech, (cells, hrefs) in techniques.items():
            about = [e for e in mine if any(g.type == "elicitation" and tech in g.subtypes for g in e.gap_types)]
            if not about:
                assert cells[1] == "No entry yet.", (lab, tech)
                continue
            latest = max(about, key=lambda e: (bounds(e.dates.event)[0], e.id))
            assert hrefs == [f"../../entries/{latest.id}/"], (lab, tech)
            assert cells[4].split()[0] == label(latest.status.state) and cells[3] == label(latest.direction)
        mids = [(lags[e.id][0] + lags[e.id][1]) / 2 for e in mine if e.id in lags]
        if mids:
            shown = re.search(r"Median lag: <strong>([0-9.]+) days</strong>", html).group(1)
            assert float(shown) == statistics.median(mids), lab
        else:
            assert "no lag to report" in html
        types = {a["data-gap-type"]: cells for a, cells, _ in parsed.trs if "data-gap-type" in a}
        for g in vocab.GAP_TYPE_TITLES:
            views = [e for e in registry.entries if lab in e.labs and any(x.type == g for x in e.gap_types)]
            n_open = sum(1 for e in views if e.status.state in OPEN)
            assert (int(types[g][1]), int(types[g][2])) == (n_open, len(views) - n_open), (lab, g)


# --- rendering --------------------------------------------------------------------------------

def test_charts_are_identical_across_builds_and_need_no_image_files(built_project):
    """The build ran in another process; rendering the same registry here gives the same HTML, and
    the charts are part of the page (no SVG or image files)."""
    first = chart_extras(enrich(validate(built_project / "registry")))
    assert chart_extras(enrich(validate(built_project / "registry"))) == first
    assert not (built_project / "site" / "charts").exists()
    assert [k for k in first["files"] if not k.endswith(".md")] == []
    page = (built_project / "site" / "gap-types" / "deployment_lag" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page and page.count('class="mag-chart mag-lchart') == 3


def test_no_data_says_so(tmp_path):
    root = tmp_path / "registry"
    for folder in ("labs", "models", "organisations"):
        shutil.copytree(PROJECT / "registry" / folder, root / folder)
    for path in (root / "models").glob("*.yaml"):  # timelines cite entries, and there are none here
        text = path.read_text(encoding="utf-8")
        if "\ntimeline:" in text:
            path.write_text(text[:text.index("\ntimeline:") + 1], encoding="utf-8")
    reg = validate(root)
    assert not reg.entries and not reg.result.errors
    extras = chart_extras(enrich(reg))
    assert [k for k in extras["files"] if k.endswith(".svg")] == []
    lag_page = extras["gap-types/deployment_lag"]
    assert "<img" not in lag_page and "<img" not in extras["timeline"]
    assert "no lag to draw" in lag_page and "no lag to plot" in lag_page
    assert "No entry reports a pre-deployment evaluation window yet" in lag_page
    assert "No entries yet, so the matrix has no rows." in extras["home"]
    assert "No entries name this lab yet" in extras["labs/openai"]


def test_entry_and_model_text_is_escaped(registry):
    site = enrich(registry)
    for v in site.entries:
        v.entry = v.entry.model_copy(update={"title": "<script>alert(1)</script> " + v.entry.title})
    lagged = next(v for v in site.entries if v.lag and v.entry.models)
    model = lagged.entry.models[0]
    site.models = {**site.models, model: site.models[model].model_copy(update={"name": "<b>$x^2$</b> & co"})}
    extras = chart_extras(site)  # must not raise on `$…$` (no mathtext) or on markup in names
    text = "\n".join(v for k, v in extras.items() if k != "files") + extras["files"]["access-matrix.md"]
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;b&gt;$x^2$&lt;/b&gt; &amp; co" in extras["gap-types/deployment_lag"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in extras["labs/openai"]


# --- the built site in Chromium ------------------------------------------------------------------

CHART_PAGES = {"": 0, "timeline/": 2, "gap-types/deployment_lag/": 3, "access-matrix/": 0, "labs/openai/": 0}


@pytest.mark.browser
@pytest.mark.parametrize("rel", list(CHART_PAGES))
def test_charts_render_without_console_errors(page, site_url, rel):
    page.goto(site_url + rel)
    page.wait_for_load_state("networkidle")
    charts = page.locator("figure.mag-lchart")
    assert charts.count() == CHART_PAGES[rel]
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("figcaption").inner_text().count("n = ") == 1
        described = chart.get_attribute("aria-describedby")  # the text alternative, read by screen readers
        assert described and page.locator(f"#{described}").text_content().strip()
        assert chart.locator("a").count() > 0 and chart.locator("img, svg").count() == 0
    if rel in ("", "access-matrix/"):
        assert page.locator("#mag-access-matrix").count() == 1
    if rel == "labs/openai/":
        assert page.locator("#scorecard-techniques tbody tr").count() == len(vocab.SCORECARD_TECHNIQUES)
    assert page.console_errors == []


@pytest.mark.browser
def test_matrix_cell_opens_explore_filtered(page, site_url):
    page.goto(site_url + "access-matrix/")
    cell = page.locator('td[data-lab="openai"][data-gap-type="deployment_lag"]')
    total = int(cell.get_attribute("data-open")) + int(cell.get_attribute("data-other"))
    cell.locator("a").click()
    page.wait_for_url("**/explore/?lab=openai&gap_type=deployment_lag")
    assert page.locator("#mag-count").inner_text().startswith(f"{total} of ")
    assert page.locator("#mag-explore tbody tr:not([hidden])").count() == total


def _bar_colours(browser, site_url, scheme: str) -> tuple[str, str]:
    ctx = browser.new_context(color_scheme=scheme)
    pg = ctx.new_page()
    pg.goto(site_url + "gap-types/deployment_lag/")
    assert pg.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    bar = pg.locator("#chart-deployment-lag .mag-lbar__certain").first.evaluate("e => getComputedStyle(e).backgroundColor")
    ink = pg.locator("#chart-deployment-lag .mag-lchart__label").first.evaluate("e => getComputedStyle(e).color")
    ctx.close()
    return bar, ink


@pytest.mark.browser
def test_chart_colours_follow_the_dark_scheme(browser, site_url):
    light, dark = _bar_colours(browser, site_url, "light"), _bar_colours(browser, site_url, "dark")
    assert light[0] != dark[0] and light[1] != dark[1]  # bars and labels change with the scheme

    def brightness(rgb: str) -> float:
        r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
        return (r * 299 + g * 587 + b * 114) / 1000

    assert brightness(dark[0]) > brightness(light[0]) and brightness(dark[1]) > 128 > brightness(light[1])


def _table(page, key: str) -> list[list[str]]:
    return page.locator(f"#data-{key} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")


@pytest.mark.browser
def test_lag_marks_are_links_named_with_their_figures(page, site_url):
    """Every row of the numbers table has its bar: a link to the entry whose accessible name and
    title give the same lag; following it opens the entry."""
    page.goto(site_url + "gap-types/deployment_lag/")
    chart = page.locator("#chart-deployment-lag")
    rows = _table(page, "deployment-lag")
    assert rows and chart.locator("a.mag-lbar").count() == len(rows)
    for row in rows:
        entry, lo, hi = row[1], int(row[5]), int(row[6])
        days = f"{lo} days" if lo == hi else f"{lo} to {hi} days"
        link = chart.get_by_role("link", name=re.compile(re.escape(f"({entry}): ") + "(about )?" + re.escape(days) + ","))
        assert link.count() == 1, (entry, days)
        assert re.search(re.escape(days), link.get_attribute("title"))
        assert link.get_attribute("href").endswith(f"entries/{entry}/")
    chart.locator("a.mag-lbar").first.click()
    page.wait_for_url(re.compile(r"/entries/MAG-\d{4}-\d{4}/$"))
    assert page.console_errors == []


@pytest.mark.browser
def test_window_and_strip_marks_carry_their_figures_and_medians_need_three(page, site_url):
    page.goto(site_url + "gap-types/deployment_lag/")
    windows = page.locator("#chart-evaluation-windows")
    for date, org, model, days, approx, entry in _table(page, "evaluation-windows"):
        name = re.compile(re.escape(org) + ".*" + re.escape(f"({entry}): ") + ("about " if approx == "yes" else "") + f"{days} days")
        assert windows.get_by_role("link", name=name).count() == 1, (org, model, entry)
    strip = page.locator("#chart-lag-by-release-date")
    years = _table(page, "lag-by-release-date")
    items = strip.locator("ul.mag-lchart__rows > li")
    assert items.count() == len(years)
    shown = {}
    for i in range(items.count()):
        li = items.nth(i)
        label = li.locator(".mag-lchart__label").inner_text()
        shown[label.split()[0]] = (li.locator("a.mag-lpoint").count(), li.locator(".mag-lchart__median").count(),
                                   li.locator(".mag-lchart__note").inner_text(), label)
    for year, n, median, *_ in years:
        points, lines, note, label = shown[year]
        assert points == int(n) and f"n = {n}" in label
        if int(n) >= 3:
            assert lines == 1 and f"median {median} d" in note
        else:
            assert lines == 0 and "median" not in note.replace("no median", "")
    assert any(int(n) >= 3 for _, n, *_ in years) and any(int(n) < 3 for _, n, *_ in years)


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["access-matrix/", "gap-types/deployment_lag/", "labs/openai/"])
def test_chart_pages_have_no_serious_accessibility_violations(page, site_url, rel):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + rel)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []
