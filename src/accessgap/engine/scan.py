"""The last gate: every file of the built site must be something the project emits.

Entry text is escaped at generation; this scan catches any path that escaping missed (a new
template, a Markdown extension, a theme change) before the site is published. It is an
allowlist (engine/allowlist.yaml), not a list of known attacks:

* HTML pages are parsed with Lexbor, an HTML5 parser, so the scan sees the elements and
  attribute values a browser would build (entities decoded, duplicate attributes dropped, foreign
  content). Only listed elements and attributes pass; URLs must be of an allowed kind after the
  browser's clean-up; `style` values must match a listed pattern; scripts must be the theme's or
  ours (files in this site, byte-identical to the packaged ones) or a known inline script.
* SVG charts, feeds and the sitemap are parsed as XML against their own allowlists.
* JSON must parse; CSS must not load anything remote; scripts and source maps must be
  byte-identical to Material's or ours; any other type of file, and any symbolic link, is refused.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import posixpath
import re
import stat
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
import zlib
from importlib import resources
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser

from ..workers import default_workers, pool

# --- policy ---------------------------------------------------------------------------------------

POLICY = yaml.safe_load(resources.files("accessgap.engine").joinpath("allowlist.yaml").read_text(encoding="utf-8"))


def _pairs(table: dict, kind=frozenset) -> dict:
    """{"elem.attr": v} -> {("elem", "attr"): kind(v)}; a key without a dot applies to every element."""
    out = {}
    for key, value in (table or {}).items():
        elem, _, attr = key.partition(".") if "." in key else ("", "", key)
        out[(elem or None, attr)] = kind(value)
    return out


_H = POLICY["html"]
GLOBAL_ATTRS = frozenset(_H["global_attributes"])
GLOBAL_PREFIXES = tuple(_H["global_prefixes"])
ELEMENTS = {tag: frozenset(attrs) for tag, attrs in _H["elements"].items()}
SVG_ELEMENTS = {tag: frozenset(attrs) for tag, attrs in _H["svg_elements"].items()}
VALUES = _pairs(_H["values"])
TOKENS = _pairs(_H["tokens"])
URLS = _pairs(_H["urls"])
LOCAL_LINK_RELS = frozenset(_H["local_link_rels"])
STYLES = tuple(re.compile(p) for p in _H["styles"])
REFRESH = re.compile(_H["refresh"])
INLINE_SCRIPTS = dict(_H["inline_scripts"])
FILE_KINDS = dict(POLICY["files"])
GZIP_INNER = frozenset(POLICY["gzip_inner"])
GZIP_MAX_BYTES = 32 * 1024 * 1024  # a sitemap is kilobytes; refuse a decompression bomb
ZIP_INNER = dict(POLICY["zip_inner"])
ZIP_MAX_BYTES = 256 * 1024 * 1024  # the whole dataset unpacked; refuse a decompression bomb
_PF = POLICY["pagefind"]
PAGEFIND_DIR = _PF["folder"].strip("/") + "/"
PAGEFIND_CODE = {name: bytes.fromhex(digest) for name, digest in _PF["code"].items()}
PAGEFIND_JSON = frozenset(_PF["json"])
PAGEFIND_DATA = {ext: folder.strip("/") for ext, folder in _PF["data"].items()}
PAGEFIND_SIGNATURE = _PF["data_signature"].encode("ascii")


def _xml_policy() -> tuple[dict, dict]:
    ns = POLICY["xml"]["namespaces"]

    def clark(name: str) -> str:
        prefix, sep, local = name.partition(":")
        return f"{{{ns[prefix]}}}{local}" if sep else name

    def clark_pairs(table: dict, kind=frozenset) -> dict:
        out = {}
        for key, value in (table or {}).items():
            elem, dot, attr = key.partition(".")
            out[(clark(elem), clark(attr)) if dot else (None, clark(elem))] = kind(value)
        return out

    docs = {}
    for name, d in POLICY["xml"]["documents"].items():
        docs[clark(d["root"])] = {
            "name": name,
            "extensions": frozenset(d["extensions"]),
            "elements": {clark(e): frozenset(clark(a) for a in attrs) for e, attrs in d["elements"].items()},
            "urls": clark_pairs(d.get("urls")),
            "url_text": {clark(e): frozenset(k) for e, k in (d.get("url_text") or {}).items()},
            "patterns": clark_pairs(d.get("patterns"), re.compile),
            "css_attributes": frozenset(clark(a) for a in d.get("css_attributes", ())),
            "css_elements": frozenset(clark(e) for e in d.get("css_elements", ())),
        }
    short = {f"{{{uri}}}": f"{prefix}:" for prefix, uri in ns.items()}
    return docs, short


XML_DOCUMENTS, _XML_PREFIXES = _xml_policy()


def _short(name: str) -> str:
    """{uri}local -> prefix:local, for messages."""
    if name.startswith("{"):
        uri, _, local = name.partition("}")
        prefix = _XML_PREFIXES.get(uri + "}")
        return prefix + local if prefix else name
    return name


def _local(name: str) -> str:
    return name.rpartition("}")[2]


# --- URLs -----------------------------------------------------------------------------------------

_URL_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and space: the URL parser strips them at both ends
_URL_INSIDE = re.compile(r"[\t\n\r]")  # ... and removes these anywhere
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _clean_url(value: str) -> str:
    """A URL as a browser's URL parser sees it (entities are already decoded by the HTML/XML parser)."""
    return _URL_INSIDE.sub("", value.strip(_URL_EDGES)).replace("\\", "/")


