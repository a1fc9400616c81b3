"""Reporters: format a Result as text, GitHub annotations or JSON. They only format."""

from __future__ import annotations

import json
import re

from ..findings import Result

# Messages quote contributors' text (key names, values); in a terminal or a CI log a raw newline,
# escape sequence or bidi override in them could forge or hide output lines.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _printable(value: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _escape_github(value: str, *, prop: bool = False) -> str:
    # Workflow commands treat % CR LF (and , : in properties) specially.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(",", "%2C").replace(":", "%3A")
    return value


def text(result: Result, *, color: bool = False) -> str:
    lines = []
    for f in result.sorted():
        where = f"{f.path}:{f.line}:{f.col}" if f.line else f.path
        lines.append(_printable(f"{where}: {f.severity}[{f.code}]: {f.message}"))
        if f.hint:
            lines.append(_printable(f"    hint: {f.hint}"))
    n_err, n_warn = len(result.errors), len(result.warnings)
    summary = f"{n_err} error(s), {n_warn} warning(s)"
    if result.files_checked:
        summary = f"{result.files_checked} file(s) checked: {summary}"
    lines.append(summary if n_err or n_warn else f"{summary} — all good")
    return "\n".join(lines)


def github(result: Result) -> str:
    lines = []
    for f in result.sorted():
        level = "error" if f.is_error else "warning"
        props = [f"file={_escape_github(f.path, prop=True)}"]
        if f.line:
            props += [f"line={f.line}", f"col={f.col}"]
        props.append(f"title={_escape_github(f.code, prop=True)}")
        body = f.message + (f" — hint: {f.hint}" if f.hint else "")
        # Annotations show in the pull request's web page, where a bidi override would reorder them.
        lines.append(_printable(f"::{level} {','.join(props)}::{_escape_github(body)}"))
    lines.append(f"{result.files_checked} file(s) checked: {len(result.errors)} error(s), {len(result.warnings)} warning(s)")
    return "\n".join(lines)


def as_json(result: Result) -> str:
    return json.dumps(
        {
            "files_checked": result.files_checked,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [
                {"path": f.path, "line": f.line, "col": f.col, "severity": f.severity, "code": f.code,
                 "message": f.message, "hint": f.hint, "pointer": f.pointer}
                for f in result.sorted()
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


FORMATS = {"text": text, "github": github, "json": as_json}
