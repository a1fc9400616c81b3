"""Load many registry files quickly, with the same records and findings as `load_record` one by one.

Two speed-ups, neither visible in the results:

- **A content-hash cache** (`ValidateCache`, kept in `.cache/validate.json` by the CLI): a file
  whose kind, displayed path and bytes (SHA-256) are unchanged since the last run, under the same
  loader, models and vocabularies (`CODE_VERSION`), gets its parse and schema results back (its
  data and per-file findings) without being parsed again. Only per-file results are cached;
  cross-file checks (references, duplicates, dates against today) always run again.
  The cache belongs to the machine, not the repository: it is signed with a key kept outside
  the checkout (`machine_key`), so a cache committed by a pull request, whose data need not
  match the YAML it names, is ignored rather than believed.
- **Both cores for large registries**: from `PARALLEL_MIN_FILES` files on, parsing and schema
  validation are shared between this process and worker processes, and the records are put back
  in file order.

Lines and columns are not carried across processes or kept in the cache: a record from either
path re-parses its own text the first time a check asks where something is (`Loaded.locate`), so
only the few files with findings pay for locations.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import models
from . import safeyaml
from ..findings import Finding
from ..fsutil import atomic_write
from ..workers import default_workers, pool
from .shape import validate_record

DEFAULT_CACHE = Path(".cache") / "validate.json"  # relative to the project folder
PARALLEL_MIN_FILES = 400  # below this, starting workers costs more than it saves
PARENT_SHARE = 0.9  # of an equal share: this process also unpickles what the workers send
CHUNK = 200  # files per task sent to a worker
CACHE_FORMAT = 3  # 2: findings carry no severity (the code implies it); 3: signed
_CODE_FILES = ("load/safeyaml.py", "load/shape.py", "models.py", "vocab.py", "load/registry.py", "load/batch.py",
               "findings.py")

Job = tuple[str, Path, str]  # (kind, path, display)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of everything that shapes per-file results: our loader and models, and pydantic."""
    h = hashlib.sha256(f"{CACHE_FORMAT}|{models.SCHEMA_VERSION}|{metadata.version('pydantic')}".encode())
    here = Path(__file__).resolve().parents[1]  # the accessgap package
    for name in _CODE_FILES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.hexdigest()


# --- one file --------------------------------------------------------------------------------

def _finish(kind: str, loaded: safeyaml.Loaded):
    """Schema-validate a parsed file in place, as `registry.load_record` does; returns the model."""
    model = None
    if loaded.ok:
        model, findings = validate_record(loaded, models.KINDS[kind])
        loaded.findings.extend(findings)
    return model


def _parse_chunk(chunk: list[tuple[str, str, str]]) -> list[tuple[object, list[Finding], object]]:
    """Worker: parse and validate texts; return (data, findings, model) without locations."""
    out = []
    for kind, display, text in chunk:
        loaded = safeyaml.parse(text, display)
        model = _finish(kind, loaded)
        out.append((loaded.data, loaded.findings, model))
    return out


# --- the cache -------------------------------------------------------------------------------

def key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accessgap" / "cache-key"


def machine_key(*, create: bool = True) -> bytes | None:
    """This machine's secret for signing caches, made on first use (0600); None if it cannot be kept
    (or, with create=False, does not exist yet: a run that writes no cache writes no key either)."""
    path = key_path()
    for _ in range(2 if create else 1):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as fh:
                key = fh.read(64)
            return key if len(key) >= 32 else None
        except FileNotFoundError:
            if not create:
                return None
        except OSError:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        except FileExistsError:
            continue  # another process made it first: read theirs
        except OSError:
            return None
    return None


