"""`accessgap migrate`: rewrite schema 1.0 files as 2.0, keeping comments (ruamel.yaml round trip).

What changes from 1.0 to 2.0:

- `schema_version` becomes "2.0" (every kind of file);
- in an entry's `sources`, and in each timeline stage's `sources`, sources that share a URL and
  agree on every field but `quote` and `note` become one source with `quotes:`, in the order the
  quotes were written. When their notes differ, each note moves onto its own quote. Sources that
  share a URL but disagree on another field (a title, a date, `kind`...) stay separate, and the
  run reports them, since merging them would lose a fact.

The result is put in `accessgap fmt`'s canonical form and must hold the same facts as the
original (checked before anything is written), so migrating can never drop a quote or a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..fsutil import atomic_write
from ..load import safeyaml
from .fmt import format_text, registry_files, round_trip_yaml, schema_header

FROM_VERSION = "1.0"
TO_VERSION = "2.0"
_MERGED_AWAY = ("quote", "quotes", "note")  # the fields merged sources may differ on


@dataclass
class FileReport:
    """What migrating one file did (or would do)."""

    changed: bool = False
    merged: list[str] = field(default_factory=list)  # "sources 1, 2 (https://...)" per merge
    kept_apart: list[str] = field(default_factory=list)  # same URL, different facts


def _quotes_of(source: dict) -> list:
    if "quotes" in source:
        return list(source["quotes"])
    return [source["quote"]] if "quote" in source else []


def _note_key(source: dict):
    return source.get("note")


def _merge(group: list[CommentedMap]) -> CommentedMap:
    """One source from several that agree on everything but quotes and notes; the first keeps its place
    and its comments."""
    first = group[0]
    notes = [_note_key(s) for s in group]
    same_note = all(n == notes[0] for n in notes)
    items = CommentedSeq()
    for source in group:
        for q in _quotes_of(source):
            text, extra = (q, {}) if not isinstance(q, dict) else (q["text"], {k: v for k, v in q.items() if k != "text"})
            own_note = None if same_note else source.get("note")
            if own_note is not None and "note" not in extra:
                extra["note"] = own_note
            if extra:
                item = CommentedMap()
                item["text"] = text
                for k in ("lang", "note"):
                    if k in extra:
                        item[k] = extra[k]
                items.append(item)
            else:
                items.append(text)
    keys = list(first)
    at = keys.index("quotes") if "quotes" in keys else keys.index("quote") if "quote" in keys else len(keys)
    for k in ("quote", "quotes"):
        if k in first:
            del first[k]
    first.insert(at, "quotes", items)
    if not same_note and "note" in first:
        del first["note"]
    return first


def _differences(a: dict, b: dict) -> list[str]:
    keys = [k for k in dict.fromkeys([*a, *b]) if k not in _MERGED_AWAY]
    return [k for k in keys if a.get(k) != b.get(k)]


def merge_sources(sources: CommentedSeq, where: str, report: FileReport) -> None:
    """Merge, in place, the sources of one list that share a URL and agree on every other fact."""
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(sources):
        if isinstance(s, dict) and isinstance(s.get("url"), str):
            groups.setdefault(s["url"], []).append(i)
    drop: set[int] = set()
    for url, idx in groups.items():
        if len(idx) < 2:
            continue
        together = [idx[0]]
        for j in idx[1:]:
            diff = _differences(sources[idx[0]], sources[j])
            if diff:
                report.kept_apart.append(f"{where}: sources {idx[0] + 1} and {j + 1} cite {url} but differ on "
                                         + ", ".join(f"`{k}`" for k in diff) + "; kept separate")
            else:
                together.append(j)
        if len(together) > 1:
            sources[together[0]] = _merge([sources[i] for i in together])
            drop.update(together[1:])
            report.merged.append(f"{where}: sources {', '.join(str(i + 1) for i in together)} -> one source "
                                 f"with {len(sources[together[0]]['quotes'])} quotes ({url})")
    for i in sorted(drop, reverse=True):
        del sources[i]


def migrate_data(data: CommentedMap, kind: str) -> FileReport:
    """Migrate round-trip data in place from 1.0 to 2.0."""
    report = FileReport()
    if data.get("schema_version") != FROM_VERSION:
        return report
    data["schema_version"] = DoubleQuotedScalarString(TO_VERSION)
    report.changed = True
    if kind == "entry" and isinstance(data.get("sources"), list):
        merge_sources(data["sources"], "sources", report)
    if kind == "model" and isinstance(data.get("timeline"), list):
        for i, stage in enumerate(data["timeline"]):
            if isinstance(stage, dict) and isinstance(stage.get("sources"), list):
                merge_sources(stage["sources"], f"timeline[{i}].sources", report)
    return report


def _facts(data: dict) -> object:
    """The file's facts, with sources flattened to one row per quote, so a merge compares equal."""
    def walk(node, key=None):
        if isinstance(node, dict):
            out = {k: walk(v, k) for k, v in node.items() if k != "schema_version"}
            return out
        if isinstance(node, list):
            if key == "sources":
                rows = []
                for s in node:
                    base = {k: walk(v) for k, v in s.items() if k not in _MERGED_AWAY}
                    for q in _quotes_of(s):
                        text = q["text"] if isinstance(q, dict) else q
                        lang = q.get("lang") if isinstance(q, dict) else None
                        note = (q.get("note") if isinstance(q, dict) else None) or s.get("note")
                        rows.append(repr(sorted({**base, "_quote": text, "_lang": lang, "_note": note}.items())))
                return sorted(rows)
            return [walk(v) for v in node]
        return node
    return walk(data)


