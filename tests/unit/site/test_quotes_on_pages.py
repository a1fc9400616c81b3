"""Every quote of a source reaches the entry page, the model's timeline and the JSON exports."""

from __future__ import annotations

import json

from accessgap.check.runner import validate
from accessgap.site.enrich import enrich
from accessgap.site.generate import generate
from tests.helpers.project import entry, make_project
from tests.unit.site.conftest import CONFIG

QUOTES = """    quotes:
      - An exact short quote.
      - text: Une deuxième citation <exacte>.
        lang: fr
        note: From the French edition.
"""

MODEL = """schema_version: "2.0"
id: test-model
name: Test Model
lab: openai
description: A model with a timeline.
timeline:
  - stage: api
    start: "2024-05-01"
    sources:
      - url: https://example.org/launch
        title: The launch post
        publisher: Example
        accessed: "2026-11-01"
        kind: primary
        quotes:
          - Available to every developer today.
          - text: Heute für alle verfügbar.
            lang: de
"""


def _site(tmp_path):
    text = entry("MAG-2024-0001").replace("    quote: >-\n      An exact short quote.\n", QUOTES)
    project = make_project(tmp_path / "p", {"MAG-2024-0001": text})
    (project / "registry/models/test-model.yaml").write_text(MODEL, encoding="utf-8")
    reg = validate(project / "registry")
    assert not reg.result.findings, [(f.code, f.message) for f in reg.result.findings]
    site = enrich(reg, dict(CONFIG))
    out = tmp_path / "out"
    generate(site, tmp_path / "no-docs", out)
    return out


def test_the_entry_page_shows_every_quote_with_its_language_and_note(tmp_path):
    page = (_site(tmp_path) / "entries/MAG-2024-0001.md").read_text(encoding="utf-8")
    assert "<blockquote>An exact short quote.</blockquote>" in page
    assert '<blockquote lang="fr">Une deuxième citation &lt;exacte&gt;.</blockquote>' in page
    assert '<p class="mag-note">From the French edition.</p>' in page


def test_the_model_page_shows_the_stage_sources_quotes(tmp_path):
    page = (_site(tmp_path) / "models/test-model.md").read_text(encoding="utf-8")
    assert "What the stage sources say" in page
    assert "<blockquote>Available to every developer today.</blockquote>" in page
    assert '<blockquote lang="de">Heute für alle verfügbar.</blockquote>' in page


def test_exports_list_every_quote_in_one_form(tmp_path):
    out = _site(tmp_path)
    src = json.loads((out / "api/v1/entries/MAG-2024-0001.json").read_text())["entry"]["sources"][0]
    assert src["quotes"] == [{"text": "An exact short quote."},
                             {"text": "Une deuxième citation <exacte>.", "lang": "fr", "note": "From the French edition."}]
    assert src["quote"] == "An exact short quote."  # export v1 readers still find a quote
    tl = json.loads((out / "api/v1/timelines.json").read_text())
    stage_src = tl["timelines"][0]["stages"][0]["sources"][0]
    assert [q["text"] for q in stage_src["quotes"]] == ["Available to every developer today.", "Heute für alle verfügbar."]
    assert tl["schema_version"] == "2.0"
