"""Benchmark the registry pipeline at scale against floors measured on the same machine.

For each size it generates a synthetic but valid registry (the real labs, models and
organisations; entries shaped like the real ones, with text drawn from them) in a temporary
folder, then measures:

- cold `accessgap validate` (no cache), warm `accessgap validate` (cache from the cold run);
- floor (a): the same files parsed with yaml.CSafeLoader and checked with jsonschema against
  schema/*.schema.json, with no location tracking, in one process;
- the full `accessgap build` (validate, enrich, generate, MkDocs --strict, safety scan, swap),
  with its phases, then the same build again with nothing changed (the caches in .cache/ warm);
- the second engine: `zensical build` of the same generated tree and mkdocs.yml (cold);
- floor (b): a bare `mkdocs build` of a Material site with the same number of plain Markdown
  pages of the same text size;
- peak memory (largest single process, from wait4's rusage, and the sampled sum over the process
  tree), the size of site/, of the largest entry page and of the search index;
- at 1,000 entries and up (unless --no-browser): a reader's first search with the shipped Pagefind
  in headless Chromium (the settled home page, a click in the header box and the query typed, the
  first Pagefind result in the box's panel): the time from the click, Pagefind's loading included,
  the bytes downloaded and what was fetched when; and, for comparison, the search page's path
  (search/?q=… from the home page, with its filters).

- at 1,000 entries and up (unless --no-preview): the preview, `accessgap serve` on a free port:
  seconds from saving an entry's title (then its summary) to the served page showing it, polled
  over HTTP (median of 5 edits each), until lists and charts are current too, and whether broken
  YAML and a schema error print a located error while the last good page is still served.

Usage: .venv/bin/python scripts/bench.py [--sizes 100,1000,10000] [--json FILE|-] [--no-browser]
       [--no-preview]; `bench.py preview DIR` times the preview alone on a project kept with --keep.
       .venv/bin/python scripts/bench.py first-search SITE [--repeat 3]   # re-measure a kept site
"""

from __future__ import annotations

import argparse
import bisect
import copy
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 1000, 10_000)
DEFAULT_QUERY = "weights"
TARGETS = {
    "validate_vs_floor_a": 2.0,
    "validate_10k_seconds": 10.0,
    "build_vs_floor_b": 1.3,
    "scaling_10k_vs_1k": 12.0,
    "peak_memory_mb": 2048.0,
    "entry_page_kb": 60.0,
    "search_bytes_mb": 1.5,
    "search_seconds": 1.0,
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VOCAB_FOLDERS = ("labs", "models", "organisations")
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2026, 9, 30)


# --- synthetic registry ------------------------------------------------------------------------

def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.strip()) > 20]


class Corpus:
    """Real entries as templates and pools of real text to draw from."""

    def __init__(self, project: Path):
        from accessgap.load.registry import load_registry  # the real loader: only valid entries become templates

        reg = load_registry(project / "registry")
        self.templates = [r.loaded.data for r in sorted(reg.valid("entry"), key=lambda r: r.model.id)]
        if not self.templates:
            raise SystemExit("bench: the real registry has no valid entry to use as a template")
        self.labs = sorted(reg.labs)
        self.models = {k: v.lab for k, v in sorted(reg.models.items())}
        self.organisations = sorted(reg.organisations)
        self.titles = [t["title"] for t in self.templates]
        self.sentences = [s for t in self.templates for s in _sentences(t["summary"])]
        self.sources = [s for t in self.templates for s in t["sources"]]
        self.responses = [s for t in self.templates if t.get("lab_response")
                          for s in _sentences(t["lab_response"]["summary"])] or self.sentences


def _day(d: dt.date) -> str:
    return d.isoformat()


def _text(rng: random.Random, pool: list[str], length: int) -> str:
    out: list[str] = []
    size = 0
    while size < length:
        s = rng.choice(pool)
        out.append(s)
        size += len(s) + 1
    return " ".join(out)[:3900].rsplit(" ", 1)[0] if size > 3900 else " ".join(out)


