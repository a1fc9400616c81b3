"""The `accessgap` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from . import __version__
from .report import FORMATS

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def find_project(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml and registry/: this one or the nearest parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "registry").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    return here


class UsageError(Exception):
    pass


def cmd_validate(args) -> int:
    from .validate import validate

    project = find_project()
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    reg = validate(project / "registry", paths or None, kind=args.kind, audit=args.command == "audit")
    print(FORMATS[args.format](reg.result))
    return EXIT_INVALID if reg.result.errors else EXIT_OK


def cmd_schema(args) -> int:
    from .schema_export import stale, write_all

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
    from .fmt import format_file
    from .fsutil import atomic_write
    from .registry import discover, display_path, kind_for
    from .validate import expand

    project = find_project()
    root = project / "registry"
    if args.paths:
        files = []
        for p in expand([Path(x) for x in args.paths]):
            kind = kind_for(p, root)
            if kind is None:
                raise UsageError(f"{p} is not inside registry/; fmt only formats registry files")
            files.append((kind, p))
    else:
        files, _ = discover(root)
    changed = failed = 0
    for kind, path in files:
        display = display_path(path, Path.cwd())
        new, error = format_file(path, kind, project, display)
        if error:
            failed += 1
            print(f"{display}: error: {error}", file=sys.stderr)
        elif new is not None:
            changed += 1
            if args.check:
                print(f"{display}: would be reformatted")
            else:
                atomic_write(path, new)
                print(f"{display}: reformatted")
    verb = "would change" if args.check else "changed"
    print(f"{len(files)} file(s) checked, {changed} {verb}, {failed} could not be formatted")
    if failed or (args.check and changed):
        return EXIT_INVALID
    return EXIT_OK


def _ask(prompt: str, default: str | None, choices: list[str] | None = None) -> str:
    while True:
        shown = f" [{default}]" if default else ""
        answer = input(f"{prompt}{shown}: ").strip() or (default or "")
        if answer and (not choices or answer in choices):
            return answer
        if choices:
            print(f"  choose one of: {', '.join(choices)}")


def cmd_new(args) -> int:
    from .fmt import schema_header
    from .models import DATE_PATTERN, SLUG_PATTERN
    from .scaffold import create
    from .vocab import GapType
    import re

    project = find_project()
    interactive = sys.stdin.isatty() and not args.no_input
    gap_types = GapType.values()
    labs = sorted(p.stem for p in (project / "registry" / "labs").glob("*.yaml"))
    title, gap_type, lab, event = args.title, args.gap_type, args.lab, args.date
    if interactive:
        title = title or _ask("Title (one line)", None)
        gap_type = gap_type or _ask(f"Gap type ({', '.join(gap_types)})", None, gap_types)
        lab = lab or _ask(f"Lab ID ({', '.join(labs)})", None)
        event = event or _ask('Event date ("2024", "2024-05" or "2024-05-17")', None)
    missing = [n for n, v in (("--title", title), ("--gap-type", gap_type), ("--lab", lab), ("--date", event)) if not v]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (or run it in a terminal to be asked)")
    if gap_type not in gap_types:
        hint = difflib.get_close_matches(gap_type, gap_types, n=1)
        raise UsageError(f"unknown gap type {gap_type!r}; choose one of {', '.join(gap_types)}"
                         + (f" (did you mean {hint[0]}?)" if hint else ""))
    if not re.fullmatch(SLUG_PATTERN.strip("^$"), lab):
        raise UsageError(f"lab {lab!r} is not an ID like `openai`; known labs: {', '.join(labs)}")
    if not re.fullmatch(DATE_PATTERN.strip("^$"), event):
        raise UsageError(f'date {event!r} must look like "2024", "2024-05" or "2024-05-17"')
    if "\n" in title or not title.strip():
        raise UsageError("title must be one non-empty line")
    path = create(project, title=title.strip(), gap_type=gap_type, lab=lab, event=event,
                  header_for=lambda p: schema_header(p, "entry", project))
    print(f"created {path.relative_to(project)}")
    if lab not in labs:
        print(f"note: lab `{lab}` has no record yet; add registry/labs/{lab}.yaml")
    print(f"next: fill in the TODOs, then run .venv/bin/accessgap validate {path.relative_to(project)}")
    return EXIT_OK


def cmd_build(args) -> int:
    from .build import build

    return build(find_project(), strict=not args.no_strict, clean=True)


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(find_project(), port=args.port)


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
        formats(v)
        v.set_defaults(func=cmd_validate)

    s = sub.add_parser("schema", help="write schema/*.schema.json and docs/schema.md from the models")
    s.add_argument("--check", action="store_true", help="exit 1 if the committed files are stale")
    s.set_defaults(func=cmd_schema)

    f = sub.add_parser("fmt", help="rewrite registry files in canonical form, keeping comments")
    f.add_argument("paths", nargs="*", metavar="PATH")
    f.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file would change")
    f.set_defaults(func=cmd_fmt)

    n = sub.add_parser("new", help="scaffold a new entry with the next free ID")
    n.add_argument("--title")
    n.add_argument("--gap-type", dest="gap_type")
    n.add_argument("--lab")
    n.add_argument("--date", help='event date: "2024", "2024-05" or "2024-05-17"')
    n.add_argument("--no-input", action="store_true", help="never prompt")
    n.set_defaults(func=cmd_new)

    b = sub.add_parser("build", help="generate pages and build the site into site/")
    b.add_argument("--no-strict", action="store_true", help="don't pass --strict to MkDocs")
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser("serve", help="live preview that rebuilds when the registry or docs change")
    sv.add_argument("--port", type=int, default=8000)
    sv.set_defaults(func=cmd_serve)
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


if __name__ == "__main__":
    sys.exit(main())
