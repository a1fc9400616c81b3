"""Escaping for contributor text: one place decides how entry text reaches a page.

- `html_text`: text in an HTML context (Jinja autoescape does the same).
- `md_text`: text in a Markdown context (headings, table cells, link text): HTML-escaped and
  with Markdown punctuation backslash-escaped, newlines folded, so it cannot open a link, a
  table cell, an attribute list or raw HTML.
- `inline_markdown`: the summary subset (emphasis, strong, code, http(s) links), rendered to
  HTML from already-escaped text, so nothing the contributor wrote becomes markup by accident.
- `safe_url`: an href only when it is http(s); otherwise None (the link is not rendered).
- `yaml_scalar`: a front-matter value that every YAML loader reads back unchanged, whatever
  plane of Unicode it comes from (JSON's surrogate-pair escapes are not valid YAML).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from markupsafe import Markup

# Exactly the characters Python-Markdown (with the tables extension) un-escapes; escaping any
# other character would leave a visible backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_CODE = re.compile(r"`([^`\n]{1,200})`")
_STRONG = re.compile(r"\*\*([^*\n]{1,300})\*\*")
_EM = re.compile(r"(?<![*\w])\*([^*\n]{1,300})\*(?![*\w])")
# URLs may hold one level of balanced parentheses (Wikipedia-style); the alternatives start with
# different characters, so matching stays linear.
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((https?://(?:[^\s()<>\"']|\([^\s()<>\"']{0,200}\)){1,2000})\)")


def html_text(value: str) -> str:
    return html.escape(value, quote=True)


def md_text(value: str) -> str:
    value = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=True))


def safe_url(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if any(c in value for c in "\"'<> \t\n\r`"):
        return None
    return value.strip()


def inline_markdown(value: str) -> Markup:
    """Render the small Markdown subset to HTML; everything else stays literal text."""
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    out = []
    for para in paragraphs:
        links: list[str] = []

        def keep_link(match: re.Match) -> str:
            url = safe_url(html.unescape(match.group(2)))
            if url is None:
                return match.group(0)
            links.append(f'<a href="{html.escape(url, quote=True)}" rel="nofollow noopener">{match.group(1)}</a>')
            return f"\x00{len(links) - 1}\x00"

        text = html.escape(" ".join(para.split()), quote=True)
        text = _LINK.sub(keep_link, text)
        text = _CODE.sub(r"<code>\1</code>", text)
        text = _STRONG.sub(r"<strong>\1</strong>", text)
        text = _EM.sub(r"<em>\1</em>", text)
        text = re.sub(r"\x00(\d+)\x00", lambda mt: links[int(mt.group(1))], text)
        out.append(f"<p>{text}</p>")
    return Markup("\n".join(out))


def plain_title(value: str) -> str:
    """A title safe for front matter and <title>, which the theme does not escape."""
    return re.sub(r"[<>&\"'`\\{}]", "", " ".join(value.split()))


def _yaml_escape(ch: str) -> str:
    o = ord(ch)
    if ch in ('"', "\\"):
        return "\\" + ch
    if o > 0xFFFF:
        return f"\\U{o:08x}"
    if o < 0x20 or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
        return f"\\u{o:04x}"
    return ch


_YAML_PLAIN = re.compile(r'[ !#-\[\]-~\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*')


def yaml_scalar(value: str) -> str:
    """`value` as a double-quoted YAML scalar: printable BMP text as is, everything else escaped."""
    if _YAML_PLAIN.fullmatch(value):
        return f'"{value}"'
    return '"' + "".join(_yaml_escape(ch) for ch in value) + '"'