def url_kind(value: str) -> str:
    """`fragment`, `relative` (a path in this site), `network` (//host) or the scheme, lower case."""
    v = _clean_url(value)
    if v.startswith("#"):
        return "fragment"
    if v.startswith("//"):
        return "network"
    m = _SCHEME.match(v)
    return m.group(1).lower() if m else "relative"


def _resolve(url: str, page: str | None, base: str | None) -> str | None:
    """The site path a relative URL on `page` points at; None if it leaves the site.

    `page` None (a page scanned on its own) resolves as if the page were deep enough for every
    `../`; an absolute path must start with the page's absolute base (MkDocs' 404 page).
    """
    v = _clean_url(url).split("#", 1)[0].split("?", 1)[0]
    if "%" in v:  # %2e%2e is `..` to a browser
        return None
    if v.startswith("/"):
        if not (base and base.startswith("/")):
            return None
        root = base.rstrip("/") + "/"
        if not v.startswith(root):
            return None
        path = posixpath.normpath(v[len(root):] or ".")
    elif page is None:
        path = posixpath.normpath(v or ".")
        while path.startswith("../"):
            path = path[3:]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), v))
    if path in (".", "..") or path.startswith(("../", "/")):
        return None
    return path


# --- HTML -----------------------------------------------------------------------------------------

_SCOPE = re.compile(r'new URL\("(\.|\.\.(?:/\.\.)*|/[A-Za-z0-9._~/-]*)",location\)')


