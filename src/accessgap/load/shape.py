"""Tier 1: shape, types and vocabularies, by the pydantic models; errors mapped to YAML lines."""

from __future__ import annotations

import json

from pydantic import BaseModel, ValidationError

from .. import models
from ..findings import Finding, pointer
from ..suggest import did_you_mean
from .safeyaml import Loaded, resolve_plain

PATTERN_HELP = {
    models.ID_PATTERN: ("an ID like MAG-2024-0007", "use `accessgap new` to allocate the next free ID"),
    models.SLUG_PATTERN: ("an ID made of lowercase letters, digits and hyphens (e.g. `gpt-4-5`)",
                          "use the file name of the record in registry/labs, models or organisations"),
    models.DATE_PATTERN: ('a date like "2024", "2024-05" or "2024-05-17" (end with ~ if approximate)',
                          "write the date in quotes with only the precision you know"),
    models.STAGE_DATE_PATTERN: ('a date like "2024-05" (~ approximate, ? uncertain) or an interval: "2024-10/2024-12", '
                                 '"../2024-05" (on or before), "2025-05/.." (on or after)',
                                 "write only the precision the source gives, in quotes"),
    models.DAY_PATTERN: ('a full date like "2024-05-17"', "write the day you read the source, in quotes"),
    models.URL_PATTERN: ("an http(s) URL", "links must start with http:// or https:// and contain no spaces"),
    models.LANG_PATTERN: ("a language tag like `fr`, `de` or `zh-Hans`",
                          "write the BCP 47 tag of the quote's language, lowercase (omit it for English)"),
}

def nested_models(annotation) -> list[type[BaseModel]]:
    found = []
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            found.append(a)
        stack.extend(getattr(a, "__args__", ()) or ())
        meta = getattr(a, "__origin__", None)
        if meta is not None and hasattr(a, "__metadata__"):
            stack.append(meta)
    return found


def fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """The keys allowed in the mapping at `loc` (the path of an unknown key, without the key), so
    a misspelt key is matched only against its own neighbours: `strat` inside `evaluation_windows`
    suggests `start`, never `state` from `status`."""
    candidates = [model]
    for part in loc:
        if isinstance(part, int):
            continue  # an item of a list: same models
        inner = [m for c in candidates if part in c.model_fields
                 for m in nested_models(c.model_fields[part].annotation)]
        if inner:
            candidates = inner
        else:  # a union tag that pydantic inserted (`deployment_lag`): keep the member it names
            tagged = [c for c in candidates if _tag_of(c) == part]
            candidates = tagged or candidates
    return {name for c in candidates for name in c.model_fields}


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("type")
    args = getattr(field.annotation, "__args__", ()) if field else ()
    return args[0] if len(args) == 1 and isinstance(args[0], str) else None


# Stable codes per kind of schema error, so tests and docs can name them.
SCHEMA_CODES = {
    "missing": "S101", "extra_forbidden": "S102", "enum": "S103", "literal_error": "S103",
    "union_tag_invalid": "S103", "union_tag_not_found": "S101", "string_pattern_mismatch": "S104",
    "string_type": "S105", "list_type": "S105", "model_type": "S105", "model_attributes_type": "S105",
    "dict_type": "S105", "int_type": "S105", "bool_type": "S105", "int_parsing": "S105", "float_type": "S105",
    "float_parsing": "S105",
    "too_short": "S106", "string_too_short": "S106", "too_long": "S106", "string_too_long": "S106",
    "greater_than_equal": "S107", "less_than_equal": "S107", "value_error": "S108",
    "forbidden_character": "S108",
}


