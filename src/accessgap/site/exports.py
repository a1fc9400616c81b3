"""Exports: citations, the JSON API, CSV and Atom feeds, written beside the pages.

Everything here is data for machines and reference managers; the pages that people read are
written by pages.py.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import vocab
from ..models import SCHEMA_VERSION
from ..tools.reference import render_schemas
from ..labels import label
from .buildcache import BuildCache
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


AUTHOR = "Model Access Gap Registry contributors"
PUBLISHER = "Model Access Gap Registry"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def accessed(v: EntryView) -> str | None:
    """The day a citation's `urldate` names: when the cited version was last changed (git history);
    None without history, rather than a made-up day."""
    when = v.modified_at or v.published_at
    return when[:10] if when else None


def bibtex(site: Site, v: EntryView) -> str:
    """A biblatex-friendly @misc: `url`/`urldate` for biblatex, `howpublished` for plain BibTeX
    styles; every field's text passes through `tex` (the ID and version too: they come from files)."""
    e = v.entry
    version = site.config.get("dataset_version", "")
    url = permalink(site, e.id)
    note = f"Entry {e.id}" + (f", dataset version {version}" if version else "")
    fields = [("title", f"{{{tex(e.title)}}}"), ("author", f"{{{AUTHOR}}}"), ("year", str(v.published_year)),
              ("publisher", PUBLISHER), ("url", url)]
    if accessed(v):
        fields.append(("urldate", accessed(v)))
    fields += [("howpublished", f"\\url{{{url}}}"), ("note", tex(note))]
    if version:
        fields.append(("version", tex(version)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{e.id.replace('-', '_')},\n{body}\n}}"


def _date_parts(day: str) -> list[int]:
    return [int(p) for p in day.split("-")]


def csl_json(site: Site, v: EntryView) -> list[dict]:
    """CSL-JSON (citeproc, Zotero, Pandoc): one item, in the array form reference managers import."""
    e = v.entry
    version = site.config.get("dataset_version", "")
    item = {"id": e.id, "type": "dataset", "title": _one_line(e.title), "author": [{"literal": AUTHOR}],
            "container-title": PUBLISHER, "publisher": PUBLISHER, "number": e.id,
            "issued": {"date-parts": [_date_parts(v.published_at[:10]) if v.published_at else [v.year]]},
            "URL": permalink(site, e.id), "abstract": _one_line(e.summary),
            "note": f"Entry {e.id}" + (f", dataset version {version}" if version else "")}
    if accessed(v):
        item["accessed"] = {"date-parts": [_date_parts(accessed(v))]}
    if version:
        item["version"] = version
    return [item]


def ris(site: Site, v: EntryView) -> str:
    """RIS (EndNote, Zotero, Mendeley): one record; every value on one line, so no text can start a tag."""
    e = v.entry
    version = site.config.get("dataset_version", "")
    tags = [("TY", "DATA"), ("ID", e.id), ("TI", e.title), ("AU", AUTHOR), ("PY", str(v.published_year))]
    if v.published_at:
        tags.append(("DA", v.published_at[:10].replace("-", "/")))
    tags += [("T2", PUBLISHER), ("PB", PUBLISHER), ("UR", permalink(site, e.id))]
    if accessed(v):
        tags.append(("Y2", accessed(v).replace("-", "/")))
    if version:
        tags.append(("ET", version))
    tags += [("AB", e.summary), ("N1", f"Entry {e.id}" + (f", dataset version {version}" if version else "")),
             ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}".rstrip(" ") + "\r\n" if tag != "ER" else "ER  - \r\n"
                   for tag, value in tags)