def inline_script_hash(text: str) -> tuple[str, list[str]]:
    """(SHA-256 of the normalised script, the `new URL("…",location)` literals it held)."""
    literals = _SCOPE.findall(text)
    norm = " ".join(_SCOPE.sub("new URL(BASE,location)", text).split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest(), literals


def _cut(value, n: int = 40) -> str:
    return repr((value or "")[:n])


_ATTR_CACHE: dict[tuple, tuple[str, ...]] = {}


def _attr_problems(tag: str, attrs: dict, allowed: frozenset, globals_ok: bool) -> tuple[str, ...]:
    key = (tag, globals_ok, tuple(attrs.items()))
    found = _ATTR_CACHE.get(key)
    if found is not None:
        return found
    out = []
    for name, value in attrs.items():
        value = value or ""  # a boolean attribute
        if name.lower().startswith("on"):
            out.append(f"<{tag} {name}=…> event handler")
            continue
        if not (name in allowed or globals_ok and (name in GLOBAL_ATTRS or name.startswith(GLOBAL_PREFIXES))):
            out.append(f"<{tag} {name}={_cut(value)}> attribute not allowed")
            continue
        k = (tag, name)
        if k in VALUES and value not in VALUES[k]:
            out.append(f"<{tag} {name}={_cut(value)}> value not allowed")
        if k in TOKENS and not set(value.split()) <= TOKENS[k]:
            out.append(f"<{tag} {name}={_cut(value)}> value not allowed")
        if k in URLS and tag != "script":  # scripts: see _scan_page
            kind = url_kind(value)
            if kind not in URLS[k]:
                out.append(f"<{tag} {name}={_cut(value, 60)}> unsafe URL ({kind} not allowed here)")
        if name == "style" and not any(p.fullmatch(value) for p in STYLES):
            out.append(f"<{tag} style={_cut(value, 60)}> style not allowed")
    found = tuple(out)
    if len(_ATTR_CACHE) > 100_000:
        _ATTR_CACHE.clear()
    _ATTR_CACHE[key] = found
    return found


def _refresh_problems(attrs: dict, page: str | None) -> list[str]:
    """A refresh is only an immediate redirect to a page of this site."""
    content = attrs.get("content") or ""
    m = REFRESH.fullmatch(content)
    if m is None or url_kind(m.group("url")) != "relative" or _resolve(m.group("url"), page, None) is None:
        return [f"<meta http-equiv=refresh content={_cut(content, 60)}> is not an immediate redirect within this site"]
    return []


Targets = tuple[tuple[str, str], ...]  # (URL as written, site path) of each script the page loads


def _scan_page(text: str, page: str | None) -> tuple[list[str], Targets]:
    """(problems, local scripts the page loads). `page` is the page's path in the site."""
    tree = LexborHTMLParser(text)
    problems: list[str] = []
    srcs: list[str] = []
    scopes: list[str] = []
    configs: list[dict] = []

    in_svg: set[int] = set()  # inline SVG: only the icon elements, nothing from HTML inside
    for svg in tree.css("svg"):
        if svg.mem_id in in_svg:
            continue
        for node in svg.traverse(include_text=False):
            in_svg.add(node.mem_id)
            if node.tag == "-comment":
                continue
            allowed = SVG_ELEMENTS.get(node.tag)
            if allowed is None:
                problems.append(f"<{node.tag}> element not allowed inside <svg>")
                continue
            problems.extend(_attr_problems(node.tag, node.attributes, allowed, False))

    for node in tree.root.traverse(include_text=False):
        tag = node.tag
        if tag == "-comment" or node.mem_id in in_svg:
            continue
        allowed = ELEMENTS.get(tag)
        if allowed is None:
            problems.append(f"<{tag}> element not allowed")
            continue
        attrs = node.attributes
        if attrs:
            problems.extend(_attr_problems(tag, attrs, allowed, True))
        if tag == "link" and LOCAL_LINK_RELS & set((attrs.get("rel") or "").split()):
            if url_kind(attrs.get("href") or "") != "relative":
                problems.append(f"<link rel={_cut(attrs.get('rel'))} href={_cut(attrs.get('href'), 60)}> must load from this site")
        elif tag == "meta" and "http-equiv" in attrs:
            problems.extend(_refresh_problems(attrs, page))
        elif tag == "script":
            body = node.text(deep=True)
            src = attrs.get("src")
            if src is not None:
                kind = url_kind(src)
                if kind not in URLS[("script", "src")]:
                    problems.append(f"<script src={_cut(src, 60)}> not from the theme ({kind} URL; scripts load only from this site)")
                else:
                    srcs.append(src)
                if set(attrs) != {"src"} or body.strip():
                    problems.append(f"<script src={_cut(src, 60)}> with other attributes or a body")
            elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
                try:
                    config = json.loads(body)
                except ValueError as e:
                    problems.append(f"<script id=__config> is not JSON: {e}")
                    continue
                if not isinstance(config, dict):
                    problems.append("<script id=__config> is not a JSON object")
                    continue
                configs.append(config)
                if set(attrs) != {"type", "id"}:
                    problems.append("<script id=__config> with other attributes")
            elif attrs:
                problems.append(f"<script {' '.join(sorted(attrs))}> not allowed: only the theme's __config data block has attributes")
            else:
                digest, literals = inline_script_hash(body)
                if digest not in INLINE_SCRIPTS:
                    problems.append(f"inline <script> not from the theme: {body.strip()[:60]!r}")
                scopes.extend(literals)

    base = None
    if len(configs) > 1:
        problems.append("more than one <script id=__config>")
    if configs:
        base = configs[0].get("base")
        if not isinstance(base, str):
            problems.append("<script id=__config> has no string base")
            base = None
        search = configs[0].get("search")
        if search is not None:
            if not isinstance(search, str) or url_kind(search) != "relative":
                problems.append(f"<script id=__config> search worker {_cut(str(search), 60)} not from this site")
            else:
                srcs.append(search)
    if base is not None and any(literal != base for literal in scopes):
        problems.append(f"inline <script> storage scope {scopes!r} is not the page's base {base!r}")

    targets = []
    for src in srcs:
        path = _resolve(src, page, base)
        if path is None:
            problems.append(f"<script src={_cut(src, 60)}> not from the theme (leaves the site)")
        else:
            targets.append((src, path))
    return problems, tuple(targets)


def _target_problems(targets: Targets, scripts) -> list[str]:
    return [f"<script src={_cut(src, 60)}> not from the theme: {path} is not Material's or our script in this site"
            for src, path in targets if path not in scripts]


def scan_html(text: str) -> list[str]:
    """Problems in one page on its own (scripts are checked against the packaged theme's and ours)."""
    problems, targets = _scan_page(text, None)
    return problems + _target_problems(targets, _package_scripts())


# --- packaged files (Material's and ours) ---------------------------------------------------------

@functools.cache
def _package_roots() -> tuple[Path, ...]:
    return (Path(str(resources.files("material"))) / "templates", Path(str(resources.files("accessgap.site"))))


@functools.cache
def _package_scripts() -> frozenset[str]:
    material, ours = _package_roots()
    return frozenset([p.relative_to(material).as_posix() for p in (material / "assets").rglob("*.js")]
                     + [f"assets/{p.name}" for p in (ours / "assets").glob("*.js")])


@functools.cache
def _package_digests(rel: str) -> frozenset[bytes]:
    """SHA-256 of the packaged file(s) a site file `assets/...` is copied from."""
    out = set()
    if rel.startswith("assets/") and ".." not in rel.split("/"):
        for root in _package_roots():
            candidate = root / rel
            if candidate.is_file() and not candidate.is_symlink():
                out.add(hashlib.sha256(candidate.read_bytes()).digest())
    return frozenset(out)


# --- XML, CSS and the other file types ------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]*))\s*\)""", re.I)
_CSS_REMOTE_STRING = re.compile(r"""["']\s*(?:[a-z][a-z0-9+.\-]*:)?//""", re.I)
_CSS_BANNED = ("@import", "expression(", "behavior:", "-moz-binding", "javascript:", "vbscript:")


def _css_unescape(m: re.Match) -> str:
    if m.group(1):
        code = int(m.group(1), 16)
        return "\ufffd" if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)
    return "" if m.group(2) == "\n" else m.group(2)


