"""The `accessgap` command line: exit codes, output formats, `new` and `fmt`, and pinned messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from accessgap import models
from accessgap.tools import new as scaffold
from accessgap.load import safeyaml
from tests.helpers.corpus import INVALID, VALID

GITHUB_LINE = re.compile(r"::(error|warning) file=([^,:]+)(,line=(\d+),col=(\d+))?,title=([A-Z][0-9]{3})::(.*)")


def put(project: Path, rel: str, text: str) -> Path:
    path = project / "registry" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_case(project: Path, case: str, rel: str) -> Path:
    path = project / "registry" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INVALID / f"{case}.yaml" if (INVALID / f"{case}.yaml").exists() else VALID / f"{case}.yaml", path)
    return path


# --- exit codes ---------------------------------------------------------------------------------------------

def test_exit_0_on_a_valid_registry(run_cli, project):
    result = run_cli(["validate"], cwd=project)
    assert (result.rc, result.err) == (0, "")
    assert result.out == "4 file(s) checked: 0 error(s), 0 warning(s) — all good\n"


def test_exit_1_on_errors_and_0_on_warnings_only(run_cli, project):
    copy_case(project, "warning-lag-without-dates", "entries/2024/MAG-2024-0915.yaml")
    assert run_cli(["validate"], cwd=project).rc == 0
    copy_case(project, "bad-enum-value", "entries/2023/MAG-2023-0901.yaml")
    result = run_cli(["validate"], cwd=project)
    assert result.rc == 1
    assert result.out.endswith("6 file(s) checked: 1 error(s), 1 warning(s)\n")


@pytest.mark.parametrize("args, message", [
    (["validate", "--bogus"], "accessgap: error: unrecognized arguments: --bogus"),
    (["validate", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    (["validate", "--kind", "thing", "x.yaml"], "argument --kind: invalid choice: 'thing'"),
    (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    (["validate", "no/such/file.yaml"], "accessgap validate: error: no such file or folder: no/such/file.yaml"),
    (["validate", "a" * 300], "accessgap validate: error: cannot read 'aaaa"),
    (["fmt", "a" * 300], "accessgap fmt: error: cannot read 'aaaa"),
])
def test_exit_2_on_usage_errors(run_cli, project, args, message):
    result = run_cli(args, cwd=project)
    assert result.rc == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_exit_2_without_a_command(run_cli, project):
    result = run_cli([], cwd=project)
    assert result.rc == 2
    assert result.out.startswith("usage: accessgap")


def test_help_exits_0(run_cli, project):
    result = run_cli(["validate", "--help"], cwd=project)
    assert result.rc == 0 and "--format {github,json,text}" in result.out


# --- output formats ---------------------------------------------------------------------------------------

def draft(project: Path, case: str) -> str:
    """Copy a corpus file to draft.yaml at the project's top, outside registry/."""
    source = INVALID / f"{case}.yaml" if (INVALID / f"{case}.yaml").exists() else VALID / f"{case}.yaml"
    shutil.copyfile(source, project / "draft.yaml")
    return "draft.yaml"


def test_text_format_pins_messages(run_cli, project):
    result = run_cli(["validate", "--kind", "entry", draft(project, "unknown-key-did-you-mean")], cwd=project)
    assert result.out.splitlines() == [
        "draft.yaml:2:1: error[S101]: missing required key `confidence`",
        "    hint: add `confidence:` here (see docs/schema.md)",
        "draft.yaml:54:1: error[S102]: unknown key `confidnce`",
        "    hint: did you mean `confidence`? remove it or check the spelling against docs/schema.md",
        "1 file(s) checked: 2 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize("case, line", [
    ("hostile-billion-laughs", "draft.yaml:2:5: error[Y023]: YAML anchor `&l0` is not allowed"),
    ("hostile-duplicate-keys", "draft.yaml:19:1: error[Y032]: duplicate key `direction`"),
    ("bad-id", "draft.yaml:3:5: error[S104]: `id`: 'MAG-23-1' is not an ID like MAG-2024-0007"),
    ("impossible-date", "draft.yaml:22:10: error[S108]: `event` 2024-02-30 is not a calendar date (February 2024 has 29 days)"),
    ("yes-for-boolean", "    hint: write `true` or `false` (`yes`, `no`, `on` and `off` are text)"),
    ("underscore-number", "    hint: write digits only, e.g. `7` (no `_`, no decimal point, at most 30 digits)"),
    ("quoted-number", "    hint: write it without quotes"),
])
def test_pinned_messages(run_cli, project, case, line):
    result = run_cli(["validate", "--kind", "entry", draft(project, case)], cwd=project)
    assert result.rc == 1
    assert line in result.out.splitlines(), result.out


