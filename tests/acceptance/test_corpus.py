"""The example corpus (tests/data, described in tests/corpus.py) through `accessgap validate`.

Every case runs in-process through `accessgap.cli.main`; every `hostile-` case also runs as a
subprocess under a 500 MB address-space limit and a 30 s timeout, in a throw-away project whose
files (and the temporary and home folders) must be unchanged afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.project import ACCESSGAP, PYTHON, make_project
from tests.helpers.corpus import GENERATORS, INVALID, VALID, Case, cases

CASES = cases()
HOSTILE = [c for c in CASES if c.hostile]
MEMORY_LIMIT = 500 * 1024 * 1024
TIMEOUT = 30


def _param(case: Case):
    marks = []
    if "xfail" in case.options:
        marks.append(pytest.mark.xfail(reason=case.options["xfail"], strict=True))
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("generated")


def check_report(case: Case, rc: int, out: str, err: str) -> dict:
    """Exit code, clean stderr and the expected findings, from `validate --format json` output."""
    assert "Traceback" not in err, err
    assert err == "", err
    report = json.loads(out)
    assert report["files_checked"] == 1
    findings = report["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    if case.valid:
        assert rc == 0, findings
        assert errors == []
    else:
        assert rc == 1, findings
        assert errors, "an invalid file must produce at least one error"
    missing = [e for e in case.expected if not any(e.matches(f) for f in findings)]
    assert not missing, (
        f"expected findings not reported: {missing}\nreported: "
        + json.dumps([{k: f[k] for k in ('code', 'line', 'message')} for f in findings[:20]], ensure_ascii=False, indent=1)
    )
    return report


# --- the corpus itself ----------------------------------------------------------------------------

def test_corpus_layout():
    names = {c.name for c in CASES if not c.valid}
    orphans = sorted(p.name for p in INVALID.glob("*.yaml") if p.stem not in names)
    assert not orphans, f"invalid files without a .expect file: {orphans}"
    for case in CASES:
        if case.valid:
            continue
        assert case.expected, f"{case.id}: the .expect file lists no finding"
        if "generated" in case.options:
            assert case.name in GENERATORS, f"{case.id}: @generated but no generator in tests/corpus.py"
            assert not (INVALID / f"{case.name}.yaml").exists()
        else:
            assert case.source.is_file(), f"{case.id}: no {case.name}.yaml next to the .expect file"
    assert set(GENERATORS) <= names
    assert not [p.name for p in VALID.glob("*.expect") if not p.with_suffix(".yaml").exists()]
    assert len(names) >= 40
    assert len([c for c in CASES if c.valid]) >= 5


def test_corpus_covers_both_outcomes_of_hostile_text():
    """Hostile payloads are either refused (invalid/) or accepted as plain text (valid/) on purpose."""
    assert {c.valid for c in HOSTILE} == {True, False}


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_validate_in_process(case: Case, run_cli, shared_project, generated_dir):
    path = case.path(generated_dir)
    result = run_cli(["validate", "--kind", "entry", "--format", "json", path], cwd=shared_project)
    check_report(case, result.rc, result.out, result.err)


def test_every_error_is_reported_in_a_file_with_many(run_cli, shared_project, generated_dir):
    case = next(c for c in CASES if c.name == "hostile-many-errors")
    result = run_cli(["validate", "--kind", "entry", "--format", "json", case.path(generated_dir)], cwd=shared_project)
    report = json.loads(result.out)
    assert report["errors"] == 10_000
    assert len({(f["line"], f["col"]) for f in report["findings"]}) == 10_000


def test_text_and_json_agree_on_one_file(run_cli, shared_project):
    path = INVALID / "bad-enum-value.yaml"
    as_json = run_cli(["validate", "--kind", "entry", "--format", "json", path], cwd=shared_project)
    as_text = run_cli(["validate", "--kind", "entry", path], cwd=shared_project)
    assert as_json.rc == as_text.rc == 1
    finding = json.loads(as_json.out)["findings"][0]
    assert f":{finding['line']}:{finding['col']}: error[{finding['code']}]: {finding['message']}" in as_text.out


# --- hostile files in a subprocess: bounded memory and time, nothing written -------------------------

def _snapshot(*roots: Path) -> dict[str, tuple]:
    out = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                p = Path(dirpath) / name
                st = p.lstat()
                digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else ""
                out[str(p)] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return out


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run([str(ACCESSGAP), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=TIMEOUT, preexec_fn=_limit_memory)


@pytest.mark.parametrize("case", [_param(c) for c in HOSTILE])
def test_hostile_file_subprocess_is_bounded(case: Case, tmp_path):
    project = make_project(tmp_path / "project")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    target = case.path(inbox)  # a generated case is written into the inbox
    if case.source is not None:
        target = inbox / case.source.name
        shutil.copyfile(case.source, target)
    before = _snapshot(project, inbox, home)

    proc = run_bounded(["validate", "--kind", "entry", "--format", "json", str(target)], project, home)

    check_report(case, proc.returncode, proc.stdout, proc.stderr)
    assert _snapshot(project, inbox, home) == before, "validate must not write, create or delete files"


def test_memory_limit_is_enforced(tmp_path):
    """The rlimit really bites: a child asking for 1 GB fails, so the hostile runs above prove a bound."""
    code = "x = bytearray(1024 * 1024 * 1024)"
    proc = subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True,
                          timeout=TIMEOUT, preexec_fn=_limit_memory)
    assert proc.returncode != 0 and "MemoryError" in proc.stderr


def test_valid_files_in_one_subprocess(shared_project, tmp_path):
    files = sorted(str(p) for p in VALID.glob("*.yaml"))
    proc = run_bounded(["validate", "--kind", "entry", "--format", "json", *files], shared_project, tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    assert report["files_checked"] == len(files)
    assert report["errors"] == 0