def css_problems(text: str, allowed: frozenset[str] = frozenset({"relative", "fragment", "data:image"})) -> list[str]:
    """No remote url(), @import or script in a style sheet (after CSS comments and escapes)."""
    s = _CSS_ESCAPE.sub(_css_unescape, _CSS_COMMENT.sub("", text))
    lower = s.lower()
    out = [f"CSS {word[:-1] if word[-1] in '(:' else word} not allowed" for word in _CSS_BANNED if word in lower]
    for m in _CSS_URL.finditer(s):
        url = next(g for g in m.groups() if g is not None)
        kind = url_kind(url)
        if kind == "data" and "data:image" in allowed and _clean_url(url).lower().startswith("data:image/"):
            continue
        if kind not in allowed:
            out.append(f"CSS url({url[:60]!r}) not allowed ({'remote' if kind in ('http', 'https', 'network') else kind})")
    if _CSS_REMOTE_STRING.search(_CSS_URL.sub("", s)):
        out.append("CSS string with a remote URL not allowed")
    return out


def _shown(tag: str, name: str, value: str) -> str:
    return f"<{_short(tag)} {_short(name)}={_cut(value, 60)}>"


def _scan_xml(data: bytes, ext: str) -> list[str]:
    if b"<!ENTITY" in data:
        return ["XML entity declarations are not allowed"]
    parser = ET.XMLPullParser(events=("start", "pi"))
    try:
        parser.feed(data)
        parser.close()
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    problems, root = [], None
    for event, elem in parser.read_events():
        if event == "pi":
            problems.append(f"XML processing instruction {(elem.text or '')[:40]!r} not allowed")
        elif root is None:
            root = elem
    if root is None:
        return problems + ["XML without a root element"]
    doc = XML_DOCUMENTS.get(root.tag)
    if doc is None or ext not in doc["extensions"]:
        return problems + [f"unexpected XML document <{_short(root.tag)}> in a .{ext} file"]
    elements, urls, patterns = doc["elements"], doc["urls"], doc["patterns"]
    fragment_only = frozenset({"fragment"})
    for elem in root.iter():
        tag = elem.tag
        allowed = elements.get(tag)
        if allowed is None:
            problems.append(f"<{_short(tag)}> element not allowed in {doc['name']}")
            continue
        for name, value in elem.attrib.items():
            if _local(name).lower().startswith("on"):
                problems.append(f"<{_short(tag)} {_short(name)}=…> event handler")
                continue
            if name not in allowed:
                problems.append(f"{_shown(tag, name, value)} attribute not allowed")
                continue
            kinds = urls.get((tag, name))
            if kinds is not None and url_kind(value) not in kinds:
                problems.append(f"{_shown(tag, name, value)} unsafe URL ({url_kind(value)} not allowed here)")
            pattern = patterns.get((tag, name)) or patterns.get((None, name))
            if pattern is not None and not pattern.fullmatch(value):
                problems.append(f"{_shown(tag, name, value)} value not allowed")
            if name in doc["css_attributes"]:
                problems.extend(f"{_shown(tag, name, value)} {p}" for p in css_problems(value, fragment_only))
        if tag in doc["css_elements"]:
            problems.extend(f"<{_short(tag)}> {p}" for p in css_problems(elem.text or "", fragment_only))
        kinds = doc["url_text"].get(tag)
        if kinds is not None and url_kind((elem.text or "").strip()) not in kinds:
            problems.append(f"<{_short(tag)}>{_cut((elem.text or '').strip(), 60)} unsafe URL")
    return problems


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _scan_pagefind(rel: str, data: bytes) -> list[str]:
    """A file in the search index folder: Pagefind's code by hash, its data by signature (allowlist.yaml)."""
    inner = rel[len(PAGEFIND_DIR):]
    folder, _, name = inner.rpartition("/")
    if not folder and name in PAGEFIND_CODE:
        ok = hashlib.sha256(data).digest() == PAGEFIND_CODE[name]
        return [] if ok else [f"not byte-identical to the {name} Pagefind {_PF['version']} writes"]
    if not folder and name in PAGEFIND_JSON:
        try:
            json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
        except ValueError as e:
            return [f"not valid JSON: {e}"]
        return []
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in PAGEFIND_DATA or PAGEFIND_DATA[ext] != folder:
        return [f"not a file Pagefind writes into {PAGEFIND_DIR}{PAGEFIND_DATA.get(ext, '')}"]
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, GZIP_MAX_BYTES)
    except zlib.error as e:
        return [f"not Pagefind index data (not gzip: {e})"]
    if d.unconsumed_tail or not d.eof or d.unused_data:
        return ["Pagefind index data too large, truncated or followed by other data"]
    if not out.startswith(PAGEFIND_SIGNATURE):
        return ["not Pagefind index data (no Pagefind signature)"]
    return []