def char_position(text: str, line: int, col: int, char: str) -> tuple[int, int]:
    """Where `char` first appears at or after (line, col) in the raw text; (line, col) itself when
    it is not there literally (written as an escape such as "\\u202e")."""
    lines = text.split("\n")
    if not line or line > len(lines) or char in "\r\n":  # a line break is the YAML's own, not the value's
        return line, col
    start = sum(len(x) + 1 for x in lines[: line - 1]) + max(col - 1, 0)
    at = text.find(char, start)
    if at < 0:
        return line, col
    before = text[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


def _data_path(data, loc) -> tuple:
    """Drop pydantic's union-tag segments so the path matches the YAML data."""
    path = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
            path.append(part)
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
            path.append(part)
        elif isinstance(cur, dict) and isinstance(part, str):
            # a missing key, or a discriminator tag that pydantic inserted; keep going on the same node
            continue
        else:
            break
    return tuple(path)


def _typename(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return "text"


SHOWN_CHARS = 60


def shown(value) -> str:
    """A value as messages quote it: repr, cut to SHOWN_CHARS so a huge value cannot bury the
    file name and line that the message starts with."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        return "a number with more than 4,300 digits"
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(str(value)):,} characters)"


def _translate(err: dict, data, model: type[BaseModel]) -> tuple[str, str, bool]:
    """(message, hint, point_at_key) for one pydantic error."""
    etype = err["type"]
    loc = err["loc"]
    ctx = err.get("ctx") or {}
    inp = err.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    if etype == "missing":
        return f"missing required key `{loc[-1]}`", f"add `{loc[-1]}:` here (see docs/schema.md)", False
    if etype == "extra_forbidden":
        return (f"unknown key `{loc[-1]}`",
                did_you_mean(loc[-1], fields_at(model, loc[:-1]))
                + "remove it or check the spelling against docs/schema.md", True)
    if etype in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return (f"`{name}`: {shown(inp)} is not allowed; expected one of {expected}",
                did_you_mean(inp, choices) or "pick a value from the list", False)
    if etype == "union_tag_invalid":
        return (f"gap type {shown(ctx.get('tag'))} is not one of {ctx.get('expected_tags')}",
                did_you_mean(ctx.get("tag"), [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")])
                + "the gap types and their sub-types are listed in docs/schema.md", False)
    if etype == "union_tag_not_found":
        return "each gap type needs a `type:` key", "write `- type: deployment_lag` followed by `subtypes: [...]`", False
    if etype == "string_pattern_mismatch":
        what, hint = PATTERN_HELP.get(ctx.get("pattern"), ("text in the documented format", "see docs/schema.md"))
        return f"`{name}`: {shown(inp)} is not {what}", hint, False
    if etype in ("string_type", "str_type"):
        hint = "put the value in quotes" if isinstance(inp, (int, float, bool)) else "write a text value"
        return f"`{name}` must be text, not {_typename(inp)}", hint, False
    if etype in ("list_type", "tuple_type"):
        return f"`{name}` must be a list, not {_typename(inp)}", "write `[a, b]` or one `- item` per line", False
    if etype in ("model_type", "model_attributes_type", "dict_type"):
        return f"`{name}` must be a mapping of keys to values, not {_typename(inp)}", "see docs/schema.md", False
    if etype in ("float_type", "float_parsing"):
        hint = "write it without quotes" if isinstance(inp, str) else "write digits, e.g. `15` or `2.5`"
        return f"`{name}` must be a number, not {_typename(inp)}", hint, False
    if etype in ("int_type", "bool_type", "int_parsing"):
        want = "a whole number" if etype.startswith("int") else "true or false"
        if isinstance(inp, str) and not isinstance(resolve_plain(inp), str):
            hint = "write it without quotes"  # a quoted number or true/false
        elif etype.startswith("int"):
            hint = "write digits only, e.g. `7` (no `_`, no decimal point, at most 30 digits)"
        else:
            hint = "write `true` or `false` (`yes`, `no`, `on` and `off` are text)"
        return f"`{name}` must be {want}, not {_typename(inp)}", hint, False
    if etype in ("too_short", "string_too_short"):
        return f"`{name}` is too short ({err['msg'].lower()})", "add the missing content", False
    if etype in ("too_long", "string_too_long"):
        return f"`{name}` is too long ({err['msg'].lower()})", "shorten it", False
    if etype in ("greater_than_equal", "less_than_equal"):
        return f"`{name}`: {err['msg'].lower()}", "check the number", False
    if etype == "forbidden_character":
        return f"`{name}` {err['msg']}", "delete the character (retype the text around it if you cannot see it)", False
    if etype == "value_error":
        msg = str(ctx.get("error", err["msg"]))
        return f"`{name}` {msg}" if loc else msg, "", False
    return f"`{name}`: {err['msg']}", "", False


# Schema versions this tool reads, and what to do with files written for other versions.
# 1.0 is read during the transition to 2.0, with a warning (S110) naming the migration; when it
# is retired it moves to RETIRED_VERSIONS with that command, and tests keep frozen 1.0 examples
# (tests/data/schema-versions/) to prove the message or the migration works.
SUPPORTED_VERSIONS = set(models.READ_VERSIONS)
RETIRED_VERSIONS: dict[str, str] = {}
MIGRATE_HINT = "run `accessgap migrate {path}` to rewrite it as 2.0 (comments are kept), then check the diff"


def _check_version(loaded: Loaded, data: dict) -> Finding | None:
    version = data.get("schema_version")
    if version is None or (isinstance(version, str) and version in SUPPORTED_VERSIONS):  # a list is unhashable
        return None  # a missing version is reported by the model as a missing key
    line, col = loaded.locate(("schema_version",))
    if isinstance(version, (int, float)) and not isinstance(version, bool) and str(version) in SUPPORTED_VERSIONS:
        return Finding(loaded.path, line, col, "S109", f"`schema_version` must be text: write \"{version}\"",
                       "put the version in quotes", "$.schema_version")
    text = str(version)
    if text in RETIRED_VERSIONS:
        return Finding(loaded.path, line, col, "S109", f"schema version {text} is no longer read by this tool",
                       RETIRED_VERSIONS[text], "$.schema_version")
    return Finding(loaded.path, line, col, "S109",
                   f"unknown schema version {text!r}; this tool reads {', '.join(sorted(SUPPORTED_VERSIONS))}",
                   "if the file is newer than your tools, update them (`make install`); otherwise use "
                   f"\"{models.SCHEMA_VERSION}\"", "$.schema_version")


def _old_version(loaded: Loaded, data: dict) -> Finding | None:
    """S110: a file still in schema 1.0, read during the transition."""
    if data.get("schema_version") != "1.0":
        return None
    line, col = loaded.locate(("schema_version",))
    return Finding(loaded.path, line, col, "S110",
                   f"schema version 1.0 is read during the transition to {models.SCHEMA_VERSION}",
                   MIGRATE_HINT.format(path=loaded.path), "$.schema_version")


def _clean_loc(loc: tuple) -> tuple:
    """Drop the tag of the quote form (`text` or `mapping`) that pydantic puts after a quote's index."""
    out = list(loc)
    for i in range(len(out) - 2, 0, -1):
        if out[i - 1] == "quotes" and isinstance(out[i], int) and out[i + 1] in ("text", "mapping"):
            del out[i + 1]
    return tuple(out)


def validate_record(loaded: Loaded, model: type[BaseModel]) -> tuple[BaseModel | None, list[Finding]]:
    """Validate loaded data against a model, mapping every error to a line and column."""
    data = loaded.data
    if not isinstance(data, dict):
        return None, [Finding(loaded.path, 1, 1, "S001", f"the file must hold a mapping of keys, not {_typename(data)}",
                              "start from `accessgap new` or copy an existing file")]
    version_problem = _check_version(loaded, data)
    if version_problem:
        return None, [version_problem]
    old = _old_version(loaded, data)
    findings = [old] if old else []
    try:
        # JSON mode: strict types, but enum values are accepted as plain strings.
        return model.model_validate_json(json.dumps(data, allow_nan=False)), findings
    except ValueError as exc:
        if not isinstance(exc, ValidationError):
            return None, findings + [Finding(loaded.path, 1, 1, "S002", "a number is not finite (.nan or .inf)",
                                             "remove it")]
        for err in exc.errors(include_url=False):
            err["loc"] = _clean_loc(err["loc"])
            message, hint, at_key = _translate(err, data, model)
            path = _data_path(data, err["loc"])
            if err["type"] == "missing" or at_key:
                line, col = loaded.locate(path + ((err["loc"][-1],) if at_key else ()), key=True)
            else:
                line, col = loaded.locate(path)
            if err["type"] == "forbidden_character" and loaded.text:
                line, col = char_position(loaded.text, line, col, err["ctx"]["char"])
            code = SCHEMA_CODES.get(err["type"], "S100")
            findings.append(Finding(loaded.path, line, col, code, message, hint.strip(), pointer(err["loc"])))
        return None, findings
