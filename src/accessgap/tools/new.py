"""`accessgap new`: allocate the next free ID and write a commented entry template, or scaffold
the model, lab or organisation record an entry needs (`accessgap new model gpt-5 --lab openai`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import atomic_write
from .ids import next_free
from ..errors import UsageError
from pydantic import TypeAdapter, ValidationError

from ..models import DATE_PATTERN, SLUG_PATTERN, Title
from ..suggest import closest
from ..textrules import HTML_TAG
from .fmt import schema_header
from ..vocab import SUBTYPES, GapType, OrganisationKind

_TITLE = TypeAdapter(Title)

_ID_FILE = re.compile(r"MAG-([0-9]{4})-([0-9]{4})\.yaml")


def next_id(entries_dir: Path, year: int) -> str:
    """The next number after the highest ever used for that year (files are never deleted)."""
    taken = {p.stem for p in entries_dir.rglob("MAG-*.yaml") if _ID_FILE.fullmatch(p.name)} if entries_dir.is_dir() else set()
    return next_free(year, taken)


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _gap_block(gap_type: str) -> str:
    subtypes = ", ".join(m.value for m in SUBTYPES[gap_type])
    return f"""  - type: {gap_type}
    subtypes: [TODO]  # from: {subtypes}"""


def template(entry_id: str, *, title: str, gap_types: list[str], labs: list[str], event: str, today: str,
             header: str, path: str = "{path}") -> str:
    gap_list = ", ".join(GapType.values())
    gaps = "\n".join(_gap_block(g) for g in gap_types)
    return f"""{header}
# New entry. Fill in every TODO, delete the comments you don't need, then run:
#   .venv/bin/accessgap validate {path}
# Field reference: docs/schema.md. Evidence standard: docs/contributing.md.
schema_version: "2.0"
id: {entry_id}  # permanent; equals the file name; never change or reuse it
title: {_q(title)}
gap_types:  # one or more of: {gap_list}
{gaps}
labs: [{", ".join(labs)}]  # IDs from registry/labs/
models: []  # IDs from registry/models/ (missing one? `accessgap new model ID --lab LAB`)
outsiders: []  # IDs from registry/organisations/: who was affected or involved
access:
  had: [insider]  # leave [] if no source says who had it; tiers: insider, partner, third_party_evaluator, government_evaluator, verified_outsider, public
  lacked: [public]
  # note: One line on nuances.
restricted_by: [lab]  # lab, government, cloud_provider, other
# restricting_bodies: []  # organisation IDs of the named bodies that imposed it (e.g. a government agency)
direction: widens  # widens, narrows or mixed
domains: [general]  # general, cyber, bio, ai_rd, other
purpose: study  # use, study or both
dates:
  event: {_q(event)}  # "2024", "2024-05" or "2024-05-17"; add ~ at the end if approximate
  # insider_access: "2024-01"  # deployment lag: when insiders had it
  # outsider_access: "2024-05-17"  # deployment lag: when outsiders got it
# evaluation_windows:
#   - organisation: metr  # or `unnamed_organisations: 3` when the source does not name them
#     model: TODO
#     days: 7  # omit when the source does not report the length
#     approximate: false
#     # start: "2025-03"  # and `end:`, when the source dates the window
#     # checkpoint: an earlier snapshot  # when the one evaluated was not the one released
# quantities:  # numbers the sources give, with units
#   - kind: price  # price, rate_limit, context_size, notice_period, spend_threshold
#     value: 15
#     unit: usd
#     per: million_output_tokens  # prices only
#     source: 1  # which source gives it
status:
  state: open  # open, narrowed, closed (+ date), disputed, withdrawn (+ date, reason)
summary: >-
  TODO: two to five neutral sentences in your own words: what happened, who had access, who did not,
  for how long, and what the sources say.
sources:
  - url: https://TODO.example.org/
    title: TODO
    publisher: TODO
    # published: "2024-05-17"
    accessed: {_q(today)}
    # archive_url: https://web.archive.org/web/...
    kind: primary  # primary (lab, government, evaluator), secondary (news, analysis) or aggregator
    quote: >-
      TODO: a short exact quote from the source that supports the entry.
    # quotes:  # instead of `quote`, for several quotes from this one page
    #   - First exact quote.
    #   - text: Deuxième citation exacte.
    #     lang: fr  # language of a quote not in English
# lab_response:
#   date: "2024-06-01"
#   summary: The lab's reply, in its words.
#   url: https://...
# related: [MAG-2023-0001]
# tags: []
confidence: medium  # high, medium or low
"""


@dataclass(frozen=True)
class Request:
    title: str
    gap_types: list[str]
    labs: list[str]
    event: str


def known_labs(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "registry" / "labs").glob("*.yaml"))


def split_list(values: list[str] | str | None) -> list[str]:
    """`--gap-type a,b --gap-type c` and `--lab a --lab b` both give lists, in order, without repeats."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else values
    out: list[str] = []
    for item in items:
        for part in item.split(","):
            if part.strip() and part.strip() not in out:
                out.append(part.strip())
    return out


def check_title(title: str) -> str:
    """The entry's own title rules, applied before an ID is taken, so a bad title costs nothing."""
    if "\n" in title or not title.strip():
        raise UsageError("title must be one non-empty line")
    title = title.strip()
    try:
        _TITLE.validate_python(title)
    except ValidationError as exc:
        reason = exc.errors(include_url=False)[0]["msg"]
        raise UsageError(f"title {title!r}: {reason[0].lower()}{reason[1:]} (titles are 8–160 characters, one line)") from None
    if HTML_TAG.search(title):
        raise UsageError(f"title {title!r} holds HTML; write plain words")
    if "TODO" in title:
        raise UsageError("title still says TODO; write what happened in one line")
    return title