def _scan_bytes(rel: str, data: bytes) -> tuple[list[str], Targets]:
    """(problems, scripts an HTML page loads) of the file at site path `rel`."""
    if rel.startswith(PAGEFIND_DIR):
        return _scan_pagefind(rel, data), ()
    name = rel.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""
    kind = FILE_KINDS.get(ext)
    if kind is None:
        return [f"unexpected file type {'.' + ext if ext else '(no extension)'}: not in engine/allowlist.yaml"], ()
    if kind == "html":
        return _scan_page(data.decode("utf-8", errors="replace"), rel)
    if kind == "xml":
        return _scan_xml(data, ext), ()
    if kind == "package":
        if hashlib.sha256(data).digest() in _package_digests(rel):
            return [], ()
        return [f"not byte-identical to Material's or our packaged {name}"], ()
    if kind == "png":
        return ([] if data.startswith(b"\x89PNG\r\n\x1a\n") else ["not a PNG image"]), ()
    if kind == "gzip":
        return _scan_gzip(rel, data), ()
    if kind == "zip":
        return _scan_zip(data), ()
    return _scan_text(kind, ext, data), ()


def _scan_text(kind: str, ext: str, data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not UTF-8: {e}"]
    if kind == "json":
        try:
            json.loads(text, parse_constant=_reject_constant)
        except ValueError as e:
            return [f"not valid JSON: {e}"]
        return []
    if kind == "css":
        return css_problems(text)
    if kind == "text":
        return ["NUL byte in a text file"] if "\x00" in text else []
    raise ValueError(f"engine/allowlist.yaml: unknown file kind {kind!r} for .{ext}")


def _scan_gzip(rel: str, data: bytes) -> list[str]:
    inner = rel[:-3] if rel.lower().endswith(".gz") else rel
    inner_ext = inner.rsplit(".", 1)[-1].lower() if "." in inner.rsplit("/", 1)[-1] else ""
    if inner_ext not in GZIP_INNER:
        return [f"gzipped .{inner_ext or '(no extension)'} file not allowed"]
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, GZIP_MAX_BYTES)
    except zlib.error as e:
        return [f"not a gzip file: {e}"]
    if d.unconsumed_tail or not d.eof:
        return ["gzip file too large or truncated"]
    if d.unused_data:
        return ["data after the gzip stream"]
    problems, _ = _scan_bytes(inner, out)
    return [f"(inside the gzip) {p}" for p in problems]


