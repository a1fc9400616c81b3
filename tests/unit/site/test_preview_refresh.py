"""The preview's fast path (`pipeline.refresh_entries`): an edited entry's page is rewritten as a
full build would write it, and anything the fast path cannot judge falls back to the full run."""

from __future__ import annotations

from accessgap.site.pipeline import GENERATED, prepare, refresh_entries
from tests.helpers.project import make_project
from tests.unit.site.conftest import CONFIG

ENTRY = "registry/entries/2023/MAG-2023-0001.yaml"


def _prepared(tmp_path):
    project = make_project(tmp_path / "p")
    state: dict = {}
    site, code = prepare(project, dict(CONFIG), quiet=True, state=state)
    assert code == 0 and site is not None
    return project, state


def test_an_edited_title_reaches_its_page_as_a_full_build_writes_it(tmp_path, monkeypatch):
    project, state = _prepared(tmp_path)
    monkeypatch.chdir(project)
    path = project / ENTRY
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title, "title: A retitled entry seen in the preview"), encoding="utf-8")
    written = refresh_entries(project, state, [path])
    assert written and any(w.endswith("entries/MAG-2023-0001.md") for w in written)
    page = project / GENERATED / "entries/MAG-2023-0001.md"
    quick = page.read_text(encoding="utf-8")
    assert "A retitled entry seen in the preview" in quick
    prepare(project, dict(CONFIG), quiet=True, state=state)  # the full run the preview does next
    assert page.read_text(encoding="utf-8") == quick


def test_a_broken_edit_or_a_new_file_is_left_to_the_full_run(tmp_path, monkeypatch):
    project, state = _prepared(tmp_path)
    monkeypatch.chdir(project)
    path = project / ENTRY
    page = project / GENERATED / "entries/MAG-2023-0001.md"
    before = page.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("direction: ", "direction: sideways #"), encoding="utf-8")
    assert refresh_entries(project, state, [path]) is None
    new = project / "registry/entries/2023/MAG-2023-0999.yaml"
    new.write_text("id: MAG-2023-0999\n", encoding="utf-8")
    assert refresh_entries(project, state, [new]) is None
    assert refresh_entries(project, {}, [path]) is None  # no earlier full run to build on
    assert page.read_text(encoding="utf-8") == before