def check_slug(value: str, what: str, known: list[str]) -> None:
    if not re.fullmatch(SLUG_PATTERN.strip("^$"), value):
        raise UsageError(f"{what} {value!r} is not an ID like `openai` (lowercase letters, digits and hyphens)"
                         + (f"; known: {', '.join(known)}" if known else ""))


def parse_request(*, title: str | None, gap_types: list[str], labs: list[str], event: str | None,
                  known: list[str]) -> Request:
    """Check what a contributor asked for before any ID is taken; UsageError says what to fix."""
    missing = [n for n, v in (("--title", title), ("--gap-type", gap_types), ("--lab", labs), ("--date", event)) if not v]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (or run it in a terminal to be asked)")
    choices = GapType.values()
    for gap_type in gap_types:
        if gap_type not in choices:
            hint = closest(gap_type, choices)
            raise UsageError(f"unknown gap type {gap_type!r}; choose one or more of {', '.join(choices)}"
                             + (f" (did you mean {hint}?)" if hint else ""))
    for lab in labs:
        check_slug(lab, "lab", known)
    if not re.fullmatch(DATE_PATTERN.strip("^$"), event):
        raise UsageError(f'date {event!r} must look like "2024", "2024-05" or "2024-05-17"')
    if not 1900 <= int(event[:4]) <= 2099:  # the year becomes part of the ID, MAG-(19|20)YY-NNNN
        raise UsageError(f"date {event!r}: the year must be between 1900 and 2099")
    return Request(check_title(title), gap_types, labs, event)


def create(project: Path, request: Request, *, year: int | None = None) -> Path:
    """Write a new entry; never overwrites (a concurrent `new` gets the next ID)."""
    title, event = request.title, request.event
    entries = project / "registry" / "entries"
    year = year or int(event[:4])
    today = dt.date.today().isoformat()
    for _ in range(20):
        entry_id = next_id(entries, year)
        path = entries / str(year) / f"{entry_id}.yaml"
        text = template(entry_id, title=title, gap_types=request.gap_types, labs=request.labs, event=event, today=today,
                        header=schema_header(path, "entry", project), path=str(path.relative_to(project)))
        try:
            atomic_write(path, text, exclusive=True)
            return path
        except FileExistsError:
            continue
    raise FileExistsError("could not allocate a free ID; try again")


# --- records an entry refers to ------------------------------------------------------------------

RECORD_FOLDERS = {"model": "models", "lab": "labs", "organisation": "organisations"}


def record_template(kind: str, record_id: str, *, name: str, lab: str | None, org_kind: str | None,
                    header: str, path: str) -> str:
    head = f"""{header}
# New {kind} record. Fill in every TODO, then run:
#   .venv/bin/accessgap validate {path}
# Field reference: docs/schema.md.
schema_version: "2.0"
id: {record_id}  # permanent; equals the file name
name: {_q(name)}
"""
    if kind == "model":
        return head + f"""lab: {lab}  # ID from registry/labs/
description: "TODO: one line: what the model is, in your own words."
# homepage: https://...
# announced: "2025-08-07"  # the precision the lab's announcement gives
# first_public: "2025-08-07"  # first availability to the general public
# open_weights: false
# aliases: []  # other names readers search for
# timeline:  # who could do what with it, from when (docs/timelines.md)
#   - stage: insiders
#     start: ../2025-06  # "on or before June 2025"
#     sources:
#       - url: https://...
#         title: ...
#         publisher: ...
#         accessed: "{dt.date.today().isoformat()}"
#         kind: primary
#         quote: ...
"""
    if kind == "organisation":
        return head + f"""kind: {org_kind}  # {", ".join(OrganisationKind.values())}
description: "TODO: one line: what the organisation does."
homepage: https://TODO.example.org/
# aliases: []  # former or other names
"""
    return head + """description: "TODO: one line: who the lab is."
homepage: https://TODO.example.org/
# aliases: []  # former or other names
"""


def create_record(project: Path, kind: str, record_id: str, *, name: str | None = None, lab: str | None = None,
                  org_kind: str | None = None) -> Path:
    """Write registry/<kind>s/<id>.yaml from a template; refuses to overwrite an existing record."""
    folder = project / "registry" / RECORD_FOLDERS[kind]
    existing = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    check_slug(record_id, f"{kind} ID", [])
    if record_id in existing:
        raise UsageError(f"{kind} `{record_id}` already exists: registry/{RECORD_FOLDERS[kind]}/{record_id}.yaml")
    if kind == "model":
        labs = known_labs(project)
        if not lab:
            raise UsageError(f"a model needs its lab: add --lab (one of {', '.join(labs)})")
        check_slug(lab, "lab", labs)
        if lab not in labs:
            raise UsageError(f"unknown lab `{lab}`; add it first with `accessgap new lab {lab}`"
                             + (f" (did you mean {hint}?)" if (hint := closest(lab, labs)) else ""))
    if kind == "organisation":
        kinds = OrganisationKind.values()
        if org_kind not in kinds:
            raise UsageError(f"an organisation needs --kind, one of {', '.join(kinds)}"
                             + (f" (did you mean {hint}?)" if org_kind and (hint := closest(org_kind, kinds)) else ""))
    name = (name or "").strip() or "TODO"
    if "\n" in name:
        raise UsageError("--name must be one line")
    path = folder / f"{record_id}.yaml"
    text = record_template(kind, record_id, name=name, lab=lab, org_kind=org_kind,
                           header=schema_header(path, kind, project), path=str(path.relative_to(project)))
    try:
        atomic_write(path, text, exclusive=True)
    except FileExistsError:
        raise UsageError(f"{kind} `{record_id}` already exists") from None
    return path
