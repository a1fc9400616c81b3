"""Pages: one writer per kind of page the reader sees (home, timeline, gap types, subjects, Explore, entries).

Each writer passes a template the data it shows; counting happens in enrich.py, citations and
permalinks come from exports.py, so the same figures appear on pages and in the data files.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from .. import vocab
from ..fsutil import case_sensitive
from .enrich import Site, format_date, name_of, open_count
from .escape import plain_title
from ..labels import label
from .headline import depth_title
from .htmlcharts import gantt, lab_timelines, year_chart
from .exports import bibtex, citation, feed_paths, head_meta, permalink
from . import explore
from .redirects import redirects
from .writer import Writer

SUBJECT_HEADERS = {"labs": ["Lab", "Entries", "Open or narrowed"], "models": ["Model", "Lab", "First public", "Entries"],
                   "organisations": ["Organisation", "Kind", "Entries"]}


BULK_GROUPS = {"registry/entries": "The entries, one YAML file each, as committed.",
               "registry/labs": "The labs.", "registry/models": "The models.",
               "registry/organisations": "The outsider organisations.",
               "api/v1": "The JSON and CSV exports described above, the changelog among them.",
               "schema": "The JSON Schemas of entries, labs, models, organisations and the timelines export.",
               "CITATION.cff": "How to cite this version."}


def _titles(site: Site) -> dict[str, str]:
    return {v.id: v.entry.title for v in site.entries}


class Pages:
    def __init__(self, w: Writer, env: Environment, site: Site, extras: dict):
        self.w, self.env, self.site, self.extras = w, env, site, extras

    def page(self, rel: str, template: str, depth: int, **kw) -> None:
        text = self.env.get_template(template).render(root="../" * depth, site=self.site, **kw)
        self.w.write(rel, text)

    def extra(self, key: str) -> Markup:
        return Markup(self.extras.get(key, ""))

    def all(self) -> None:
        self.home()
        self.timeline()
        self.gap_types()
        self.subjects()
        self.explore()
        self.current_access()
        self.entries()
        self.redirects()
        self.not_found()

    def home(self) -> None:
        site = self.site
        self.page("index.md", "home.md.j2", 0, counts=site.counts(), latest=site.entries[:10],
                  extra_home=self.extra("home"), h=site.headline, depth_title=depth_title,
                  stage_titles=vocab.STAGE_TITLES, lab_name=lambda i: name_of(site.labs, i))

    def timeline(self) -> None:
        site = self.site
        self.page("timeline.md", "timeline.md.j2", 1, groups=site.timeline_groups(), extra=self.extra("timeline"),
                  filters=self._filters()[:2])

    def gap_types(self) -> None:
        site, rows = self.site, []
        feeds = feed_paths(site)
        for g in vocab.GapType:
            s = site.gap_type_summary(g.value)
            self.page(f"gap-types/{g.value}.md", "gap_type.md.j2", 2, title=vocab.GAP_TYPE_TITLES[g.value],
                      gap_type=g.value, definition=g.description, subtypes=list(vocab.SUBTYPES[g.value]),
                      subtype_counts=s.subtype_counts, statuses=vocab.Status.values(), status_counts=s.status_counts,
                      lab_counts=s.lab_counts, views=s.views, extra=self.extra(f"gap-types/{g.value}"),
                      years=year_chart(s.views, f"{vocab.GAP_TYPE_TITLES[g.value]} entries per year",
                                       f"gap_type={g.value}", "../../"),
                      feeds=[(feeds[f"feeds/{g.value}.xml"][0], f"feeds/{g.value}.xml")])
            rows.append({"href": f"{g.value}/", "name": vocab.GAP_TYPE_TITLES[g.value],
                         "cells": [g.description, len(s.views), s.open]})
        self.page("gap-types/index.md", "subject_index.md.j2", 1, title="Gap types",
                  intro="The registry's main axis: five ways in which outsiders' access to a model falls short of insiders'.",
                  headers=["Gap type", "Definition", "Entries", "Open or narrowed"], rows=rows)

    def subjects(self) -> None:
        site = self.site
        subjects = [
            ("labs", "Labs", site.labs, site.by_lab, "The labs that built the models entries are about."),
            ("models", "Models", site.models, site.by_model, "Models named in entries, with their lab and known dates."),
            ("organisations", "Outsider organisations", site.organisations, site.by_org,
             "Evaluators, institutes, researchers and other organisations named in entries."),
        ]
        feeds = feed_paths(site)
        for folder, title, records, index, intro in subjects:
            rows = []
            for ident in sorted(records, key=lambda i: records[i].name.casefold()):
                rec = records[ident]
                views = index.get(ident, [])
                facts, links, cells = self._subject_facts(folder, rec, views)
                self.page(f"{folder}/{ident}.md", "subject.md.j2", 2, front_title=plain_title(rec.name), name=rec.name,
                          ident=ident, description=rec.description, facts=facts, aliases=rec.aliases,
                          homepage=rec.homepage, links=links, views=views, show_lab=folder != "labs",
                          timeline=site.timelines.get(ident) if folder == "models" else None,
                          stage_titles=vocab.STAGE_TITLES,
                          org_name=lambda i: name_of(site.organisations, i),
                          years=year_chart(views, f"{rec.name}'s entries per year", f"lab={ident}", "../../")
                          if folder == "labs" else None,
                          gantt=gantt(lab_timelines(site, ident)) if folder == "labs" else None,
                          extra=self.extra(f"{folder}/{ident}"),
                          feeds=self._subject_feeds(feeds, folder, ident))
                rows.append({"href": f"{ident}/", "name": rec.name, "cells": cells})
            self.page(f"{folder}/index.md", "subject_index.md.j2", 1, title=title, intro=intro,
                      headers=SUBJECT_HEADERS[folder], rows=rows)

    @staticmethod
    def _subject_feeds(feeds: dict, folder: str, ident: str) -> list[tuple[str, str]]:
        """The feed a subject page announces in its head: labs have one (feeds/labs/<lab>.xml)."""
        path = f"feeds/labs/{ident}.xml"
        return [(feeds[path][0], path)] if folder == "labs" and path in feeds else []

    def _subject_facts(self, folder: str, rec, views) -> tuple[list, list, list]:
        """(facts shown on the page, links, cells of the index row) for one lab, model or organisation."""
        labs = self.site.labs
        if folder == "models":
            facts = [("Lab", name_of(labs, rec.lab)), ("Announced", format_date(rec.announced)),
                     ("First public", format_date(rec.first_public)),
                     ("Weights", "open" if rec.open_weights else "not published")]
            links = [("Lab page", f"../../labs/{rec.lab}/", name_of(labs, rec.lab))]
            return [f for f in facts if f[1]], links, [name_of(labs, rec.lab), format_date(rec.first_public), len(views)]
        if folder == "organisations":
            kind = label(rec.kind)
            return [("Kind", kind)], [], [kind, len(views)]
        return [], [], [len(views), open_count(views)]

    def _filters(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """The facets Explore offers (the Timeline offers the first two), with their labels."""
        return explore.filters(self.site)

    def dataset(self, log, cite, bulk) -> None:
        """The Data page and the changelog: written after the exports, whose zip and history they show."""
        version = self.site.config.get("dataset_version", "")
        self.page("data.md", "data.md.j2", 1, version=version, cite=cite, bulk=bulk, group_help=BULK_GROUPS)
        self.page("changelog.md", "changelog.md.j2", 1, version=version, log=log, titles=_titles(self.site))

    def explore(self) -> None:
        site = self.site
        self.w.write(explore.EXPLORE_JSON, explore.explore_json(site))
        self.page("explore.md", "explore.md.j2", 1, filters=self._filters(), data_url=explore.EXPLORE_JSON,
                  subtypes_of=explore.subtypes_of, model_name=lambda i: name_of(site.models, i),
                  lab_name=lambda i: name_of(site.labs, i), org_name=lambda i: name_of(site.organisations, i))

    def current_access(self) -> None:
        """The endoflife.date-style table: one row per model with a timeline, newest first."""
        site = self.site
        rows = []
        for t in site.timelines.values():
            first = t.stages[0] if t.stages else None
            key = (first.lo or first.hi) if first is not None and first.happened else None
            rows.append({"timeline": t, "milestones": {ms.kind: ms for ms in t.milestones}, "key": key})
        rows.sort(key=lambda r: (r["key"] is not None, r["key"] or 0, r["timeline"].model.name), reverse=True)
        self.page("current-access.md", "current_access.md.j2", 1, rows=rows, kinds=vocab.MILESTONES,
                  stage_titles=vocab.STAGE_TITLES, lab_name=lambda i: name_of(site.labs, i))

    def entries(self) -> None:
        for v in self.site.entries:
            self.entry(v)

    def entry(self, v) -> None:
        """One entry's page (the preview rewrites only the entries that changed)."""
        site, e = self.site, v.entry
        repo = site.config.get("repo_url", "").rstrip("/")
        edit = f"{repo}/edit/main/{v.source_path}" if repo and v.source_path else ""
        history = f"{repo}/commits/main/{v.source_path}" if repo and v.source_path else ""
        self.page(f"entries/{e.id}.md", "entry.md.j2", 2, e=e, v=v,
                  front_title=f"{e.id}: {plain_title(e.title)}",
                  front_description=plain_title(" ".join(e.summary.split()))[:155],
                  permalink=permalink(site, e.id), citation=citation(site, v), bibtex=bibtex(site, v),
                  head_meta=head_meta(site, v),
                  edit_url=edit, history_url=history)

    def not_found(self) -> None:
        """404.md: search, the ID format and where to start; assets/notfound.js looks up an entry ID
        in the mistyped address. engine/overrides/404.html serves it at any missing path."""
        example = self.site.entries[0].id if self.site.entries else None
        self.page("404.md", "404.md.j2", 1, example=example)

    def redirects(self) -> None:
        """Lower-case and short permalinks (redirects.py); lower case only where names differ by case."""
        site = self.site
        template = self.env.get_template("redirect.html.j2")
        for r in redirects(site, lower_case=case_sensitive(self.w.out)):
            self.w.write(r.path, template.render(r=r, title=site.by_id[r.target].entry.title,
                                                 permalink=permalink(site, r.target)))
