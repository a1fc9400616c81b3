"""Canonical formatting of registry files, keeping comments (ruamel.yaml round-trip).

Only files that already load safely are formatted, and the result must load to the same data,
so formatting can never change what an entry says.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import UsageError
from ..fsutil import atomic_write
from ..load import safeyaml
from ..models import KINDS, READ_VERSIONS
from ..load.shape import nested_models

_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?~?")
HEADER_PREFIX = "# yaml-language-server: $schema="


def round_trip_yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never re-wrap contributors' lines
    y.preserve_quotes = False
    return y


def _field_model(model: type[BaseModel], key: str, value) -> type[BaseModel] | None:
    info = model.model_fields.get(key)
    if info is None:
        return None
    candidates = nested_models(info.annotation)
    if len(candidates) == 1:
        return candidates[0]
    # a discriminated union: pick the member whose `type` literal matches
    tag = value.get("type") if isinstance(value, dict) else None
    for c in candidates:
        f = c.model_fields.get("type")
        if f is not None and tag in getattr(f.annotation, "__args__", ()):
            return c
    return None


def _canon(node, model: type[BaseModel] | None):
    if isinstance(node, CommentedMap):
        if model is not None:
            order = list(model.model_fields)
            comments = node.ca.items
            for key in order + [k for k in list(node) if k not in order]:
                if key in node:
                    saved = comments.get(key)
                    value = node.pop(key)
                    node[key] = value
                    if saved is not None:
                        comments[key] = saved
        for key in list(node):
            sub = _field_model(model, key, node[key]) if model is not None else None
            node[key] = _canon(node[key], sub)
        return node
    if isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            node[i] = _canon(item, model)
        return node
    if isinstance(node, dt.date):
        return DoubleQuotedScalarString(node.isoformat())
    if isinstance(node, str) and (_DATE.fullmatch(node) or node in READ_VERSIONS):
        return DoubleQuotedScalarString(str(node))
    return node


def schema_header(path: Path, kind: str, project: Path) -> str:
    target = project / "schema" / f"{kind}.schema.json"
    rel = os.path.relpath(target, path.parent).replace(os.sep, "/")
    return f"{HEADER_PREFIX}{rel}"


def format_text(text: str, kind: str, header: str | None = None) -> str:
    y = round_trip_yaml()
    data = y.load(text)
    data = _canon(data, KINDS[kind])
    buf = io.StringIO()
    y.dump(data, buf)
    out = buf.getvalue()
    if header:
        lines = out.splitlines()
        if lines and lines[0].startswith(HEADER_PREFIX):
            lines[0] = header
        else:
            lines.insert(0, header)
        out = "\n".join(lines) + "\n"
    return out


def format_file(path: Path, kind: str, project: Path, display: str) -> tuple[str | None, str | None]:
    """(new text or None when unchanged, error message or None). Never writes."""
    loaded = safeyaml.load(path, display)
    if not loaded.ok:
        return None, "cannot format a file that does not load; run `accessgap validate` first"
    original = loaded.text.replace("\r\n", "\n")
    try:
        new = format_text(original, kind, schema_header(path, kind, project))
    except Exception as exc:  # ruamel may reject what libyaml accepted; report, don't crash
        return None, f"cannot format: {type(exc).__name__}"
    check = safeyaml.parse(new, display)
    if not check.ok or check.data != loaded.data:
        return None, "formatting would change the data; file left as it is (please report this)"
    return (new if new != loaded.text else None), None


@dataclass
class FmtRun:
    """What `accessgap fmt` did: one line per changed file, errors apart, and the counts."""

    check: bool
    files: int = 0
    changed: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        verb = "would change" if self.check else "changed"
        return f"{self.files} file(s) checked, {self.changed} {verb}, {self.failed} could not be formatted"


def registry_files(root: Path, names: list[str], verb: str) -> list[tuple[str, Path]]:
    """(kind, path) of the named registry files, or of all of them; `verb` says what the command
    does, for the error about a path outside registry/."""
    from ..check.runner import expand, kind_of_path
    from ..load.registry import discover

    if not names:
        return discover(root)[0]
    files = []
    try:
        wanted = expand([Path(x) for x in names])
    except OSError as exc:  # e.g. a file name too long for the file system
        raise UsageError(f"cannot read {str(exc.filename)[:200]!r}: {exc.strerror}") from None
    for p in wanted:
        kind = kind_of_path(p, root)
        if kind is None:
            raise UsageError(f"{p} is not inside registry/; {verb} registry files")
        files.append((kind, p))
    return files


def format_paths(project: Path, names: list[str], *, check: bool) -> FmtRun:
    """Format the named registry files (default: all of them); with `check`, write nothing."""
    from ..load.registry import display_path

    files = registry_files(project / "registry", names, "fmt only formats")
    run = FmtRun(check=check, files=len(files))
    for kind, path in files:
        display = display_path(path, Path.cwd())
        new, error = format_file(path, kind, project, display)
        if error:
            run.failed += 1
            run.errors.append(f"{display}: error: {error}")
        elif new is not None:
            run.changed += 1
            if check:
                run.lines.append(f"{display}: would be reformatted")
            else:
                atomic_write(path, new)
                run.lines.append(f"{display}: reformatted")
    return run
