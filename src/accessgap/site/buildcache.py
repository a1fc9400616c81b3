"""Build cache: generated text (the JSON of each entry) keyed by a hash of its inputs.

The same rules as the validate cache (`load/batch.py`):

- **Keyed by everything the bytes depend on.** An item's key is a SHA-256 of its inputs and of
  the code that turns them into text (`version`). Changed inputs or code give a new key, so a stale
  item is never found.
- **Belongs to the machine.** Each store is signed with the machine key, kept outside the checkout
  (`batch.machine_key`); a store whose signature or version does not match (committed by a pull
  request, copied from elsewhere, edited) is ignored and rebuilt. Without a key nothing is read
  or written.
- **Only speed.** A build with the cache writes the same bytes as one without it (tests compare);
  a store that cannot be read or written only makes the next build slower.

One store per kind, `.cache/build-<name>.json`: a header line (format, version, signature), then a
JSON object of key → text. `save` keeps only the items this build used, so the store does not grow.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from pathlib import Path

from ..fsutil import atomic_write
from ..load.batch import machine_key

CACHE_DIR = Path(".cache")  # relative to the project folder, as the validate cache
FORMAT = 1


def _mac(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


class BuildCache:
    """Text by input hash, for one kind of output; `BuildCache(None, ...)` caches nothing."""

    def __init__(self, folder: Path | None, name: str, version: str):
        self.path = folder / f"build-{name}.json" if folder is not None else None
        self.version = hashlib.sha256(f"{FORMAT}|{name}|{version}".encode()).hexdigest()
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.hits = self.misses = 0
        self.secret = machine_key() if self.path is not None else None
        if self.secret is None:
            self.path = None  # unsigned results are never written or believed
            return
        try:
            head, _, body = self.path.read_bytes().partition(b"\n")
            header = json.loads(head)
            if not (isinstance(header, dict) and header.get("version") == self.version
                    and hmac.compare_digest(str(header.get("mac", "")), self._sign(body))):
                return
            items = json.loads(body)
        except (OSError, ValueError):
            return
        if isinstance(items, dict):
            self.old = {k: v for k, v in items.items() if isinstance(k, str) and isinstance(v, str)}

    def _sign(self, body: bytes) -> str:
        """The signature covers the version too, so a store cannot be relabelled for other code."""
        return _mac(self.secret, self.version.encode() + b"\n" + body)

    @property
    def active(self) -> bool:
        return self.path is not None

    def key(self, *parts: str) -> str:
        h = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8")
            h.update(len(data).to_bytes(8, "big") + data)
        return h.hexdigest()

    def fetch(self, key: str, make: Callable[[], str]) -> str:
        """The text stored under `key`, or `make()`'s, which is then stored."""
        if self.path is None:
            return make()
        text = self.old.get(key)
        if text is None:
            self.misses += 1
            text = make()
        else:
            self.hits += 1
        self.new[key] = text
        return text

    def save(self) -> None:
        """Write the items this build used, when they differ from what was read."""
        if self.path is None or (self.new == self.old and self.path.exists()):
            return
        body = json.dumps(self.new, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
        header = json.dumps({"format": FORMAT, "version": self.version, "mac": self._sign(body)}).encode()
        try:
            atomic_write(self.path, header + b"\n" + body, durable=False)
        except (OSError, ValueError):
            pass
