"""HTML charts: yearly bars split by direction with Explore links, and a lab's Gantt on one axis."""

from __future__ import annotations

import json

from accessgap.models import Model
from accessgap.site.htmlcharts import gantt, pct, year_chart
from accessgap.site.timelines import timeline_of
from tests.helpers.findings import entry
from tests.helpers.sites import site_with


def test_a_small_share_stays_visible_and_widths_are_whole_per_cent():
    assert pct(1, 1000) == 1 and pct(0, 10) == 0 and pct(5, 10) == 50 and pct(10, 10) == 100 and pct(3, 0) == 0


def test_year_bars_count_each_direction_and_link_to_the_filtered_explore(tmp_path):
    def one(ident, day, direction):
        return entry(ident, dates={"event": day}, direction=direction, status={"state": "open"}, related=None)

    site = site_with(tmp_path, one("MAG-2024-0001", "2024-03-01", "widens"), one("MAG-2024-0002", "2024-05-01", "narrows"),
                     one("MAG-2024-0003", "2024-06-01", "widens"), one("MAG-2023-0001", "2023-06-01", "mixed"))
    c = year_chart(site.entries, "T", "lab=openai", "../../")
    assert c.n == 4 and [b.year for b in c.bars] == [2024, 2023]
    y2024 = c.bars[0]
    assert [(s.key, s.n, s.width) for s in y2024.segments] == [("widens", 2, 67), ("narrows", 1, 33)]
    assert y2024.segments[0].href == "../../explore/?lab=openai&year=2024&direction=widens"
    assert y2024.segments[0].title == "2024: 2 entries — widens the gap"


def model(ident: str, *stages: dict) -> Model:
    return Model.model_validate_json(json.dumps({
        "schema_version": "1.0", "id": ident, "name": ident, "lab": "openai", "description": "A model.",
        "timeline": [{"entries": ["MAG-2024-0001"], **s} for s in stages]}))


def test_the_gantt_puts_every_model_on_one_axis_from_january_to_january():
    a = timeline_of(model("a", {"stage": "insiders", "start": "2022-01-01"}, {"stage": "api", "start": "2023-01-01"}))
    b = timeline_of(model("b", {"stage": "partners", "start": "2023-01/2023-06"},
                          {"stage": "open_weights", "not_yet_as_of": "2023-12-31"}))
    g = gantt([a, b])
    assert (g.start.isoformat(), g.end.isoformat()) == ("2022-01-01", "2024-01-01")
    assert g.years == [(2022, 0), (2023, 50)]
    ins, api = g.rows[0].marks
    assert (ins.left, ins.width, api.left) == (0, 0, 50)
    partners, weights = g.rows[1].marks
    assert partners.left == 50 and partners.width == 75 - 50  # 30 June 2023 is day 545 of 730
    assert weights.pending and weights.left == 100 and "not yet, as of 31 December 2023" in weights.title


def test_no_dated_stage_means_no_gantt():
    assert gantt([]) is None
