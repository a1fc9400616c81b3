"""The build cache (entry JSON): same bytes with and without it, and a store that was not
signed on this machine, or is stale, is ignored."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from accessgap.check.runner import validate
from accessgap.site import charts, exports
from accessgap.site.buildcache import BuildCache
from accessgap.site.enrich import enrich
from accessgap.site.generate import generate
from tests.helpers.site import PROJECT

CONFIG = {"site_url": "https://registry.example/", "repo_url": "https://github.com/example/registry",
          "dataset_version": "2026.12", "site_dir": "site"}


@pytest.fixture(autouse=True)
def machine(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="module")
def site():
    reg = validate(PROJECT / "registry")
    assert not reg.result.errors
    return enrich(reg, dict(CONFIG), {})


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _generate(site, out: Path, cache: Path | None) -> dict[str, bytes]:
    generate(site, PROJECT / "docs", out, charts.chart_extras(site, cache), cache)
    return _tree(out)


def test_a_store_round_trips_and_keeps_only_what_was_used(tmp_path):
    store = BuildCache(tmp_path, "t", "v1")
    assert store.active
    key = store.key("a", "b")
    assert key != store.key("ab", "") and key != store.key("a", "b", "")
    assert store.fetch(key, lambda: "made") == "made" and store.misses == 1
    store.fetch(store.key("other"), lambda: "x")
    store.save()
    again = BuildCache(tmp_path, "t", "v1")
    assert again.fetch(key, lambda: pytest.fail("should come from the store")) == "made" and again.hits == 1
    again.save()  # only `key` was used: the other item is dropped
    assert BuildCache(tmp_path, "t", "v1").old == {key: "made"}


@pytest.mark.parametrize("change", ["body", "version", "key"])
def test_a_forged_stale_or_foreign_store_is_ignored(tmp_path, monkeypatch, change):
    store = BuildCache(tmp_path, "t", "v1")
    key = store.key("in")
    store.fetch(key, lambda: "<svg>true</svg>")
    store.save()
    path = tmp_path / "build-t.json"
    if change == "body":  # a pull request commits a store whose text does not match its inputs
        head, _, body = path.read_bytes().partition(b"\n")
        path.write_bytes(head + b"\n" + body.replace(b"true", b"evil"))
        version = "v1"
    elif change == "version":  # the drawing code changed since
        version = "v2"
    else:  # signed with another machine's key
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
        version = "v1"
    fresh = BuildCache(tmp_path, "t", version)
    assert fresh.old == {}
    assert fresh.fetch(key, lambda: "remade") == "remade"


def test_without_a_machine_key_nothing_is_read_or_written(tmp_path, monkeypatch):
    monkeypatch.setattr("accessgap.site.buildcache.machine_key", lambda: None)
    store = BuildCache(tmp_path / "c", "t", "v1")
    assert not store.active and store.fetch("k", lambda: "made") == "made"
    store.save()
    assert not (tmp_path / "c").exists()


def test_generated_files_are_identical_with_and_without_the_cache(site, tmp_path, monkeypatch):
    plain = _generate(site, tmp_path / "plain", None)
    assert any(rel.startswith("api/v1/entries/") for rel in plain)
    cache = tmp_path / "cache"
    assert _generate(site, tmp_path / "cold", cache) == plain
    assert {p.name for p in cache.iterdir()} == {"build-entry-json.json"}



def test_cached_records_are_the_ones_built(site, tmp_path, monkeypatch):
    plain = _generate(site, tmp_path / "plain", None)
    cache = tmp_path / "cache"
    _generate(site, tmp_path / "cold", cache)
    dumped = []
    real = exports._dumps
    monkeypatch.setattr(exports, "_dumps", lambda value: dumped.append(value) or real(value))
    assert _generate(site, tmp_path / "warm", cache) == plain
    assert len(dumped) == 1  # the shared header; every record came from the cache


def test_entry_json_is_what_the_indenting_encoder_writes(site, tmp_path):
    tree = _generate(site, tmp_path / "out", tmp_path / "cache")
    records = [exports.entry_record(site, v) for v in sorted(site.entries, key=lambda x: x.id)]
    meta = {"export_version": exports.EXPORT_VERSION, "schema_version": exports.SCHEMA_VERSION,
            "dataset_version": "2026.12", "count": len(records)}
    dump = functools.partial(json.dumps, ensure_ascii=False, indent=1)
    assert tree["api/v1/entries.json"].decode() == dump({**meta, "entries": records}) + "\n"
    for rec in records:
        assert tree[f"api/v1/entries/{rec['id']}.json"].decode() == dump({**meta, "entry": rec}) + "\n"