def test_text_format_neutralises_control_characters(run_cli, shared_project):
    """Regression: a key holding a newline printed a line of its own (a forged annotation in CI logs)."""
    result = run_cli(["validate", "--kind", "entry", INVALID / "hostile-newline-in-key.yaml"], cwd=shared_project)
    assert result.rc == 1
    assert not any(line.startswith("::") for line in result.out.splitlines())
    assert "unknown key `x\\u000a::error file=registry" in result.out


def test_github_format(run_cli, project, tmp_path):
    odd = tmp_path / "a,b:c%.yaml"
    shutil.copyfile(INVALID / "hostile-newline-in-key.yaml", odd)
    result = run_cli(["validate", "--kind", "entry", "--format", "github", odd], cwd=project)
    assert result.rc == 1
    lines = result.out.splitlines()
    assert lines[-1] == "1 file(s) checked: 1 error(s), 0 warning(s)"
    annotations = lines[:-1]
    assert len(annotations) == 1
    m = GITHUB_LINE.fullmatch(annotations[0])
    assert m, annotations[0]
    level, file, _, line, col, title, body = m.groups()
    assert (level, line, col, title) == ("error", "18", "1", "S102")
    assert file.endswith("a%2Cb%3Ac%25.yaml")
    assert "\n" not in body and body.startswith("unknown key `x%0A::error file=registry/entries/2023/MAG-2023-0001.yaml")
    assert body.endswith(" — hint: remove it or check the spelling against docs/schema.md")


def test_github_format_warnings_and_whole_file_findings(run_cli, project):
    copy_case(project, "warning-lag-without-dates", "entries/2024/MAG-2024-0915.yaml")
    put(project, "labs/notes.txt", "100% not YAML\n")
    result = run_cli(["validate", "--format", "github"], cwd=project)
    lines = result.out.splitlines()
    assert "::error file=registry/labs/notes.txt,title=R001::is not a .yaml file — hint: registry files end in .yaml; rename or remove it" in lines
    warning = [line for line in lines if line.startswith("::warning ")]
    assert len(warning) == 1 and GITHUB_LINE.fullmatch(warning[0])
    assert ",line=17,col=3,title=W024::" in warning[0]


def test_github_format_escapes_percent(run_cli, project):
    put(project, "labs/pct.yaml", 'schema_version: "2.0"\nid: pct\n"100%": x\n')
    result = run_cli(["validate", "--format", "github", "registry/labs/pct.yaml"], cwd=project)
    assert "::error file=registry/labs/pct.yaml,line=3,col=1,title=S102::unknown key `100%25`" in result.out


def test_json_format(run_cli, shared_project):
    files = [INVALID / "bad-enum-value.yaml", VALID / "minimal-entry.yaml", INVALID / "empty-file.yaml"]
    result = run_cli(["validate", "--kind", "entry", "--format", "json", *files], cwd=shared_project)
    assert result.rc == 1
    report = json.loads(result.out)
    assert (report["files_checked"], report["errors"], report["warnings"]) == (3, 2, 0)
    for f in report["findings"]:
        assert set(f) == {"path", "line", "col", "severity", "code", "message", "hint", "pointer"}
    enum = next(f for f in report["findings"] if f["code"] == "S103")
    assert (enum["line"], enum["col"], enum["pointer"]) == (18, 12, "$.direction")


# --- new ---------------------------------------------------------------------------------------------------

def new(run_cli, project, *, title="Lab kept a model internal for a year", gap_type="non_release", lab="openai",
        date="2023-05"):
    return run_cli(["new", "--no-input", "--title", title, "--gap-type", gap_type, "--lab", lab, "--date", date],
                   cwd=project)


