"""Exports: citations, the JSON API, CSV and Atom feeds, written beside the pages.

Everything here is data for machines and reference managers; the pages that people read are
written by pages.py.
"""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

from .. import vocab
from ..models import SCHEMA_VERSION
from ..tools.reference import render_schemas
from ..labels import label
from .enrich import EntryView, Site, name_of
from .exportschema import TIMELINES_EXPORT_VERSION, TimelinesFile, source_record, timeline_out
from .writer import Writer

EXPORT_VERSION = "1"
ATOM = "http://www.w3.org/2005/Atom"


# --- citations ------------------------------------------------------------------------------

def permalink(site: Site, entry_id: str) -> str:
    return f"{site.config['site_url'].rstrip('/')}/entries/{entry_id}/"


def citation(site: Site, v: EntryView) -> str:
    e = v.entry
    version = site.config.get("dataset_version", "")
    ver = f", dataset version {version}" if version else ""
    return (f"Model Access Gap Registry. \u201c{e.title}.\u201d Entry {e.id}{ver}. "
            f"{permalink(site, e.id)}")


_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "$": r"\$", "&": r"\&", "_": r"\_",
        "#": r"\#", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex(text: str) -> str:
    """Text safe inside a BibTeX field and the LaTeX it ends up in ("80%", "$200 a month")."""
    return "".join(_TEX.get(ch, ch) for ch in " ".join(text.split()))


def bibtex(site: Site, v: EntryView) -> str:
    e = v.entry
    safe_title = tex(e.title)
    key = e.id.replace("-", "_")
    lines = [f"@misc{{{key},", f"  title = {{{{{safe_title}}}}},", "  author = {{Model Access Gap Registry contributors}},",
             f"  howpublished = {{\\url{{{permalink(site, e.id)}}}}},", f"  note = {{Entry {e.id}"
             + (f", dataset version {site.config['dataset_version']}" if site.config.get("dataset_version") else "") + "},",
             f"  year = {{{v.year}}}", "}"]
    return "\n".join(lines)


# --- data exports ---------------------------------------------------------------------------

def entry_record(site: Site, v: EntryView) -> dict:
    data = v.entry.model_dump(mode="json", exclude_none=True)
    data["sources"] = [source_record(s) for s in v.entry.sources]
    data["computed"] = {
        "permalink": permalink(site, v.id),
        "lag_days_min": v.lag.min_days if v.lag else None,
        "lag_days_max": v.lag.max_days if v.lag else None,
        "event_year": v.year,
        "outsider_kinds": v.outsider_kinds,
        "referenced_by": v.backlinks,
        "recorded": v.recorded,
        "modified": v.modified,
    }
    return data


CSV_FIELDS = ["id", "title", "event_date", "gap_types", "subtypes", "labs", "models", "outsiders", "had_access",
              "lacked_access", "restricted_by", "direction", "status", "status_date", "insider_access",
              "outsider_access", "lag_days_min", "lag_days_max", "confidence", "sources", "primary_sources",
              "permalink", "gap_type_labels", "lab_names", "status_label", "direction_label"]


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a leading = + - @ would be evaluated.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(site: Site) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for v in sorted(site.entries, key=lambda x: x.id):
        e = v.entry
        row = [e.id, e.title, e.dates.event, ";".join(v.gap_type_ids),
               ";".join(f"{g.type}:{s}" for g in e.gap_types for s in g.subtypes), ";".join(e.labs),
               ";".join(e.models), ";".join(e.outsiders), ";".join(e.access.had), ";".join(e.access.lacked),
               ";".join(e.restricted_by), e.direction, e.status.state, e.status.date, e.dates.insider_access,
               e.dates.outsider_access, v.lag.min_days if v.lag else None, v.lag.max_days if v.lag else None,
               e.confidence, len(e.sources), sum(1 for s in e.sources if s.kind == "primary"), permalink(site, e.id),
               ";".join(label(g) for g in v.gap_type_ids), ";".join(name_of(site.labs, lab) for lab in e.labs),
               label(e.status.state), label(e.direction)]
        w.writerow([_csv_cell(c) for c in row])
    return buf.getvalue()


