"""`accessgap new`: allocate the next free ID and write a commented entry template."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..fsutil import atomic_write
from .ids import next_free
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
schema_version: "1.0"
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
# lab_response:
#   date: "2024-06-01"
#   summary: The lab's reply, in its words.
#   url: https://...
# related: [MAG-2023-0001]
# tags: []
confidence: medium  # high, medium or low
"""


def create(project: Path, *, title: str, gap_type: str, lab: str, event: str, year: int | None = None,
           header_for) -> Path:
    """Write a new entry; never overwrites (a concurrent `new` gets the next ID)."""
    entries = project / "registry" / "entries"
    year = year or int(event[:4])
    today = dt.date.today().isoformat()
    for _ in range(20):
        entry_id = next_id(entries, year)
        path = entries / str(year) / f"{entry_id}.yaml"
        text = template(entry_id, title=title, gap_type=gap_type, lab=lab, event=event, today=today,
                        header=header_for(path), path=str(path.relative_to(project)))
        try:
            atomic_write(path, text, exclusive=True)
            return path
        except FileExistsError:
            continue
    raise FileExistsError("could not allocate a free ID; try again")
