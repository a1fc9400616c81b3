"""Semantic checks (check/rules.py) and registry-level findings, in throw-away registries.

Each check code has a test named after it with a case that must report it and a close case that must
not. `test_every_code_is_tested` keeps the code catalogue, these tests and the corpus in step.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, Field

from accessgap.check import rules
from accessgap.codes import CATALOGUE
from accessgap.load import shape
from accessgap.load import safeyaml
from corpus import VALID, cases

# --- helpers ------------------------------------------------------------------------------------------

_BASE = safeyaml.parse((VALID / "complete-entry.yaml").read_text(encoding="utf-8"), "base").data


def entry(entry_id: str = "MAG-2023-0901", **changes) -> dict:
    """The complete valid entry with top-level keys changed (None removes a key)."""
    data = copy.deepcopy(_BASE)
    data["id"] = entry_id
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096)


def put(project: Path, rel: str, data) -> Path:
    path = project / "registry" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
    return path


def findings(run_cli, project: Path, *args: str, command: str = "validate") -> tuple[int, list[dict]]:
    result = run_cli([command, "--format", "json", *args], cwd=project)
    assert result.err == ""
    return result.rc, json.loads(result.out)["findings"]


def codes(found: list[dict], path_part: str = "") -> list[str]:
    return [f["code"] for f in found if path_part in f["path"]]


def one(found: list[dict], code: str) -> dict:
    hits = [f for f in found if f["code"] == code]
    assert len(hits) == 1, found
    return hits[0]


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
        "did you mean `openai`? add `registry/labs/opnai.yaml` or use an existing id")
    assert by_message["unknown model `gpt4`"]["hint"].startswith("did you mean `gpt-4`? ")
    # found through the organisation's alias "ARC Evals", not its id
    assert by_message["unknown organisation `arc-evals`"]["hint"].startswith("did you mean `metr`? ")
    assert by_message["unknown entry `MAG-2023-0002`"]["hint"].endswith("check the ID on the site or in registry/entries/")
    assert by_message["unknown organisation `mter`"]["pointer"] == "$.evaluation_windows[0].organisation"


def test_E010_model_with_unknown_lab(run_cli, project):
    put(project, "models/new-model.yaml", {"schema_version": "1.0", "id": "new-model", "name": "New model",
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
    put(project, "labs/other-lab.yaml", {"schema_version": "1.0", "id": "other-lab", "name": "Other Lab",
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
    monkeypatch.setattr(rules, "today", lambda: dt.date(2026, 11, 28))


def _dates(**kw):
    d = {"event": "2023-03-14", "insider_access": "2022-08", "outsider_access": "2023-03-14"}
    d.update(kw)
    return {k: v for k, v in d.items() if v is not None}


@pytest.mark.parametrize("event, future", [("2026-11-28", False), ("2026-11-29", True), ("2026-11", False),
                                           ("2026-12", True), ("2026", False), ("2027~", True)])
def test_E020_date_in_the_future_by_precision(run_cli, project, today, event, future):
    status = {"state": "open"}
    put(project, "entries/2026/MAG-2026-0901.yaml", entry("MAG-2026-0901", dates={"event": event}, status=status,
                                                          gap_types=[{"type": "safeguards", "subtypes": ["classifiers"]}]))
    rc, found = findings(run_cli, project)
    assert codes(found) == (["E020"] if future else [])
    assert rc == (1 if future else 0)


def test_E020_checks_every_date_field(run_cli, project, today):
    data = entry(last_verified="2027-01-01")
    data["sources"][0]["accessed"] = "2026-12-01"
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


def test_E023_status_date_before_event(run_cli, project):
    status = {"state": "closed", "date": "2023-02"}
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(status=status))
    rc, found = findings(run_cli, project)
    assert one(found, "E023")["message"] == "status date 2023-02 is before the event (2023-03-14)"
    status["date"] = "2023-03"  # the same month may be on or after the 14th
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(status=status))
    assert findings(run_cli, project) == (0, [])


def test_W024_lag_entry_without_both_dates(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates={"event": "2023-03-14"}))
    rc, found = findings(run_cli, project)
    assert rc == 0
    assert one(found, "W024")["severity"] == "warning"
    # a lag entry about evaluation windows alone needs no lag dates
    gaps = [{"type": "deployment_lag", "subtypes": ["evaluation_window"]}]
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(dates={"event": "2023-03-14"}, gap_types=gaps))
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
    put(project, "labs/openai-inc.yaml", {"schema_version": "1.0", "id": "openai-inc", "name": "OpenAI",
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


# --- files in the registry ----------------------------------------------------------------------------------

def test_R001_file_without_yaml_suffix(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yml", entry())
    (project / "registry/labs/README").write_text("notes", encoding="utf-8")
    (project / "registry/labs/.hidden.yml").write_text("ignored", encoding="utf-8")
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert sorted((f["path"], f["code"], f["line"]) for f in found) == [
        ("registry/entries/2023/MAG-2023-0901.yml", "R001", 0), ("registry/labs/README", "R001", 0)]


def test_Y002_symlinked_file_is_not_followed(run_cli, project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("token: s3cr3t-value\n", encoding="utf-8")
    (project / "registry/labs/leak.yaml").symlink_to(secret)
    for args in ([], ["registry/labs/leak.yaml"]):
        rc, found = findings(run_cli, project, *args)
        assert rc == 1
        f = one(found, "Y002")
        assert (f["path"], f["message"]) == ("registry/labs/leak.yaml", "is a symbolic link")
        assert "s3cr3t" not in json.dumps(found)


def test_Y002_symlinked_folder_is_not_walked(run_cli, project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "MAG-2023-0901.yaml").write_text(dump(entry(title="TODO")), encoding="utf-8")
    (project / "registry/entries/2023/linked").symlink_to(outside, target_is_directory=True)
    rc, found = findings(run_cli, project)
    assert rc == 1
    assert [(f["path"], f["code"]) for f in found] == [("registry/entries/2023/linked", "Y002")]


def test_Y002_symlink_loops_do_not_crash(run_cli, project):
    """Regression: a link loop in the registry made `validate PATH` and `fmt PATH` raise RuntimeError."""
    (project / "registry/labs/loop.yaml").symlink_to("loop.yaml")
    (project / "registry/labs/loop-dir").symlink_to("loop-dir")
    rc, found = findings(run_cli, project, "registry/labs/loop.yaml")
    assert (rc, codes(found)) == (1, ["Y002"])
    rc, found = findings(run_cli, project)
    assert sorted(codes(found)) == ["R001", "Y002"]  # loop-dir cannot be opened as a folder
    result = run_cli(["fmt", "registry/labs/loop.yaml"], cwd=project)
    assert result.rc == 1 and "cannot format a file that does not load" in result.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_Y003_not_a_regular_file(run_cli, project):
    os.mkfifo(project / "registry/labs/pipe.yaml")  # opening it would block: it must never be opened
    rc, found = findings(run_cli, project)
    assert rc == 1
    f = one(found, "Y003")
    assert (f["path"], f["message"]) == ("registry/labs/pipe.yaml", "is not a regular file")


def test_Y001_unreadable_file(tmp_path):
    loaded = safeyaml.load(tmp_path / "gone.yaml", "gone.yaml")
    assert [(f.code, f.message) for f in loaded.findings] == [("Y001", "cannot read the file: No such file or directory")]


def test_Y029_parser_failures_become_findings(monkeypatch):
    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(safeyaml, "_build", explode)
    loaded = safeyaml.parse("a: 1\n", "x.yaml")
    assert [(f.code, f.line, f.message) for f in loaded.findings] == [
        ("Y029", 1, "the file cannot be read as YAML (RecursionError)")]


def test_S100_unmapped_schema_errors_get_the_generic_code():
    class Odd(BaseModel):
        step: float = Field(multiple_of=0.5)

    loaded = safeyaml.parse("step: 0.3\n", "odd.yaml")
    model, found = shape.validate_record(loaded, Odd)
    assert model is None
    assert [(f.code, f.line, f.col, f.pointer) for f in found] == [("S100", 1, 7, "$.step")]
    assert found[0].message.startswith("`step`: Input should be a multiple of 0.5")


# --- audit ---------------------------------------------------------------------------------------------------

def test_A100_to_A103_audit_warnings(run_cli, project):
    data = entry(confidence="low")
    data["sources"][0].update(kind="secondary", quote=" ".join(["word"] * 51))
    del data["sources"][0]["archive_url"]
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project, command="audit")
    assert rc == 0  # warnings only
    mine = [f for f in found if "0901" in f["path"]]
    assert sorted(f["code"] for f in mine) == ["A100", "A101", "A102", "A103"]
    assert one(mine, "A101")["message"] == "quote has 51 words (limit 50)"
    # `validate` does not audit
    assert findings(run_cli, project) == (0, [])


def test_audit_quiet_on_a_well_sourced_entry(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry())
    rc, found = findings(run_cli, project, "registry/entries/2023/MAG-2023-0901.yaml", command="audit")
    assert (rc, found) == (0, [])


# --- every code is tested ---------------------------------------------------------------------------------

def test_every_code_is_tested():
    here = Path(__file__).read_text(encoding="utf-8")
    tested_here = set(re.findall(r"def test_((?:[A-Z][0-9]{3}_)+)", here))
    tested_here = {code for group in tested_here for code in group.strip("_").split("_")}
    ranges = {f"A{n}" for n in range(100, 104)}  # test_A100_to_A103
    in_corpus = {e.code for c in cases() for e in c.expected}
    # the network and ID tools' codes are tested in their own modules (test_linkcheck, test_archive, test_renumber)
    CODES = {c for c, v in CATALOGUE.items() if v.tier not in ("network", "ids")}
    missing = set(CODES) - tested_here - ranges - in_corpus
    assert not missing, f"codes without a test: {sorted(missing)}"
    unknown = (tested_here | in_corpus) - set(CODES)
    assert not unknown, f"tests name codes that the catalogue does not define: {sorted(unknown)}"


def test_every_check_function_documents_its_codes():
    for check in rules.CHECKS:
        named = set(re.findall(r"\b[EWS][0-9]{3}\b", check.__doc__ or ""))
        assert named, f"{check.__name__} names no code in its docstring"
        assert named <= set(CATALOGUE)

