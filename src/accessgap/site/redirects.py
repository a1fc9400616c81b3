"""ID look-up: static redirect pages for the forms of an entry ID people type or paste.

Readers come with an ID from a report: `/entries/mag-2025-0010/` (lower case), `/MAG-2025-0010/`
or `/mag-2025-0010/` (short). Static hosts match paths exactly, so each form gets a small page
that sends the browser on with `<meta http-equiv="refresh">` (the only refresh the build's scan
allows: immediate, to a relative page of this site) and names the entry's permalink as canonical.
A withdrawn ID leads to its successor (the end of the chain); its own page keeps its banner.

On a case-insensitive file system (macOS, Windows) `entries/mag-…/` would overwrite the entry's
own page, so the lower-case forms are left out there; the site that is published is built on Linux.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enrich import Site


@dataclass(frozen=True)
class Redirect:
    path: str  # site path of the redirect page, e.g. MAG-2025-0010/index.html
    source: str  # the ID typed
    target: str  # the ID it leads to (itself, or the successor of a withdrawn entry)
    href: str  # relative URL of the target page, from this redirect page


def resolve(site: Site, entry_id: str) -> str:
    """The entry an ID leads to: a withdrawn entry's successor, followed to the end (cycles stop)."""
    seen = {entry_id}
    current = entry_id
    while True:
        v = site.by_id.get(current)
        nxt = v.entry.status.successor if v is not None and v.entry.status.state == "withdrawn" else None
        if not nxt or nxt in seen or nxt not in site.by_id:
            return current
        seen.add(nxt)
        current = nxt


def redirects(site: Site, *, lower_case: bool = True) -> list[Redirect]:
    out = []
    for v in sorted(site.entries, key=lambda x: x.id):
        target = resolve(site, v.id)
        forms = [(f"{v.id}/index.html", f"../entries/{target}/")]
        if lower_case:
            low = v.id.lower()
            forms += [(f"{low}/index.html", f"../entries/{target}/"),
                      (f"entries/{low}/index.html", f"../{target}/")]
        out.extend(Redirect(path, v.id, target, href) for path, href in forms)
    return out
