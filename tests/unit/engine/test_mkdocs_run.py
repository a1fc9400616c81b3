"""engine/mkdocs_run.py: MkDocs with raw HTML parsed once still checks links to raw-HTML anchors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from accessgap.engine import mkdocs_run

CONFIG = "site_name: t\ntheme: mkdocs\nplugins: []\nvalidation:\n  anchors: warn\n"
# Anchors only in raw HTML, one in a self-closing tag and one as an <a name>; a Markdown heading too.
TARGET = ('# Target\n\n<div class="x" id="in-html" markdown="0"><p>text</p></div>\n\n'
          '<p><span id="self-closing"/></p>\n\n<p><a name="named">n</a></p>\n\n## A heading\n')


def run(tmp_path: Path, link: str, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text(TARGET, encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text(f"# Other\n\nSee [there]({link}).\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", *args, "build", "--strict", "-f", "mkdocs.yml", "-d", "out"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_it_patches_the_pinned_versions():
    assert mkdocs_run._versions() == mkdocs_run.PATCHED_FOR  # else the build runs unpatched (and slower)


@pytest.mark.parametrize("anchor", ["in-html", "self-closing", "named", "a-heading"])
def test_links_to_anchors_in_raw_html_pass_as_with_plain_mkdocs(tmp_path, anchor):
    for runner in (["accessgap.engine.mkdocs_run"], ["mkdocs"]):
        proc = run(tmp_path, f"index.md#{anchor}", *runner)
        assert proc.returncode == 0, (runner, proc.stderr[-2000:])


def test_a_link_to_a_missing_anchor_still_fails_the_strict_build(tmp_path):
    proc = run(tmp_path, "index.md#nowhere", "accessgap.engine.mkdocs_run")
    assert proc.returncode != 0
    assert "does not contain an anchor '#nowhere'" in proc.stderr


def test_the_second_parser_does_not_run(tmp_path):
    script = ("import sys; from accessgap.engine import mkdocs_run; assert mkdocs_run.patch();"
              "from mkdocs.structure import pages;"
              "pages._HTMLHandler.feed = lambda self, data: sys.exit('second parse');"
              "sys.argv[1:] = ['build', '--strict', '-f', 'mkdocs.yml', '-d', 'out'];"
              "from mkdocs.__main__ import cli; cli()")
    run(tmp_path, "index.md#in-html", "accessgap.engine.mkdocs_run")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "second parse" not in proc.stderr
