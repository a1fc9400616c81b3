"""Writer: writes only changed bytes and removes files a generation no longer produces."""

from __future__ import annotations

from accessgap.site.writer import Writer


def test_unchanged_files_are_not_rewritten_and_stale_ones_go(tmp_path):
    out = tmp_path / "out"
    w = Writer(out)
    w.write("a.md", "one")
    w.write("sub/b.md", "two")
    w.finish()
    assert w.changed == 2
    w2 = Writer(out)
    w2.write("a.md", "one")
    w2.finish()
    assert w2.changed == 0
    assert (out / "a.md").read_text() == "one"
    assert not (out / "sub").exists()  # its only file was stale, so the folder went too


def test_copy_tree_skips_hidden_files_and_symlinks(tmp_path):
    src = tmp_path / "docs"
    (src / ".hidden").mkdir(parents=True)
    (src / ".hidden" / "x.md").write_text("h")
    (src / "page.md").write_text("p")
    (src / "link.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "elsewhere.md").write_text("secret")
    w = Writer(tmp_path / "out")
    w.copy_tree(src)
    assert sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()) == ["page.md"]


def test_case_sensitive_says_whether_names_differ_by_case(tmp_path):
    from accessgap.fsutil import case_sensitive

    (tmp_path / "probe").write_text("x")
    assert case_sensitive(tmp_path) == (not (tmp_path / "PROBE").exists())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["probe"]  # the probe file is gone
