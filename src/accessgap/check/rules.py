"""Tier 2: meaning. Named checks with stable codes that run on a loaded registry.

Each check takes the registry and yields findings; none raises or prints. `CHECKS` lists them
with the codes they may emit, and docs/checks.md documents every code (a test enforces it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator

from .. import textrules
from ..findings import Finding
from ..suggest import did_you_mean
from ..models import date_bounds, stage_bounds
from ..load.registry import Record, Registry

ID_RE = re.compile(r"MAG-([0-9]{4})-([0-9]{4})")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_BARE_SCHEME = re.compile(r"(?i)\b(javascript|data|vbscript|file):")


def today() -> dt.date:
    return dt.date.today()


def _suggest(word: str, choices: dict[str, list[str]]) -> str:
    """choices maps id -> names/aliases; suggest an id by id or by name."""
    pool = {}
    for ident, names in choices.items():
        pool[ident] = ident
        for n in names:
            pool[n] = ident
    return did_you_mean(word, pool)


def check_ids(reg: Registry) -> Iterator[Finding]:
    """E001 file name, E002 duplicates, E003 year folder."""
    seen: dict[tuple[str, str], Record] = {}
    for r in reg.records:
        rid = r.id
        if r.model is None or rid is None:
            continue
        if r.external:
            continue
        if r.path.stem != rid:
            yield r.finding("E001", f"id `{rid}` does not match the file name `{r.path.name}`",
                            f"rename the file to `{rid}.yaml` (IDs never change, so keep the id)", "id")
        key = (r.kind, rid.lower())
        if key in seen:
            other = seen[key]
            yield r.finding("E002", f"{r.kind} id `{rid}` is already used by {other.display}",
                            "IDs are never reused; run `accessgap new` for a free one", "id")
        else:
            seen[key] = r
        if r.kind == "entry":
            year = ID_RE.fullmatch(rid).group(1)
            if r.path.parent.name.isdigit() and r.path.parent.name != year:
                yield r.finding("E003", f"entry `{rid}` is in folder `{r.path.parent.name}/`",
                                f"move it to registry/entries/{year}/", "id")


def _vocab_names(records: dict) -> dict[str, list[str]]:
    return {k: [v.name, *v.aliases] for k, v in records.items()}


NEW_RECORD_ARGS = {"lab": "", "model": " --lab LAB", "organisation": " --kind KIND"}


def check_references(reg: Registry) -> Iterator[Finding]:
    """E010 unknown lab/model/organisation/entry reference."""
    labs, mods, orgs = reg.labs, reg.models, reg.organisations
    vocab = {"lab": _vocab_names(labs), "model": _vocab_names(mods), "organisation": _vocab_names(orgs)}
    entry_ids = {e.id: [e.title] for e in reg.entries}
    folders = {"lab": "registry/labs", "model": "registry/models", "organisation": "registry/organisations"}

    def unknown(r: Record, kind: str, value: str, *path):
        pool = entry_ids if kind == "entry" else vocab[kind]
        if value in pool:
            return None
        hint = _suggest(value, pool)
        hint += (f"use an existing id from {folders[kind]}/, or add a record with `accessgap new {kind} {value}"
                 f"{NEW_RECORD_ARGS[kind]}`" if kind != "entry" else "check the ID on the site or in registry/entries/")
        return r.finding("E010", f"unknown {kind} `{value}`", hint, *path)

    for r in reg.valid("model"):
        if (f := unknown(r, "lab", r.model.lab, "lab")):
            yield f
        for i, st in enumerate(r.model.timeline):
            if st.organisation and (f := unknown(r, "organisation", st.organisation, "timeline", i, "organisation")):
                yield f
            for j, ref in enumerate(st.entries):
                if (f := unknown(r, "entry", ref, "timeline", i, "entries", j)):
                    yield f
    # Entries that failed the schema still get their reference lists checked, so a contributor
    # sees every problem in one run rather than one tier at a time.
    for r in reg.records:
        data = r.loaded.data
        if r.kind != "entry" or r.model is not None or not isinstance(data, dict):
            continue
        for field, kind in (("labs", "lab"), ("models", "model"), ("outsiders", "organisation"),
                            ("restricting_bodies", "organisation")):
            values = data.get(field)
            for i, value in enumerate(values if isinstance(values, list) else []):
                if isinstance(value, str) and (f := unknown(r, kind, value, field, i)):
                    yield f
    for r in reg.valid("entry"):
        e = r.model
        for field, kind in (("labs", "lab"), ("models", "model"), ("outsiders", "organisation"),
                            ("restricting_bodies", "organisation"), ("related", "entry")):
            for i, value in enumerate(getattr(e, field)):
                if (f := unknown(r, kind, value, field, i)):
                    yield f
        for i, w in enumerate(e.evaluation_windows):
            if w.organisation and (f := unknown(r, "organisation", w.organisation, "evaluation_windows", i, "organisation")):
                yield f
            if w.model and (f := unknown(r, "model", w.model, "evaluation_windows", i, "model")):
                yield f
        if e.status.successor and (f := unknown(r, "entry", e.status.successor, "status", "successor")):
            yield f
        if e.id in e.related:
            yield r.finding("E011", "an entry cannot be related to itself", "remove its own ID from `related`",
                            "related", e.related.index(e.id))
        for i, m in enumerate(e.models):
            if m in mods and mods[m].lab not in e.labs:
                yield r.finding("W012", f"model `{m}` belongs to lab `{mods[m].lab}`, which the entry does not list",
                                f"add `{mods[m].lab}` to `labs`, or check the model", "models", i)


def _year_zero(value: str | None) -> bool:
    """The date pattern admits year 0000, which has no calendar day; date_bounds would raise on it."""
    return bool(value) and value[:4] == "0000"


def check_dates(reg: Registry) -> Iterator[Finding]:
    """E020 future date, E021 lag sides reversed, E022 accessed before published, E023 status before event, W024 missing lag dates."""
    now = today()

    def future(r, value, *path):
        if value and date_bounds(value)[0] > now:
            return r.finding("E020", f"date {value} is in the future", "record events once they happen", *path)
        return None

    for r in reg.valid("entry"):
        e = r.model
        d = e.dates
        checks = [(d.event, ("dates", "event")), (d.insider_access, ("dates", "insider_access")),
                  (d.outsider_access, ("dates", "outsider_access")), (e.status.date, ("status", "date")),
                  (e.last_verified, ("last_verified",))]
        for i, s in enumerate(e.sources):
            checks += [(s.published, ("sources", i, "published")), (s.accessed, ("sources", i, "accessed"))]
        year_zero = [(value, path) for value, path in checks if _year_zero(value)]
        for value, path in year_zero:
            yield r.finding("S108", f"`{path[-1]}` {value} is not a calendar date (there is no year 0)",
                            "write the real year", *path)
        if year_zero:
            continue  # such a date cannot be compared with the others
        for i, s in enumerate(e.sources):
            if s.published and date_bounds(s.accessed)[1] < date_bounds(s.published)[0]:
                yield r.finding("E022", f"source accessed ({s.accessed}) before it was published ({s.published})",
                                "check both dates", "sources", i, "accessed")
        for value, path in checks:
            if (f := future(r, value, *path)):
                yield f
        if d.insider_access and d.outsider_access:
            if date_bounds(d.insider_access)[0] > date_bounds(d.outsider_access)[1]:
                yield r.finding("E021", f"insider access ({d.insider_access}) is after outsider access ({d.outsider_access})",
                                "the insider side comes first; swap them if reversed", "dates", "insider_access")
        if e.status.date and date_bounds(e.status.date)[1] < date_bounds(d.event)[0]:
            yield r.finding("E023", f"status date {e.status.date} is before the event ({d.event})",
                            "a gap cannot close before it opens", "status", "date")
        # W024 asks only for a date that exists: outsiders got access (the gap narrowed or closed)
        # and the insider side is dated, so the other end of the lag is a matter of record. An open
        # gap has no outsider date yet, and labs rarely date their own access: neither is flagged.
        lag_types = [g for g in e.gap_types if g.type == "deployment_lag"]
        if (lag_types and d.insider_access and not d.outsider_access
                and e.status.state in ("narrowed", "closed")):
            yield r.finding("W024", f"the gap is {e.status.state} and `insider_access` is dated, "
                            "but `outsider_access` is not",
                            "add `outsider_access` at the precision a source gives (\"2024\", \"2024-05~\"), "
                            "so the lag can be computed", "dates")


def _insiders_from(model) -> dt.date | None:
    """The earliest day the model's timeline says insiders had it; None when no stage dates it
    from below (`../2024-05`, "on or before", says nothing about how early)."""
    lows = [stage_bounds(st.start)[0] for st in model.timeline if st.stage == "insiders" and st.start]
    lows = [d for d in lows if d is not None]
    return min(lows) if lows else None


# How long before a model's first known date an entry may name it: insiders have a model before it is
# announced, so only an event well before that (usually a typo in a date or a model ID) is flagged.
MODEL_DATE_MARGIN = dt.timedelta(days=180)


def check_model_dates(reg: Registry) -> Iterator[Finding]:
    """E014 a model named on an event before its own timeline says insiders had it; W013 a model
    named on an event long before its `announced` or `first_public` date."""
    mods = reg.models
    for r in reg.valid("entry"):
        e = r.model
        if _year_zero(e.dates.event):
            continue  # reported by check_dates
        event_end = date_bounds(e.dates.event)[1]
        for i, m in enumerate(e.models):
            rec = mods.get(m)
            born = _insiders_from(rec) if rec is not None else None
            if born is not None and event_end < born:
                # The timeline dates the model's existence; an announcement date only bounds it (W013).
                yield r.finding("E014", f"model `{m}` is named on an event of {e.dates.event}, before insiders "
                                f"had it ({born.isoformat()}, from its timeline)",
                                "check the event date and the model ID (an earlier model of the same family?)",
                                "models", i)
                continue
            known = [(f, d) for f in ("announced", "first_public") if rec is not None
                     and (d := getattr(rec, f)) and not _year_zero(d)]
            if not known:
                continue
            field, first = min(known, key=lambda fd: date_bounds(fd[1])[0])
            if event_end < date_bounds(first)[0] - MODEL_DATE_MARGIN:
                yield r.finding("W013", f"model `{m}` is named on an event of {e.dates.event}, more than "
                                f"{MODEL_DATE_MARGIN.days} days before it existed (its `{field}` is {first})",
                                "check the event date and the model ID; if the sources show insiders had the model "
                                "that early, say so in the summary", "models", i)


def check_text(reg: Registry) -> Iterator[Finding]:
    """E030 HTML in text, E031 non-http(s) link in Markdown, E032 Markdown image."""
    for r in reg.valid("entry"):
        e = r.model
        texts = [(e.summary, ("summary",))]
        if e.lab_response:
            texts.append((e.lab_response.summary, ("lab_response", "summary")))
        for text, path in texts:
            if textrules.HTML_TAG.search(text):
                yield r.finding("E030", "HTML is not allowed here", "use plain text or Markdown (*emphasis*, [link](https://…))", *path)
            for target in _MD_LINK.findall(text):
                if not target.lower().startswith(("http://", "https://")):
                    yield r.finding("E031", f"link target `{target[:60]}` is not an http(s) URL",
                                    "links must start with https:// or http://", *path)
            if "![" in text:
                yield r.finding("E032", "images are not allowed in text", "link to the image instead", *path)
            if _BARE_SCHEME.search(_MD_LINK.sub("](", text)):  # targets of inline links are checked above
                yield r.finding("E031", "text contains a javascript:/data:/vbscript:/file: URL",
                                "remove it; only http(s) links are allowed", *path)


def check_duplicates(reg: Registry) -> Iterator[Finding]:
    """W040 likely duplicate: same lab, model and gap type within 30 days."""
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for r in reg.valid("entry"):
        e = r.model
        if _year_zero(e.dates.event):
            continue  # reported by check_dates
        for lab in e.labs:
            for model in e.models or ["-"]:
                for g in e.gap_types:
                    groups[(lab, model, g.type)].append(r)
    reported = set()
    for (lab, model, gtype), recs in groups.items():
        if model == "-":
            continue
        recs = sorted(recs, key=lambda r: r.model.id)
        for a, b in _close_pairs(recs, 30):
            if (a.model.id, b.model.id) in reported:
                continue
            if b.model.id not in a.model.related and a.model.id not in b.model.related:
                reported.add((a.model.id, b.model.id))
                yield b.finding("W040", f"possible duplicate of {a.model.id} (same lab, model and gap type within 30 days)",
                                f"merge them, or list {a.model.id} under `related` if both are needed", "id")


def _close_pairs(recs: list[Record], days: int) -> Iterator[tuple[Record, Record]]:
    """Pairs (recs[i], recs[j]), i < j, whose event dates (as day ranges) are at most `days` apart,
    in the order of a double loop over i then j; found through a sorted window, not every pair."""
    bounds = [date_bounds(r.model.dates.event) for r in recs]
    order = sorted(range(len(recs)), key=lambda k: bounds[k][0])
    starts = [bounds[k][0] for k in order]
    widest = max(((hi - lo) for lo, hi in bounds), default=dt.timedelta(0))
    slack = dt.timedelta(days=days)
    for i, (lo, hi) in enumerate(bounds):
        # b.lo <= a.hi + days and b.hi >= a.lo - days, hence b.lo >= a.lo - days - widest
        first = bisect.bisect_left(starts, lo - slack - widest)
        last = bisect.bisect_right(starts, hi + slack)
        later = sorted(k for k in order[first:last] if k > i and bounds[k][1] >= lo - slack)
        for j in later:
            yield recs[i], recs[j]


# IDs that would be written over a generated page of the same folder (labs/index.md...).
RESERVED_IDS = {"index"}


def check_vocab(reg: Registry) -> Iterator[Finding]:
    """E004 a reserved ID; W050 two vocabulary records share a name; W051 a name mixes scripts or
    looks like another record's name (a homoglyph copy such as Cyrillic "Оpen AI")."""
    for kind in ("lab", "model", "organisation"):
        names: dict[str, Record] = {}
        skeletons: dict[str, Record] = {}
        for r in reg.valid(kind):
            if r.model.id in RESERVED_IDS:
                yield r.finding("E004", f"`{r.model.id}` is reserved: its page would replace the {kind} index",
                                "choose another ID (and rename the file to match)", "id")
            key = r.model.name.casefold()
            if key in names:
                yield r.finding("W050", f"{kind} name `{r.model.name}` is also used by {names[key].display}",
                                "merge the records or make the names distinct", "name")
            else:
                letters = textrules.scripts(r.model.name)
                twin = skeletons.get(textrules.skeleton(r.model.name))
                if twin is not None:
                    yield r.finding("W051", f"{kind} name `{r.model.name}` looks like `{twin.model.name}` "
                                    f"({twin.display})", "check for look-alike letters from another script", "name")
                elif len(letters) > 1 and "LATIN" in letters:
                    yield r.finding("W051", f"{kind} name `{r.model.name}` mixes scripts ({', '.join(sorted(letters))})",
                                    "retype the name in one script", "name")
            names.setdefault(key, r)
            skeletons.setdefault(textrules.skeleton(r.model.name), r)


