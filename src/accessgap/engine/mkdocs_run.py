"""`python -m accessgap.engine.mkdocs_run build ...`: MkDocs' own command line, with each page's
raw HTML parsed once instead of twice.

MkDocs 1.6 collects the anchor IDs of a page's raw HTML (to check links to `#anchors`) by running
a second HTML parser over the whole page (`_RawHTMLPreprocessor`), right before Python-Markdown
parses the same text to set its raw HTML blocks aside (`HtmlBlockPreprocessor`). Generated pages
are mostly raw HTML, and the two parses were 42% of MkDocs' time at 1,000 entries. Here the IDs
are collected during Python-Markdown's parse: every start tag it reads (`handle_starttag`, and
`handle_startendtag` for `<x/>`) adds its `id` (and an `<a>`'s `name`), as MkDocs' handler
does; the second parser is skipped. Links to anchors are checked against the same IDs.

This is code, reviewed like the rest of engine/, not a hook in mkdocs.yml (the guard refuses
those). It changes only the versions it was written for: with any other MkDocs or Markdown the
command runs unpatched, as `python -m mkdocs` would.
"""

from __future__ import annotations

import sys

PATCHED_FOR = {"mkdocs": "1.6.1", "markdown": "3.11.3"}


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in PATCHED_FOR}


def _add_ids(parser, tag: str, attrs) -> None:
    ids = getattr(parser.md, "_accessgap_anchor_ids", None)
    if ids is None:  # a Markdown instance MkDocs' page rendering did not set up
        return
    for k, v in attrs:
        if k == "id" or (k == "name" and tag == "a"):
            ids.add(v)


def patch() -> bool:
    """Make the one parse collect the IDs; False (nothing changed) on versions it was not written for."""
    if _versions() != PATCHED_FOR:
        return False
    from markdown.htmlparser import HTMLExtractor
    from mkdocs.structure import pages

    start, start_end = HTMLExtractor.handle_starttag, HTMLExtractor.handle_startendtag

    def handle_starttag(self, tag, attrs):
        _add_ids(self, tag, attrs)
        return start(self, tag, attrs)

    def handle_startendtag(self, tag, attrs):
        _add_ids(self, tag, attrs)
        return start_end(self, tag, attrs)

    register = pages._RawHTMLPreprocessor._register

    def _register(self, md):
        self.md = md
        register(self, md)

    def run(self, lines):
        # The set MkDocs reads after `convert`; Python-Markdown's parse fills it (see above).
        # `html_block` (priority 20) runs right after this (21) on the same lines.
        self.present_anchor_ids = self.md._accessgap_anchor_ids = set()
        return lines

    HTMLExtractor.handle_starttag = handle_starttag
    HTMLExtractor.handle_startendtag = handle_startendtag
    pages._RawHTMLPreprocessor._register = _register
    pages._RawHTMLPreprocessor.run = run
    return True


def main() -> None:
    patch()
    from mkdocs.__main__ import cli

    sys.argv[0] = "mkdocs"
    cli()


if __name__ == "__main__":
    main()
