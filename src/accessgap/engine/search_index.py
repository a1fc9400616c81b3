"""The site search: Pagefind indexes the built HTML into site/pagefind/ (a chunked index: a reader
downloads only the fragments a query needs, so search stays small as the registry grows).

It reads only the HTML output, not MkDocs, so it indexes a Zensical build the same way. The
pages choose what is indexed: entry pages carry data-pagefind-filter / data-pagefind-meta
(site/templates/entry.md.j2); everywhere, only the page's article is indexed (ROOT), without the
theme's permalink marks, anything marked data-search-exclude, and the HTML charts (site/charts.py,
site/htmlcharts.py): their marks name entries that are indexed on their own pages, and at 10,000
entries they made the deployment-lag gap-type page and the timeline the two largest pages in the
index (47,518 and 37,136 words; without them its word chunks are 2 % smaller, 8.60 → 8.41 MB).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..findings import Finding

VERSION = "1.5.2"  # pagefind-bin, pinned in pyproject.toml; engine/allowlist.yaml trusts its files
OUTPUT = "pagefind"
ROOT = "article.md-content__inner"
EXCLUDE = ".headerlink, [data-search-exclude], .md-source-file, .mag-lchart, .mag-hchart"
TIMEOUT_SECONDS = 1800
# Pagefind's ready-made UIs: the site has its own (site/assets/lookup.js) on Pagefind's JS API.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")

_HINT = "Reinstall the project's dependencies (`make install`): the build needs pagefind-bin==" + VERSION + "."


def _pin_line(project: Path | None) -> int:
    """The line of pyproject.toml that pins pagefind-bin, so the finding points at it."""
    try:
        text = (project / "pyproject.toml").read_text(encoding="utf-8") if project else ""
    except OSError:
        return 0
    return next((n for n, line in enumerate(text.splitlines(), 1) if "pagefind-bin" in line), 0)


def executable() -> Path | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except Exception:  # the wheel has no binary for this platform
        return None


def index(site: Path, project: Path | None = None) -> list[Finding]:
    """Index `site` in place; findings (B005, at the pin in pyproject.toml) if Pagefind is missing or fails."""
    line = _pin_line(project)
    binary = executable()
    if binary is None:
        return [Finding("pyproject.toml", line, 1 if line else 0, "B005", "the Pagefind binary (pagefind-bin) is not installed", _HINT)]
    cmd = [str(binary), "--site", str(site), "--output-subdir", OUTPUT, "--root-selector", ROOT,
           "--exclude-selectors", EXCLUDE, "--silent"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Finding("pyproject.toml", line, 1 if line else 0, "B005", f"Pagefind could not run: {str(exc)[:200]}", _HINT)]
    output = " ".join((proc.stdout + proc.stderr).split())
    if proc.returncode != 0:
        return [Finding("pyproject.toml", line, 1 if line else 0, "B005",
                        f"Pagefind failed to index the built site (exit {proc.returncode}): {output[-300:]}", _HINT)]
    if not (site / OUTPUT / "pagefind.js").is_file():
        return [Finding("pyproject.toml", line, 1 if line else 0, "B005", f"Pagefind wrote no index: {output[-300:]}", _HINT)]
    for name in UNUSED:  # never published, so the allowlist need not trust them
        (site / OUTPUT / name).unlink(missing_ok=True)
    return []