def _walk(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, path + (i,))
    else:
        yield path, node


def check_placeholders(reg: Registry) -> Iterator[Finding]:
    """E060 a TODO placeholder from the `accessgap new` template is still there."""
    for r in reg.records:  # every kind: `accessgap new` scaffolds models, labs and organisations too
        if r.loaded.data is None:
            continue
        text = r.loaded.text
        if text and "TODO" not in text and "\\" not in text:
            continue  # no value can hold TODO: it is not in the file, nor can an escape spell it
        for path, value in _walk(r.loaded.data):
            if isinstance(value, str) and "TODO" in value:
                yield r.finding("E060", f"placeholder `TODO` left in the {r.kind}", "replace it with real content", *path)


def check_timelines(reg: Registry) -> Iterator[Finding]:
    """E020 a timeline date in the future; E025 an outsider stage that starts before the insiders' stage."""
    now = today()
    for r in reg.valid("model"):
        stages = r.model.timeline
        if any(_year_zero(p) for st in stages for v in (st.start, st.end) if v for p in v.split("/")):
            continue  # the schema's calendar check reports it
        for i, st in enumerate(stages):
            for field in ("start", "end"):
                value = getattr(st, field)
                if value and (lo := stage_bounds(value)[0]) is not None and lo > now:
                    yield r.finding("E020", f"date {value} is in the future", "record stages once they happen",
                                    "timeline", i, field)
            if st.not_yet_as_of and date_bounds(st.not_yet_as_of)[0] > now:
                yield r.finding("E020", f"date {st.not_yet_as_of} is in the future",
                                "use the day you checked", "timeline", i, "not_yet_as_of")
        insiders = [stage_bounds(st.start)[0] for st in stages if st.stage == "insiders" and st.start]
        first_in = min((d for d in insiders if d is not None), default=None)
        if first_in is None:
            continue
        for i, st in enumerate(stages):
            if st.stage != "insiders" and st.start and (hi := stage_bounds(st.start)[1]) is not None and hi < first_in:
                yield r.finding("E025", f"the {st.stage} stage ({st.start}) starts before the insiders' stage",
                                "insiders come first: check both dates", "timeline", i, "start")


