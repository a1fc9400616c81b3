"""The site settings the pipeline needs, read from mkdocs.yml (which Zensical reads too), and
the settings a pull request may not change.

mkdocs.yml is code, not data: hooks run Python, plugins and Markdown extensions change what
reaches a page, `site_dir` decides what the build replaces. So the build accepts only the
reviewed values below; anything else is a located B002 error before anything is written.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import yaml

from ..findings import Finding
from .static import DRAFT_DOCS

DOCS_DIR = "generated/docs"
# None: search is Pagefind over the built HTML (engine/search_index.py). Material's search plugin
# would add a second, unchunked index that every reader downloads whole.
REVIEWED_PLUGINS: set[str] = set()
REVIEWED_EXTENSIONS = {"admonition", "tables", "toc", "footnotes", "def_list", "abbr"}
REVIEWED_THEMES = {"material"}
CUSTOM_DIR = "generated/overrides"  # written by engine/overrides.py from the package
# Folders the output may never be: the build replaces the output folder wholesale.
PROTECTED = {"", ".", "registry", "docs", "generated", ".cache", ".git", ".github", ".ci", "src", "tests",
             "scripts", "schema", "overrides"}


def read(project: Path) -> dict:
    with open(project / "mkdocs.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def site_config(project: Path) -> dict:
    cfg = read(project)
    extra = cfg.get("extra") or {}
    return {"site_url": cfg.get("site_url", "https://example.invalid/"),
            "repo_url": str(extra.get("repo_url", "") or cfg.get("repo_url", "")),
            "dataset_version": str(extra.get("dataset_version", "")), "site_dir": cfg.get("site_dir", "site")}


def _names(items) -> list[str]:
    """Plugin or extension names from MkDocs' list-of-strings-or-single-key-mappings form."""
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out.extend(str(k) for k in item)
        else:
            out.append(repr(item))
    return out


def _line_of(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:") or line.strip().startswith(f"{key}:"):
            return n
    return 0


def problems(project: Path) -> list[Finding]:
    """B002 findings for mkdocs.yml; an unreadable file is one finding too."""
    path = project / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
        cfg = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [Finding("mkdocs.yml", 0, 0, "B002", f"mkdocs.yml cannot be read: {str(exc)[:200]}",
                        "Restore mkdocs.yml from the main branch.")]
    if not isinstance(cfg, dict):
        return [Finding("mkdocs.yml", 1, 1, "B002", "mkdocs.yml does not hold a mapping", "Restore it from main.")]
    found: list[Finding] = []

    def bad(key: str, message: str, hint: str) -> None:
        found.append(Finding("mkdocs.yml", _line_of(text, key), 1, "B002", message, hint))

    if cfg.get("docs_dir", "docs") != DOCS_DIR:
        bad("docs_dir", f"docs_dir must be {DOCS_DIR!r} (the build writes and checks that folder)",
            f"Set `docs_dir: {DOCS_DIR}`; hand-written pages go in docs/.")
    site_dir = cfg.get("site_dir", "site")
    pure = PurePosixPath(str(site_dir))
    if (not isinstance(site_dir, str) or pure.is_absolute() or ".." in pure.parts or "\\" in site_dir
            or str(pure) in PROTECTED or (pure.parts and pure.parts[0] in PROTECTED)):
        bad("site_dir", f"site_dir {str(site_dir)[:80]!r} is not a new folder inside the project",
            "Use `site_dir: site`: the build replaces that folder as a whole.")
    if cfg.get("draft_docs") != DRAFT_DOCS:
        bad("draft_docs", "draft_docs must list exactly the folders of files that are not pages, which the "
            "build copies itself (engine/static.py)", "Restore the `draft_docs:` block from the main branch.")
    if "hooks" in cfg:
        bad("hooks", "mkdocs.yml declares hooks (Python the build would run)", "Remove `hooks:`.")
    if "plugins" not in cfg:
        bad("site_name", "mkdocs.yml has no `plugins:` key, so MkDocs would load its search plugin",
            "Add `plugins: []`: the site search is Pagefind, run by the build.")
    for name in _names(cfg.get("plugins")):
        if name not in REVIEWED_PLUGINS:
            bad("plugins", f"plugin {name[:60]!r} is not one the project has reviewed",
                "Use no plugins (`plugins: []`; search is Pagefind, run by the build), "
                "or propose the plugin in its own pull request.")
    for name in _names(cfg.get("markdown_extensions")):
        if name not in REVIEWED_EXTENSIONS:
            bad("markdown_extensions", f"Markdown extension {name[:60]!r} is not one the project has reviewed",
                f"Use only {', '.join(sorted(REVIEWED_EXTENSIONS))}.")
    theme = cfg.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else theme
    if not isinstance(theme, dict) or theme.get("name") not in REVIEWED_THEMES:
        bad("theme", "the theme must be material", "Restore the theme: block from main.")
    elif theme.get("custom_dir") != CUSTOM_DIR:
        bad("custom_dir", f"theme.custom_dir must be {CUSTOM_DIR!r}", f"Set `custom_dir: {CUSTOM_DIR}` (the build writes the theme override there).")
    for key in ("repo_url", "edit_uri"):
        if key in cfg:
            bad(key, f"top-level {key} makes the theme call GitHub's API from every reader's browser",
                "Put the repository under `extra: repo_url:` instead.")
    return found
