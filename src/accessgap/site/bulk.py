"""The bulk download: one zip of the whole dataset for the version being built.

`downloads/model-access-gap-registry-<version>.zip` holds the registry's YAML files as committed
(entries, labs, models, organisations), the JSON and CSV exports (`api/v1/`), the JSON Schemas
(`schema/`) and CITATION.cff. Its bytes depend only on those files: names sorted, one fixed
timestamp, fixed permissions, no extra fields, so a rebuild of the same data writes the same zip
(and the same SHA-256) and the writer leaves it alone. Only the current version is built; a
release's zip stays available as an asset of its GitHub release (docs/releasing.md).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from .enrich import Site
from .writer import Writer

EXPORTS = ["api/v1/changelog.json", "api/v1/entries.csv", "api/v1/entries.json", "api/v1/modified_id.csv",
           "api/v1/timeline-stages.csv", "api/v1/timelines.json", "api/v1/vocabularies.json"]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: says "no time", not a fake one
PREFIX = "model-access-gap-registry"


@dataclass(frozen=True)
class Bulk:
    path: str  # site-relative, e.g. downloads/model-access-gap-registry-2026.11.0.zip
    size: int
    sha256: str
    members: list[str]  # names inside the zip, sorted
    groups: dict[str, int]  # top folder (registry/entries, api/v1, schema, ...) -> how many files

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def size_text(self) -> str:
        return f"{self.size / 1_000_000:.1f} MB" if self.size >= 100_000 else f"{self.size / 1000:.0f} kB"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A deterministic zip of `members` (name -> bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            z.writestr(info, members[name], compresslevel=6)
    return buf.getvalue()


def file_name(version: str) -> str:
    safe = re.sub(r"[^0-9A-Za-z.]+", "-", version).strip("-.") or "unversioned"
    return f"downloads/{PREFIX}-{safe}.zip"


def _group(name: str) -> str:
    parts = name.split("/")
    return "/".join(parts[:2]) if parts[0] in ("registry", "api") and len(parts) > 2 else parts[0]


def members(w: Writer, site: Site) -> dict[str, bytes]:
    """What the zip holds: registry files (read from disk, as committed), exports and schemas
    (read back from what this generation wrote), CITATION.cff."""
    out: dict[str, bytes] = {}
    root = site.registry.root
    for rec in site.registry.records:
        if rec.external:
            continue
        rel = rec.path.resolve().relative_to(root.resolve()).as_posix()
        out[f"registry/{rel}"] = rec.path.read_bytes()
    for rel in EXPORTS + sorted(r for r in w.written if r.startswith("schema/") and r.endswith(".json")):
        if rel in w.written:
            out[rel] = (w.out / rel).read_bytes()
    cff = root.parent / "CITATION.cff"
    if cff.is_file():
        out["CITATION.cff"] = cff.read_bytes()
    return out


def write_bulk(w: Writer, site: Site) -> Bulk:
    files = members(w, site)
    data = zip_bytes(files)
    path = file_name(site.config.get("dataset_version", ""))
    w.write(path, data)
    groups: dict[str, int] = {}
    for name in files:
        groups[_group(name)] = groups.get(_group(name), 0) + 1
    return Bulk(path, len(data), hashlib.sha256(data).hexdigest(), sorted(files), dict(sorted(groups.items())))
