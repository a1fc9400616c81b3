"""Safe, located YAML loading for untrusted entry files.

Why not a stock loader: stock loaders expand aliases (billion-laughs), honour explicit tags and
`%YAML 1.1` directives (so `no` becomes False), turn unquoted dates into date objects and lose
line numbers. Here libyaml's C parser streams events and this module builds plain data from them
in one bounded pass, refusing anchors, aliases, tags, directives and extra documents, and
recording the line and column of every key and value. Plain scalars follow the YAML 1.2 core
schema (the one check-jsonschema uses), except that dates stay text.
"""

from __future__ import annotations

import bisect
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..findings import Finding

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000
MAX_INT_DIGITS = 30

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}

Path_ = tuple  # a JSON path as a tuple of keys and indexes


@dataclass
class Loaded:
    """The outcome of loading one file: data and locations, or findings explaining why not."""

    path: str
    data: object = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col) of the value
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col) of its key
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    located: bool = True  # False: `values` and `keys` are filled from `text` on the first `locate`

    @property
    def ok(self) -> bool:
        return not self.findings

    def locate(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Best (line, col) for a path: the key or value itself, else its nearest ancestor."""
        if not self.located:
            again = parse(self.text, self.path)
            self.values, self.keys, self.located = again.values, again.keys, True
        loc = tuple(loc)
        while True:
            table = (self.keys, self.values) if key else (self.values, self.keys)
            for t in table:
                if loc in t:
                    return t[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


def _err(path: str, line: int, col: int, code: str, message: str, hint: str = "") -> Finding:
    return Finding(path=path, line=line, col=col, code=code, message=message, hint=hint)


_PLAIN_TEXT_START = re.compile(r"[^0-9+\-.~nNtTfF]")  # no null, bool or number begins so


def resolve_plain(value: str):
    """YAML 1.2 core-schema resolution of a plain scalar; dates stay strings."""
    if _PLAIN_TEXT_START.match(value):
        return value  # the common case: words
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        if len(value) > MAX_INT_DIGITS:
            return value
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value) and len(value) <= MAX_INT_DIGITS:
        return float(value)
    if value.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[value.lower()]
    return value


def check_file(path: Path, display: str, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, list[Finding]]:
    """Refuse what must never be parsed: links, non-files, oversized files."""
    try:
        st = path.lstat()
    except OSError as exc:
        return None, [_err(display, 0, 0, "Y001", f"cannot read the file: {exc.strerror}")]
    if stat.S_ISLNK(st.st_mode):
        return None, [_err(display, 0, 0, "Y002", "is a symbolic link",
                           "registry files must be regular files; replace the link with the file itself")]
    if not stat.S_ISREG(st.st_mode):
        return None, [_err(display, 0, 0, "Y003", "is not a regular file", "remove it from the registry")]
    if st.st_size > max_bytes:
        return None, [_err(display, 0, 0, "Y004", f"is {st.st_size:,} bytes; the limit is {max_bytes:,}",
                           "entries are short; move long text out or split the entry")]
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1), []
    except OSError as exc:
        return None, [_err(display, 0, 0, "Y001", f"cannot read the file: {exc.strerror}")]


def _line_col(text_bytes: bytes, offset: int) -> tuple[int, int]:
    before = text_bytes[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    if not raw.strip():
        return None, [_err(display, 1, 1, "Y010", "the file is empty", "start from `accessgap new` or an existing entry")]
    for bom, name in ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if raw.startswith(bom):
            return None, [_err(display, 1, 1, "Y011", f"the file starts with a {name} byte-order mark",
                               "save the file as UTF-8 without a BOM")]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        return None, [_err(display, line, col, "Y012", "the file contains NUL bytes (binary data?)",
                           "registry files are UTF-8 text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        return None, [_err(display, line, col, "Y013", f"invalid UTF-8 byte 0x{raw[exc.start]:02x}",
                           "save the file as UTF-8")]
    return text, []


class _Refused(Exception):
    def __init__(self, finding: Finding):
        self.finding = finding


# libyaml also ends lines at NEL, LS and PS (YAML 1.1); editors, git and GitHub do not. When a text
# holds any of them, positions are recomputed from the marks' character index so that findings point
# at the line and column an editor shows.
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _editor_position(text: str):
    """A function from a libyaml mark to a 1-based (line, col), or None when libyaml's own will do."""
    if not _ODD_BREAK.search(text):
        return None
    starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def position(mark) -> tuple[int, int]:
        line = bisect.bisect_right(starts, mark.index)
        return line, mark.index - starts[line - 1] + 1

    return position


def parse(text: str, display: str) -> Loaded:
    """Build plain data from YAML text, recording locations; never raises."""
    loaded = Loaded(path=display, text=text)
    try:
        loaded.data = _build(text, display, loaded)
    except _Refused as refused:
        loaded.findings.append(refused.finding)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = 1, 1
        if mark is not None:
            position = _editor_position(text)
            line, col = position(mark) if position else (mark.line + 1, mark.column + 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        lines = _LINE_END.split(text)
        bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = ("YAML forbids tabs for indentation; use spaces" if "\t" in bad_line
                else "check indentation, colons and quotes on this line")
        loaded.findings.append(_err(display, line, col, "Y020", f"YAML syntax error: {problem}", hint))
    except yaml.YAMLError as exc:
        loaded.findings.append(_err(display, 1, 1, "Y020", f"YAML error: {exc}"))
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:  # defensive: never a traceback
        loaded.findings.append(_err(display, 1, 1, "Y029", f"the file cannot be read as YAML ({type(exc).__name__})"))
    return loaded


_EVENT_NAMES = {cls: cls.__name__ for cls in vars(yaml.events).values()
                if isinstance(cls, type) and issubclass(cls, yaml.events.Event)}
_SKIPPED_EVENTS = frozenset({"StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"})
_END_EVENTS = frozenset({"MappingEndEvent", "SequenceEndEvent"})


def _build(text: str, display: str, loaded: Loaded):
    events = yaml.parse(text, Loader=_Parser)
    stack: list = []  # frames: [container, path, pending_key]
    root = None
    documents = 0
    nodes = 0

    position = _editor_position(text)

    def at(event):
        if position:
            return position(event.start_mark)
        return event.start_mark.line + 1, event.start_mark.column + 1

    def refuse(event, code, message, hint):
        line, col = at(event)
        raise _Refused(_err(display, line, col, code, message, hint))

    def attach(value, event, is_key_candidate=False):
        nonlocal root
        mark = event.start_mark
        line_col = position(mark) if position else (mark.line + 1, mark.column + 1)
        if not stack:
            root = value
            loaded.values[()] = line_col
            return ()
        frame = stack[-1]
        container, cpath = frame[0], frame[1]
        if isinstance(container, list):
            p = cpath + (len(container),)
            container.append(value)
            loaded.values[p] = line_col
            return p
        # mapping: alternate key / value
        if frame[2] is _NOKEY:
            if not isinstance(value, str):
                if isinstance(value, (dict, list)):
                    refuse(event, "Y031", "a mapping key must be plain text", "write `name: value`")
                value = str(value) if value is not None else "null"
            if value in container:
                refuse(event, "Y032", f"duplicate key `{value}`",
                       f"`{value}` already appears at line {loaded.keys[cpath + (value,)][0]}; keep one")
            frame[2] = value
            loaded.keys[cpath + (value,)] = line_col
            return None
        key = frame[2]
        frame[2] = _NOKEY
        container[key] = value
        p = cpath + (key,)
        loaded.values[p] = line_col
        return p

    for event in events:
        kind = _EVENT_NAMES.get(type(event)) or type(event).__name__
        if kind in _SKIPPED_EVENTS:
            continue
        if kind == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                refuse(event, "Y021", "several YAML documents in one file",
                       "keep one entry per file and remove the `---` separator")
            if getattr(event, "version", None) or getattr(event, "tags", None):
                refuse(event, "Y022", "YAML directives (%YAML, %TAG) are not allowed",
                       "delete the line starting with `%`")
            continue
        if kind == "AliasEvent":
            refuse(event, "Y023", f"YAML alias `*{event.anchor}` is not allowed",
                   "write the value out in full; anchors and aliases are refused")
        if kind not in _END_EVENTS:  # end events carry neither anchor nor tag
            if event.anchor:
                refuse(event, "Y023", f"YAML anchor `&{event.anchor}` is not allowed",
                       "write the value out in full; anchors and aliases are refused")
            if event.tag is not None:
                refuse(event, "Y024", f"explicit YAML tag `{event.tag}` is not allowed",
                       "remove the `!`-tag; quote the value if it must be text")
        nodes += 1
        if nodes > MAX_NODES:
            refuse(event, "Y025", f"more than {MAX_NODES:,} values", "entries are small; this file is not an entry")
        if kind == "ScalarEvent":
            value = event.value if event.style else resolve_plain(event.value)
            attach(value, event)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            if len(stack) >= MAX_DEPTH:
                refuse(event, "Y026", f"nesting deeper than {MAX_DEPTH} levels", "entries are shallow; flatten this")
            container = {} if kind == "MappingStartEvent" else []
            in_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NOKEY
            if in_key:
                refuse(event, "Y031", "a mapping key must be plain text", "write `name: value`")
            p = attach(container, event)
            stack.append([container, p if p is not None else (), _NOKEY])
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
    if documents == 0:
        raise _Refused(_err(display, 1, 1, "Y010", "the file holds no YAML document", "the file is empty or only comments"))
    return root


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NOKEY = _NoKey()


def load(path: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> Loaded:
    display = display or str(path)
    raw, findings = check_file(path, display, max_bytes)
    if raw is None:
        return Loaded(path=display, findings=findings)
    text, findings = decode(raw, display)
    if text is None:
        return Loaded(path=display, findings=findings)
    return parse(text, display)
