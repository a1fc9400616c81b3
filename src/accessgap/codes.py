"""The catalogue of finding codes: every code the program can emit, defined once.

Each code has a severity (errors make a command exit 1, warnings do not), a tier (which step
of the pipeline reports it) and a one-line meaning. Findings take their severity from here,
docs/checks.md is generated from here (`accessgap schema`), and a test holds this table
against every code that appears in the source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    severity: str  # "error" or "warning"
    tier: str  # a key of TIERS
    meaning: str


# Tiers in pipeline order, with the heading docs/checks.md gives each.
TIERS = {
    "file": "Reading the file (YAML and encoding)",
    "layout": "Registry layout",
    "schema": "Schema (shape, types, vocabularies)",
    "meaning": "Meaning (cross-field and cross-file rules)",
    "audit": "Evidence audit (`accessgap audit`)",
    "network": "Network tools (`check-links`, `archive`)",
    "ids": "ID tools (`check-ids`)",
    "build": "Build (`accessgap build`: the folders, mkdocs.yml and the output)",
}

_CODES = [
    Code("Y001", "error", "file", "The file cannot be read."),
    Code("Y002", "error", "file", "The file or folder is a symbolic link."),
    Code("Y003", "error", "file", "Not a regular file."),
    Code("Y004", "error", "file", "The file is larger than the size limit (256 KiB)."),
    Code("Y010", "error", "file", "The file is empty or holds no YAML document."),
    Code("Y011", "error", "file", "The file starts with a byte-order mark."),
    Code("Y012", "error", "file", "The file contains NUL bytes."),
    Code("Y013", "error", "file", "The file is not valid UTF-8."),
    Code("Y020", "error", "file", "YAML syntax error (including tabs used for indentation)."),
    Code("Y021", "error", "file", "More than one YAML document in the file."),
    Code("Y022", "error", "file", "A %YAML or %TAG directive."),
    Code("Y023", "error", "file", "A YAML anchor or alias."),
    Code("Y024", "error", "file", "An explicit YAML tag such as !!python/object."),
    Code("Y025", "error", "file", "Too many values in one file."),
    Code("Y026", "error", "file", "Nesting too deep."),
    Code("Y029", "error", "file", "The file cannot be read as YAML for another reason."),
    Code("Y031", "error", "file", "A mapping key that is not plain text."),
    Code("Y032", "error", "file", "A duplicate key."),
    Code("R001", "error", "layout", "A file in the registry that does not end in .yaml."),
    Code("S001", "error", "schema", "The file does not hold a mapping."),
    Code("S002", "error", "schema", "A number that is not finite."),
    Code("S100", "error", "schema", "Another schema error."),
    Code("S101", "error", "schema", "A required key is missing."),
    Code("S102", "error", "schema", "An unknown key."),
    Code("S103", "error", "schema", "A value outside a closed vocabulary (gap type, sub-type, tier, kind...)."),
    Code("S104", "error", "schema", "A value in the wrong format (ID, date, slug, URL)."),
    Code("S105", "error", "schema", "A value of the wrong type (text, list, mapping, number, true/false)."),
    Code("S106", "error", "schema", "A value that is too short or too long."),
    Code("S107", "error", "schema", "A number out of range."),
    Code("S108", "error", "schema", "A value that fails a rule (real calendar date, status lifecycle, refused characters such as bidi controls, invisible or tag characters and combining floods, located at the character; public host)."),
    Code("S109", "error", "schema", "A schema version this tool does not read (newer, retired or not quoted)."),
    Code("S110", "warning", "schema", "A file in schema version 1.0, read during the transition to 2.0: run `accessgap migrate` on it."),
    Code("E001", "error", "meaning", "The id does not match the file name."),
    Code("E002", "error", "meaning", "The id is used by another file."),
    Code("E003", "error", "meaning", "The entry is in the wrong year folder."),
    Code("E004", "error", "meaning", "A lab, model or organisation ID that is reserved (`index`: its page would replace the section's index)."),
    Code("E010", "error", "meaning", "A reference to an unknown lab, model, organisation or entry."),
    Code("E011", "error", "meaning", "An entry lists itself as related."),
    Code("W012", "warning", "meaning", "A model whose lab the entry does not list."),
    Code("E014", "error", "meaning", "A model named on an event dated before its own timeline says insiders had it."),
    Code("W013", "warning", "meaning", "An entry names a model on an event more than 180 days before the model's first known date (`announced` or `first_public`): named before it existed."),
    Code("E020", "error", "meaning", "A date in the future."),
    Code("E021", "error", "meaning", "Insider access after outsider access."),
    Code("E022", "error", "meaning", "A source accessed before it was published."),
    Code("E023", "error", "meaning", "A status date before the event."),
    Code("E025", "error", "meaning", "A timeline stage for outsiders that starts before the model's insiders stage."),
    Code("W024", "warning", "meaning", "A narrowed or closed deployment-lag entry dates the insider side but not the outsider side."),
    Code("E026", "error", "meaning", "A schema 2.0 feature (`quotes`) in a file that declares schema version 1.0."),
    Code("E027", "error", "meaning", "A schema 2.0 entry or stage that lists the same source twice (same URL, same citation fields): one source holds several quotes."),
    Code("W028", "warning", "meaning", "A schema 2.0 entry or stage that cites one URL as two sources that disagree on a citation field (title, date, kind...)."),
    Code("E029", "error", "meaning", "Confidence above low although every source is an aggregator."),
    Code("E030", "error", "meaning", "HTML in a text field."),
    Code("E031", "error", "meaning", "A link that is not http(s)."),
    Code("E032", "error", "meaning", "A Markdown image."),
    Code("W040", "warning", "meaning", "A likely duplicate entry."),
    Code("W050", "warning", "meaning", "Two vocabulary records share a name."),
    Code("W051", "warning", "meaning", "A vocabulary name that mixes scripts or looks like another record's name (look-alike letters)."),
    Code("E060", "error", "meaning", "A TODO placeholder from the template is still there."),
    Code("A100", "warning", "audit", "Audit: no primary source."),
    Code("A101", "warning", "audit", "Audit: a quote longer than 50 words."),
    Code("A102", "warning", "audit", "Audit: a source without an archived copy."),
    Code("A103", "warning", "audit", "Audit: low confidence."),
    Code("A104", "warning", "audit", "Audit: one URL listed as several sources of an entry."),
    Code("A105", "warning", "audit", "Audit: an entry never re-verified (no `last_verified`)."),
    Code("L001", "warning", "network", "`check-links`: a dead link (4xx, 5xx after retries, or no answer); the hint names the archived copy."),
    Code("L002", "warning", "network", "`check-links`: a link not checked (not http(s), a non-public address, rate-limited or refusing robots)."),
    Code("L010", "warning", "network", "`archive`: no archived copy could be found or made for a source."),
    Code("L011", "error", "network", "`archive`: the archive service failed or the file could not be updated."),
    Code("I001", "error", "ids", "`check-ids`: an entry ID this branch adds was also added on the base branch since the fork."),
    Code("B001", "error", "build", "A symbolic link, special file or stray file in a folder the build reads, writes or cleans (registry/, docs/, generated/, .cache/, the output folder)."),
    Code("B002", "error", "build", "mkdocs.yml asks for something the build does not allow (another docs_dir, an output folder outside the project, hooks, an unreviewed plugin or theme folder)."),
    Code("B003", "error", "build", "The built site holds content the allowlist does not (a script, handler, element, link scheme or file type the project never emits)."),
    Code("B004", "error", "build", "MkDocs stopped on a warning in strict mode (a broken link, a missing page)."),
    Code("B005", "error", "build", "Pagefind could not index the built site for search (not installed, or it failed)."),
    Code("I002", "error", "ids", "`check-ids`: an entry ID this branch adds was used on the base branch before and removed (never reuse IDs)."),
]

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}


def severity(code: str) -> str:
    """The severity of a code; an unknown code is a programming error, caught by the tests."""
    return CATALOGUE[code].severity
