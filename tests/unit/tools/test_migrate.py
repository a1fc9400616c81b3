"""`accessgap migrate`: 1.0 files rewritten as 2.0, comments kept, sources that share a URL merged."""

from __future__ import annotations

import shutil

import pytest

from accessgap.load import safeyaml
from accessgap.tools import migrate
from tests.helpers.findings import codes, findings
from tests.helpers.project import DATA

FROZEN = DATA / "migrate"  # frozen 1.0 files and the 2.0 text migrate must give for each
CASES = [("MAG-2023-0001", "entry", "entries/2023"), ("mistral-7b", "model", "models")]


def _migrate(name: str, kind: str):
    text = (FROZEN / f"{name}.1.0.yaml").read_text(encoding="utf-8")
    return migrate.migrate_text(text, kind, text.splitlines()[0])


@pytest.mark.parametrize("name, kind", [(n, k) for n, k, _ in CASES])
def test_frozen_1_0_files_migrate_to_the_reviewed_2_0_text(name, kind):
    out, report = _migrate(name, kind)
    assert report.changed
    assert out == (FROZEN / f"{name}.2.0.yaml").read_text(encoding="utf-8")
    again, second = migrate.migrate_text(out, kind, out.splitlines()[0])
    assert (again, second.changed) == (out, False)  # a 2.0 file is left as it is


def test_merging_keeps_comments_order_and_every_other_field():
    out, report = _migrate("MAG-2023-0001", "entry")
    assert report.merged == ["sources: sources 1, 2 -> one source with 2 quotes (https://arxiv.org/abs/2303.08774)"]
    lines = out.splitlines()
    assert "  # Both quotes come from the same report: 2.0 keeps them in one source." in lines
    assert "  - url: https://arxiv.org/abs/2303.08774  # the arXiv record, not the PDF" in lines
    assert "confidence: high  # primary sources state it" in lines
    data = safeyaml.parse(out, "x").data
    merged = data["sources"][0]
    assert list(merged) == ["url", "title", "publisher", "published", "accessed", "kind", "quotes", "note"]
    assert [q[:20] for q in merged["quotes"]] == ["Since it finished tr", "We provided them wit"]
    assert merged["note"].startswith("System card passage")  # the same note on both: kept on the source


def test_sources_that_disagree_on_a_fact_stay_apart_and_are_reported():
    out, report = _migrate("MAG-2023-0001", "entry")
    assert report.kept_apart == ["sources: sources 1 and 3 cite https://arxiv.org/abs/2303.08774 but differ on "
                                 "`title`, `published`, `accessed`; kept separate"]
    sources = safeyaml.parse(out, "x").data["sources"]
    assert len(sources) == 2 and sources[1]["title"] == "GPT-4 Technical Report (version 3)"


def test_different_notes_move_onto_their_quotes():
    out, report = _migrate("mistral-7b", "model")
    src = safeyaml.parse(out, "x").data["timeline"][1]["sources"]
    assert len(src) == 1 and "note" not in src[0]
    assert [q["note"][:9] for q in src[0]["quotes"]] == ["Read thro", "Same copy"]


def test_a_lost_fact_is_refused(monkeypatch):
    def drop_quotes(sources, where, report):
        del sources[1]
    monkeypatch.setattr(migrate, "merge_sources", drop_quotes)
    with pytest.raises(ValueError, match="would change the facts"):
        _migrate("MAG-2023-0001", "entry")


def _frozen_project(project):
    for name, _, folder in CASES:
        target = project / "registry" / folder / f"{name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FROZEN / f"{name}.1.0.yaml", target)
    (project / "registry/labs/mistral.yaml").write_text(
        '# yaml-language-server: $schema=../../schema/lab.schema.json\nschema_version: "2.0"\nid: mistral\nname: Mistral AI\ndescription: French AI lab.\n'
        "homepage: https://mistral.ai/\n", encoding="utf-8")
    return project


def test_cli_migrates_then_the_files_validate_and_are_formatted(run_cli, project):
    _frozen_project(project)
    rc, before = findings(run_cli, project)
    assert codes(before).count("S110") == 2 and "E027" not in codes(before)
    dry = run_cli(["migrate", "--dry-run", "registry/models/mistral-7b.yaml"], cwd=project)
    assert dry.rc == 0 and "registry/models/mistral-7b.yaml: would migrate to 2.0 (timeline[1].sources" in dry.out
    assert 'schema_version: "1.0"' in (project / "registry/models/mistral-7b.yaml").read_text()
    run = run_cli(["migrate"], cwd=project)
    assert run.rc == 0 and run.err == ""
    assert "registry/entries/2023/MAG-2023-0001.yaml: note: sources: sources 1 and 3 cite" in run.out
    assert run.out.splitlines()[-1] == ("6 file(s) checked, 2 migrated to 2.0, 0 could not be migrated; "
                                        "sources 5 -> 3 (no quote dropped), 1 same-URL pair(s) kept separate")
    rc, after = findings(run_cli, project)
    assert rc == 0 and codes(after) == ["W028"]  # the pair kept apart, for a person to decide
    assert run_cli(["fmt", "--check"], cwd=project).rc == 0
    assert run_cli(["migrate"], cwd=project).out.splitlines()[-1].startswith("6 file(s) checked, 0 migrated")


def test_cli_reports_files_it_cannot_migrate_without_a_traceback(run_cli, project):
    bad = project / "registry/labs/broken.yaml"
    bad.write_text('schema_version: "1.0"\nid: [unclosed\n', encoding="utf-8")
    run = run_cli(["migrate", "registry/labs/broken.yaml"], cwd=project)
    assert run.rc == 1 and "Traceback" not in run.err
    assert run.err == ("registry/labs/broken.yaml: error: cannot migrate a file that does not load; "
                       "run `accessgap validate` first\n")
    outside = run_cli(["migrate", str(FROZEN / "mistral-7b.1.0.yaml")], cwd=project)
    assert outside.rc == 2 and "migrate only rewrites registry files" in outside.err
