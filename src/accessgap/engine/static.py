"""Files that are not pages: the build links them into the output itself, after the engine ran.

At 1,000 entries about 7,000 of the generated files are redirect pages, per-entry citation and
JSON files, feeds and the bulk zip. MkDocs would only copy them one by one (about a tenth of its
time). `mkdocs.yml` lists them under `draft_docs`, so `mkdocs build` leaves them out, and
the build (and the preview, engine/serve.py) hard-links them into its output (`link`), where the safety scan checks them like every other file. The patterns are MkDocs'
gitignore-style ones and are matched with the same library MkDocs uses (pathspec), so the files
linked here are exactly the files MkDocs left out. The guard (config.problems) holds mkdocs.yml
to exactly these patterns.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pathspec

# Leading slash: from the top of generated/docs only; trailing slash: folders.
PATTERNS = ("/api/", "/cite/", "/downloads/", "/feeds/", "/feed.xml", "/MAG-*/", "/mag-*/", "/entries/*/")
DRAFT_DOCS = "".join(f"{p}\n" for p in PATTERNS)  # the exact `draft_docs:` text mkdocs.yml must hold

_SPEC = pathspec.GitIgnoreSpec.from_lines(PATTERNS)


def files(docs: Path) -> tuple[dict[str, Path], list[str]]:
    """({relative path: file} of the files the patterns leave to the build, Markdown pages among
    them): a page there would not be rendered, so the caller refuses it."""
    found: dict[str, Path] = {}
    pages: list[str] = []
    for folder, dirs, names in os.walk(docs, followlinks=False):
        dirs.sort()
        here = Path(folder)
        for name in sorted(names):
            path = here / name
            rel = path.relative_to(docs).as_posix()
            if any(part.startswith(".") for part in rel.split("/")) or not _SPEC.match_file(rel):
                continue  # MkDocs leaves dot-files out on its own
            if rel.endswith(".md"):  # is_static says no to these: the caller refuses them
                pages.append(rel)
            else:
                found[rel] = path
    return found, pages


def is_static(rel: str) -> bool:
    """Whether `rel` (a POSIX path relative to generated/docs) is one of the files left to the build."""
    return not rel.endswith(".md") and not any(part.startswith(".") for part in rel.split("/")) and _SPEC.match_file(rel)


def link(found: dict[str, Path], dest: Path) -> None:
    """Hard-link each file into `dest` (a copy where links are not possible). Safe to share the
    inode: generated files are only ever replaced by rename (fsutil.atomic_write), never rewritten
    in place, so a later generation cannot change a published file."""
    made: set[Path] = set()
    for rel, src in found.items():
        target = dest / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(src, target)
        except FileExistsError:
            raise  # the engine wrote this path itself: never overwrite its output silently
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(src, target)
