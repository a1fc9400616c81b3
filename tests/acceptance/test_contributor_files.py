"""The contributor workflow's files: issue forms, PR template, CODEOWNERS, pre-commit hooks,
editor schema mapping, CITATION.cff and the guides."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from accessgap import cli
from accessgap.load import safeyaml

from tests.helpers.project import entry, make_project

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / ".github"
FORMS = GITHUB / "ISSUE_TEMPLATE"


def load(path: Path):
    loaded = safeyaml.parse(path.read_text(encoding="utf-8"), str(path))
    assert loaded.ok, loaded.findings
    return loaded.data


def check_schema(schema: str, *paths: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_issue_forms_and_config_match_githubs_schemas():
    forms = sorted(FORMS.glob("*.yml"))
    assert [p.name for p in forms] == ["config.yml", "correction.yml", "dispute.yml", "new-entry.yml", "withdrawal.yml"]
    check_schema("vendor.github-issue-forms", *(p for p in forms if p.name != "config.yml"))
    check_schema("vendor.github-issue-config", FORMS / "config.yml")


@pytest.mark.parametrize("name", ["correction.yml", "dispute.yml", "withdrawal.yml"])
def test_forms_about_an_entry_ask_for_its_id(name):
    fields = {item.get("id"): item for item in load(FORMS / name)["body"]}
    assert fields["entry"]["type"] == "input"
    assert fields["entry"]["validations"]["required"] is True


def test_dispute_form_is_a_right_of_reply():
    form = load(FORMS / "dispute.yml")
    assert "right of reply" in form["name"].lower()
    ids = [item.get("id") for item in form["body"]]
    assert {"entry", "who", "statements", "response", "publication"} <= set(ids)
    who = next(i for i in form["body"] if i.get("id") == "who")["attributes"]["options"]
    assert "The lab named in the entry" in who
    assert "lab_response" in json.dumps(form)


def test_withdrawal_form_asks_for_reason_and_successor():
    ids = {item.get("id") for item in load(FORMS / "withdrawal.yml")["body"]}
    assert {"reason", "successor", "explanation"} <= ids


def test_pull_request_template_has_both_checklists():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "## Contributor's checklist" in text and "## Reviewer's checklist" in text
    for command in ("accessgap validate", "accessgap fmt", "accessgap check-ids", "accessgap renumber"):
        assert command in text


def codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


@pytest.mark.parametrize("path", ["src/accessgap/cli.py", "schema/entry.schema.json", ".github/workflows/pr.yml",
                                  "scripts/ensure_chromium.sh", "Makefile", "pyproject.toml",
                                  ".pre-commit-config.yaml", "tests/test_workflows.py", "docs/about.md",
                                  "generated/docs/index.md", ".cache/validate.json", "mkdocs.yml",
                                  "src/accessgap/site/templates/entry.md.j2", "overrides/main.html"])
def test_codeowners_cover_tooling(path):
    owners = [o for pattern, o in codeowners()
              if (pattern.endswith("/") and ("/" + path).startswith(pattern)) or pattern == "/" + path]
    assert owners and all(re.fullmatch(r"@[\w.-]+(/[\w.-]+)?", o) for o in owners[-1])


def test_codeowners_leave_registry_data_to_normal_review():
    assert not any(pattern.startswith("/registry") for pattern, _ in codeowners())


def test_pre_commit_hooks_are_local_and_run_accessgap(tmp_path, monkeypatch):
    config = load(ROOT / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    hooks = {h["id"]: h for h in repo["hooks"]}
    assert hooks["accessgap-fmt"]["entry"] == ".venv/bin/accessgap fmt"
    assert hooks["accessgap-validate"]["entry"] == ".venv/bin/accessgap validate"
    for hook in hooks.values():
        assert hook["language"] == "system" and hook["pass_filenames"] is True
        assert re.search(hook["files"], "registry/entries/2024/MAG-2024-0001.yaml")
        assert not re.search(hook["files"], "src/accessgap/cli.py")
    # what the hooks run works on a file of a (tiny) registry, as pre-commit would call it
    make_project(tmp_path, {"MAG-2024-0001": entry("MAG-2024-0001")})
    monkeypatch.chdir(tmp_path)
    changed = "registry/entries/2024/MAG-2024-0001.yaml"
    for hook in hooks.values():
        assert cli.main([*hook["entry"].split()[1:], changed]) == 0


def test_editor_settings_map_every_registry_folder_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    samples = {"entry": "registry/entries/2023/MAG-2023-0001.yaml", "lab": "registry/labs/openai.yaml",
               "model": "registry/models/gpt-4.yaml", "organisation": "registry/organisations/metr.yaml"}
    for kind, sample in samples.items():
        matched = [schema for schema, globs in mapping.items() if any(fnmatch.fnmatch(sample, g) for g in globs)]
        assert matched == [f"./schema/{kind}.schema.json"], sample


def test_citation_file_is_valid_cff_without_an_invented_doi():
    check_schema("vendor.citation-file-format", ROOT / "CITATION.cff")
    cff = load(ROOT / "CITATION.cff")
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert "doi" not in cff and "identifiers" not in cff
    assert cff["license"] == "CC-BY-4.0"
    # the citation names the same dataset version as the site
    site = load(ROOT / "mkdocs.yml")
    assert str(cff["version"]) == str(site["extra"]["dataset_version"])


def test_contributing_guide_covers_the_workflow():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("## Adding an entry", "## The evidence standard", "## Correcting an entry",
                    "## Disputing an entry: the right of reply", "## Withdrawing an entry",
                    "## The reviewer's checklist", "## Entry IDs and concurrent pull requests"):
        assert heading in text
    order = [text.index(f"accessgap {c}") for c in ("new", "validate", "fmt")]
    assert order == sorted(order)
    for command in ("audit", "archive", "check-links", "check-ids", "renumber"):
        assert f"accessgap {command}" in text


def test_releasing_guide_names_the_tag_format():
    text = (ROOT / "docs" / "releasing.md").read_text(encoding="utf-8")
    assert "data-v2026.11.0" in text and "git tag -a" in text
    assert re.search(r"CITATION\.cff", text)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "data-vYYYY.MM.N" in changelog
