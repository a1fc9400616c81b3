"""Load: find the registry's files, parse each safely and validate its shape.

The result is a `Registry` of records (file, located data, validated model) plus the findings of
loading. Cross-file checks live in `check/rules.py`; computed values in `site/enrich.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .. import models
from . import safeyaml
from .batch import ValidateCache, load_many
from ..findings import Finding, Result, pointer
from .shape import validate_record

FOLDERS = {"entries": "entry", "labs": "lab", "models": "model", "organisations": "organisation"}


@dataclass
class Record:
    kind: str
    path: Path
    display: str
    loaded: safeyaml.Loaded
    model: BaseModel | None = None
    external: bool = False  # named on the command line from outside the registry folder

    @property
    def id(self) -> str | None:
        if self.model is not None:
            return self.model.id
        data = self.loaded.data
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    def locate(self, *path, key: bool = False) -> tuple[int, int]:
        return self.loaded.locate(tuple(path), key=key)

    def finding(self, code: str, message: str, hint: str = "", *path, key: bool = False) -> Finding:
        line, col = self.locate(*path, key=key)
        return Finding(self.display, line, col, code, message, hint, pointer(path))


@dataclass
class Registry:
    root: Path
    records: list[Record] = field(default_factory=list)
    result: Result = field(default_factory=Result)

    def valid(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind and r.model is not None]

    def by_id(self, kind: str) -> dict[str, BaseModel]:
        return {r.model.id: r.model for r in self.valid(kind)}

    @property
    def entries(self) -> list[models.Entry]:
        return sorted((r.model for r in self.valid("entry")), key=lambda e: e.id)

    @property
    def labs(self) -> dict[str, models.Lab]:
        return self.by_id("lab")

    @property
    def models(self) -> dict[str, models.Model]:
        return self.by_id("model")

    @property
    def organisations(self) -> dict[str, models.Organisation]:
        return self.by_id("organisation")


def display_path(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Finding]]:
    """Every registry file with its kind; links and stray files become findings, not records."""
    found: list[tuple[str, Path]] = []
    problems: list[Finding] = []
    base = Path.cwd()
    for folder, kind in FOLDERS.items():
        top = root / folder
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            here = Path(dirpath)
            for d in list(dirnames):
                if (here / d).is_symlink():
                    problems.append(Finding(display_path(here / d, base), 0, 0, "Y002", "is a symbolic link",
                                            "registry folders must be real folders"))
                    dirnames.remove(d)
                elif d.startswith("."):
                    dirnames.remove(d)
            dirnames.sort()
            for name in sorted(filenames):
                p = here / name
                if name.startswith("."):
                    continue
                if not name.endswith(".yaml"):
                    problems.append(Finding(display_path(p, base), 0, 0, "R001",
                                            "is not a .yaml file", "registry files end in .yaml; rename or remove it"))
                    continue
                found.append((kind, p))
    return found, problems


def kind_for(path: Path, root: Path) -> str | None:
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return FOLDERS.get(rel.parts[0]) if rel.parts else None


def load_record(kind: str, path: Path, display: str) -> Record:
    loaded = safeyaml.load(path, display)
    record = Record(kind, path, display, loaded)
    if loaded.ok:
        record.model, findings = validate_record(loaded, models.KINDS[kind])
        loaded.findings.extend(findings)
    return record


def load_registry(root: Path, files: list[tuple[str, Path]] | None = None, *, cache: Path | None = None,
                  update_cache: bool = True, workers: int | None = None) -> Registry:
    """Load every registry file (or the given ones), keeping parse and schema findings.

    `cache` names a file for per-file results (see load/batch.py), rewritten after loading unless
    `update_cache` is false; `workers` caps the processes used for large registries (default: one
    per core). Neither changes the records or findings.
    """
    registry = Registry(root=root)
    if files is None:
        files, problems = discover(root)
        registry.result.extend(problems)
    base = Path.cwd()
    jobs = [(kind, path, display_path(path, base)) for kind, path in files]
    store = ValidateCache(cache, writable=update_cache) if cache is not None else None
    loaded = load_many(jobs, cache=store, workers=workers)
    for (kind, path, display), (one, model) in zip(jobs, loaded):
        record = Record(kind, path, display, one, model)
        registry.records.append(record)
        registry.result.extend(record.loaded.findings)
    registry.result.files_checked = len(registry.records)
    return registry