STAGE_FIELDS = ["model", "lab", "stage", "organisation", "unnamed_organisations", "model_access", "information",
                "access_level", "features", "start", "start_earliest", "start_latest", "end", "not_yet_as_of",
                "window_days", "lag_min_days", "lag_max_days", "censored", "entries", "sources"]


def stages_csv(tl: TimelinesFile) -> str:
    """One row per stage; the lag columns are filled on the first stage of each outsider kind."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(STAGE_FIELDS)
    for t in tl.timelines:
        lags = {lag.stage: lag for lag in t.lags}
        for st in t.stages:
            lag = lags.pop(st.stage, None) if st.stage in lags else None
            row = [t.model, t.lab, st.stage, st.organisation, st.unnamed_organisations, st.model_access,
                   st.information, st.access_level, ";".join(st.features), st.start, st.start_earliest,
                   st.start_latest, st.end, st.not_yet_as_of, st.window_days,
                   lag.min_days if lag else None, lag.max_days if lag else None, lag.censored if lag else None,
                   ";".join(st.entries), len(st.sources)]
            w.writerow([_csv_cell(c) for c in row])
    return buf.getvalue()


def atom_feed(site: Site, views: list[EntryView], title: str, feed_path: str) -> bytes:
    ET.register_namespace("", ATOM)
    base = site.config["site_url"].rstrip("/") + "/"

    def updated(v: EntryView) -> str:
        day = v.modified or v.recorded or v.sort_key
        return f"{day[:10]}T00:00:00Z"

    ordered = sorted(views, key=lambda v: (updated(v), v.id), reverse=True)[:50]
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + feed_path
    ET.SubElement(feed, f"{{{ATOM}}}link", href=base + feed_path, rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=base)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated(ordered[0]) if ordered else "1970-01-01T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Model Access Gap Registry"
    for v in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{v.id}: {v.entry.title}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = permalink(site, v.id)
        ET.SubElement(entry, f"{{{ATOM}}}link", href=permalink(site, v.id))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = updated(v)
        for g in v.gap_type_ids:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=g, label=label(g))
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = " ".join(v.entry.summary.split())
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def write_exports(w: Writer, site: Site) -> None:
    records = [entry_record(site, v) for v in sorted(site.entries, key=lambda x: x.id)]
    meta = {"export_version": EXPORT_VERSION, "schema_version": SCHEMA_VERSION,
            "dataset_version": site.config.get("dataset_version", ""), "count": len(records)}
    w.write("api/v1/entries.json", json.dumps({**meta, "entries": records}, ensure_ascii=False, indent=1) + "\n")
    for rec in records:
        w.write(f"api/v1/entries/{rec['id']}.json", json.dumps({**meta, "entry": rec}, ensure_ascii=False, indent=1) + "\n")
    vocab_export = {
        "labs": [x.model_dump(mode="json", exclude_none=True) for x in sorted(site.labs.values(), key=lambda r: r.id)],
        "models": [x.model_dump(mode="json", exclude_none=True) for x in sorted(site.models.values(), key=lambda r: r.id)],
        "organisations": [x.model_dump(mode="json", exclude_none=True)
                          for x in sorted(site.organisations.values(), key=lambda r: r.id)],
    }
    w.write("api/v1/vocabularies.json", json.dumps({**meta, **vocab_export}, ensure_ascii=False, indent=1) + "\n")
    w.write("api/v1/entries.csv", csv_text(site))
    tl = TimelinesFile(export_version=TIMELINES_EXPORT_VERSION, schema_version=SCHEMA_VERSION,
                       dataset_version=site.config.get("dataset_version", ""), count=len(site.timelines),
                       timelines=[timeline_out(t) for t in site.timelines.values()])
    w.write("api/v1/timelines.json", json.dumps(tl.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
    w.write("api/v1/timeline-stages.csv", stages_csv(tl))
    for name, text in render_schemas().items():
        w.write(f"schema/{name}", text)
    w.write("feed.xml", atom_feed(site, site.entries, "Model Access Gap Registry: new and updated entries", "feed.xml"))
    for g in vocab.GapType:
        w.write(f"feeds/{g.value}.xml", atom_feed(site, site.by_gap_type.get(g.value, []),
                                                  f"Model Access Gap Registry: {vocab.GAP_TYPE_TITLES[g.value]}",
                                                  f"feeds/{g.value}.xml"))
