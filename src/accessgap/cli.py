"""The `accessgap` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .check.report import FORMATS
from .errors import UsageError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def find_project(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml and registry/: this one or the nearest parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "registry").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    return here


def existing_paths(names: list[str]) -> list[Path]:
    """The paths named on the command line, or a usage error naming the first that is missing."""
    paths = [Path(n) for n in names]
    for p in paths:
        try:
            found = p.exists() or p.is_symlink()
        except OSError as exc:  # e.g. a file name too long for the file system
            raise UsageError(f"cannot read {str(p)[:200]!r}: {exc.strerror}") from None
        if not found:
            raise UsageError(f"no such file or folder: {p}")
    return paths


def cmd_validate(args) -> int:
    from .check.runner import validate

    project = find_project()
    paths = existing_paths(args.paths)
    from .load.batch import DEFAULT_CACHE

    cache = None if args.no_cache else project / DEFAULT_CACHE
    reg = validate(project / "registry", paths or None, kind=args.kind, audit=args.command == "audit", cache=cache)
    print(FORMATS[args.format](reg.result))
    return EXIT_INVALID if reg.result.errors else EXIT_OK


def cmd_stats(args) -> int:
    from .check import stats
    from .check.runner import validate
    from .load.batch import DEFAULT_CACHE

    project = find_project()
    reg = validate(project / "registry", cache=project / DEFAULT_CACHE)
    if reg.result.errors:
        print(FORMATS["text"](reg.result), file=sys.stderr)
        print("stats need a valid registry: fix the errors above first", file=sys.stderr)
        return EXIT_INVALID
    figures = stats.stats(reg)
    print(stats.as_json(figures) if args.format == "json" else stats.text(figures))
    return EXIT_OK


def cmd_schema(args) -> int:
    from .tools.reference import stale, write_all

    project = find_project()
    if args.check:
        old = stale(project)
        for p in old:
            print(f"{p.relative_to(project)}: stale; run `accessgap schema`")
        return EXIT_INVALID if old else EXIT_OK
    for p in write_all(project):
        print(f"wrote {p.relative_to(project)}")
    return EXIT_OK


def cmd_fmt(args) -> int:
    from .tools.fmt import format_paths

    run = format_paths(find_project(), args.paths, check=args.check)
    for line in run.lines:
        print(line)
    for line in run.errors:
        print(line, file=sys.stderr)
    print(run.summary)
    return EXIT_INVALID if run.failed or (args.check and run.changed) else EXIT_OK


def cmd_migrate(args) -> int:
    from .tools.migrate import migrate_paths

    run = migrate_paths(find_project(), args.paths, dry_run=args.dry_run)
    for line in run.lines + run.notices:
        print(line)
    for line in run.errors:
        print(line, file=sys.stderr)
    print(run.summary)
    return EXIT_INVALID if run.failed else EXIT_OK


def _ask(prompt: str, default: str | None, choices: list[str] | None = None) -> str:
    while True:
        shown = f" [{default}]" if default else ""
        answer = input(f"{prompt}{shown}: ").strip() or (default or "")
        if answer and (not choices or answer in choices):
            return answer
        if choices:
            print(f"  choose one of: {', '.join(choices)}")


def cmd_new(args) -> int:
    from .tools.new import create, create_record, known_labs, parse_request, split_list
    from .vocab import GapType

    project = find_project()
    kind, record_id = args.kind, args.record_id
    for flag, flag_kind in ((args.model, "model"), (args.organisation, "organisation")):
        if flag:  # `--model ID` is another spelling of `new model ID`
            if kind not in (None, "entry", flag_kind) or (record_id and record_id != flag):
                raise UsageError(f"--{flag_kind} {flag} conflicts with `new {kind} {record_id or ''}`".rstrip())
            kind, record_id = flag_kind, flag
    kind = kind or "entry"
    if kind != "entry":
        if not record_id:
            raise UsageError(f"give the new {kind}'s ID: `accessgap new {kind} ID`")
        labs = split_list(args.lab)
        if len(labs) > 1:
            raise UsageError("a model belongs to one lab: give one --lab")
        path = create_record(project, kind, record_id, name=args.name, lab=labs[0] if labs else None,
                             org_kind=args.kind_of)
        rel = path.relative_to(project)
        print(f"created {rel}")
        print(f"next: fill in the TODOs, then run .venv/bin/accessgap validate {rel}")
        return EXIT_OK
    if record_id:
        raise UsageError(f"an entry's ID is allocated for you; drop {record_id!r} (or write `new model {record_id}`)")
    interactive = sys.stdin.isatty() and not args.no_input
    gap_types = GapType.values()
    labs = known_labs(project)
    title, chosen_types, chosen_labs, event = args.title, split_list(args.gap_type), split_list(args.lab), args.date
    if interactive:
        title = title or _ask("Title (one line)", None)
        chosen_types = chosen_types or split_list(_ask(f"Gap types, comma-separated ({', '.join(gap_types)})", None))
        chosen_labs = chosen_labs or split_list(_ask(f"Lab IDs, comma-separated ({', '.join(labs)})", None))
        event = event or _ask('Event date ("2024", "2024-05" or "2024-05-17")', None)
    request = parse_request(title=title, gap_types=chosen_types, labs=chosen_labs, event=event, known=labs)
    try:
        path = create(project, request)
    except (ValueError, OSError) as exc:  # no number left for the year, lost every race, or cannot write
        print(f"accessgap new: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"created {path.relative_to(project)}")
    for lab in request.labs:
        if lab not in labs:
            print(f"note: lab `{lab}` has no record yet; add one with `accessgap new lab {lab}`")
    print(f"next: fill in the TODOs, then run .venv/bin/accessgap validate {path.relative_to(project)}")
    return EXIT_OK


def cmd_build(args) -> int:
    from .engine.build import build

    return build(find_project(), strict=not args.no_strict, clean=True)


def cmd_serve(args) -> int:
    from .engine.serve import serve

    return serve(find_project(), port=args.port, quick=not args.full_rebuild)


def _only_files(paths: list[str]) -> set[Path] | None:
    """The registry files named on the command line (resolved), or None for the whole registry."""
    from .check.runner import expand

    if not paths:
        return None
    return {p.resolve() for p in expand(existing_paths(paths))}


def _fetcher(args, *, allow_private: bool = False):
    import os

    from .net.fetch import Fetcher

    test_only = getattr(args, "allow_private_addresses", False) or os.environ.get("ACCESSGAP_TEST_ALLOW_PRIVATE") == "1"
    return Fetcher(timeout=args.timeout, retries=args.retries, per_host=args.per_host, min_interval=args.delay,
                   allow_private=allow_private or test_only)


def cmd_check_links(args) -> int:
    from .net.linkcheck import DEFAULT_CACHE, LinkCache, check_links
    from .load.registry import load_registry

    project = find_project()
    only = _only_files(args.paths)
    reg = load_registry(project / "registry")
    cache = LinkCache(None if args.no_cache else (Path(args.cache) if args.cache else project / DEFAULT_CACHE))
    rep = check_links(reg, fetcher=_fetcher(args), cache=cache, max_age_days=args.max_age, workers=args.workers,
                      only=only)
    print(FORMATS[args.format](rep.result))
    print(f"{rep.checked} URL(s) checked, {rep.cached} from the cache (younger than {args.max_age:g} days), "
          f"{rep.dead} dead", file=sys.stderr)
    return EXIT_INVALID if rep.dead else EXIT_OK


def cmd_archive(args) -> int:
    import os

    from .net.archive import Wayback, archive, endpoints
    from .load.registry import load_registry

    project = find_project()
    only = _only_files(args.paths)
    base = args.wayback_base or os.environ.get("ACCESSGAP_WAYBACK_BASE")
    availability, save = endpoints(base)
    # the archive service is chosen by whoever runs the command, not by registry content
    fetcher = _fetcher(args, allow_private=bool(base))
    reg = load_registry(project / "registry")
    run = archive(reg, Wayback(fetcher, availability, save), save=not args.no_save, dry_run=args.dry_run, only=only)
    for line in run.lines:
        print(line)
    if run.result.findings:
        print(FORMATS[args.format](run.result), file=sys.stderr)
    print(f"{run.found} snapshot(s) found, {run.saved} saved, {run.missing} source(s) without a copy; "
          f"{len(run.files)} file(s) {'would be ' if args.dry_run else ''}updated", file=sys.stderr)
    return EXIT_INVALID if run.result.errors else EXIT_OK


def cmd_renumber(args) -> int:
    from .tools.ids import IdError, renumber

    project = find_project()
    try:
        plan = renumber(project, args.old, args.new, dry_run=args.dry_run)
    except IdError as exc:
        raise UsageError(str(exc)) from None
    would = "would " if args.dry_run else ""
    rel = lambda p: p.relative_to(project)  # noqa: E731
    print(f"{would}rename {rel(plan.source)} -> {rel(plan.target)}")
    for change in plan.changes[1:]:
        print(f"{would}update {rel(change.path)}: {change.what}")
    for mention in plan.mentions:
        print(mention)
    for note in plan.notes:
        print(f"note: {note}")
    return EXIT_OK


def cmd_check_ids(args) -> int:
    from .tools.ids import IdError, check_collisions

    try:
        result = check_collisions(find_project(), args.base)
    except IdError as exc:
        raise UsageError(str(exc)) from None
    print(FORMATS[args.format](result))
    return EXIT_INVALID if result.errors else EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="accessgap", description="Model Access Gap Registry tools.")
    p.add_argument("--version", action="version", version=f"accessgap {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def formats(sp):
        sp.add_argument("--format", choices=sorted(FORMATS), default="text",
                        help="text (default), github (Actions annotations) or json")

    for name, help_ in (("validate", "check registry files (default: the whole registry)"),
                        ("audit", "validate plus evidence-quality warnings (primary sources, quote length, archives)")):
        v = sub.add_parser(name, help=help_, description=help_)
        v.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; default: registry/")
        v.add_argument("--kind", choices=["entry", "lab", "model", "organisation"],
                       help="record kind for files outside registry/ (default: entry)")
        v.add_argument("--no-cache", action="store_true",
                       help="parse every file again; neither read nor write .cache/validate.json")
        formats(v)
        v.set_defaults(func=cmd_validate)

    st = sub.add_parser("stats", help="evidence figures: primary sources, aggregator-only entries, re-verification, balance",
                        description="evidence figures: primary sources, aggregator-only entries, re-verification, balance")
    st.add_argument("--format", choices=["text", "json"], default="text")
    st.set_defaults(func=cmd_stats)

    s = sub.add_parser("schema", help="write schema/*.schema.json and docs/schema.md from the models")
    s.add_argument("--check", action="store_true", help="exit 1 if the committed files are stale")
    s.set_defaults(func=cmd_schema)

    f = sub.add_parser("fmt", help="rewrite registry files in canonical form, keeping comments")
    f.add_argument("paths", nargs="*", metavar="PATH")
    f.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file would change")
    f.set_defaults(func=cmd_fmt)

    mg = sub.add_parser("migrate", help="rewrite schema 1.0 registry files as 2.0, keeping comments",
                        description="Rewrite schema 1.0 registry files (default: all) as 2.0, keeping comments: bump "
                        "`schema_version` and merge sources of one entry or stage that share a URL into one source "
                        "with `quotes:`. Sources with the same URL that differ on another field stay separate and are "
                        "reported. Files already in 2.0 are left as they are.")
    mg.add_argument("paths", nargs="*", metavar="PATH")
    mg.add_argument("--dry-run", action="store_true", help="write nothing; report what would change")
    mg.set_defaults(func=cmd_migrate)

    n = sub.add_parser("new", help="scaffold a new entry with the next free ID, or a model, lab or organisation record",
                       description="Without KIND, a new entry: `accessgap new --title ... --gap-type safeguards "
                       "--lab openai --date 2025-08`. With KIND, the record an entry refers to: "
                       "`accessgap new model gpt-5 --lab openai`, `accessgap new lab mistral`, "
                       "`accessgap new organisation metr --kind third_party_evaluator`.")
    n.add_argument("kind", nargs="?", choices=["entry", "model", "lab", "organisation"], metavar="KIND",
                   help="entry (default), model, lab or organisation")
    n.add_argument("record_id", nargs="?", metavar="ID", help="the new model's, lab's or organisation's ID")
    n.add_argument("--title")
    n.add_argument("--gap-type", dest="gap_type", action="append",
                   help="a gap type; repeat it or separate with commas for several")
    n.add_argument("--lab", action="append", help="a lab ID; repeat it or separate with commas for several "
                   "(for `new model`: the model's lab)")
    n.add_argument("--date", help='event date: "2024", "2024-05" or "2024-05-17"')
    n.add_argument("--model", metavar="ID", help="same as `new model ID`")
    n.add_argument("--organisation", metavar="ID", help="same as `new organisation ID`")
    n.add_argument("--name", help="display name of a new model, lab or organisation")
    n.add_argument("--kind", dest="kind_of", metavar="ORG_KIND", help="a new organisation's kind")
    n.add_argument("--no-input", action="store_true", help="never prompt")
    n.set_defaults(func=cmd_new)

    b = sub.add_parser("build", help="generate pages and build the site into site/")
    b.add_argument("--no-strict", action="store_true", help="don't pass --strict to MkDocs")
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser(
        "serve", help="live preview that rebuilds when the registry or docs change",
        description="Live preview on http://127.0.0.1:PORT/. It builds the site once with MkDocs, then, after each "
        "saved change, regenerates the pages and renders again only the pages that changed, as a full build would "
        "render them. An edited entry's own page shows first (about a second at 1,000 entries), then lists, charts "
        "and exports follow. An invalid edit is reported with its file, line and column, and the last good pages "
        "stay served. A new or removed file, or a change to mkdocs.yml, rebuilds the whole site.")
    sv.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000)")
    sv.add_argument("--full-rebuild", action="store_true",
                    help="rebuild the whole site with MkDocs on every change instead of only the pages that changed (slower)")
    sv.set_defaults(func=cmd_serve)

    def network(sp, *, delay: float):
        sp.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; default: the whole registry")
        sp.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
        sp.add_argument("--retries", type=int, default=3, help="retries on 429, 5xx and network errors (default 3)")
        sp.add_argument("--per-host", type=int, default=1, choices=[1, 2], help="requests in flight per host (default 1)")
        sp.add_argument("--delay", type=float, default=delay, help=f"seconds between requests to one host (default {delay:g})")
        sp.add_argument("--allow-private-addresses", action="store_true", help=argparse.SUPPRESS)  # tests only
        formats(sp)

    cl = sub.add_parser("check-links", help="check that source, archive and homepage URLs still answer (network)",
                        description="Check every source url and archive_url and every homepage; dead links are "
                                    "warnings L001 at the line of the URL. Exit 1 when any link is dead.")
    network(cl, delay=1.0)
    cl.add_argument("--max-age", type=float, default=7.0, metavar="DAYS",
                    help="re-check only URLs checked longer ago than this (default 7; 0 re-checks all)")
    cl.add_argument("--cache", metavar="FILE", help="result cache (default .cache/links.json)")
    cl.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    cl.add_argument("--workers", type=int, default=8, help="hosts checked in parallel (default 8)")
    cl.set_defaults(func=cmd_check_links)

    ar = sub.add_parser("archive", help="add Wayback Machine copies (archive_url) to sources that lack one (network)",
                        description="For each source without archive_url, find the Wayback Machine snapshot closest "
                                    "to its `accessed` date, or request one, and write archive_url after `accessed`.")
    network(ar, delay=5.0)
    ar.add_argument("--dry-run", action="store_true", help="look up snapshots but write nothing")
    ar.add_argument("--no-save", action="store_true", help="only look up existing snapshots; never request a new one")
    ar.add_argument("--wayback-base", metavar="URL", help="archive service base URL (tests); default archive.org")
    ar.set_defaults(func=cmd_archive)

    rn = sub.add_parser("renumber", help="move an entry to a free ID and update references to it",
                        description="Rename registry/entries/YYYY/OLD.yaml to NEW.yaml, rewrite its id and every "
                                    "`related` and `status.successor` that names OLD, keeping comments. Refuses an "
                                    "ID that exists or ever existed in the git history.")
    rn.add_argument("old", metavar="OLD")
    rn.add_argument("new", metavar="NEW")
    rn.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    rn.set_defaults(func=cmd_renumber)

    ci = sub.add_parser("check-ids", help="find entry IDs that another change already took on the base branch (git)",
                        description="Compare the entries added on this branch with the base branch: an ID added "
                                    "there too (I001) or used there before (I002) must be renumbered.")
    ci.add_argument("--base", default="origin/main", help="base branch (default origin/main; run `git fetch` first)")
    formats(ci)
    ci.set_defaults(func=cmd_check_ids)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        p.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"accessgap {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except OSError as exc:  # the file system refused (permissions, full disk): say so, no traceback
        where = f" ({str(exc.filename)[:200]})" if exc.filename else ""
        print(f"accessgap {args.command}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
