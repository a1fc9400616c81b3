"""Citing the dataset as a whole, from CITATION.cff, so the site and the file cannot disagree.

CITATION.cff is what GitHub's "Cite this repository" and reference managers read; the Data
page's "Cite the dataset" block and `cite/dataset.bib` are generated from it (title, authors,
version, year, URL, licence). It is read with the project's safe YAML loader. The year is that of
`date-released` when the file has one, else the year in the calendar version (`2026.11.0`).
A missing or unreadable file gives no block (and a note on the page), never a failed build;
tests/acceptance/test_contributor_files.py checks that the real file's version is the site's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..load import safeyaml
from .escape import safe_url
from .exports import tex

LICENCE_NAMES = {"CC-BY-4.0": "CC BY 4.0", "CC0-1.0": "CC0 1.0", "CC-BY-SA-4.0": "CC BY-SA 4.0"}
LICENCE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
                "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
                "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}


@dataclass(frozen=True)
class DatasetCitation:
    title: str
    authors: list[str]  # as read: an entity's name, or "Given Family"
    bib_authors: list[str]  # BibTeX form: "{Entity name}" or "Family, Given"
    version: str
    year: str
    url: str
    licence: str  # SPDX identifier, as in the file
    repository: str

    @property
    def licence_name(self) -> str:
        return LICENCE_NAMES.get(self.licence, self.licence)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def tag_url(self) -> str:
        """The data exactly as cited: the repository at the version's tag."""
        return f"{self.repository.rstrip('/')}/tree/data-v{self.version}" if self.repository and self.version else ""

    def text(self) -> str:
        who = ", ".join(self.authors)
        return (f"{who} ({self.year}). {self.title}, dataset version {self.version}. {self.url} "
                f"(licence {self.licence_name}).")

    def bibtex(self) -> str:
        key = "mag_registry_" + re.sub(r"[^0-9A-Za-z]+", "_", self.version or "unversioned")
        fields = [("title", f"{{{tex(self.title)}}}"), ("author", " and ".join(self.bib_authors)),
                  ("year", tex(self.year)), ("version", tex(self.version)), ("url", self.url),
                  ("howpublished", f"\\url{{{self.url}}}"),
                  ("note", tex(f"Dataset, licence {self.licence_name}"))]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{key},\n{body}\n}}\n"


def _author(person: object) -> tuple[str, str] | None:
    if not isinstance(person, dict):
        return None
    if isinstance(person.get("name"), str):
        name = " ".join(person["name"].split())
        return name, f"{{{tex(name)}}}"  # braces keep a body's name from being split into parts
    given, family = person.get("given-names"), person.get("family-names")
    if isinstance(family, str):
        given = " ".join(given.split()) if isinstance(given, str) else ""
        shown = f"{given} {family}".strip()
        return shown, tex(f"{family}, {given}" if given else family)
    return None


def _url(value: object) -> str:
    """An http(s) address safe as a Markdown link target, else "" (the file is data, not markup)."""
    url = safe_url(value) if isinstance(value, str) else None
    return url if url and not any(c in url for c in "()[]") else ""


def read(path: Path) -> DatasetCitation | None:
    """The dataset citation in `path` (CITATION.cff), or None when it is missing or not usable."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    text, _ = safeyaml.decode(raw, str(path))
    loaded = safeyaml.parse(text, str(path)) if text is not None else None
    data = loaded.data if loaded is not None and loaded.ok else None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return None
    authors = [a for a in map(_author, data.get("authors") or []) if a]
    version = str(data.get("version", "") or "")
    version = version if re.fullmatch(r"[0-9A-Za-z.-]+", version) else ""
    released = str(data.get("date-released", "") or "")
    year = released[:4] if re.match(r"\d{4}", released) else version[:4] if re.match(r"\d{4}", version) else ""
    return DatasetCitation(title=" ".join(data["title"].split()), authors=[a for a, _ in authors],
                           bib_authors=[b for _, b in authors], version=version, year=year,
                           url=_url(data.get("url")), licence=str(data.get("license", "") or ""),
                           repository=_url(data.get("repository-code")).rstrip("/"))