def check_evidence(reg: Registry) -> Iterator[Finding]:
    """E029 confidence above "low" when no source is primary or secondary (aggregators only)."""
    for r in reg.valid("entry"):
        e = r.model
        if e.confidence != "low" and e.sources and not any(s.kind in ("primary", "secondary") for s in e.sources):
            yield r.finding("E029", f"confidence is {e.confidence}, but every source is an aggregator",
                            "find a primary or secondary source, or set `confidence: low`", "confidence")



def _source_lists(r: Record) -> Iterator[tuple[list, tuple]]:
    """Every list of sources in a valid record, with its data path: an entry's, or each timeline stage's."""
    if r.kind == "entry":
        yield r.model.sources, ("sources",)
    elif r.kind == "model":
        for i, st in enumerate(r.model.timeline):
            yield st.sources, ("timeline", i, "sources")


_QUOTE_FIELDS = {"quote", "quotes", "note"}


def _citation_differences(a, b) -> list[str]:
    """The fields two sources disagree on, besides their quotes and notes."""
    da, db = a.model_dump(exclude=_QUOTE_FIELDS), b.model_dump(exclude=_QUOTE_FIELDS)
    return [k for k in da if da[k] != db[k]]


def check_sources(reg: Registry) -> Iterator[Finding]:
    """E026 `quotes` in a schema 1.0 file; E027 one URL cited as two sources that could be one (schema 2.0);
    W028 one URL cited as two sources that disagree on a citation field (schema 2.0)."""
    for r in reg.records:
        if r.model is None or r.kind not in ("entry", "model"):
            continue
        version = r.model.schema_version
        for sources, path in _source_lists(r):
            first: dict[str, int] = {}
            for i, s in enumerate(sources):
                if version == "1.0" and s.quotes:
                    yield r.finding("E026", "`quotes` (several quotes in one source) needs schema version 2.0",
                                    f"run `accessgap migrate {r.display}`, or set `schema_version: \"2.0\"`",
                                    *path, i, "quotes", key=True)
                if version != "1.0" and s.url in first:
                    n = first[s.url]
                    diff = _citation_differences(sources[n], s)
                    if not diff:
                        yield r.finding("E027", f"this URL is already cited as source {n + 1} of this list",
                                        f"move this source's quote into source {n + 1}'s `quotes:` and delete this "
                                        "one (`accessgap migrate` does it for 1.0 files)", *path, i, "url")
                    else:
                        fields = ", ".join(f"`{k}`" for k in diff)
                        yield r.finding("W028", f"this URL is also source {n + 1} of this list, which gives another "
                                        f"{fields}", "if both are the same document, make the fields agree and merge "
                                        "them into one source with `quotes:`; if they are different copies, cite "
                                        "each copy's own address (or `via`)", *path, i, "url")
                first.setdefault(s.url, i)


