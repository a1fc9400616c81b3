"""Explore's data: the facets its form offers and the compact rows its script searches and downloads.

The table on the page carries what filtering and sorting need (data-* words, visible cells); the
longer text (summaries) and the fields a download holds live in one small JSON file,
`api/v1/explore.json`, which the script fetches only when a reader searches or downloads, so the
page itself stays small at a thousand entries.
"""

from __future__ import annotations

import json

from .. import vocab
from ..labels import label
from .enrich import Site, name_of
from .exports import permalink

EXPLORE_JSON = "api/v1/explore.json"

# Columns of the downloaded CSV, in order; the JSON download holds the same keys.
FIELDS = ["id", "date", "title", "gap_types", "subtypes", "labs", "models", "status", "direction",
          "outsiders", "summary", "url"]


def subtypes_of(entry) -> list[str]:
    return [str(getattr(s, "value", s)) for g in entry.gap_types for s in g.subtypes]


def filters(site: Site) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(parameter, label, [(value, text)]) for each select, in the order the form shows them.

    The Timeline offers the first two; charts and the matrix link here with gap_type, lab, year
    and direction, so those names are part of the site's address scheme and must not change.
    """
    models = sorted(site.by_model, key=lambda i: name_of(site.models, i).casefold())
    used_subtypes = {s for v in site.entries for s in subtypes_of(v.entry)}
    return [
        ("gap_type", "Gap type", list(vocab.GAP_TYPE_TITLES.items())),
        ("lab", "Lab", sorted(((lab, name_of(site.labs, lab)) for lab in site.by_lab), key=lambda t: t[1].casefold())),
        ("model", "Model", [(m, name_of(site.models, m)) for m in models]),
        ("subtype", "Sub-type", [(s.value, f"{vocab.GAP_TYPE_TITLES[g]}: {label(s.value)}")
                                 for g, enum in vocab.SUBTYPES.items() for s in enum if s.value in used_subtypes]),
        ("year", "Year", [(str(y), str(y)) for y in sorted({v.year for v in site.entries}, reverse=True)]),
        ("status", "Status", [(s, label(s)) for s in vocab.Status.values()]),
        ("direction", "Direction", [(d, label(d)) for d in vocab.Direction.values()]),
        ("outsider_kind", "Outsider kind", [(k.value, label(k.value)) for k in vocab.OrganisationKind
                                            if k.value in vocab.OUTSIDER_KINDS]),
    ]


def rows(site: Site) -> list[dict]:
    """One record per entry, newest first (the table's order), with reader's names, not IDs, where
    a download is read by people: labs, models and outsiders by name; codes for the vocabularies,
    whose labels are in api/v1/vocabularies.json."""
    out = []
    for v in site.entries:
        e = v.entry
        out.append({
            "id": e.id, "date": str(e.dates.event), "title": e.title,
            "gap_types": v.gap_type_ids, "subtypes": subtypes_of(e),
            "labs": [name_of(site.labs, i) for i in e.labs],
            "models": [name_of(site.models, i) for i in e.models],
            "status": _code(e.status.state), "direction": _code(e.direction),
            "outsiders": [name_of(site.organisations, i) for i in e.outsiders],
            "summary": e.summary, "url": permalink(site, e.id),
        })
    return out


def explore_json(site: Site) -> str:
    """Compact (no indentation): this file is fetched by the page, not read by people."""
    return json.dumps({"fields": FIELDS, "entries": rows(site)}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _code(value) -> str:
    return str(getattr(value, "value", value))