def _scan_zip(data: bytes) -> list[str]:
    """A zip is a download, not a page: plain relative member names, allowed member types, each
    member checked as that type, the whole bounded before anything is decompressed."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError) as e:
        return [f"not a zip file: {e}"]
    if sum(i.file_size for i in infos) > ZIP_MAX_BYTES:
        return ["zip file too large when unpacked"]
    problems = []
    for info in infos:
        name = info.filename
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts) or info.is_dir():
            problems.append(f"(inside the zip) unsafe member name {name!r}")
            continue
        ext = parts[-1].rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
        if ext not in ZIP_INNER:
            problems.append(f"(inside the zip) {name}: .{ext or '(no extension)'} not allowed")
            continue
        try:
            member = z.read(info)
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            problems.append(f"(inside the zip) {name}: unreadable: {e}")
            continue
        problems.extend(f"(inside the zip) {name}: {p}" for p in _scan_text(ZIP_INNER[ext], ext, member))
    return problems


# --- the site -------------------------------------------------------------------------------------

PARALLEL_MIN_PAGES = 500  # below this, starting worker processes costs more than it saves

Result = tuple[list[str], Targets]


def _read(page: Path) -> bytes:
    return page.read_bytes()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def _scan_each(site: Path, pages: list[Path]) -> list[Result]:
    return [_scan_bytes(_rel(site, page), _read(page)) for page in pages]


def _scan_all(site: Path, pages: list[Path], workers: int | None) -> list[Result]:
    """Each file's result, in file order; many files are scanned on all cores."""
    if workers is None:
        workers = default_workers()
    if workers < 2 or len(pages) < PARALLEL_MIN_PAGES:
        return _scan_each(site, pages)
    size = -(-len(pages) // (workers * 8))  # contiguous chunks, so joining them keeps page order
    chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
    with pool(workers) as executor:
        return [found for chunk in executor.map(functools.partial(_scan_each, site), chunks) for found in chunk]


def _walk(site: Path) -> tuple[list[Path], dict[Path, str]]:
    """(regular files, {path: problem} for links and special files); links are never followed."""
    files, refused = [], {}
    for root, dirs, names in os.walk(site):
        here = Path(root)
        for d in list(dirs):
            if (here / d).is_symlink():
                refused[here / d] = "symbolic link"
                dirs.remove(d)
        for n in names:
            path = here / n
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                refused[path] = "symbolic link"
            elif not stat.S_ISREG(mode):
                refused[path] = "not a regular file"
            else:
                files.append(path)
    return files, refused


class EarlyScan:
    """Scan files while MkDocs is still writing them, on the core that MkDocs leaves idle.

    Use it around the MkDocs run, then pass it to `scan_site`, which reads every file again and
    reuses an early result only for a file whose bytes are exactly what was scanned; so the result
    is always that of scanning the finished site.
    """

    SETTLE_SECONDS = 0.5  # leave files this recent alone; they may still be being written
    POLL_SECONDS = 2.0  # how often to look for new files

    def __init__(self, site: Path, ahead: dict[Path, Path] | None = None):
        self.site = site
        self.ahead = ahead or {}  # {path it will have in `site`: the finished file it is made from}
        self.done: dict[Path, tuple[bytes, Result]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="early-scan", daemon=True)

    def __enter__(self) -> "EarlyScan":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        # Files the build links in after the engine (engine/static.py) are finished already, so
        # they are scanned first, under the path they will have; `reuse` still compares bytes.
        for page, source in self.ahead.items():
            if self._stop.is_set():
                return
            try:
                data = _read(source)
            except OSError:
                continue
            self.done[page] = (_digest(data), _scan_bytes(_rel(self.site, page), data))
        while not self._stop.wait(self.POLL_SECONDS):
            try:
                pages = sorted(self.site.rglob("*"))
            except OSError:
                continue
            for page in pages:
                if self._stop.is_set():
                    return
                if page in self.done:
                    continue
                try:
                    st = page.lstat()
                    if not stat.S_ISREG(st.st_mode) or time.time() - st.st_mtime < self.SETTLE_SECONDS:
                        continue
                    data = _read(page)
                except OSError:
                    continue
                self.done[page] = (_digest(data), _scan_bytes(_rel(self.site, page), data))

    def catch_up(self, skip: str) -> None:
        """Scan the files not scanned yet, except the folder `skip` (being written meanwhile), once
        the engine has finished; the build runs this while Pagefind indexes the site."""
        files, _ = _walk(self.site)
        for page in sorted(files):
            if page not in self.done and _rel(self.site, page).split("/", 1)[0] != skip:
                try:
                    data = _read(page)
                except OSError:
                    continue
                self.done[page] = (_digest(data), _scan_bytes(_rel(self.site, page), data))

    def reuse(self, pages: list[Path]) -> tuple[dict[Path, Result], list[Path]]:
        """(results of files unchanged since their early scan, files still to scan)."""
        known, todo = {}, []
        for page in pages:
            early = self.done.get(page)
            if early is not None and _digest(_read(page)) == early[0]:
                known[page] = early[1]
            else:
                todo.append(page)
        return known, todo


def scan_site(site: Path, *, workers: int | None = None, early: EarlyScan | None = None) -> list[str]:
    """Problems in every file, in path order (files unchanged since an early scan are not scanned again)."""
    files, refused = _walk(site)
    files.sort()
    known, todo = early.reuse(files) if early is not None else ({}, files)
    known.update(zip(todo, _scan_all(site, todo, workers)))
    scripts = {_rel(site, path) for path, (problems, _) in known.items() if path.suffix == ".js" and not problems}
    lines = {}
    for path, (problems, targets) in known.items():
        lines[path] = problems + _target_problems(targets, scripts)
    for path, problem in refused.items():
        lines[path] = [problem]
    return [f"{_rel(site, path)}: {p}" for path in sorted(lines) for p in lines[path]]


# --- python -m accessgap.engine.scan [--survey] SITE ----------------------------------------------

def survey(site: Path) -> dict:
    """What a built site holds, to keep engine/allowlist.yaml in step with what the project emits."""
    from collections import Counter, defaultdict

    elements, scripts, exts, xml_names = Counter(), Counter(), Counter(), Counter()
    attrs, values = defaultdict(Counter), defaultdict(Counter)
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        exts[path.suffix.lower()] += 1
        if path.suffix == ".html":
            tree = LexborHTMLParser(path.read_text(encoding="utf-8", errors="replace"))
            for node in tree.root.traverse(include_text=False):
                elements[node.tag] += 1
                for k, v in node.attributes.items():
                    attrs[node.tag][k] += 1
                    if k in ("rel", "type", "name", "target", "charset", "http-equiv", "style"):
                        values[f"{node.tag}.{k}"][v] += 1
                if node.tag == "script" and not node.attributes:
                    scripts[inline_script_hash(node.text(deep=True))[0]] += 1
        elif path.suffix in (".svg", ".xml"):
            for elem in ET.parse(path).iter():
                xml_names[_short(elem.tag)] += 1
                for k in elem.attrib:
                    xml_names[f"{_short(elem.tag)}.{_short(k)}"] += 1
    return {"extensions": dict(exts), "elements": dict(elements), "attributes": {t: dict(a) for t, a in attrs.items()},
            "values": {k: dict(v) for k, v in values.items()}, "inline_scripts": dict(scripts), "xml": dict(xml_names)}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m accessgap.engine.scan", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--survey", action="store_true", help="list what the site holds instead of scanning it")
    args = parser.parse_args(argv)
    if args.survey:
        json.dump(survey(args.site), sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    start = time.perf_counter()
    problems = scan_site(args.site)
    for p in problems:
        print(p)
    count = sum(1 for p in args.site.rglob("*") if p.is_file())
    print(f"{len(problems)} problem(s) in {count} files, scanned in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