class Synth:
    """Makes `n` valid entries; dates are spread so that no two entries of the same lab, model
    and gap type fall within 30 days unless they list each other as related (no W040)."""

    def __init__(self, corpus: Corpus, seed: int = 1):
        self.c = corpus
        self.rng = random.Random(seed)
        self.per_year: dict[int, int] = {}
        self.groups: dict[tuple, list[int]] = {}
        self.ids: list[str] = []
        self.events: dict[tuple, dict[int, list[str]]] = {}

    def _groups_for(self, labs, models, gap_types):
        return [(lab, m, g["type"]) for lab in labs for m in models for g in gap_types]

    def _clashes(self, keys, day: int) -> list[str]:
        found = []
        for k in keys:
            days = self.groups.get(k, [])
            i = bisect.bisect_left(days, day - 31)
            while i < len(days) and days[i] <= day + 31:
                found.extend(self.events[k][days[i]])
                i += 1
        return found

    def _sources(self, n: int) -> list[dict]:
        """`n` real sources with distinct URLs (a URL cited twice in one entry is E027)."""
        picked: dict[str, dict] = {}
        for s in self.rng.sample(self.c.sources, len(self.c.sources)):
            picked.setdefault(s.get("url", ""), s)
            if len(picked) == n:
                break
        return [copy.deepcopy(s) for s in picked.values()]

    def entry(self, i: int) -> dict:
        rng, c = self.rng, self.c
        t = copy.deepcopy(c.templates[i % len(c.templates)])
        span = (LAST_DAY - FIRST_DAY).days
        models = rng.sample(list(c.models), min(len(t.get("models", [])), 3))
        labs = sorted({c.models[m] for m in models}) or rng.sample(c.labs, len(t["labs"]))
        keys = self._groups_for(labs, models, t["gap_types"])
        related: list[str] = []
        for _ in range(12):
            day = rng.randrange(span)
            clashes = self._clashes(keys, day)
            if not clashes:
                break
        else:
            related.extend(clashes)  # near-duplicates that a curator has linked
        event = FIRST_DAY + dt.timedelta(days=day)
        year = event.year
        self.per_year[year] = self.per_year.get(year, 0) + 1
        ident = f"MAG-{year}-{self.per_year[year]:04d}"
        for k in keys:
            bisect.insort(self.groups.setdefault(k, []), day)
            self.events.setdefault(k, {}).setdefault(day, []).append(ident)

        t["id"] = ident
        t["title"] = rng.choice(c.titles)
        t["labs"] = labs
        if "models" in t:
            t["models"] = models
        if "outsiders" in t:
            t["outsiders"] = sorted(rng.sample(c.organisations, min(len(t["outsiders"]), len(c.organisations))))
        windows = []
        for w in t.get("evaluation_windows", []):
            w = dict(w, organisation=rng.choice(t.get("outsiders") or c.organisations))
            if "model" in w:
                if models:
                    w["model"] = rng.choice(models)
                else:
                    del w["model"]
            windows.append(w)
        if windows:
            t["evaluation_windows"] = windows
        dates = {"event": _day(event)}
        if t["dates"].get("insider_access"):
            dates["insider_access"] = _day(event - dt.timedelta(days=rng.randrange(7, 400)))
        if t["dates"].get("outsider_access"):
            dates["outsider_access"] = _day(event)
        t["dates"] = dates
        later = min(event + dt.timedelta(days=rng.randrange(0, 365)), LAST_DAY)
        status = t["status"]
        if status.get("date"):
            status["date"] = _day(later)
        if status.get("successor"):
            if self.ids:
                status["successor"] = rng.choice(self.ids)
            else:
                del status["successor"]
        t["summary"] = _text(rng, c.sentences, len(t["summary"]))
        t["sources"] = self._sources(len(t["sources"]))
        if not any(s.get("kind") in ("primary", "secondary") for s in t["sources"]):
            t["confidence"] = "low"  # the registry's floor (E026): aggregators alone carry low confidence
        if t.get("lab_response"):
            t["lab_response"]["date"] = _day(later)
            t["lab_response"]["summary"] = _text(rng, c.responses, len(t["lab_response"]["summary"]))
        if t.get("related") or related:
            pool = self.ids[-200:]
            picks = rng.sample(pool, min(len(t.get("related", [])), len(pool)))
            t["related"] = sorted(set(picks + related))
        if not t.get("related"):
            t.pop("related", None)
        self.ids.append(ident)
        return t


def make_project(dest: Path, n: int, corpus: Corpus, seed: int = 1) -> Path:
    """A project folder with mkdocs.yml, docs/, schema/, the real vocabularies and `n` entries."""
    import yaml

    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(PROJECT / name, dest / name)
    shutil.copytree(PROJECT / "docs", dest / "docs")
    shutil.copytree(PROJECT / "schema", dest / "schema")
    for folder in VOCAB_FOLDERS:
        shutil.copytree(PROJECT / "registry" / folder, dest / "registry" / folder)
    for path in (dest / "registry" / "models").glob("*.yaml"):  # timelines cite real entries; these are synthetic
        text = path.read_text(encoding="utf-8")
        if "\ntimeline:" in text:
            path.write_text(text[:text.index("\ntimeline:") + 1], encoding="utf-8")
    synth = Synth(corpus, seed)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for i in range(n):
        data = synth.entry(i)
        year = data["id"][4:8]
        path = dest / "registry" / "entries" / year / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        path.write_text("# yaml-language-server: $schema=../../../schema/entry.schema.json\n" + text,
                        encoding="utf-8")
    return dest


# --- floors -----------------------------------------------------------------------------------

def floor_a(root: Path) -> dict:
    """Parse every registry file with CSafeLoader and validate with jsonschema; no locations."""
    import jsonschema
    import yaml

    schemas = root.parent / "schema"
    kinds = {"entries": "entry", "labs": "lab", "models": "model", "organisations": "organisation"}
    validators = {}
    for kind in kinds.values():
        schema = json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        validators[kind] = cls(schema)
    files = errors = 0
    for folder, kind in kinds.items():
        for path in sorted((root / folder).rglob("*.yaml")):
            with open(path, "rb") as fh:
                data = yaml.load(fh, Loader=yaml.CSafeLoader)
            errors += sum(1 for _ in validators[kind].iter_errors(data))
            files += 1
    return {"files": files, "errors": errors}


def make_floor_b(dest: Path, pages: list[int]) -> Path:
    """A Material site with one plain Markdown page per size in `pages` (bytes of text)."""
    words = ("access model evaluation insiders outsiders weights release preview lab research safety policy "
             "government institute deployment lag testing window frontier system card report").split()
    rng = random.Random(2)
    docs = dest / "docs"
    (docs / "pages").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Floor\n\nA plain Material site.\n", encoding="utf-8")
    for i, size in enumerate(pages):
        parts = [f"# Page {i}\n"]
        length = len(parts[0])
        while length < size:
            para = " ".join(rng.choice(words) for _ in range(60)).capitalize() + ".\n"
            heading = f"\n## Section {length}\n\n" if rng.random() < 0.25 else "\n"
            parts.append(heading + para)
            length += len(heading) + len(para)
        (docs / "pages" / f"p{i:05d}.md").write_text("".join(parts), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Floor\nsite_url: https://example.invalid/\ntheme:\n  name: material\nplugins:\n  - search\n"
        "validation:\n  omitted_files: info\nnav:\n  - Home: index.md\n", encoding="utf-8")
    return dest