def test_new_takes_several_gap_types_and_labs(run_cli, project):
    result = run_cli(["new", "--no-input", "--title", "Two labs withheld a joint model", "--gap-type",
                      "non_release,safeguards", "--gap-type", "costs_limits", "--lab", "openai", "--lab", "newlab",
                      "--date", "2023-05"], cwd=project)
    assert result.rc == 0, result.err
    assert "note: lab `newlab` has no record yet; add one with `accessgap new lab newlab`" in result.out
    data = safeyaml.parse((project / "registry/entries/2023/MAG-2023-0002.yaml").read_text(encoding="utf-8"), "n").data
    assert [g["type"] for g in data["gap_types"]] == ["non_release", "safeguards", "costs_limits"]
    assert data["labs"] == ["openai", "newlab"]


@pytest.mark.parametrize("title, says", [
    ("Short", "at least 8 characters"),
    ("A <b>bold</b> claim about a lab", "holds HTML"),
    ("TODO write the title later", "still says TODO"),
    ("x" * 161, "at most 160 characters"),
])
def test_new_checks_the_title_before_taking_an_id(run_cli, project, title, says):
    result = new(run_cli, project, title=title)
    assert result.rc == 2 and says in result.err, result.err
    assert not list((project / "registry/entries").rglob("MAG-2023-0002.yaml"))


def test_new_model_lab_and_organisation_records_validate_once_filled(run_cli, project):
    lab = run_cli(["new", "lab", "frontier-co", "--name", "Frontier Co"], cwd=project)
    assert lab.rc == 0 and lab.out.startswith("created registry/labs/frontier-co.yaml"), lab.err
    model = run_cli(["new", "--model", "fc-1", "--lab", "frontier-co", "--name", "FC-1"], cwd=project)
    assert model.rc == 0 and model.out.startswith("created registry/models/fc-1.yaml"), model.err
    org = run_cli(["new", "organisation", "eval-co", "--kind", "third_party_evaluator"], cwd=project)
    assert org.rc == 0, org.err
    unfilled = run_cli(["validate", "--format", "json"], cwd=project)
    todo = {f["path"] for f in json.loads(unfilled.out)["findings"] if f["code"] == "E060"}
    assert unfilled.rc == 1 and todo == {"registry/labs/frontier-co.yaml", "registry/models/fc-1.yaml",
                                         "registry/organisations/eval-co.yaml"}
    for rel in ("labs/frontier-co.yaml", "models/fc-1.yaml", "organisations/eval-co.yaml"):
        path = project / "registry" / rel
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../schema/")
        path.write_text(text.replace("TODO.example.org", "example.org").replace('"TODO: ', '"')
                        .replace('name: "TODO"', 'name: "Eval Co"'), encoding="utf-8")
    check = run_cli(["validate", "--format", "json"], cwd=project)
    assert check.rc == 0, check.out
    data = safeyaml.parse((project / "registry/models/fc-1.yaml").read_text(encoding="utf-8"), "m").data
    assert (data["id"], data["name"], data["lab"]) == ("fc-1", "FC-1", "frontier-co")
    # an existing record is never overwritten, and a model needs a known lab
    again = run_cli(["new", "lab", "frontier-co"], cwd=project)
    assert again.rc == 2 and "already exists" in again.err
    orphan = run_cli(["new", "model", "x-1", "--lab", "opnai"], cwd=project)
    assert orphan.rc == 2 and "accessgap new lab opnai" in orphan.err and "did you mean openai?" in orphan.err
    bad_kind = run_cli(["new", "organisation", "y", "--kind", "evaluator"], cwd=project)
    assert bad_kind.rc == 2 and "--kind" in bad_kind.err


def test_new_allocates_the_next_id(run_cli, project):
    first, second, other_year = new(run_cli, project), new(run_cli, project), new(run_cli, project, date="2024")
    assert first.rc == second.rc == other_year.rc == 0
    assert first.out.splitlines()[0] == "created registry/entries/2023/MAG-2023-0002.yaml"
    assert second.out.splitlines()[0] == "created registry/entries/2023/MAG-2023-0003.yaml"
    assert other_year.out.splitlines()[0] == "created registry/entries/2024/MAG-2024-0001.yaml"


def test_new_counts_ids_in_any_folder(run_cli, project):
    put(project, "entries/misfiled/MAG-2023-0040.yaml", "placeholder: true\n")
    assert new(run_cli, project).out.startswith("created registry/entries/2023/MAG-2023-0041.yaml")


