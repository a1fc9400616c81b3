"""`accessgap new`: allocate the next free ID and write a commented entry template."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import atomic_write
from .ids import next_free
from ..errors import UsageError
from ..models import DATE_PATTERN, SLUG_PATTERN
from ..suggest import closest
from .fmt import schema_header
from ..vocab import SUBTYPES, GapType

_ID_FILE = re.compile(r"MAG-([0-9]{4})-([0-9]{4})\.yaml")


def next_id(entries_dir: Path, year: int) -> str:
    """The next number after the highest ever used for that year (files are never deleted)."""
    taken = {p.stem for p in entries_dir.rglob("MAG-*.yaml") if _ID_FILE.fullmatch(p.name)} if entries_dir.is_dir() else set()
    return next_free(year, taken)


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def template(entry_id: str, *, title: str, gap_type: str, lab: str, event: str, today: str, header: str,
             path: str = "{path}") -> str:
    subtypes = ", ".join(m.value for m in SUBTYPES[gap_type])
    gap_list = ", ".join(GapType.values())
    return f"""{header}
# New entry. Fill in every TODO, delete the comments you don't need, then run:
#   .venv/bin/accessgap validate {path}
# Field reference: docs/schema.md. Evidence standard: docs/contributing.md.
schema_version: "2.0"
id: {entry_id}  # permanent; equals the file name; never change or reuse it
title: {_q(title)}
gap_types:  # one or more of: {gap_list}
  - type: {gap_type}
    subtypes: [TODO]  # from: {subtypes}
labs: [{lab}]  # IDs from registry/labs/
models: []  # IDs from registry/models/ (add a record there if missing)
outsiders: []  # IDs from registry/organisations/: who was affected or involved
access:
  had: [insider]  # tiers: insider, partner, third_party_evaluator, government_evaluator, verified_outsider, public
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
#   - organisation: metr
#     model: TODO
#     days: 7
#     approximate: false
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
    gap_type: str
    lab: str
    event: str


def known_labs(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "registry" / "labs").glob("*.yaml"))


def parse_request(*, title: str | None, gap_type: str | None, lab: str | None, event: str | None,
                  labs: list[str]) -> Request:
    """Check what a contributor asked for before any ID is taken; UsageError says what to fix."""
    missing = [n for n, v in (("--title", title), ("--gap-type", gap_type), ("--lab", lab), ("--date", event)) if not v]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (or run it in a terminal to be asked)")
    gap_types = GapType.values()
    if gap_type not in gap_types:
        hint = closest(gap_type, gap_types)
        raise UsageError(f"unknown gap type {gap_type!r}; choose one of {', '.join(gap_types)}"
                         + (f" (did you mean {hint}?)" if hint else ""))
    if not re.fullmatch(SLUG_PATTERN.strip("^$"), lab):
        raise UsageError(f"lab {lab!r} is not an ID like `openai`; known labs: {', '.join(labs)}")
    if not re.fullmatch(DATE_PATTERN.strip("^$"), event):
        raise UsageError(f'date {event!r} must look like "2024", "2024-05" or "2024-05-17"')
    if not 1900 <= int(event[:4]) <= 2099:  # the year becomes part of the ID, MAG-(19|20)YY-NNNN
        raise UsageError(f"date {event!r}: the year must be between 1900 and 2099")
    if "\n" in title or not title.strip():
        raise UsageError("title must be one non-empty line")
    return Request(title.strip(), gap_type, lab, event)


def create(project: Path, request: Request, *, year: int | None = None) -> Path:
    """Write a new entry; never overwrites (a concurrent `new` gets the next ID)."""
    title, gap_type, lab, event = request.title, request.gap_type, request.lab, request.event
    entries = project / "registry" / "entries"
    year = year or int(event[:4])
    today = dt.date.today().isoformat()
    for _ in range(20):
        entry_id = next_id(entries, year)
        path = entries / str(year) / f"{entry_id}.yaml"
        text = template(entry_id, title=title, gap_type=gap_type, lab=lab, event=event, today=today,
                        header=schema_header(path, "entry", project), path=str(path.relative_to(project)))
        try:
            atomic_write(path, text, exclusive=True)
            return path
        except FileExistsError:
            continue
    raise FileExistsError("could not allocate a free ID; try again")