# --- measuring --------------------------------------------------------------------------------

def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (forked workers) are split, not counted twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root_pid: int) -> int:
    """Sum of the memory of a process and its descendants (Linux /proc): PSS where the kernel
    reports it, else VmRSS."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                ppid = kb = 0
                for line in fh:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        if pid in rss:
            total += _pss_kb(pid) or rss[pid]
        stack.extend(children.get(pid, []))
    return total


def run(cmd: list[str], cwd: Path, *, env: dict | None = None, check: bool = True) -> dict:
    """Run a command; wall seconds, peak RSS of its largest process and of its whole tree (MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_tree = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak_tree[0] = max(peak_tree[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = [], []
    readers = [threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True),
               threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)]
    for t in readers:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = b"".join(out).decode("utf-8", "replace")
    stderr = b"".join(err).decode("utf-8", "replace")
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stdout[-3000:]}\n{stderr[-3000:]}")
    return {"seconds": round(seconds, 3), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "peak_tree_rss_mb": round(max(peak_tree[0], usage.ru_maxrss) / 1024, 1),
            "returncode": proc.returncode, "stdout": stdout, "stderr": stderr}


def _tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def site_sizes(site: Path) -> dict:
    pages = list((site / "entries").glob("MAG-*/index.html"))  # not the lower-case redirect pages
    largest = max(pages, key=lambda p: p.stat().st_size) if pages else None
    pagefind = site / "pagefind"
    out = {
        "site_mb": round(_tree_size(site) / 2**20, 2),
        "entry_pages": len(pages),
        "largest_entry_page_kb": round(largest.stat().st_size / 1024, 1) if largest else 0,
        "largest_entry_page": str(largest.relative_to(site)) if largest else "",
        # Pagefind's index, all files (a reader downloads only the fragments a query needs)
        "search_index_mb": round(_tree_size(pagefind) / 2**20, 2) if pagefind.is_dir() else 0,
        "search_index_files": sum(1 for p in pagefind.rglob("*") if p.is_file()) if pagefind.is_dir() else 0,
    }
    return out


# --- the reader's first search ----------------------------------------------------------------

_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".map")


class _Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.wire = 0
        self.decoded = 0
        self.requests: list[tuple[str, int, float]] = []  # path, bytes on the wire, when sent

    def add(self, path: str, wire: int, decoded: int):
        with self.lock:
            self.wire += wire
            self.decoded += decoded
            self.requests.append((path, wire, time.perf_counter()))

    def snapshot(self) -> tuple[int, int, int]:
        with self.lock:
            return self.wire, self.decoded, len(self.requests)


def serve_site(site: Path, counter: _Counter):
    """Serve a folder on 127.0.0.1, gzip-encoding text as a static host would, counting bytes."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            gz = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in _COMPRESSIBLE
            if not gz or not path.is_file():
                return super().send_head()
            body = _gzip_cache(str(path))
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            counter.add(self.path, len(body), path.stat().st_size)
            import io
            return io.BytesIO(body)

        def copyfile(self, source, outputfile):
            if not hasattr(source, "getvalue"):  # an uncompressed file
                data = source.read()
                counter.add(self.path, len(data), len(data))
                outputfile.write(data)
            else:
                super().copyfile(source, outputfile)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    server.handle_error = lambda request, address: None  # the browser closing early is not news
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@functools.lru_cache(maxsize=4096)
def _gzip_cache(path: str) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)


def _launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _requests_after(counter: "_Counter", start: int, since: float) -> list[dict]:
    """What the page fetched after request number `start`: path, KB on the wire, ms after `since`."""
    with counter.lock:
        rows = counter.requests[start:]
    return [{"path": p, "kb": round(b / 1024, 1), "ms": round((t - since) * 1000)} for p, b, t in rows]


def first_search(site: Path, query: str = DEFAULT_QUERY, timeout_s: float = 120.0) -> dict:
    """A new reader's first search with the shipped Pagefind: open the home page and let it settle,
    click the header box and type the query at once; the time from the click (Pagefind loads on
    focus, so its loading is counted) to the first Pagefind result in the box's panel, and every
    byte fetched after the home page. `search_page` is the other path, for comparison: from the
    settled home page to the first result on the search page (search/?q=…, which also loads the
    filters), the way the header box worked before it had a panel."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    counter = _Counter()
    server, url = serve_site(site, counter)
    try:
        with sync_playwright() as pw:
            browser = _launch(pw)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t0 = time.perf_counter()
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            loaded = time.perf_counter() - t0
            before = counter.snapshot()
            where = page.locator("input.mag-header-search__input").bounding_box()
            t1 = time.perf_counter()  # the reader's click, without Playwright's checks before it
            page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
            page.keyboard.type(query)
            timed_out = False
            try:  # the first Pagefind result (not the ID look-up's)
                page.wait_for_selector(".mag-header-search__results > li:not(.mag-lookup)", timeout=timeout_s * 1000)
            except PlaywrightTimeout:
                timed_out = True
            t2 = time.perf_counter()
            wire, decoded, nreq = counter.snapshot()
            count = page.locator(".mag-header-search__results > li").count()
            status = page.locator(".mag-header-search__status").inner_text() if not timed_out else ""
            fetched = _requests_after(counter, before[2], t1)
            browser.close()

            counter2 = _Counter()
            server2, url2 = serve_site(site, counter2)
            try:
                browser = _launch(pw)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(url2, wait_until="load")
                page.wait_for_load_state("networkidle")
                home = counter2.snapshot()
                s1 = time.perf_counter()
                page.goto(url2 + "search/?q=" + query)
                sp_timed_out = False
                try:
                    page.wait_for_selector(".mag-search__results > li", timeout=timeout_s * 1000)
                except PlaywrightTimeout:
                    sp_timed_out = True
                s2 = time.perf_counter()
                sp_wire = counter2.snapshot()[0]
                browser.close()
            finally:
                server2.shutdown()
                server2.server_close()
    finally:
        server.shutdown()
        server.server_close()
    index = [r for r in fetched if r["path"].startswith("/pagefind/")]
    biggest = sorted(fetched, key=lambda r: -r["kb"])[:5]
    return {"query": query, "engine": "pagefind", "path": "header panel", "timed_out": timed_out,
            "page_load_seconds": round(loaded, 3),
            "seconds_to_results": round(t2 - t1, 3), "seconds_from_navigation": round(t2 - t0, 3),
            "bytes_wire_mb": round(wire / 2**20, 3), "bytes_decoded_mb": round(decoded / 2**20, 3),
            "bytes_after_home_page_mb": round((wire - before[0]) / 2**20, 3),
            "index_bytes_wire_mb": round(sum(r["kb"] for r in index) / 1024, 3), "index_requests": len(index),
            "requests": nreq, "results_shown": count, "status": status,
            "largest_downloads": [{"path": r["path"], "kb": r["kb"]} for r in biggest],
            "requests_after_home_page": fetched,
            "search_page": {"timed_out": sp_timed_out, "seconds_to_results": round(s2 - s1, 3),
                            "bytes_after_home_page_mb": round((sp_wire - home[0]) / 2**20, 3)},
            "load_average": [round(x, 2) for x in os.getloadavg()]}


