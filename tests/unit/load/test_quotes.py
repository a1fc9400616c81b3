"""One source, several quotes (schema 2.0): the `quotes` shape and its located errors."""

from __future__ import annotations

import json

from accessgap.models import Quote, Source
from tests.helpers.findings import entry, findings, one, put

SOURCE = {"url": "https://example.org/report", "title": "A report about the model", "publisher": "Example",
          "published": "2023-03-15", "accessed": "2026-11-01", "kind": "primary"}


def with_source(**fields) -> dict:
    data = entry()
    data["sources"] = [{**SOURCE, "archive_url": "https://web.archive.org/web/2023/https://example.org/report",
                        **fields}]
    return data


def test_quotes_take_text_or_a_mapping_with_lang_and_note():
    s = Source.model_validate_json(json.dumps({**SOURCE, "quotes": [
        "First exact quote.", {"text": "Deuxième citation.", "lang": "fr", "note": "From the French edition."}]}))
    assert s.all_quotes == [Quote(text="First exact quote."),
                            Quote(text="Deuxième citation.", lang="fr", note="From the French edition.")]
    assert s.quote_path(0) == ("quotes", 0) and s.quote_path(1) == ("quotes", 1, "text")


def test_a_single_quote_is_a_list_of_one():
    s = Source.model_validate_json(json.dumps({**SOURCE, "quote": "Only quote."}))
    assert s.all_quotes == [Quote(text="Only quote.")] and s.quote_path(0) == ("quote",)


def test_an_entry_with_quotes_is_valid(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", with_source(quotes=["One.", {"text": "Zwei.", "lang": "de"}]))
    assert findings(run_cli, project) == (0, [])


def test_quote_and_quotes_together_are_refused_at_the_source(run_cli, project):
    path = put(project, "entries/2023/MAG-2023-0901.yaml", with_source(quote="One.", quotes=["Two."]))
    rc, found = findings(run_cli, project)
    f = one(found, "S108")
    assert rc == 1 and "give either `quote` (one quote) or `quotes` (a list), not both" in f["message"]
    line = path.read_text().splitlines().index("- url: https://example.org/report") + 1
    assert (f["line"], f["pointer"]) == (line, "$.sources[0]")


def test_a_source_without_any_quote_says_what_is_missing(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", with_source())
    rc, found = findings(run_cli, project)
    assert rc == 1 and "needs a `quote` (or `quotes`, a list of them)" in one(found, "S108")["message"]


def test_a_bad_language_tag_is_located_at_its_line_without_the_form_tag(run_cli, project):
    path = put(project, "entries/2023/MAG-2023-0901.yaml", with_source(quotes=["One.", {"text": "Deux.", "lang": "French"}]))
    rc, found = findings(run_cli, project)
    f = one(found, "S104")
    assert rc == 1 and f["pointer"] == "$.sources[0].quotes[1].lang"
    assert f["message"] == "`lang`: 'French' is not a language tag like `fr`, `de` or `zh-Hans`"
    assert "BCP 47" in f["hint"]
    assert path.read_text().splitlines()[f["line"] - 1].strip() == "lang: French"


def test_a_number_as_a_quote_is_reported_once(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", with_source(quotes=["One.", 42]))
    rc, found = findings(run_cli, project)
    f = one(found, "S105")
    assert rc == 1 and f["pointer"] == "$.sources[0].quotes[1]" and f["message"] == "`quotes` must be text, not a number"


def test_an_unknown_key_in_a_quote_suggests_the_right_one(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", with_source(quotes=[{"text": "One.", "language": "fr"}]))
    rc, found = findings(run_cli, project)
    f = one(found, "S102")
    assert rc == 1 and f["pointer"] == "$.sources[0].quotes[0].language" and "`lang`" in f["hint"]


def test_A101_names_the_long_quote_in_a_list(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml",
        with_source(quotes=["Short.", {"text": " ".join(["word"] * 60), "lang": "en-GB"}]))
    rc, found = findings(run_cli, project, command="audit")
    f = one(found, "A101")
    assert rc == 0 and f["pointer"] == "$.sources[0].quotes[1].text" and f["message"] == "quote has 60 words (limit 50)"
