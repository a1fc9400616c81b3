"""Generate: write the site's Markdown pages, JSON/CSV exports and feeds into a folder.

Output is plain Markdown (with HTML blocks), JSON, CSV, XML and static assets, so any engine
that reads mkdocs.yml (MkDocs + Material now, Zensical later) can render it. Files are written
only when their bytes change, and files no longer produced are removed.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import vocab
from .enrich import MONTHS, EntryView, Site, format_date
from ..fsutil import write_if_changed
from ..models import SCHEMA_VERSION
from ..tools.reference import render_schemas
from .escape import inline_markdown, md_text, plain_title, safe_url

EXPORT_VERSION = "1"
ATOM = "http://www.w3.org/2005/Atom"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("accessgap.site", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False)
    env.filters["md"] = lambda v: Markup(md_text(v))
    env.filters["inline_md"] = inline_markdown
    env.filters["human_date"] = format_date
    env.filters["safe_href"] = safe_url
    env.globals["gap_titles"] = vocab.GAP_TYPE_TITLES
    return env


class Writer:
    """Collects output files; `finish` removes stale ones so the folder mirrors one generation."""

    def __init__(self, out: Path):
        self.out = out
        self.written: set[Path] = set()
        self.changed = 0

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.out / rel
        self.written.add(path)
        if write_if_changed(path, data, durable=False):  # generated output: rebuilt, not restored
            self.changed += 1

    def copy_tree(self, src: Path, dest_rel: str = "") -> None:
        for p in sorted(src.rglob("*")):
            if p.is_file() and not p.is_symlink() and not any(part.startswith(".") for part in p.relative_to(src).parts):
                self.write(str(Path(dest_rel) / p.relative_to(src)), p.read_bytes())

    def finish(self) -> None:
        if not self.out.exists():
            return
        for p in sorted(self.out.rglob("*"), reverse=True):
            if p.is_file() and p not in self.written:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()


# --- citations ------------------------------------------------------------------------------

def permalink(site: Site, entry_id: str) -> str:
    return f"{site.config['site_url'].rstrip('/')}/entries/{entry_id}/"


def citation(site: Site, v: EntryView) -> str:
    e = v.entry
    version = site.config.get("dataset_version", "")
    ver = f", dataset version {version}" if version else ""
    return (f"Model Access Gap Registry. \u201c{e.title}.\u201d Entry {e.id}{ver}. "
            f"{permalink(site, e.id)}")


def bibtex(site: Site, v: EntryView) -> str:
    e = v.entry
    safe_title = e.title.replace("{", "(").replace("}", ")").replace("\\", "/")
    key = e.id.replace("-", "_")
    lines = [f"@misc{{{key},", f"  title = {{{{{safe_title}}}}},", "  author = {{Model Access Gap Registry contributors}},",
             f"  howpublished = {{\\url{{{permalink(site, e.id)}}}}},", f"  note = {{Entry {e.id}"
             + (f", dataset version {site.config['dataset_version']}" if site.config.get("dataset_version") else "") + "},",
             f"  year = {{{v.year}}}", "}"]
    return "\n".join(lines)


# --- data exports ---------------------------------------------------------------------------

def entry_record(site: Site, v: EntryView) -> dict:
    data = v.entry.model_dump(mode="json", exclude_none=True)
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
              "permalink"]


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
               e.confidence, len(e.sources), sum(1 for s in e.sources if s.kind == "primary"), permalink(site, e.id)]
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
            ET.SubElement(entry, f"{{{ATOM}}}category", term=g)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = " ".join(v.entry.summary.split())
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


# --- pages ----------------------------------------------------------------------------------

def _name(records: dict, ident: str) -> str:
    return records[ident].name if ident in records else ident


def generate(site: Site, docs_src: Path, out: Path, extras: dict | None = None) -> int:
    """Write every generated file into `out`; return how many changed."""
    extras = extras or {}
    env = environment()
    w = Writer(out)
    if docs_src.is_dir():
        w.copy_tree(docs_src)
    assets = resources.files("accessgap.site") / "assets"
    for item in sorted(assets.iterdir(), key=lambda p: p.name):
        if item.is_file():
            w.write(f"assets/{item.name}", item.read_bytes())
    ctx = {"site": site}

    def page(rel: str, template: str, depth: int, **kw):
        text = env.get_template(template).render(root="../" * depth, **ctx, **kw)
        w.write(rel, text)

    counts = site.counts()
    page("index.md", "home.md.j2", 0, counts=counts, latest=site.entries[:10],
         extra_home=Markup(extras.get("home", "")))

    groups = []
    by_year: dict[int, dict[int | None, list[EntryView]]] = defaultdict(lambda: defaultdict(list))
    for v in site.entries:
        by_year[v.year][v.month].append(v)
    for year in sorted(by_year, reverse=True):
        months = by_year[year]
        ordered = sorted(months, key=lambda mth: mth or 0, reverse=True)
        groups.append((year, [((MONTHS[mth - 1] if mth else "Month unknown,"), months[mth]) for mth in ordered]))
    page("timeline.md", "timeline.md.j2", 1, groups=groups, extra=Markup(extras.get("timeline", "")))

    statuses = vocab.Status.values()
    type_rows = []
    for g in vocab.GapType:
        views = site.by_gap_type.get(g.value, [])
        sub_counts = Counter(s for v in views for gt in v.entry.gap_types if gt.type == g.value for s in gt.subtypes)
        labs = Counter(lab for v in views for lab in v.entry.labs)
        open_labs = Counter(lab for v in views if v.entry.status.state in ("open", "narrowed") for lab in v.entry.labs)
        lab_counts = sorted(((lab, n, open_labs.get(lab, 0)) for lab, n in labs.items()), key=lambda t: (-t[1], t[0]))
        page(f"gap-types/{g.value}.md", "gap_type.md.j2", 2, title=vocab.GAP_TYPE_TITLES[g.value], gap_type=g.value,
             definition=g.description, subtypes=list(vocab.SUBTYPES[g.value]), subtype_counts=sub_counts,
             statuses=statuses, status_counts=site.status_counts(views), lab_counts=lab_counts, views=views,
             extra=Markup(extras.get(f"gap-types/{g.value}", "")))
        type_rows.append({"href": f"{g.value}/", "name": vocab.GAP_TYPE_TITLES[g.value],
                          "cells": [g.description, len(views), sum(1 for v in views if v.entry.status.state in ("open", "narrowed"))]})
    page("gap-types/index.md", "subject_index.md.j2", 1, title="Gap types",
         intro="The registry's main axis: five ways in which outsiders' access to a model falls short of insiders'.",
         headers=["Gap type", "Definition", "Entries", "Open or narrowed"], rows=type_rows)

    subjects = [
        ("labs", "Labs", site.labs, site.by_lab, "The labs that built the models entries are about."),
        ("models", "Models", site.models, site.by_model, "Models named in entries, with their lab and known dates."),
        ("organisations", "Outsider organisations", site.organisations, site.by_org,
         "Evaluators, institutes, researchers and other organisations named in entries."),
    ]
    for folder, title, records, index, intro in subjects:
        rows = []
        for ident in sorted(records, key=lambda i: records[i].name.casefold()):
            rec = records[ident]
            views = index.get(ident, [])
            facts, links = [], []
            show_lab = True
            if folder == "models":
                facts = [("Lab", _name(site.labs, rec.lab)), ("Announced", format_date(rec.announced)),
                         ("First public", format_date(rec.first_public)),
                         ("Weights", "open" if rec.open_weights else "not published")]
                facts = [f for f in facts if f[1]]
                links = [("Lab page", f"../../labs/{rec.lab}/", _name(site.labs, rec.lab))]
                cells = [_name(site.labs, rec.lab), format_date(rec.first_public), len(views)]
            elif folder == "organisations":
                facts = [("Kind", rec.kind.replace("_", " "))]
                cells = [rec.kind.replace("_", " "), len(views)]
            else:
                show_lab = False
                cells = [len(views), sum(1 for v in views if v.entry.status.state in ("open", "narrowed"))]
            page(f"{folder}/{ident}.md", "subject.md.j2", 2, front_title=plain_title(rec.name), name=rec.name,
                 ident=ident, description=rec.description, facts=facts, aliases=rec.aliases,
                 homepage=rec.homepage, links=links, views=views, show_lab=show_lab,
                 extra=Markup(extras.get(f"{folder}/{ident}", "")))
            rows.append({"href": f"{ident}/", "name": rec.name, "cells": cells})
        headers = {"labs": ["Lab", "Entries", "Open or narrowed"], "models": ["Model", "Lab", "First public", "Entries"],
                   "organisations": ["Organisation", "Kind", "Entries"]}[folder]
        page(f"{folder}/index.md", "subject_index.md.j2", 1, title=title, intro=intro, headers=headers, rows=rows)

    filters = [
        ("gap_type", "Gap type", [(g, t) for g, t in vocab.GAP_TYPE_TITLES.items()]),
        ("lab", "Lab", sorted(((lab, _name(site.labs, lab)) for lab in site.by_lab), key=lambda t: t[1].casefold())),
        ("year", "Year", [(str(y), str(y)) for y in sorted({v.year for v in site.entries}, reverse=True)]),
        ("status", "Status", [(s, s) for s in statuses]),
        ("outsider_kind", "Outsider kind", [(k.value, k.value.replace("_", " ")) for k in vocab.OrganisationKind
                                            if k.value in vocab.OUTSIDER_KINDS]),
    ]
    page("explore.md", "explore.md.j2", 1, filters=filters)

    repo = site.config.get("repo_url", "").rstrip("/")
    for v in site.entries:
        e = v.entry
        edit = f"{repo}/edit/main/{v.source_path}" if repo and v.source_path else ""
        history = f"{repo}/commits/main/{v.source_path}" if repo and v.source_path else ""
        page(f"entries/{e.id}.md", "entry.md.j2", 2, e=e, v=v,
             front_title=f"{e.id}: {plain_title(e.title)}",
             front_description=plain_title(" ".join(e.summary.split()))[:155],
             permalink=permalink(site, e.id), citation=citation(site, v), bibtex=bibtex(site, v),
             edit_url=edit, history_url=history)

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
    for name, text in render_schemas().items():
        w.write(f"schema/{name}", text)
    w.write("feed.xml", atom_feed(site, site.entries, "Model Access Gap Registry: new and updated entries", "feed.xml"))
    for g in vocab.GapType:
        w.write(f"feeds/{g.value}.xml", atom_feed(site, site.by_gap_type.get(g.value, []),
                                                  f"Model Access Gap Registry: {vocab.GAP_TYPE_TITLES[g.value]}",
                                                  f"feeds/{g.value}.xml"))
    for rel, data in sorted(extras.get("files", {}).items()):
        w.write(rel, data)
    w.finish()
    return w.changed


def clean(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