def head_meta(site: Site, v: EntryView) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of the <meta> tags an entry page carries: Highwire Press tags for
    reference managers and OpenGraph/Twitter link previews. Plain text; the theme override escapes it."""
    e = v.entry
    url = permalink(site, e.id)
    title = _one_line(e.title)
    description = _one_line(e.summary)[:300]
    published = v.published_at[:10].replace("-", "/") if v.published_at else str(v.year)
    meta = [("name", "citation_title", title), ("name", "citation_author", AUTHOR),
            ("name", "citation_publication_date", published), ("name", "citation_publisher", PUBLISHER),
            ("name", "citation_technical_report_number", e.id),
            ("name", "citation_public_url", url), ("name", "citation_abstract_html_url", url),
            ("name", "citation_language", "en"),
            ("name", "citation_keywords", "; ".join(vocab.GAP_TYPE_TITLES[g] for g in v.gap_type_ids)),
            ("property", "og:type", "article"), ("property", "og:site_name", PUBLISHER),
            ("property", "og:title", f"{e.id}: {title}"), ("property", "og:description", description),
            ("property", "og:url", url),
            ("name", "twitter:card", "summary"), ("name", "twitter:title", f"{e.id}: {title}"),
            ("name", "twitter:description", description)]
    return meta


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
        "published_at": v.published_at,
        "updated_at": v.updated_at,  # the time modified_id.csv lists
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


def modified_id_csv(site: Site) -> str:
    """The change index, as OSV publishes it: `<modified>,<ID>` per entry, most recent first, no
    header; `modified` is the entry's `updated_at` (RFC 3339, UTC). Mirrors read it to fetch only
    the entries changed since their last sync (api/v1/entries/<ID>.json)."""
    ordered = sorted(site.entries, key=lambda v: (v.updated_at, v.id), reverse=True)
    return "".join(f"{v.updated_at},{v.id}\n" for v in ordered)


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
    """An Atom feed of every entry in `views`, most recently changed first.

    `published` is the entry's first commit and `updated` its last meaningful change (git history,
    tools/gitdates.py); without history both fall back to the start of the event date. Categories
    carry the gap type's and lab's label beside their code, with a scheme naming the vocabulary.
    """
    ET.register_namespace("", ATOM)
    base = site.config["site_url"].rstrip("/") + "/"
    ordered = sorted(views, key=lambda v: (v.updated_at, v.id), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + feed_path
    ET.SubElement(feed, f"{{{ATOM}}}link", href=base + feed_path, rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=base, rel="alternate", type="text/html")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = ordered[0].updated_at if ordered else "1970-01-01T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = PUBLISHER
    for v in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{v.id}: {_one_line(v.entry.title)}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = permalink(site, v.id)
        ET.SubElement(entry, f"{{{ATOM}}}link", href=permalink(site, v.id), rel="alternate", type="text/html")
        if v.published_at:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = v.published_at
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = v.updated_at
        for g in v.gap_type_ids:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=g, label=label(g), scheme=base + "gap-types/")
        for lab in v.entry.labs:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=lab, label=name_of(site.labs, lab), scheme=base + "labs/")
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _one_line(v.entry.summary)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def _nested(text: str, depth: int) -> str:
    """`_dumps(x)` as it reads nested `depth` levels deep: structural newlines gain indentation
    (strings never hold a raw newline in JSON)."""
    return text.replace("\n", "\n" + " " * depth)


def record_texts(records: list[dict], cache: BuildCache | None = None) -> list[str]:
    """Each record as `_dumps` writes it. Python's indenting encoder is slow, so each is dumped
    once for both files that hold it and, with the build cache, only when its data changed (the
    key is the record's compact JSON, which the fast encoder writes)."""
    if cache is None or not cache.active:
        return [_dumps(r) for r in records]
    return [cache.fetch(cache.key(json.dumps(r, ensure_ascii=False, separators=(",", ":"))), lambda r=r: _dumps(r))
            for r in records]


def record_cache(folder: Path | None) -> BuildCache:
    return BuildCache(folder, "entry-json", f"{sys.version_info[:2]}")


EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'


def feed_paths(site: Site) -> dict[str, tuple[str, str]]:
    """Every feed: {path: (title, what it covers)}; "" covers all entries, else "gap_type:x" or "lab:x"."""
    out = {"feed.xml": (f"{PUBLISHER}: all entries", "")}
    for g in vocab.GapType:
        out[f"feeds/{g.value}.xml"] = (f"{PUBLISHER}: {vocab.GAP_TYPE_TITLES[g.value]}", f"gap_type:{g.value}")
    for lab in sorted(site.labs):
        out[f"feeds/labs/{lab}.xml"] = (f"{PUBLISHER}: {_one_line(site.labs[lab].name)}", f"lab:{lab}")
    return out


def write_exports(w: Writer, site: Site, cache: Path | None = None) -> None:
    records = [entry_record(site, v) for v in sorted(site.entries, key=lambda x: x.id)]
    meta = {"export_version": EXPORT_VERSION, "schema_version": SCHEMA_VERSION,
            "dataset_version": site.config.get("dataset_version", ""), "count": len(records)}
    store = record_cache(cache) if cache is not None else None
    texts = record_texts(records, store)
    head = _dumps(meta)[:-2]  # without the closing "\n}"
    if records:
        w.write("api/v1/entries.json", head + ',\n "entries": [\n'
                + ",\n".join("  " + _nested(t, 2) for t in texts) + "\n ]\n}\n")
    else:
        w.write("api/v1/entries.json", _dumps({**meta, "entries": []}) + "\n")
    for rec, text in zip(records, texts):
        w.write(f"api/v1/entries/{rec['id']}.json", head + ',\n "entry": ' + _nested(text, 1) + "\n}\n")
    for v in site.entries:
        w.write(f"cite/{v.id}.bib", bibtex(site, v) + "\n")
        w.write(f"cite/{v.id}.ris", ris(site, v))
        w.write(f"cite/{v.id}.json", json.dumps(csl_json(site, v), ensure_ascii=False, indent=1) + "\n")
    if store is not None:
        store.save()
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
    for path, (title, covers) in feed_paths(site).items():
        kind, _, ident = covers.partition(":")
        views = {"": site.entries, "gap_type": site.by_gap_type.get(ident, []), "lab": site.by_lab.get(ident, [])}[kind]
        w.write(path, atom_feed(site, views, title, path))
    w.write("api/v1/modified_id.csv", modified_id_csv(site))
    # Material fetches `sitemap.xml` beside every <link rel="alternate"> in a page's head (for its
    # language switcher); an empty sitemap in each feed folder answers it without a 404.
    for folder in sorted({path.rpartition("/")[0] for path in feed_paths(site)} - {""}):
        w.write(f"{folder}/sitemap.xml", EMPTY_SITEMAP)
