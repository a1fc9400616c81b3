"""Quantities reach the entry page as readable figures, and the JSON export as typed values."""

from __future__ import annotations

import json

from accessgap.site.generate import generate
from tests.helpers.project import entry
from tests.unit.site.conftest import build_site

QUANTITIES = """quantities:
  - kind: price
    value: 60
    unit: usd
    per: million_output_tokens
    source: 1
  - kind: rate_limit
    value: 40
    unit: messages_per_week
    approximate: true
    applies_to: ChatGPT Plus
status:
"""


def test_the_entry_page_and_export_show_each_quantity(tmp_path):
    text = entry("MAG-2024-0001").replace("status:\n", QUANTITIES, 1)
    site = build_site(tmp_path / "p", {"MAG-2024-0001": text})
    out = tmp_path / "out"
    generate(site, tmp_path / "no-docs", out)
    page = (out / "entries/MAG-2024-0001.md").read_text(encoding="utf-8")
    assert '<dt>Price</dt><dd>60 USD per million output tokens <span class="mag-note">(source 1)</span></dd>' in page
    assert "<dt>Rate limit</dt><dd>about 40 messages per week (ChatGPT Plus)</dd>" in page
    exported = json.loads((out / "api/v1/entries/MAG-2024-0001.json").read_text())["entry"]["quantities"]
    assert exported[0] == {"kind": "price", "value": 60.0, "unit": "usd", "per": "million_output_tokens",
                           "approximate": False, "source": 1}