def test_new_never_overwrites(run_cli, project, monkeypatch):
    existing = project / "registry/entries/2023/MAG-2023-0001.yaml"
    before = existing.read_bytes()
    real = scaffold.next_id
    calls = []

    def racing_next_id(entries_dir, year):
        calls.append(year)
        return "MAG-2023-0001" if len(calls) == 1 else real(entries_dir, year)  # another writer took it

    monkeypatch.setattr(scaffold, "next_id", racing_next_id)
    result = new(run_cli, project)
    assert result.rc == 0
    assert existing.read_bytes() == before
    assert result.out.startswith("created registry/entries/2023/MAG-2023-0002.yaml")
    assert not list(existing.parent.glob(".*.tmp"))


def test_new_file_header_and_placeholders(run_cli, project):
    title = 'A "quoted" title: with {path}, # and colons'
    assert new(run_cli, project, title=title, gap_type="safeguards").rc == 0
    path = project / "registry/entries/2023/MAG-2023-0002.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../../schema/entry.schema.json"
    data = safeyaml.parse(text, "new").data
    assert data["id"] == "MAG-2023-0002"
    assert data["title"] == title  # regression: `{path}` in a title was replaced by the file's path
    assert data["gap_types"] == [{"type": "safeguards", "subtypes": ["TODO"]}]
    assert "accessgap validate registry/entries/2023/MAG-2023-0002.yaml" in text

    result = run_cli(["validate", "--format", "json", "registry/entries/2023/MAG-2023-0002.yaml"], cwd=project)
    assert result.rc == 1
    found = json.loads(result.out)["findings"]
    assert {f["code"] for f in found} == {"E060", "S103"}
    assert all("TODO" in f["message"] for f in found)


def test_new_file_validates_once_the_todos_are_filled(run_cli, project):
    assert new(run_cli, project, gap_type="elicitation").rc == 0
    path = project / "registry/entries/2023/MAG-2023-0002.yaml"
    text = path.read_text(encoding="utf-8")
    text = (text.replace("[TODO]", "[logprobs]").replace("https://TODO.example.org/", "https://example.org/p")
            .replace("TODO: two to five", "Two to five").replace("TODO: a short exact quote", "A short exact quote")
            .replace("title: TODO", "title: Source title").replace("publisher: TODO", "publisher: Example"))
    path.write_text(text, encoding="utf-8")
    result = run_cli(["validate", "registry/entries/2023/MAG-2023-0002.yaml"], cwd=project)
    assert result.rc == 0, result.out


@pytest.mark.parametrize("overrides, message", [
    ({"gap_type": "deployment-lag"}, "accessgap new: error: unknown gap type 'deployment-lag'; choose one or more of "
     "non_release, deployment_lag, safeguards, costs_limits, elicitation (did you mean deployment_lag?)"),
    ({"lab": "Open AI"}, "accessgap new: error: lab 'Open AI' is not an ID like `openai` (lowercase letters, "
         "digits and hyphens); known: openai"),
    ({"date": "May 2024"}, "accessgap new: error: date 'May 2024' must look like \"2024\", \"2024-05\" or \"2024-05-17\""),
    ({"date": "2024-05-17\n"}, "must look like"),
    ({"date": "0000-05"}, "accessgap new: error: date '0000-05': the year must be between 1900 and 2099"),
    ({"date": "1850"}, "the year must be between 1900 and 2099"),
    ({"title": "two\nlines"}, "accessgap new: error: title must be one non-empty line"),
])
def test_new_usage_errors(run_cli, project, overrides, message):
    result = new(run_cli, project, **overrides)
    assert result.rc == 2
    assert result.err.strip() == message or message in result.err
    assert not list((project / "registry/entries").rglob("MAG-*-0002.yaml"))


def test_new_reports_a_full_year_without_a_traceback(run_cli, project):
    """Regression: when a year's numbers ran out, `new` ended in a ValueError traceback."""
    put(project, "entries/2023/MAG-2023-9999.yaml", "placeholder: true\n")
    result = new(run_cli, project)
    assert (result.rc, result.out) == (1, "")
    assert result.err == "accessgap new: error: no free IDs left for 2023\n"