CHECKS = [check_placeholders, check_ids, check_references, check_dates, check_model_dates, check_timelines,
          check_sources, check_text, check_duplicates, check_vocab, check_evidence]


def run_checks(reg: Registry) -> None:
    for check in CHECKS:
        reg.result.extend(check(reg))


# --- audit: evidence-quality warnings (issue: content) -------------------------------------

def audit(reg: Registry) -> Iterator[Finding]:
    """A100 no primary source, A101 quote over 50 words, A102 no archived copy, A103 low confidence,
    A104 one URL listed as several sources, A105 never re-verified (no `last_verified`)."""
    for r in reg.valid("entry"):
        e = r.model
        if not any(s.kind == "primary" for s in e.sources):
            yield r.finding("A100", "no primary source", "cite the lab's, evaluator's or government's own page if one exists",
                            "sources")
        for i, s in enumerate(e.sources):
            for j, q in enumerate(s.all_quotes):
                words = len(q.text.split())
                if words > 50:
                    yield r.finding("A101", f"quote has {words} words (limit 50)",
                                    "quote only the sentence that supports the entry", "sources", i, *s.quote_path(j))
            if not s.archive_url:
                yield r.finding("A102", "source has no archived copy", "run `accessgap archive` or add `archive_url`",
                                "sources", i, "url")
        if e.confidence == "low":
            yield r.finding("A103", "confidence is low", "look for a primary source", "confidence")
        seen: dict[str, int] = {}
        for i, s in enumerate(e.sources if e.schema_version == "1.0" else ()):  # 2.0: E027/W028 say it
            if s.url in seen:
                yield r.finding("A104", f"source {i + 1} repeats the URL of source {seen[s.url] + 1}",
                                "keep one source per page and give it several quotes", "sources", i, "url")
            seen.setdefault(s.url, i)
        if not e.last_verified:
            yield r.finding("A105", "never re-verified against its sources",
                            "re-read each source, check the quotes, then set `last_verified` to today", "id")