def migrate_text(text: str, kind: str, header: str | None = None) -> tuple[str, FileReport]:
    """The migrated text (in fmt's canonical form) and what changed; raises ValueError if a fact would be lost."""
    y = round_trip_yaml()
    data = y.load(text)
    report = migrate_data(data, kind)
    if not report.changed:
        return text, report
    import io

    buf = io.StringIO()
    y.dump(data, buf)
    out = format_text(buf.getvalue(), kind, header)
    before = safeyaml.parse(text, "before")
    after = safeyaml.parse(out, "after")
    if not after.ok or _facts(after.data) != _facts(before.data) or after.data.get("schema_version") != TO_VERSION:
        raise ValueError("migrating would change the facts; file left as it is (please report this)")
    return out, report


@dataclass
class MigrateRun:
    dry_run: bool
    files: int = 0
    changed: int = 0
    failed: int = 0
    sources_before: int = 0
    sources_after: int = 0
    lines: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        verb = "would migrate" if self.dry_run else "migrated"
        return (f"{self.files} file(s) checked, {self.changed} {verb} to {TO_VERSION}, {self.failed} could not be "
                f"migrated; sources {self.sources_before} -> {self.sources_after} (no quote dropped), "
                f"{len(self.notices)} same-URL pair(s) kept separate")


def _count_sources(data) -> int:
    if not isinstance(data, dict):
        return 0
    n = len(data.get("sources") or []) if isinstance(data.get("sources"), list) else 0
    for st in data.get("timeline") or [] if isinstance(data.get("timeline"), list) else []:
        if isinstance(st, dict) and isinstance(st.get("sources"), list):
            n += len(st["sources"])
    return n


def migrate_paths(project: Path, names: list[str], *, dry_run: bool) -> MigrateRun:
    """Migrate the named registry files (default: all of them); with `dry_run`, write nothing."""
    from ..load.registry import display_path

    files = registry_files(project / "registry", names, "migrate only rewrites")
    run = MigrateRun(dry_run=dry_run, files=len(files))
    for kind, path in files:
        display = display_path(path, Path.cwd())
        loaded = safeyaml.load(path, display)
        if not loaded.ok:
            run.failed += 1
            run.errors.append(f"{display}: error: cannot migrate a file that does not load; run `accessgap validate` first")
            continue
        version = loaded.data.get("schema_version") if isinstance(loaded.data, dict) else None
        if version not in (FROM_VERSION, TO_VERSION):
            run.failed += 1
            run.errors.append(f"{display}: error: schema version {version!r} is neither {FROM_VERSION} nor {TO_VERSION}")
            continue
        original = loaded.text.replace("\r\n", "\n")
        try:
            new, report = migrate_text(original, kind, schema_header(path, kind, project))
        except ValueError as exc:
            run.failed += 1
            run.errors.append(f"{display}: error: {exc}")
            continue
        except Exception as exc:  # ruamel may reject what libyaml accepted; report, don't crash
            run.failed += 1
            run.errors.append(f"{display}: error: cannot migrate: {type(exc).__name__}")
            continue
        run.sources_before += _count_sources(loaded.data)
        run.sources_after += _count_sources(safeyaml.parse(new, display).data) if report.changed else _count_sources(loaded.data)
        run.notices += [f"{display}: note: {n}" for n in report.kept_apart]
        if report.changed:
            run.changed += 1
            detail = "; ".join(report.merged)
            run.lines.append(f"{display}: {'would migrate' if dry_run else 'migrated'} to {TO_VERSION}"
                             + (f" ({detail})" if detail else ""))
            if not dry_run:
                atomic_write(path, new)
    return run
