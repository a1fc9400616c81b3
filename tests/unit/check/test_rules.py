"""Semantic checks (check/rules.py), in throw-away registries.

Each check code has a test named after it with a case that must report it and a close case that must
not. `test_every_code_is_tested` keeps the code catalogue, the tests and the corpus in step.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from accessgap.check import rules
from accessgap.codes import CATALOGUE
from tests.helpers.corpus import cases
from tests.helpers.findings import codes, dump, entry, findings, one, put


# --- the fixture registry is clean ----------------------------------------------------------------------

def test_fixture_registry_is_valid(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry())
    rc, found = findings(run_cli, project)
    assert (rc, found) == (0, [])


# --- identity ---------------------------------------------------------------------------------------------

def test_E001_id_must_match_file_name(run_cli, project):
    put(project, "entries/2023/MAG-2023-0902.yaml", entry("MAG-2023-0903"))
    put(project, "entries/2023/MAG-2023-0901.yaml", entry("MAG-2023-0901"))
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "E001")
    assert f["path"] == "registry/entries/2023/MAG-2023-0902.yaml"
    assert f["message"] == "id `MAG-2023-0903` does not match the file name `MAG-2023-0902.yaml`"
    assert f["hint"] == "rename the file to `MAG-2023-0903.yaml` (IDs never change, so keep the id)"
    assert (f["line"], f["col"], f["pointer"]) == (2, 5, "$.id")


def test_E001_applies_to_vocabulary_records(run_cli, project):
    lab = (project / "registry/labs/openai.yaml").read_text(encoding="utf-8")
    put(project, "labs/open-ai.yaml", lab)
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert set(codes(found)) == {"E001", "E002", "W050"}  # the copy's id and name are duplicates too
    assert one(found, "E001")["path"] == "registry/labs/open-ai.yaml"


def test_E001_not_for_files_outside_the_registry(run_cli, project, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(dump(entry("MAG-2023-0909")), encoding="utf-8")
    rc, found = findings(run_cli, project, "--kind", "entry", str(draft))
    assert (rc, found) == (0, [])


def test_E002_duplicate_ids(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry("MAG-2023-0901"))
    put(project, "entries/2024/MAG-2023-0901.yaml", entry("MAG-2023-0901"))
    rc, found = findings(run_cli, project)
    assert rc == 1
    dup = one(found, "E002")
    assert dup["message"] == "entry id `MAG-2023-0901` is already used by registry/entries/2023/MAG-2023-0901.yaml"
    assert dup["path"] == "registry/entries/2024/MAG-2023-0901.yaml"
    # the second copy is also in the wrong year folder
    assert one(found, "E003")["path"] == "registry/entries/2024/MAG-2023-0901.yaml"


def test_E002_reported_when_validating_only_the_new_file(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry("MAG-2023-0901"))
    new = put(project, "entries/2023/MAG-2023-0911.yaml", entry("MAG-2023-0901"))
    rc, found = findings(run_cli, project, str(new.relative_to(project)))
    assert rc == 1
    assert sorted(codes(found)) == ["E001", "E002", "W040"]
    assert {f["path"] for f in found} == {"registry/entries/2023/MAG-2023-0911.yaml"}


def test_E003_entry_in_the_wrong_year_folder(run_cli, project):
    put(project, "entries/2024/MAG-2023-0901.yaml", entry())
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "E003")
    assert f["message"] == "entry `MAG-2023-0901` is in folder `2024/`"
    assert f["hint"] == "move it to registry/entries/2023/"


# --- references -------------------------------------------------------------------------------------------

def test_E010_unknown_references_with_did_you_mean(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(
        labs=["opnai"], models=["gpt4"], outsiders=["arc-evals"], related=["MAG-2023-0002"],
        evaluation_windows=[{"organisation": "mter", "model": "gpt-4", "days": 5}]))
    rc, found = findings(run_cli, project)
    assert rc == 1
    by_message = {f["message"]: f for f in found if f["code"] == "E010"}
    assert set(by_message) == {"unknown lab `opnai`", "unknown model `gpt4`", "unknown organisation `arc-evals`",
                               "unknown entry `MAG-2023-0002`", "unknown organisation `mter`"}
    assert by_message["unknown lab `opnai`"]["hint"] == (
        "did you mean `openai`? use an existing id from registry/labs/, or add a record with `accessgap new lab opnai`")
    assert by_message["unknown model `gpt4`"]["hint"].startswith("did you mean `gpt-4`? ")
    # found through the organisation's alias "ARC Evals", not its id
    assert by_message["unknown organisation `arc-evals`"]["hint"].startswith("did you mean `metr`? ")
    assert by_message["unknown entry `MAG-2023-0002`"]["hint"].endswith("check the ID on the site or in registry/entries/")
    assert by_message["unknown organisation `mter`"]["pointer"] == "$.evaluation_windows[0].organisation"


def test_E010_another_version_is_not_offered_as_a_spelling(run_cli, project):
    # `gpt-5` is close to `gpt-4` as text, but it is another model: the hint says how to add it
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(models=["gpt-5"]))
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert one(found, "E010")["hint"] == ("use an existing id from registry/models/, "
                                          "or add a record with `accessgap new model gpt-5 --lab LAB`")


def test_E010_model_with_unknown_lab(run_cli, project):
    put(project, "models/new-model.yaml", {"schema_version": "2.0", "id": "new-model", "name": "New model",
                                            "lab": "open-ai", "description": "A model."})
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "E010")
    assert (f["path"], f["message"], f["pointer"]) == ("registry/models/new-model.yaml", "unknown lab `open-ai`", "$.lab")
    assert f["hint"].startswith("did you mean `openai`?")


def test_E010_successor_must_exist(run_cli, project):
    status = {"state": "withdrawn", "date": "2023-04", "reason": "Merged.", "successor": "MAG-2023-0777"}
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(status=status))
    rc, found = findings(run_cli, project)
    assert one(found, "E010")["pointer"] == "$.status.successor"
    status["successor"] = "MAG-2023-0001"
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(status=status))
    assert findings(run_cli, project) == (0, [])


def test_E011_entry_related_to_itself(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(related=["MAG-2023-0001", "MAG-2023-0901"]))
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "E011")
    assert f["pointer"] == "$.related[1]"
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(related=["MAG-2023-0001"]))
    assert findings(run_cli, project) == (0, [])


def test_W012_model_of_a_lab_the_entry_does_not_list(run_cli, project):
    put(project, "labs/other-lab.yaml", {"schema_version": "2.0", "id": "other-lab", "name": "Other Lab",
                                          "description": "Another lab.", "homepage": "https://example.org/"})
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(labs=["other-lab"]))
    rc, found = findings(run_cli, project)
    assert rc == 0  # a warning only
    f = one(found, "W012")
    assert (f["severity"], f["pointer"]) == ("warning", "$.models[0]")
    assert f["message"] == "model `gpt-4` belongs to lab `openai`, which the entry does not list"
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(labs=["other-lab", "openai"]))
    assert findings(run_cli, project) == (0, [])


# --- dates ------------------------------------------------------------------------------------------------

@pytest.fixture
def today(monkeypatch):
    # Far enough ahead that the helpers' own dates (accessed, last_verified: the real today) are past.
    monkeypatch.setattr(rules, "today", lambda: dt.date(2030, 6, 15))


def _dates(**kw):
    d = {"event": "2023-03-14", "insider_access": "2022-08", "outsider_access": "2023-03-14"}
    d.update(kw)
    return {k: v for k, v in d.items() if v is not None}


@pytest.mark.parametrize("event, future", [("2030-06-15", False), ("2030-06-16", True), ("2030-06", False),
                                           ("2030-07", True), ("2030", False), ("2031~", True)])
def test_E020_date_in_the_future_by_precision(run_cli, project, today, event, future):
    status = {"state": "open"}
    put(project, "entries/2030/MAG-2030-0901.yaml", entry("MAG-2030-0901", dates={"event": event}, status=status,
                                                          gap_types=[{"type": "safeguards", "subtypes": ["classifiers"]}]))
    rc, found = findings(run_cli, project)
    assert codes(found) == (["E020"] if future else [])
    assert rc == (1 if future else 0)


def test_E020_checks_every_date_field(run_cli, project, today):
    data = entry(last_verified="2031-01-01")
    data["sources"][0]["accessed"] = "2030-12-01"
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project)
    assert sorted(f["pointer"] for f in found if f["code"] == "E020") == ["$.last_verified", "$.sources[0].accessed"]


def test_E021_insider_access_after_outsider_access(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates=_dates(insider_access="2023-04")))
    rc, found = findings(run_cli, project)
    assert one(found, "E021")["pointer"] == "$.dates.insider_access"
    # overlapping precisions are not reversed: March 2023 may be before 14 March
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates=_dates(insider_access="2023-03")))
    assert findings(run_cli, project) == (0, [])


def test_E022_source_accessed_before_published(run_cli, project):
    data = entry()
    data["sources"][0]["accessed"] = "2023-03-14"  # published 2023-03-15
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project)
    assert one(found, "E022")["pointer"] == "$.sources[0].accessed"
    data["sources"][0]["accessed"] = "2023-03-15"
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    assert findings(run_cli, project) == (0, [])


def test_E029_aggregators_only_cannot_carry_more_than_low_confidence(run_cli, project):
    data = entry(confidence="medium")
    for s in data["sources"]:
        s["kind"] = "aggregator"
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project)
    assert rc == 1 and [f["code"] for f in found] == ["E029"]
    assert one(found, "E029")["message"] == "confidence is medium, but every source is an aggregator"
    data["confidence"] = "low"
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    assert findings(run_cli, project) == (0, [])
    data["confidence"], data["sources"][0]["kind"] = "high", "secondary"  # one secondary source is enough
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    assert findings(run_cli, project) == (0, [])


def test_E023_status_date_before_event(run_cli, project):
    status = {"state": "closed", "date": "2023-02"}
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(status=status))
    rc, found = findings(run_cli, project)
    assert one(found, "E023")["message"] == "status date 2023-02 is before the event (2023-03-14)"
    status["date"] = "2023-03"  # the same month may be on or after the 14th
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(status=status))
    assert findings(run_cli, project) == (0, [])


def test_W024_only_asks_for_an_outsider_date_that_exists(run_cli, project):
    closed = {"state": "closed", "date": "2023-06"}
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(dates={"event": "2023-03-14", "insider_access": "2023-01"}, status=closed))
    rc, found = findings(run_cli, project)
    assert rc == 0
    assert one(found, "W024")["severity"] == "warning"
    # the gap is still open: outsiders have no date yet, and saying so is the honest entry
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(dates={"event": "2023-03-14", "insider_access": "2023-01"}, status={"state": "open"}))
    assert findings(run_cli, project) == (0, [])
    # no source dates the insider side: nothing can be computed, and nothing honest can be added
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates={"event": "2023-03-14"}, status=closed))
    assert findings(run_cli, project) == (0, [])


@pytest.mark.parametrize("field", ["event", "insider_access"])
def test_S108_year_zero_is_reported_not_raised(run_cli, project, field):
    """Regression: the date pattern lets year 0000 through and date comparisons raised ValueError."""
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates=_dates(**{field: "0000-05"})))
    put(project, "entries/2023/MAG-2023-0902.yaml", entry("MAG-2023-0902", dates=_dates(event="0000")))
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert sorted((f["path"][-14:], f["code"], f["pointer"]) for f in found) == sorted([
        ("2023-0901.yaml", "S108", f"$.dates.{field}"), ("2023-0902.yaml", "S108", "$.dates.event")])


# --- text -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("summary, expected", [
    ("Plain text with *emphasis*, `code` and [a link](https://example.org/).", []),
    ("Numbers compare: 3 < 4 and 5 > 2.", []),
    ("An <b>HTML</b> tag.", ["E030"]),
    ("A comment <!-- hidden -->.", ["E030"]),
    ("[x](javascript:alert(1))", ["E031"]),
    ("[x]( JavaScript:alert(1))", ["E031"]),
    ("[x](mailto:someone@example.org)", ["E031"]),
    ("[ok](https://example.org/) then [bad][r]\n\n[r]: vbscript:msgbox", ["E031"]),
    ("Bare data:text/html,hi next to [ok](https://example.org/).", ["E031"]),
    ("![img](https://example.org/a.png)", ["E032"]),
])
def test_E030_E031_E032_markup_in_summaries(run_cli, project, summary, expected):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(summary=summary))
    rc, found = findings(run_cli, project)
    assert sorted(codes(found)) == expected
    assert rc == (1 if expected else 0)


def test_E030_in_lab_response(run_cli, project):
    response = {"date": "2023-04-01", "summary": "We <i>disagree</i>.", "url": "https://example.org/r"}
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(lab_response=response))
    rc, found = findings(run_cli, project)
    assert one(found, "E030")["pointer"] == "$.lab_response.summary"


# --- duplicates, vocabularies, placeholders ----------------------------------------------------------------

@pytest.mark.parametrize("second_event, duplicate", [("2023-04-13", True), ("2023-04-14", False), ("2023-04", True)])
def test_W040_possible_duplicate_within_30_days(run_cli, project, second_event, duplicate):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry("MAG-2023-0901"))
    put(project, "entries/2023/MAG-2023-0902.yaml",
        entry("MAG-2023-0902", dates=_dates(event=second_event, outsider_access=second_event),
              status={"state": "open"}))
    rc, found = findings(run_cli, project)
    assert rc == 0
    if duplicate:
        f = one(found, "W040")
        assert f["path"] == "registry/entries/2023/MAG-2023-0902.yaml"
        assert f["message"] == "possible duplicate of MAG-2023-0901 (same lab, model and gap type within 30 days)"
    else:
        assert found == []


def test_W040_not_when_related(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry("MAG-2023-0901"))
    put(project, "entries/2023/MAG-2023-0902.yaml", entry("MAG-2023-0902", related=["MAG-2023-0001", "MAG-2023-0901"]))
    assert findings(run_cli, project) == (0, [])


def test_W050_vocabulary_records_sharing_a_name(run_cli, project):
    put(project, "labs/openai-inc.yaml", {"schema_version": "2.0", "id": "openai-inc", "name": "OpenAI",
                                           "description": "Same name.", "homepage": "https://example.org/"})
    rc, found = findings(run_cli, project)
    assert rc == 0
    f = one(found, "W050")  # on the second record in file order
    assert (f["path"], f["pointer"]) == ("registry/labs/openai.yaml", "$.name")
    assert f["message"] == "lab name `OpenAI` is also used by registry/labs/openai-inc.yaml"


def test_E060_placeholder_left_even_when_the_schema_fails(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(title="TODO", confidence="TODO"))
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert sorted(f["pointer"] for f in found if f["code"] == "E060") == ["$.confidence", "$.title"]
    assert "S103" in codes(found) and "S106" in codes(found)


def test_E060_not_for_lowercase_todo(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(tags=["todo-list"]))
    assert findings(run_cli, project) == (0, [])


# --- schema versions and sources (schema 2.0) ---------------------------------------------------------------

def _same_url_sources(**second) -> list[dict]:
    first = dict(entry()["sources"][0])
    return [first, {**first, "quote": "Another exact quote from the same report.", **second}]


def test_S110_a_1_0_file_is_read_with_a_warning_naming_migrate(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(schema_version="1.0"))
    rc, found = findings(run_cli, project)
    f = one(found, "S110")
    assert rc == 0 and f["severity"] == "warning"
    assert (f["path"], f["line"], f["col"], f["pointer"]) == ("registry/entries/2023/MAG-2023-0901.yaml", 1, 17,
                                                              "$.schema_version")
    assert f["message"] == "schema version 1.0 is read during the transition to 2.0"
    assert f["hint"].startswith("run `accessgap migrate registry/entries/2023/MAG-2023-0901.yaml`")
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(schema_version="2.0"))
    assert findings(run_cli, project) == (0, [])


def test_S110_also_for_a_1_0_file_with_schema_errors(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(schema_version="1.0", confidence="sure"))
    rc, found = findings(run_cli, project)
    assert rc == 1 and sorted(codes(found)) == ["S103", "S110"]


def test_E026_quotes_in_a_1_0_file(run_cli, project):
    data = entry(schema_version="1.0")
    data["sources"][0].pop("quote")
    data["sources"][0]["quotes"] = ["One.", "Two."]
    path = put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project)
    f = one(found, "E026")
    assert rc == 1 and f["pointer"] == "$.sources[0].quotes"
    assert path.read_text().splitlines()[f["line"] - 1].strip() == "quotes:"
    assert "accessgap migrate registry/entries/2023/MAG-2023-0901.yaml" in f["hint"]


def test_E027_the_same_source_twice_in_a_2_0_entry(run_cli, project):
    path = put(project, "entries/2023/MAG-2023-0901.yaml", entry(sources=_same_url_sources()))
    rc, found = findings(run_cli, project)
    f = one(found, "E027")
    assert rc == 1 and f["pointer"] == "$.sources[1].url"
    assert f["message"] == "this URL is already cited as source 1 of this list"
    assert "`quotes:`" in f["hint"] and "accessgap migrate" in f["hint"]
    assert path.read_text().splitlines()[f["line"] - 1].strip() == "- url: https://example.org/report"
    # a different note does not make it a different source
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(sources=_same_url_sources(note="Another note.")))
    assert codes(findings(run_cli, project)[1]) == ["E027"]
    # in 1.0 files it is how two quotes were written: migrate merges them
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(schema_version="1.0", sources=_same_url_sources()))
    assert codes(findings(run_cli, project)[1]) == ["S110"]


def test_E027_also_in_a_timeline_stage(run_cli, project):
    src = {k: v for k, v in entry()["sources"][0].items()}
    stage = {"stage": "api", "start": "2023-03-14", "sources": [src, {**src, "quote": "Another quote."}]}
    put(project, "models/test-model.yaml", _model([stage]))
    rc, found = findings(run_cli, project)
    assert rc == 1 and one(found, "E027")["pointer"] == "$.timeline[0].sources[1].url"


def test_W028_one_url_as_two_sources_that_disagree(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(sources=_same_url_sources(title="A later version of the report", published="2023-03-27")))
    rc, found = findings(run_cli, project)
    f = one(found, "W028")
    assert rc == 0 and f["pointer"] == "$.sources[1].url"
    assert f["message"] == "this URL is also source 1 of this list, which gives another `title`, `published`"


# --- every code is tested ---------------------------------------------------------------------------------

def test_every_code_is_tested():
    tests = Path(__file__).resolve().parents[2]
    here = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py"))
    tested_here = set(re.findall(r"def test_((?:[A-Z][0-9]{3}_)+)", here))
    tested_here = {code for group in tested_here for code in group.strip("_").split("_")}
    ranges = {f"A{n}" for n in range(100, 104)}  # test_A100_to_A103
    in_corpus = {e.code for c in cases() for e in c.expected}
    # the network and ID tools' tests (unit/net, unit/tools) assert their codes by value
    asserted = {c for c, v in CATALOGUE.items() if v.tier in ("network", "ids") and f'"{c}"' in here}
    missing = set(CATALOGUE) - tested_here - ranges - in_corpus - asserted
    assert not missing, f"codes without a test: {sorted(missing)}"
    unknown = (tested_here | in_corpus) - set(CATALOGUE)
    assert not unknown, f"tests name codes that the catalogue does not define: {sorted(unknown)}"


def test_every_check_function_documents_its_codes():
    for check in rules.CHECKS:
        named = set(re.findall(r"\b[EWS][0-9]{3}\b", check.__doc__ or ""))
        assert named, f"{check.__name__} names no code in its docstring"
        assert named <= set(CATALOGUE)


def test_E004_a_reserved_vocabulary_id(run_cli, project):
    put(project, "labs/index.yaml", {"schema_version": "2.0", "id": "index", "name": "Index Lab",
                                     "description": "Would replace labs/index.md.", "homepage": "https://example.org/"})
    rc, found = findings(run_cli, project)
    assert rc == 1 and one(found, "E004")["path"] == "registry/labs/index.yaml"


@pytest.mark.parametrize("name, flagged", [("Оpen AI", True),    # Cyrillic О: looks like "OpenAI"
                                           ("0penAI", True),     # digit zero
                                           ("Claudе Lab", True), # Cyrillic е mixed into Latin
                                           ("Open Research Lab", False)])
def test_W051_look_alike_and_mixed_script_names(run_cli, project, name, flagged):
    put(project, "labs/lookalike.yaml", {"schema_version": "2.0", "id": "lookalike", "name": name,
                                         "description": "A look-alike.", "homepage": "https://example.org/"})
    rc, found = findings(run_cli, project)
    assert rc == 0
    assert ("W051" in codes(found)) == flagged


# --- timelines ----------------------------------------------------------------------------------------------

def _model(timeline: list[dict]) -> dict:
    return {"schema_version": "2.0", "id": "test-model", "name": "Test Model", "lab": "openai",
            "description": "A model with a timeline.", "timeline": timeline}


def test_E025_an_outsider_stage_before_the_insiders_stage(run_cli, project):
    put(project, "models/test-model.yaml", _model([
        {"stage": "insiders", "start": "2023-06", "entries": ["MAG-2023-0001"]},
        {"stage": "api", "start": "2023-05-31", "entries": ["MAG-2023-0001"]},
        {"stage": "app", "start": "2023-06-01", "entries": ["MAG-2023-0001"]}]))  # same month: not reversed
    rc, found = findings(run_cli, project)
    f = one(found, "E025")
    assert (rc, f["pointer"]) == (1, "$.timeline[1].start")


def test_timeline_references_and_future_dates_are_checked(run_cli, project, today):
    put(project, "models/test-model.yaml", _model([
        {"stage": "insiders", "start": "2023", "entries": ["MAG-2023-0001"]},
        {"stage": "evaluator", "organisation": "no-such-org", "start": "2031/..", "entries": ["MAG-2023-0999"]},
        {"stage": "open_weights", "not_yet_as_of": "2031-01-01", "entries": ["MAG-2023-0001"]}]))
    rc, found = findings(run_cli, project)
    assert sorted((f["code"], f["pointer"]) for f in found) == [
        ("E010", "$.timeline[1].entries[0]"), ("E010", "$.timeline[1].organisation"),
        ("E020", "$.timeline[1].start"), ("E020", "$.timeline[2].not_yet_as_of")]


@pytest.mark.parametrize("stage, text", [
    ({"stage": "api", "start": "2024-13", "entries": ["MAG-2023-0001"]}, "an interval"),
    ({"stage": "api", "entries": ["MAG-2023-0001"]}, "exactly one of `start`"),
    ({"stage": "api", "start": "2024"}, "cite at least one source or entry"),
])
def test_a_bad_stage_gets_a_located_message(run_cli, project, stage, text):
    put(project, "models/test-model.yaml", _model([stage]))
    rc, found = findings(run_cli, project)
    assert rc == 1 and any(text in f["message"] for f in found), found
    assert all(f["line"] > 0 for f in found)