# --- Pagefind's JS API alone (--pagefind) ---------------------------------------------------------

def pagefind_search(site: Path, query: str = DEFAULT_QUERY) -> dict | None:
    """The shipped index (site/pagefind/) through Pagefind's JS API, without the search page."""
    if not (site / "pagefind" / "pagefind.js").is_file():
        return None
    from playwright.sync_api import sync_playwright

    counter = _Counter()
    server, url = serve_site(site, counter)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "404.html", wait_until="load")  # a page that loads no search itself
            start = counter.snapshot()[0]
            t0 = time.perf_counter()
            shown = page.evaluate("""async (q) => {
                const pf = await import('./pagefind/pagefind.js');
                await pf.init();
                const found = await pf.search(q);
                const first = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
                return [found.results.length, first.length];
            }""", query)
            seconds = time.perf_counter() - t0
            after = counter.snapshot()[0]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"index_mb": round(_tree_size(site / "pagefind") / 2**20, 2), "matches": shown[0],
            "results_loaded": shown[1], "seconds_to_results": round(seconds, 3),
            "search_bytes_wire_mb": round((after - start) / 2**20, 3)}


# --- the second engine ------------------------------------------------------------------------

def zensical_build(project: Path, dest: Path, py: str, env: dict) -> dict:
    """Zensical (cold, no cache of its own) on a copy of the generated tree and mkdocs.yml, as
    tests/acceptance/test_zensical.py runs it; timings, or an error when it is missing or fails."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    try:
        shutil.copyfile(project / "mkdocs.yml", dest / "mkdocs.yml")
        shutil.copytree(project / "generated" / "docs", dest / "generated" / "docs")
        shutil.copytree(project / "generated" / "overrides", dest / "generated" / "overrides")
        r = run([py, "-m", "zensical", "build", "-f", "mkdocs.yml"], dest, env=dict(env, NO_COLOR="1"), check=False)
        if r["returncode"] != 0:
            return {"error": (r["stdout"] + r["stderr"]).strip()[-500:] or f"exit {r['returncode']}"}
        # The files that are not pages, which the build step links in after any engine (engine/static.py).
        from accessgap.engine import static

        start = time.perf_counter()
        static.link(static.files(dest / "generated" / "docs")[0], dest / "site")
        r["seconds"] = round(r["seconds"] + time.perf_counter() - start, 3)
        version = run([py, "-m", "zensical", "--version"], dest, env=env, check=False)["stdout"].strip()
        pages = len(list((dest / "site" / "entries").glob("MAG-*/index.html")))  # not the lower-case redirect pages
        return _timing(r) | {"version": version, "entry_pages": pages}
    finally:
        shutil.rmtree(dest, ignore_errors=True)


# --- one size ---------------------------------------------------------------------------------

# --- the preview ------------------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _dump_entry(path: Path, data: dict) -> None:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text("# yaml-language-server: $schema=../../../schema/entry.schema.json\n" + text, encoding="utf-8")


def preview(project: Path, edits: int = 5, timeout_s: float = 60.0, log=print) -> dict:
    """`accessgap serve` on a free port: seconds from saving an entry file (its title, then its
    summary, `edits` times each) to the served page showing the new text, polled over HTTP every
    20 ms; the time until lists, charts and exports are current too; and two invalid edits (broken
    YAML, a value the schema refuses), each of which must print a located error while the server
    keeps serving the last good page."""
    import yaml

    py, env = sys.executable, _env()
    port = _free_port()
    logfile = project / ".cache" / "bench-preview.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    out: dict = {"load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    with open(logfile, "w", encoding="utf-8") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen([py, "-m", "accessgap", "serve", "--port", str(port)], cwd=project, env=env,
                                stdout=fh, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}/"
            while _get(base)[0] != 200:
                if proc.poll() is not None:
                    raise RuntimeError(f"accessgap serve exited ({proc.returncode}):\n{logfile.read_text()[-2000:]}")
                if time.perf_counter() - start > 1800:
                    raise RuntimeError("accessgap serve did not start within 30 minutes")
                time.sleep(0.2)
            out["startup_seconds"] = round(time.perf_counter() - start, 2)
            path = sorted((project / "registry" / "entries").rglob("*.yaml"))[0]
            original = path.read_text(encoding="utf-8")
            data = yaml.safe_load(original)
            url = f"{base}entries/{data['id']}/"

            def settled(lines_before: int) -> float | None:
                """Seconds until the server says every page is current again (or None on timeout)."""
                t0 = time.perf_counter()
                while time.perf_counter() - t0 < 600:
                    if logfile.read_text(encoding="utf-8").count("up to date (lists") > lines_before:
                        return time.perf_counter() - t0
                    time.sleep(0.05)
                return None

            def edit(field: str, i: int) -> tuple[float | None, float | None]:
                token = f"Preview edit {field} {i} {os.getpid()}"
                changed = dict(data, **{field: f"{token}: {data[field]}"})
                done = logfile.read_text(encoding="utf-8").count("up to date (lists")
                _dump_entry(path, changed)
                t0 = time.perf_counter()
                shown = None
                while time.perf_counter() - t0 < timeout_s:
                    if token in _get(url)[1]:
                        shown = time.perf_counter() - t0
                        break
                    time.sleep(0.02)
                rest = settled(done)
                return shown, None if rest is None else time.perf_counter() - t0

            for field in ("title", "summary"):
                shown, lists = [], []
                for i in range(edits):
                    a, b = edit(field, i)
                    shown.append(a)
                    lists.append(b)
                    log(f"  preview: {field} edit {i + 1} shown in "
                        + (f"{a:.2f}s" if a is not None else f"more than {timeout_s:.0f}s")
                        + (f", everything current in {b:.2f}s" if b is not None else ""))
                ok = sorted(x for x in shown if x is not None)
                out[field] = {"seconds": [None if x is None else round(x, 3) for x in shown],
                              "median_seconds": round(ok[len(ok) // 2], 3) if len(ok) == len(shown) else None,
                              "all_current_median_seconds": round(sorted(x for x in lists if x is not None)[len(lists) // 2], 2)
                              if all(x is not None for x in lists) else None}

            rel = path.relative_to(project).as_posix()
            last_good = _get(url)[1]
            marker = re.search(r'<h1 id="mag-title">([^<]{1,60})', last_good)
            invalid = {}
            broken = {"yaml": original.replace("\ntitle: ", "\ntitle: [unclosed ", 1),
                      "schema": original.replace("\ndirection: ", "\ndirection: sideways #", 1)}
            for kind, text in broken.items():
                before = logfile.read_text(encoding="utf-8")
                path.write_text(text, encoding="utf-8")
                located, t0 = None, time.perf_counter()
                pattern = re.compile(re.escape(rel) + r":(\d+):(\d+): error\[(\w+)\]: [^\n]*")
                while time.perf_counter() - t0 < 600 and located is None:
                    located = pattern.search(logfile.read_text(encoding="utf-8")[len(before):])
                    time.sleep(0.1)
                status, body = _get(url)
                invalid[kind] = {"located": located is not None, "message": located.group(0)[:200] if located else None,
                                 "seconds": round(time.perf_counter() - t0, 2),
                                 "still_serving": proc.poll() is None and status == 200
                                 and (marker is None or marker.group(1) in body)}
                log(f"  preview: invalid {kind}: {invalid[kind]}")
                path.write_text(original, encoding="utf-8")
                settled(logfile.read_text(encoding="utf-8").count("up to date (lists"))
            out["invalid"] = invalid
            out["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
            if "original" in locals():
                path.write_text(original, encoding="utf-8")
    out["log"] = str(logfile)
    return out


def _env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONHASHSEED="0")


def _best(results: list[dict]) -> dict:
    return min(results, key=lambda r: r["seconds"])


def _cpu(r: dict) -> float:
    return r["cpu_seconds"]


def bench_size(n: int, corpus: Corpus, work: Path, *, repeat: int = 1, browser: bool = False,
               query: str = DEFAULT_QUERY, pagefind: bool = False, live: bool = False, log=print) -> dict:
    py, env = sys.executable, _env()
    project = make_project(work / f"registry-{n}", n, corpus)
    cache = project / ".cache"
    out: dict = {"entries": n, "files": sum(1 for _ in (project / "registry").rglob("*.yaml"))}

    colds, warms = [], []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(run([py, "-m", "accessgap", "validate"], project, env=env, check=False))
        warms.append(run([py, "-m", "accessgap", "validate"], project, env=env, check=False))
    cold, warm = _best(colds), _best(warms)
    for r in (cold, warm):
        if r["returncode"] != 0:
            raise RuntimeError(f"the synthetic registry of {n} entries is not valid:\n{r['stdout'][-3000:]}")
    if cold["stdout"] != warm["stdout"]:
        raise RuntimeError("validate with the cache reported different findings from validate without it")
    summary = cold["stdout"].strip().splitlines()[-1]
    out["validate"] = _timing(cold) | {"summary": summary}
    out["validate_cached"] = _timing(warm)
    log(f"  {n}: validate {cold['seconds']:.2f}s (cached {warm['seconds']:.2f}s) — {summary}")

    floor = _best([run([py, str(Path(__file__).resolve()), "floor-a", str(project / "registry")], project, env=env)
                   for _ in range(repeat)])
    out["floor_a"] = _timing(floor) | json.loads(floor["stdout"].strip().splitlines()[-1])
    log(f"  {n}: floor (a) {floor['seconds']:.2f}s")

    for folder in ("site", "generated"):
        shutil.rmtree(project / folder, ignore_errors=True)
    build = run([py, str(Path(__file__).resolve()), "build-phases", str(project)], project, env=env)
    phases = json.loads(build["stdout"].strip().splitlines()[-1].removeprefix("BENCH-PHASES "))
    out["build"] = _timing(build) | {"phases": phases}
    log(f"  {n}: build {build['seconds']:.2f}s {phases}")

    # Again with nothing changed: the caches under .cache/ (validate, charts, entry JSON) are warm.
    again = run([py, str(Path(__file__).resolve()), "build-phases", str(project)], project, env=env)
    phases = json.loads(again["stdout"].strip().splitlines()[-1].removeprefix("BENCH-PHASES "))
    out["build_cached"] = _timing(again) | {"phases": phases}
    log(f"  {n}: build again, caches warm {again['seconds']:.2f}s {phases}")

    out["zensical"] = zensical_build(project, work / f"zensical-{n}", py, env)
    z = out["zensical"]
    log(f"  {n}: Zensical {z['seconds']:.2f}s" if "seconds" in z else f"  {n}: Zensical failed: {z['error']}")

    sizes = [p.stat().st_size for p in sorted((project / "generated" / "docs" / "entries").glob("*.md"))]
    floor_site = make_floor_b(work / f"floor-b-{n}", sizes)
    floor_b = run([py, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", str(floor_site / "mkdocs.yml"),
                   "-d", str(floor_site / "site")], floor_site, env=env)
    out["floor_b"] = _timing(floor_b) | {"pages": len(sizes), "mean_page_bytes": round(sum(sizes) / max(len(sizes), 1))}
    log(f"  {n}: floor (b) {floor_b['seconds']:.2f}s")

    out["sizes"] = site_sizes(project / "site")
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in (cold, warm, build, again))
    out["peak_tree_rss_mb"] = max(r["peak_tree_rss_mb"] for r in (cold, warm, build, again))
    out["ratios"] = {
        "validate_vs_floor_a": round(cold["seconds"] / floor["seconds"], 2),
        "validate_vs_floor_a_cpu": round(_cpu(cold) / _cpu(floor), 2),
        "build_vs_floor_b": round(build["seconds"] / floor_b["seconds"], 2),
        "build_vs_floor_b_cpu": round(_cpu(build) / _cpu(floor_b), 2),
        "build_cached_vs_floor_b": round(again["seconds"] / floor_b["seconds"], 2),
        "build_cached_vs_floor_b_cpu": round(_cpu(again) / _cpu(floor_b), 2),
    }
    if "seconds" in out["zensical"]:
        out["ratios"]["zensical_vs_floor_b"] = round(out["zensical"]["seconds"] / floor_b["seconds"], 2)
    if browser:
        try:
            out["search"] = first_search(project / "site", query)
            log(f"  {n}: first search {out['search']['seconds_to_results']:.2f}s, "
                f"{out['search']['bytes_wire_mb']:.2f} MB over the wire")
        except Exception as exc:  # the browser part is optional; keep the other figures
            out["search_error"] = f"{type(exc).__name__}: {exc}"[:500]
            log(f"  {n}: first search failed: {out['search_error']}")
    if pagefind:
        try:
            out["pagefind"] = pagefind_search(project / "site", query)
        except Exception as exc:
            out["pagefind_error"] = f"{type(exc).__name__}: {exc}"[:500]
        log(f"  {n}: pagefind {out.get('pagefind') or out.get('pagefind_error')}")
    if live:
        try:
            out["preview"] = preview(project, log=log)
            pv = out["preview"]
            log(f"  {n}: preview: title shown in {pv['title']['median_seconds']} s, summary in "
                f"{pv['summary']['median_seconds']} s (medians), everything current in "
                f"{pv['title']['all_current_median_seconds']} s")
        except Exception as exc:  # optional, like the browser: keep the other figures
            out["preview_error"] = f"{type(exc).__name__}: {exc}"[:500]
            log(f"  {n}: preview failed: {out['preview_error']}")
    shutil.rmtree(floor_site, ignore_errors=True)
    return out


def _timing(r: dict) -> dict:
    return {k: r[k] for k in ("seconds", "cpu_seconds", "peak_rss_mb", "peak_tree_rss_mb")}


# --- the whole run ----------------------------------------------------------------------------

def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model or platform.processor(), "memory_gib": mem_gib,
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def targets_met(report: dict) -> dict:
    by = {r["entries"]: r for r in report["sizes"]}
    big = by[max(by)]
    met = {
        "validate_vs_floor_a": big["ratios"]["validate_vs_floor_a"] <= TARGETS["validate_vs_floor_a"],
        "build_vs_floor_b": big["ratios"]["build_vs_floor_b"] <= TARGETS["build_vs_floor_b"],
        "peak_memory": big["peak_tree_rss_mb"] < TARGETS["peak_memory_mb"],
        "entry_page_size": all(r["sizes"]["largest_entry_page_kb"] <= TARGETS["entry_page_kb"] for r in by.values()),
    }
    if 10_000 in by:
        met["validate_10k_under_10s"] = by[10_000]["validate"]["seconds"] < TARGETS["validate_10k_seconds"]
    if "scaling" in report:
        met["scaling_10k_vs_1k"] = all(v <= TARGETS["scaling_10k_vs_1k"] for v in report["scaling"].values())
    searched = [r["search"] for r in by.values() if r.get("search")]
    if searched:  # every size measured (1,000 and up), not only the largest
        met["search_bytes"] = all(s["bytes_wire_mb"] <= TARGETS["search_bytes_mb"] for s in searched)
        met["search_time"] = all(not s["timed_out"] and s["seconds_to_results"] < TARGETS["search_seconds"]
                                 for s in searched)
    return met


def run_bench(sizes: list[int], *, repeat: int = 1, browser: bool = True, query: str = DEFAULT_QUERY,
              pagefind: bool = False, live: bool = True, keep: Path | None = None, log=print,
              partial=None) -> dict:
    """Every size in turn; `partial(report)` is called after each, so a long run loses nothing."""
    corpus = Corpus(PROJECT)
    work = keep or Path(tempfile.mkdtemp(prefix="accessgap-bench-"))
    report: dict = {"machine": machine(), "sizes": [], "targets": TARGETS,
                    "command": "make bench  # .venv/bin/python scripts/bench.py " + " ".join(sys.argv[1:])}
    try:
        largest = max(sizes)
        for n in sizes:
            log(f"benchmarking {n} entries in {work}")
            report["sizes"].append(bench_size(n, corpus, work, repeat=repeat, query=query,
                                              browser=browser and n >= min(1000, largest),
                                              pagefind=pagefind and n >= min(1000, largest),
                                              live=live and n >= min(1000, largest), log=log))
            if partial is not None:
                partial(report)
            if keep is None:
                shutil.rmtree(work / f"registry-{n}", ignore_errors=True)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    by = {r["entries"]: r for r in report["sizes"]}
    if 1000 in by and 10_000 in by:
        report["scaling"] = {
            "validate_10k_vs_1k": round(by[10_000]["validate"]["seconds"] / by[1000]["validate"]["seconds"], 2),
            "build_10k_vs_1k": round(by[10_000]["build"]["seconds"] / by[1000]["build"]["seconds"], 2),
            "validate_10k_vs_1k_cpu": round(_cpu(by[10_000]["validate"]) / _cpu(by[1000]["validate"]), 2),
            "build_10k_vs_1k_cpu": round(_cpu(by[10_000]["build"]) / _cpu(by[1000]["build"]), 2),
        }
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["targets_met"] = targets_met(report)
    return report


def table(report: dict) -> str:
    rows = [("entries", lambda r: f"{r['entries']:,}"),
            ("validate, cold (s)", lambda r: f"{r['validate']['seconds']:.2f}"),
            ("validate, cached (s)", lambda r: f"{r['validate_cached']['seconds']:.2f}"),
            ("floor (a) CSafeLoader + jsonschema (s)", lambda r: f"{r['floor_a']['seconds']:.2f}"),
            ("validate / floor (a)", lambda r: f"{r['ratios']['validate_vs_floor_a']:.2f}"),
            ("build (s)", lambda r: f"{r['build']['seconds']:.2f}"),
            ("floor (b) bare MkDocs + Material (s)", lambda r: f"{r['floor_b']['seconds']:.2f}"),
            ("build / floor (b)", lambda r: f"{r['ratios']['build_vs_floor_b']:.2f}"),
            ("build / floor (b), CPU time", lambda r: f"{r['ratios']['build_vs_floor_b_cpu']:.2f}"),
            ("build again, caches warm (s)", lambda r: f"{r['build_cached']['seconds']:.2f}"),
            ("build again / floor (b), CPU time", lambda r: f"{r['ratios']['build_cached_vs_floor_b_cpu']:.2f}"),
            ("MkDocs alone, in the build (s)", lambda r: f"{r['build']['phases'].get('run_mkdocs', 0):.2f}"),
            ("Zensical, same tree (s)", lambda r: f"{r['zensical']['seconds']:.2f}" if "seconds" in r["zensical"] else "failed"),
            ("Zensical, CPU (s)", lambda r: f"{r['zensical']['cpu_seconds']:.2f}" if "seconds" in r["zensical"] else "failed"),
            ("peak memory, largest process (MB)", lambda r: f"{r['peak_rss_mb']:.0f}"),
            ("peak memory, process tree, PSS (MB)", lambda r: f"{r['peak_tree_rss_mb']:.0f}"),
            ("site/ (MB)", lambda r: f"{r['sizes']['site_mb']:.1f}"),
            ("largest entry page (KB)", lambda r: f"{r['sizes']['largest_entry_page_kb']:.1f}"),
            ("search index, Pagefind (MB, files)", lambda r: f"{r['sizes']['search_index_mb']:.2f} ({r['sizes']['search_index_files']})"),
            ("first search, header panel (s)", lambda r: f"{r['search']['seconds_to_results']:.2f}" if r.get("search") else "-"),
            ("first search, bytes (MB, gzip)", lambda r: f"{r['search']['bytes_wire_mb']:.2f}" if r.get("search") else "-"),
            ("search page path (s)", lambda r: f"{r['search']['search_page']['seconds_to_results']:.2f}"
             if r.get("search", {}).get("search_page") else "-"),
            ("preview: edited title shown (s)", lambda r: _pv(r, "title", "median_seconds")),
            ("preview: edited summary shown (s)", lambda r: _pv(r, "summary", "median_seconds")),
            ("preview: lists, charts current (s)", lambda r: _pv(r, "title", "all_current_median_seconds")),
            ("preview: bad edit located, served", lambda r: ("yes" if all(v["located"] and v["still_serving"]
                                                                          for v in r["preview"]["invalid"].values())
                                                               else "NO") if r.get("preview") else "-")]
    sizes = report["sizes"]
    width = max(len(name) for name, _ in rows)
    lines = []
    for name, cell in rows:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell(r):>12}" for r in sizes))
    phases = sizes[-1]["build"]["phases"]
    lines.append("")
    lines.append(f"build phases at {sizes[-1]['entries']:,} entries (s): "
                 + ", ".join(f"{k} {v:.2f}" for k, v in phases.items()))
    lines.append("build phases again, caches warm (s): "
                 + ", ".join(f"{k} {v:.2f}" for k, v in sizes[-1]["build_cached"]["phases"].items()))
    if "scaling" in report:
        lines.append("10k / 1k: " + ", ".join(f"{k} {v:.2f}" for k, v in report["scaling"].items()))
    for r in sizes:
        search = r.get("search")
        if search:
            lines.append(f"first search (Pagefind) for {search['query']!r} at {r['entries']:,} entries: "
                         f"{search['seconds_to_results']:.2f} s from the click in the header box to the first result "
                         f"in its panel, {search['bytes_wire_mb']:.2f} MB over the wire with the home page "
                         f"({search['bytes_after_home_page_mb']:.2f} MB after it; gzip; the index "
                         f"{search['index_bytes_wire_mb']:.2f} MB in {search['index_requests']} requests); "
                         f"load average {search['load_average']}"
                         + (" — TIMED OUT before any result showed" if search["timed_out"] else ""))
            sp = search.get("search_page")
            if sp:
                lines.append(f"  the search page's path (search/?q=… from the home page, with filters): "
                             f"{sp['seconds_to_results']:.2f} s, {sp['bytes_after_home_page_mb']:.2f} MB after the home page")
        pv = r.get("preview")
        if pv:
            lines.append(f"preview (accessgap serve) at {r['entries']:,} entries, from saving the file to the "
                         f"served page showing it: title {pv['title']['seconds']}, summary {pv['summary']['seconds']} s; "
                         f"load average {pv['load_average_at_start']} → {pv.get('load_average_at_end')}")
            for kind, v in pv["invalid"].items():
                lines.append(f"  invalid edit ({kind}): {v['message'] or 'no located error printed'}; "
                             f"{'still serving the last good page' if v['still_serving'] else 'NOT serving'}")
        pf = r.get("pagefind")
        if pf:
            lines.append(f"Pagefind JS API alone at {r['entries']:,} entries: {pf['seconds_to_results']:.2f} s, "
                         f"{pf['search_bytes_wire_mb']:.2f} MB; index {pf['index_mb']:.1f} MB on disk")
    lines.append("targets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in report["targets_met"].items()))
    m = report["machine"]
    lines.append(f"machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gib']} GiB, Python {m['python']}; "
                 f"load average {m['load_average_at_start']} at start, {report['load_average_at_end']} at end")
    return "\n".join(lines)


def _pv(r: dict, field: str, key: str) -> str:
    value = (r.get("preview") or {}).get(field, {}).get(key)
    return "-" if value is None else f"{value:.2f}"


# --- helpers run in their own process ----------------------------------------------------------

def _floor_a_main(root: str) -> int:
    start = time.perf_counter()
    result = floor_a(Path(root))
    print(json.dumps(result | {"in_process_seconds": round(time.perf_counter() - start, 3)}))
    return 0


def _build_phases_main(project: str) -> int:
    """Run the real `accessgap build`, timing its phases by wrapping the functions it calls."""
    from accessgap.engine import build
    from accessgap.site import pipeline

    phases: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phases[name] = round(phases.get(name, 0.0) + time.perf_counter() - start, 3)
        return wrapper

    for module, names in ((pipeline, ("validate", "enrich", "chart_extras", "generate")),
                          (build, ("run_mkdocs", "scan_site"))):
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))
    build.search_index.index = timed("pagefind", build.search_index.index)  # the search index
    code = build.build(Path(project))
    print("BENCH-PHASES " + json.dumps(phases))
    return code


def _first_search_main(argv: list[str]) -> int:
    """`bench.py first-search SITE [--repeat N] [--query Q]`: re-measure the first search on a
    built site (e.g. one kept with --keep), N times; prints each run and the median as JSON."""
    p = argparse.ArgumentParser(prog="bench.py first-search")
    p.add_argument("site")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--query", default=DEFAULT_QUERY)
    args = p.parse_args(argv)
    import statistics

    runs = [first_search(Path(args.site), args.query) for _ in range(max(1, args.repeat))]
    median = {k: statistics.median(r[k] for r in runs)
              for k in ("seconds_to_results", "bytes_wire_mb", "bytes_after_home_page_mb")}
    median["search_page_seconds"] = statistics.median(r["search_page"]["seconds_to_results"] for r in runs)
    print(json.dumps({"runs": runs, "median": median, "sizes": site_sizes(Path(args.site))}, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["floor-a"]:
        return _floor_a_main(argv[1])
    if argv[:1] == ["first-search"]:
        return _first_search_main(argv[1:])
    if argv[:1] == ["build-phases"]:
        return _build_phases_main(argv[1])
    if argv[:1] == ["preview"]:  # on a project kept with --keep: bench.py preview DIR/registry-1000
        print(json.dumps(preview(Path(argv[1]).resolve(), log=lambda *a: print(*a, file=sys.stderr)), indent=1))
        return 0
    p = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                   help="comma-separated registry sizes (default 100,1000,10000)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE ('-' for stdout)")
    p.add_argument("--no-browser", action="store_true", help="skip the first search in Chromium")
    p.add_argument("--no-preview", action="store_true",
                   help="skip timing `accessgap serve` on edited entries (run at 1,000 entries and up)")
    p.add_argument("--pagefind", action="store_true",
                   help="also time the shipped Pagefind index through its JS API alone (without the search page)")
    p.add_argument("--query", default=DEFAULT_QUERY, help=f"search query (default {DEFAULT_QUERY!r})")
    p.add_argument("--repeat", type=int, default=1, help="run validate and floor (a) this often, keep the best")
    p.add_argument("--keep", metavar="DIR", help="work in DIR and keep the generated projects")
    args = p.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes must be whole numbers separated by commas, not {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        p.error("--sizes needs at least one size of 1 or more")
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json == "-" else print
    keep = Path(args.keep).resolve() if args.keep else None
    def partial(report):
        if args.json and args.json != "-":
            Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")

    report = run_bench(sizes, repeat=max(1, args.repeat), browser=not args.no_browser, query=args.query,
                       pagefind=args.pagefind, live=not args.no_preview, keep=keep, log=log, partial=partial)
    if args.json == "-":
        print(json.dumps(report, indent=1))
    else:
        print(table(report))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
