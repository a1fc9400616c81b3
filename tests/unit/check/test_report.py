"""check/report.py: the three reporters only format; the same findings read the same in each."""

from __future__ import annotations

import json

from accessgap.check.report import as_json, github, text
from accessgap.findings import Finding, Result


def result() -> Result:
    r = Result(files_checked=2)
    r.add(Finding("b.yaml", 3, 5, "W040", "possible duplicate of MAG-2024-0001", "merge them", "$.id"))
    r.add(Finding("a.yaml", 12, 7, "S103", "`direction`: 'widen' is not allowed", "did you mean `widens`?",
                  "$.direction"))
    r.add(Finding("a.yaml", 0, 0, "Y002", "is a symbolic link"))
    return r


def test_text_sorts_by_file_and_line_and_summarises():
    assert text(result()).splitlines() == [
        "a.yaml: error[Y002]: is a symbolic link",
        "a.yaml:12:7: error[S103]: `direction`: 'widen' is not allowed",
        "    hint: did you mean `widens`?",
        "b.yaml:3:5: warning[W040]: possible duplicate of MAG-2024-0001",
        "    hint: merge them",
        "2 file(s) checked: 2 error(s), 1 warning(s)",
    ]


def test_text_says_all_good_when_clean():
    assert text(Result(files_checked=4)) == "4 file(s) checked: 0 error(s), 0 warning(s) — all good"


def test_text_neutralises_terminal_control_and_bidi_characters():
    r = Result(files_checked=1)
    r.add(Finding("a.yaml", 1, 1, "S102", "unknown key `x\x1b[2J\u202e`"))
    line = text(r).splitlines()[0]
    assert "\x1b" not in line and "\u202e" not in line and "\\u001b" in line and "\\u202e" in line


def test_github_annotations_escape_their_special_characters():
    r = Result(files_checked=1)
    r.add(Finding("dir,x:y.yaml", 2, 3, "E010", "50% of\nit", "fix"))
    assert github(r).splitlines()[0] == (
        "::error file=dir%2Cx%3Ay.yaml,line=2,col=3,title=E010::50%25 of%0Ait — hint: fix")


def test_json_carries_every_field_and_the_counts():
    data = json.loads(as_json(result()))
    assert (data["files_checked"], data["errors"], data["warnings"]) == (2, 2, 1)
    assert data["findings"][1] == {"path": "a.yaml", "line": 12, "col": 7, "severity": "error", "code": "S103",
                                   "message": "`direction`: 'widen' is not allowed",
                                   "hint": "did you mean `widens`?", "pointer": "$.direction"}
