"""The validate cache belongs to the machine: a cache it did not sign is never believed."""

from __future__ import annotations

import json
import stat

import pytest

from accessgap.check.runner import validate
from accessgap.load import batch
from tests.helpers.project import entry, make_project


@pytest.fixture
def keyhome(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def titles(reg) -> list[str]:
    return [r.model.title for r in reg.records if r.kind == "entry" and r.model]


def forge(cache, new_title: str, key: bytes | None) -> None:
    """Rewrite every cached entry's title, signing with `key` (None: keep the old signature)."""
    head, _, body = cache.read_bytes().partition(b"\n")
    header, files = json.loads(head), json.loads(body)
    for item in files.values():
        if isinstance(item.get("data"), dict) and "title" in item["data"]:
            item["data"]["title"] = new_title
    body = json.dumps(files).encode()
    if key is not None:
        header["mac"] = batch._mac(key, body)
    cache.write_bytes(json.dumps(header).encode() + b"\n" + body)


def test_the_key_is_private_and_reused(keyhome):
    key = batch.machine_key()
    assert key is not None and len(key) == 32 and batch.machine_key() == key
    assert stat.S_IMODE(batch.key_path().stat().st_mode) == 0o600


@pytest.mark.parametrize("signer", ["unsigned edit", "another machine"])
def test_a_cache_signed_elsewhere_is_ignored(tmp_path, keyhome, signer):
    project = make_project(tmp_path / "p", {"MAG-2024-0001": entry("MAG-2024-0001")})
    cache = project / ".cache" / "validate.json"
    first = validate(project / "registry", cache=cache)
    assert cache.is_file() and titles(first) == ["Test entry MAG-2024-0001 about model access"]
    forge(cache, "Forged title [phish](https://evil.example)", None if signer == "unsigned edit" else b"x" * 32)
    again = validate(project / "registry", cache=cache)
    assert titles(again) == ["Test entry MAG-2024-0001 about model access"]


def test_the_check_can_fail_a_cache_signed_here_is_used(tmp_path, keyhome):
    project = make_project(tmp_path / "p", {"MAG-2024-0001": entry("MAG-2024-0001")})
    cache = project / ".cache" / "validate.json"
    validate(project / "registry", cache=cache)
    forge(cache, "Signed here", batch.machine_key())
    assert titles(validate(project / "registry", cache=cache)) == ["Signed here"]


def test_no_key_means_no_cache(tmp_path, monkeypatch):
    (tmp_path / "xdg").write_text("a file where the key folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    project = make_project(tmp_path / "p", {"MAG-2024-0001": entry("MAG-2024-0001")})
    cache = project / ".cache" / "validate.json"
    assert titles(validate(project / "registry", cache=cache)) == ["Test entry MAG-2024-0001 about model access"]
    assert not cache.exists()