def test_new_without_input_lists_what_is_missing(run_cli, project):
    result = run_cli(["new", "--no-input", "--lab", "openai"], cwd=project)
    assert result.rc == 2
    assert result.err == "accessgap new: error: missing --title, --gap-type, --date (or run it in a terminal to be asked)\n"


# --- fmt ---------------------------------------------------------------------------------------------------

MESSY_MODEL = """\
# Comment above everything.
name: Test Model   # the display name
lab: openai
id: test-model
schema_version: '1.0'
# a comment before description
description: A model used by the formatter tests.
first_public: 2023-04
announced: 2023-03-14
aliases:
- TM
"""


def test_fmt_reorders_quotes_dates_keeps_comments_and_is_idempotent(run_cli, project):
    path = put(project, "models/test-model.yaml", MESSY_MODEL)
    before = safeyaml.parse(MESSY_MODEL, "x").data

    first = run_cli(["fmt", "registry/models/test-model.yaml"], cwd=project)
    assert first.rc == 0
    assert first.out == ("registry/models/test-model.yaml: reformatted\n"
                         "1 file(s) checked, 1 changed, 0 could not be formatted\n")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schema/model.schema.json"
    assert "# Comment above everything." in lines
    assert "name: Test Model   # the display name" in lines
    assert "# a comment before description" in text
    assert 'announced: "2023-03-14"' in lines and 'first_public: "2023-04"' in lines
    assert 'schema_version: "1.0"' in lines
    keys = [line.split(":")[0] for line in lines if re.match(r"[a-z_]+:", line)]
    assert keys == [k for k in models.Model.model_fields if k in keys]  # model order
    assert safeyaml.parse(text, "x").data == before  # same data

    second = run_cli(["fmt", "registry/models/test-model.yaml"], cwd=project)
    assert second.rc == 0 and second.out.endswith("1 file(s) checked, 0 changed, 0 could not be formatted\n")
    assert path.read_text(encoding="utf-8") == text


def test_fmt_leaves_the_real_entry_alone(run_cli, project):
    path = project / "registry/entries/2023/MAG-2023-0001.yaml"
    before = path.read_bytes()
    result = run_cli(["fmt", "--check"], cwd=project)
    assert result.rc == 0, result.out
    assert path.read_bytes() == before


def test_fmt_check_lists_files_and_changes_nothing(run_cli, project):
    path = put(project, "models/test-model.yaml", MESSY_MODEL)
    result = run_cli(["fmt", "--check"], cwd=project)
    assert result.rc == 1
    assert result.out == ("registry/models/test-model.yaml: would be reformatted\n"
                          "5 file(s) checked, 1 would change, 0 could not be formatted\n")
    assert path.read_text(encoding="utf-8") == MESSY_MODEL


def test_fmt_normalises_crlf(run_cli, project):
    path = project / "registry/entries/2024/MAG-2024-0908.yaml"
    path.parent.mkdir(parents=True)
    shutil.copyfile(VALID / "crlf-line-ends.yaml", path)
    assert run_cli(["fmt", "--check"], cwd=project).rc == 1
    assert run_cli(["fmt"], cwd=project).rc == 0
    assert b"\r" not in path.read_bytes()
    assert run_cli(["validate"], cwd=project).rc == 0


@pytest.mark.parametrize("case", ["hostile-billion-laughs", "hostile-duplicate-keys", "hostile-python-object-apply",
                                  "hostile-utf16-bom", "empty-file"])
def test_fmt_refuses_files_that_do_not_load(run_cli, project, case):
    path = copy_case(project, case, "labs/broken.yaml")
    before = path.read_bytes()
    for args in (["fmt"], ["fmt", "--check"], ["fmt", "registry/labs/broken.yaml"]):
        result = run_cli(args, cwd=project)
        assert result.rc == 1
        assert ("registry/labs/broken.yaml: error: cannot format a file that does not load; "
                "run `accessgap validate` first\n") in result.err
        assert "could not be formatted" in result.out
        assert path.read_bytes() == before


def test_fmt_only_formats_registry_files(run_cli, project, tmp_path):
    outside = tmp_path / "draft.yaml"
    shutil.copyfile(VALID / "minimal-entry.yaml", outside)
    result = run_cli(["fmt", outside], cwd=project)
    assert result.rc == 2
    assert result.err == f"accessgap fmt: error: {outside} is not inside registry/; fmt only formats registry files\n"