def _mac(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


class ValidateCache:
    """Per-file parse and schema results keyed by kind, displayed path and content hash."""

    def __init__(self, path: Path | None, *, writable: bool = True):
        self.path = path
        self.writable = writable
        self.old: dict[str, dict] = {}
        self.new: dict[str, dict] = {}
        self.hits = self.misses = 0
        self.secret = machine_key(create=writable) if path is not None else None
        if path is None or self.secret is None:
            self.path = None  # unsigned results are never written or believed
            return
        try:
            raw = path.read_bytes()
            head, _, body = raw.partition(b"\n")
            header = json.loads(head)
            if not (isinstance(header, dict) and header.get("version") == code_version()
                    and hmac.compare_digest(str(header.get("mac", "")), _mac(self.secret, body))):
                return
            files = json.loads(body)
        except (OSError, ValueError):
            return
        self.old = files if isinstance(files, dict) else {}

    @staticmethod
    def key(kind: str, display: str) -> str:
        return f"{kind}:{display}"

    def get(self, kind: str, display: str, digest: str) -> dict | None:
        item = self.old.get(self.key(kind, display))
        if isinstance(item, dict) and item.get("sha256") == digest:
            self.new[self.key(kind, display)] = item
            self.hits += 1
            return item
        self.misses += 1
        return None

    def put(self, kind: str, display: str, digest: str, loaded: safeyaml.Loaded, model) -> None:
        if self.path is None:
            return
        self.new[self.key(kind, display)] = {
            "sha256": digest,
            "data": loaded.data,
            "valid": model is not None,
            "findings": [[f.line, f.col, f.code, f.message, f.hint, f.pointer] for f in loaded.findings],
        }

    def save(self) -> None:
        """Write the cache when it changed; a cache that cannot be written is only slower next time."""
        if self.path is None or not self.writable or (self.new == self.old and self.path.exists()):
            return
        body = json.dumps(self.new, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps({"version": code_version(), "mac": _mac(self.secret, body)}).encode()
        try:
            atomic_write(self.path, header + b"\n" + body)
        except (OSError, ValueError):
            pass

    @staticmethod
    def restore(kind: str, display: str, text: str, item: dict) -> tuple[safeyaml.Loaded, object]:
        findings = [Finding(display, *f) for f in item["findings"]]
        loaded = safeyaml.Loaded(path=display, data=item["data"], text=text, findings=findings, located=False)
        model = None
        if item["valid"]:
            model = models.KINDS[kind].model_validate_json(json.dumps(item["data"], allow_nan=False))
        return loaded, model


# --- many files ------------------------------------------------------------------------------

def load_many(jobs: list[Job], *, cache: ValidateCache | None = None,
              workers: int | None = None) -> list[tuple[safeyaml.Loaded, object]]:
    """(loaded, model) for each job, in order; the same as `load_record` on each, only faster."""
    results: list[tuple[safeyaml.Loaded, object] | None] = [None] * len(jobs)
    todo: list[tuple[int, str]] = []  # (index, text) still to parse
    digests: dict[int, str] = {}
    for i, (kind, path, display) in enumerate(jobs):
        raw, findings = safeyaml.check_file(path, display)
        if raw is None:
            results[i] = (safeyaml.Loaded(path=display, findings=findings), None)
            continue
        text, findings = safeyaml.decode(raw, display)
        if text is None:
            results[i] = (safeyaml.Loaded(path=display, findings=findings), None)
            continue
        if cache is not None and cache.path is not None:
            digests[i] = hashlib.sha256(raw).hexdigest()
            item = cache.get(kind, display, digests[i])
            if item is not None:
                results[i] = cache.restore(kind, display, text, item)
                continue
        todo.append((i, text))

    workers = default_workers() if workers is None else workers
    if workers > 1 and len(todo) >= PARALLEL_MIN_FILES:
        _parse_in_parallel(jobs, todo, results, workers)
    else:
        for i, text in todo:
            kind, _, display = jobs[i]
            loaded = safeyaml.parse(text, display)
            results[i] = (loaded, _finish(kind, loaded))

    if cache is not None:
        for i, _ in todo:
            if i in digests:
                kind, _, display = jobs[i]
                cache.put(kind, display, digests[i], *results[i])
        cache.save()
    return results  # type: ignore[return-value]


def _parse_in_parallel(jobs, todo, results, workers: int) -> None:
    """Workers parse most of the files in small chunks, which this process unpickles as they
    arrive while it parses a slightly smaller share of its own (unpickling models costs time)."""
    mine_count = int(len(todo) * PARENT_SHARE / workers)
    mine, theirs = todo[:mine_count], todo[mine_count:]
    chunks = [theirs[k:k + CHUNK] for k in range(0, len(theirs), CHUNK)]
    with pool(workers - 1) as executor:
        futures = [executor.submit(_parse_chunk, [(jobs[i][0], jobs[i][2], text) for i, text in chunk])
                   for chunk in chunks]
        for i, text in mine:
            kind, _, display = jobs[i]
            loaded = safeyaml.parse(text, display)
            results[i] = (loaded, _finish(kind, loaded))
        for chunk, future in zip(chunks, futures):
            for (i, text), (data, findings, model) in zip(chunk, future.result()):
                display = jobs[i][2]
                results[i] = (safeyaml.Loaded(path=display, data=data, text=text, findings=findings,
                                              located=False), model)
