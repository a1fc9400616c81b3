"""Explore's data file: one compact record per entry, in the table's order, with the fields the
downloads promise, and a sub-type facet that offers only the sub-types in use."""

from __future__ import annotations

import json

from accessgap.site.explore import FIELDS, explore_json, filters
from tests.helpers.findings import entry
from tests.helpers.sites import site_with


def test_rows_follow_the_table_and_hold_every_download_field(tmp_path):
    site = site_with(tmp_path, entry("MAG-2024-0001", dates={"event": "2024-03-01"}, status={"state": "open"}, related=None),
                     entry("MAG-2023-0001", dates={"event": "2023-06-01"}, status={"state": "open"}, related=None))
    data = json.loads(explore_json(site))
    assert data["fields"] == FIELDS
    assert [r["id"] for r in data["entries"]] == [v.id for v in site.entries] == ["MAG-2024-0001", "MAG-2023-0001"]
    assert all(list(r) == FIELDS for r in data["entries"])
    first = site.entries[0].entry
    assert data["entries"][0]["summary"] == first.summary and data["entries"][0]["url"].endswith("/entries/MAG-2024-0001/")
    offered = dict((name, [v for v, _ in options]) for name, _, options in filters(site))
    used = {str(getattr(s, "value", s)) for v in site.entries for g in v.entry.gap_types for s in g.subtypes}
    assert set(offered["subtype"]) == used
    assert list(offered)[:2] == ["gap_type", "lab"]  # the Timeline shows these two
