"""The benchmark and the speed-ups it measures: results, never timings.

scripts/bench.py runs at a tiny size and reports numbers in the documented fields; the validate
cache, parallel loading and the parallel safety scan give exactly what the plain paths give.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from accessgap.load import batch
from accessgap.load.registry import load_registry
from accessgap.check.runner import validate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    return bench.Corpus(ROOT)


def _findings(reg):
    return [(f.path, f.line, f.col, f.code, f.message, f.hint, f.severity, f.pointer) for f in reg.result.findings]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_bench_runs_small_and_reports_every_field(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "20", "--no-browser",
                           "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "validate / floor (a)" in proc.stdout and "targets met:" in proc.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["machine"]) >= {"nproc", "cpu", "memory_gib", "python"}
    (size,) = report["sizes"]
    assert size["entries"] == 20 and size["files"] > 20
    for step in ("validate", "validate_cached", "floor_a", "build", "build_cached", "floor_b", "zensical"):
        for field in ("seconds", "cpu_seconds", "peak_rss_mb", "peak_tree_rss_mb"):
            assert _number(size[step][field]) and size[step][field] > 0, (step, field)
    assert size["validate"]["summary"].startswith(f"{size['files']} file(s) checked: 0 error(s)")
    assert size["floor_a"]["files"] == size["files"] and size["floor_a"]["errors"] == 0
    assert size["floor_b"]["pages"] == 20
    assert size["zensical"]["entry_pages"] == 20 and size["zensical"]["version"]
    assert "Zensical, same tree (s)" in proc.stdout
    assert set(size["build"]["phases"]) >= {"validate", "generate", "run_mkdocs", "scan_site"}
    assert all(_number(v) for v in size["build"]["phases"].values())
    for field in ("site_mb", "largest_entry_page_kb", "search_index_mb", "search_index_files"):
        assert _number(size["sizes"][field]) and size["sizes"][field] > 0, field
    assert size["sizes"]["entry_pages"] == 20
    for field in ("validate_vs_floor_a", "validate_vs_floor_a_cpu", "build_vs_floor_b", "build_vs_floor_b_cpu"):
        assert _number(size["ratios"][field]) and size["ratios"][field] > 0, field
    assert _number(size["peak_rss_mb"]) and _number(size["peak_tree_rss_mb"])
    assert "search" not in size  # --no-browser
    assert report["targets_met"] and all(isinstance(v, bool) for v in report["targets_met"].values())


def test_synthetic_registry_is_valid_and_deterministic(tmp_path, corpus):
    a = bench.make_project(tmp_path / "a", 40, corpus)
    b = bench.make_project(tmp_path / "b", 40, corpus)
    files_a = sorted(p.relative_to(a) for p in (a / "registry" / "entries").rglob("*.yaml"))
    assert len(files_a) == 40
    assert files_a == sorted(p.relative_to(b) for p in (b / "registry" / "entries").rglob("*.yaml"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)
    reg = validate(a / "registry")
    assert not reg.result.errors, [f for f in reg.result.errors][:5]
    assert not [f for f in reg.result.findings if f.code == "W040"]


def test_second_validate_from_the_cache_gives_identical_findings(tmp_path, corpus, monkeypatch):
    project = bench.make_project(tmp_path / "p", 25, corpus)
    entries = sorted((project / "registry" / "entries").rglob("*.yaml"))
    # one schema error (cached per file) and one broken reference (a cross-file check)
    text = entries[0].read_text(encoding="utf-8")
    entries[0].write_text(text.replace("confidence: ", "confidence: very-"), encoding="utf-8")
    text = entries[1].read_text(encoding="utf-8")
    entries[1].write_text(text.replace("labs:\n- ", "labs:\n- no-such-lab\n- ", 1), encoding="utf-8")
    monkeypatch.chdir(project)
    cache = project / ".cache" / "validate.json"

    plain = validate(project / "registry")
    first = validate(project / "registry", cache=cache)
    assert cache.is_file()
    second = validate(project / "registry", cache=cache)
    assert _findings(first) == _findings(plain) == _findings(second)
    codes = {f.code for f in second.result.findings}
    assert {"S103", "E010"} <= codes, codes
    assert [r.model for r in first.records] == [r.model for r in second.records]

    # cross-file findings are recomputed: remove a lab that entries name, keep every entry cached
    used = {lab for r in second.records if r.kind == "entry" and r.model for lab in r.model.labs}
    lab = sorted(used)[0]
    (project / "registry" / "labs" / f"{lab}.yaml").unlink()
    third = validate(project / "registry", cache=cache)
    assert _findings(third) == _findings(validate(project / "registry"))
    assert any(f.code == "E010" and f"`{lab}`" in f.message for f in third.result.findings)


def test_cache_is_not_written_when_files_are_named(tmp_path, corpus, monkeypatch):
    project = bench.make_project(tmp_path / "p", 5, corpus)
    monkeypatch.chdir(project)
    cache = project / ".cache" / "validate.json"
    entry = sorted((project / "registry" / "entries").rglob("*.yaml"))[0]
    validate(project / "registry", [entry], cache=cache)
    assert not cache.exists()


def test_cache_from_other_code_is_ignored(tmp_path, corpus, monkeypatch):
    project = bench.make_project(tmp_path / "p", 5, corpus)
    monkeypatch.chdir(project)
    cache = project / ".cache" / "validate.json"
    validate(project / "registry", cache=cache)
    head, _, body = cache.read_bytes().partition(b"\n")
    header, files = json.loads(head), json.loads(body)
    for item in files.values():
        item["findings"] = [[1, 1, "S999", "stale", "", "$"]]
    new_body = json.dumps(files).encode()
    header.update(version="some-older-code", mac=batch._mac(batch.machine_key(), new_body))  # signed, but old
    cache.write_bytes(json.dumps(header).encode() + b"\n" + new_body)
    reg = validate(project / "registry", cache=cache)
    assert not any(f.code == "S999" for f in reg.result.findings)


def test_parallel_load_matches_one_process(tmp_path, corpus, monkeypatch):
    project = bench.make_project(tmp_path / "p", 30, corpus)
    entries = sorted((project / "registry" / "entries").rglob("*.yaml"))
    text = entries[3].read_text(encoding="utf-8")
    entries[3].write_text(text.replace("direction: ", "direction: sideways-"), encoding="utf-8")
    entries[4].write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setattr(batch, "PARALLEL_MIN_FILES", 1)
    one = load_registry(project / "registry", workers=1)
    two = load_registry(project / "registry", workers=2)
    assert _findings(one) == _findings(two) and one.result.findings
    assert [r.loaded.data for r in one.records] == [r.loaded.data for r in two.records]
    assert [r.model for r in one.records] == [r.model for r in two.records]
    for a, b in zip(one.records, two.records):
        assert a.locate("sources", 0, "url") == b.locate("sources", 0, "url")
        assert a.locate("id", key=True) == b.locate("id", key=True)
