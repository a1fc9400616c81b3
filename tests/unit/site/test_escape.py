"""Escaping: contributor text reaches a page as text, links only as http(s)."""

from __future__ import annotations

import pytest

from accessgap.site.escape import html_text, inline_markdown, md_text, plain_title, safe_url


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<img src=x onerror="a">') == "&lt;img src=x onerror=&quot;a&quot;&gt;"


def test_md_text_cannot_open_a_link_a_cell_or_raw_html():
    out = md_text("[click](https://evil.example) | <b>x</b>\nnext")
    assert "<b>" not in out and "](" not in out and "\\|" in out and "\\[" in out
    assert "\n" not in out  # newlines fold, so a heading or table row cannot end early


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example", "https:///nohost",
                                 'https://a.example/"onmouseover=x', "https://a.example/ x", "ftp://a.example/"])
def test_safe_url_refuses_anything_but_plain_http_links(url):
    assert safe_url(url) is None


def test_safe_url_keeps_http_and_https():
    assert safe_url("https://openai.com/index/gpt-4/") == "https://openai.com/index/gpt-4/"
    assert safe_url("http://example.org/a(b)") == "http://example.org/a(b)"


def test_inline_markdown_renders_the_subset_and_nothing_else():
    out = str(inline_markdown("**bold** *em* `code` [site](https://a.example/) [bad](javascript:x) <script>"))
    assert "<strong>bold</strong>" in out and "<em>em</em>" in out and "<code>code</code>" in out
    assert '<a href="https://a.example/" rel="nofollow noopener">site</a>' in out
    assert "javascript:" in out and 'href="javascript' not in out  # left as literal text
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_inline_markdown_keeps_paragraphs():
    assert str(inline_markdown("one\n\ntwo")) == "<p>one</p>\n<p>two</p>"


def test_plain_title_drops_characters_the_theme_would_not_escape():
    assert plain_title('A <b> "title" {x}\n & more') == "A b title x  more"
