"""Every plane of Unicode through every text field and name: each character is either refused
with its code point and position, or reaches the page's <title> and heading unchanged."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys

import pytest

from accessgap import textrules
from tests.helpers.project import entry, make_project
from tests.helpers.site import PROJECT

# One character from each plane: assigned where the plane has letters or symbols, otherwise a
# code point no version of Unicode has assigned yet (it must still survive the trip).
SAMPLES = {0: "Ω", 1: "😀", 2: "𠀀", 3: "𰀀", **{p: chr(p * 0x10000 + 0x100) for p in range(4, 14)},
           14: "\U000E0100", 15: "\U000F0100", 16: "\U00100100"}


def refused(ch: str) -> bool:
    return textrules.first_problem(ch, newlines=False) is not None


def test_the_planes_split_into_kept_and_refused():
    assert [p for p, ch in SAMPLES.items() if refused(ch)] == [15, 16]  # private use


def records(plane: int, ch: str) -> dict[str, str]:
    """An entry, a model and an organisation with the character in every text field and name."""
    eid = f"MAG-2024-{plane + 1:04d}"
    text = entry(eid)
    text = text.replace(f"title: Test entry {eid} about model access", f"title: Plane {plane} {ch} title for {eid}")
    text = text.replace("A neutral summary of what happened", f"A summary with {ch} of what happened")
    text = text.replace("title: A page about it", f"title: Source {ch} page").replace("publisher: Example",
                                                                                      f"publisher: Pub {ch}")
    text = text.replace("An exact short quote.", f"A quote {ch} here.")
    text = text.replace("labs: [openai]", f"labs: [openai]\nmodels: [m{plane}]\noutsiders: [o{plane}]")
    model = (f'schema_version: "2.0"\nid: m{plane}\nname: Model {ch} {plane}\nlab: openai\n'
             f"description: A model {ch}.\n")
    org = (f'schema_version: "2.0"\nid: o{plane}\nname: Org {ch} {plane}\nkind: academic\n'
           f"description: An organisation {ch}.\nhomepage: https://example.org/\n")
    return {"entry": text, "model": model, "organisation": org, "id": eid}


def title_of(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def h1_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("planes") / "p", {})
    for folder in ("docs",):
        subprocess.run(["cp", "-r", str(PROJECT / folder), str(root)], check=True)
    (root / "mkdocs.yml").write_bytes((PROJECT / "mkdocs.yml").read_bytes())
    # docs/data.md links to this entry's JSON
    (root / "registry" / "entries" / "2023").mkdir(parents=True)
    (root / "registry" / "entries" / "2023" / "MAG-2023-0001.yaml").write_text(
        entry("MAG-2023-0001").replace('event: "2024-05-01"', 'event: "2023-05-01"'), encoding="utf-8")
    for plane, ch in SAMPLES.items():
        if refused(ch):
            continue
        r = records(plane, ch)
        (root / "registry" / "entries" / "2024").mkdir(parents=True, exist_ok=True)
        (root / "registry" / "entries" / "2024" / f"{r['id']}.yaml").write_text(r["entry"], encoding="utf-8")
        (root / "registry" / "models" / f"m{plane}.yaml").write_text(r["model"], encoding="utf-8")
        (root / "registry" / "organisations" / f"o{plane}.yaml").write_text(r["organisation"], encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"), XDG_CACHE_HOME=str(root.parent / "xdg"))
    proc = subprocess.run([sys.executable, "-m", "accessgap", "build"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


@pytest.mark.parametrize("plane", [p for p, ch in SAMPLES.items() if not refused(ch)])
def test_a_character_from_each_plane_reaches_every_page_title(built, plane):
    ch = SAMPLES[plane]
    eid = f"MAG-2024-{plane + 1:04d}"
    page = (built / "entries" / eid / "index.html").read_text(encoding="utf-8")
    assert title_of(page).startswith(f"{eid}: Plane {plane} {ch} title for {eid}")
    assert h1_of(page) == f"Plane {plane} {ch} title for {eid}"
    for text in (f"A summary with {ch}", f"Source {ch} page", f"Pub {ch}", f"A quote {ch} here."):
        assert html.escape(text, quote=False) in page or text in html.unescape(page)
    for folder, name in (("models", f"m{plane}"), ("organisations", f"o{plane}")):
        sub = (built / folder / name / "index.html").read_text(encoding="utf-8")
        label = {"models": "Model", "organisations": "Org"}[folder]
        assert title_of(sub).startswith(f"{label} {ch} {plane}")
        assert h1_of(sub) == f"{label} {ch} {plane}"
    record = json.loads((built / "api" / "v1" / "entries" / f"{eid}.json").read_text(encoding="utf-8"))
    assert record["entry"]["title"] == f"Plane {plane} {ch} title for {eid}"


@pytest.mark.parametrize("plane", [p for p, ch in SAMPLES.items() if refused(ch)])
@pytest.mark.parametrize("field", ["entry", "model", "organisation"])
def test_a_refused_character_is_named_and_located(tmp_path, plane, field):
    ch = SAMPLES[plane]
    r = records(plane, ch)
    root = make_project(tmp_path / "p", {})
    rel = {"entry": f"entries/2024/{r['id']}.yaml", "model": f"models/m{plane}.yaml",
           "organisation": f"organisations/o{plane}.yaml"}[field]
    path = root / "registry" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(r[field], encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"))
    proc = subprocess.run([sys.executable, "-m", "accessgap", "validate", "--kind", field, "--format", "json", str(path)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)
    found = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "S108"]
    assert found and f"U+{ord(ch):04X}" in found[0]["message"]
    line = r[field].splitlines()[found[0]["line"] - 1]
    assert line[found[0]["col"] - 1] == ch  # the column is the character's own
