"""The site settings the pipeline needs, read from mkdocs.yml (which Zensical reads too)."""

from __future__ import annotations

from pathlib import Path

import yaml


def site_config(project: Path) -> dict:
    with open(project / "mkdocs.yml", encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh) or {}
    extra = cfg.get("extra") or {}
    return {"site_url": cfg.get("site_url", "https://example.invalid/"), "repo_url": cfg.get("repo_url", ""),
            "dataset_version": str(extra.get("dataset_version", "")), "site_dir": cfg.get("site_dir", "site")}
