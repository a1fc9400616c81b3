"""The layout the architecture page promises: stage packages, a small top level, no reaching
into another package's private names."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "accessgap"
STAGES = {"load", "check", "site", "engine", "tools", "net"}
TOP_LEVEL = {"__init__.py", "__main__.py", "cli.py", "models.py", "vocab.py", "codes.py", "findings.py",
             "suggest.py", "workers.py", "fsutil.py", "errors.py", "textrules.py", "labels.py"}


def package_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else ""


def imported_module(path: Path, node: ast.ImportFrom) -> str:
    """The package an import refers to ("" for the top level), resolving relative imports."""
    if node.level == 0:
        parts = (node.module or "").split(".")
        return parts[1] if len(parts) > 1 and parts[0] == "accessgap" and parts[1] in STAGES else ""
    here = package_of(path)
    if node.level == 1:
        return here
    return (node.module or "").split(".")[0] if (node.module or "").split(".")[0] in STAGES else ""


def test_the_top_level_holds_only_the_cli_the_model_and_shared_helpers():
    assert {p.name for p in SRC.glob("*.py")} == TOP_LEVEL
    assert {p.name for p in SRC.iterdir() if p.is_dir() and p.name != "__pycache__"} == STAGES


def test_no_module_imports_a_private_name_of_another_package():
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
                continue
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            if private and imported_module(path, node) != package_of(path):
                offenders.append(f"{path.relative_to(SRC)}: {node.module} {private}")
    assert offenders == []


def test_the_private_name_check_can_fail(tmp_path):
    bad = ast.parse("from ..load.shape import _secret\n").body[0]
    assert imported_module(SRC / "site" / "x.py", bad) == "load" != package_of(SRC / "site" / "x.py")


def ignored_sources(root: Path) -> list[str]:
    """Source and test files that git would leave out of a commit (an ignore rule matching them)."""
    import subprocess

    files = [str(p.relative_to(root)) for top in ("src", "tests", "scripts") for p in (root / top).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)]
    proc = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=root, input="\n".join(files),
                          capture_output=True, text=True)
    return sorted(proc.stdout.split())


def test_no_source_or_test_file_is_ignored_by_git():
    # A broad `site/` rule once hid src/accessgap/site/ from commits: the checkout built, CI's clone did not.
    root = SRC.parents[1]
    if not (root / ".git").exists():
        import pytest
        pytest.skip("not a git checkout")
    assert ignored_sources(root) == []


def test_the_ignore_check_can_fail(tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("site/\n")
    (tmp_path / "src" / "pkg" / "site").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "site" / "pages.py").write_text("")
    assert ignored_sources(tmp_path) == ["src/pkg/site/pages.py"]
