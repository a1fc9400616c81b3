"""Live preview: generate, build once with MkDocs in this process, then render only what changed.

`mkdocs serve` rebuilds a whole site on every change: even with `--dirty` it re-reads the
config, walks every file, rebuilds the navigation and the sitemap and stats every output, about
as long as the edit it is showing, and a second regeneration right after (lists, charts,
exports) blocked every request until a second rebuild. So the preview keeps MkDocs' state of
the last full build (config, files, navigation, theme environment) in one long-lived process
(`Renderer`) and, after each regeneration of generated/docs, renders only the pages whose
Markdown changed, in the same way and with the same inputs as the full build, so they come out
byte for byte as `mkdocs build` writes them.

One save of an entry file: the watcher sees it (`POLL_SECONDS`), `refresh_entries` rewrites that
entry's page (site/pipeline.py), the Renderer renders it and the browsers reload; then the full
`prepare` brings lists, charts and exports up to date and their pages are rendered the same way.
Anything the page-by-page path cannot judge (a file added or removed, mkdocs.yml, a page of the
navigation whose title changed) is a full MkDocs build into a new folder, served once it is done.
This is the only module that knows MkDocs' build internals; site/ stays engine-independent.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from ..site.pipeline import GENERATED, prepare, refresh_entries
from . import guard, static
from .build import refuse
from .config import site_config
from .overrides import write_overrides

WATCHED = ("registry", "docs", "mkdocs.yml")
POLL_SECONDS = 0.1  # a stat of every watched file: about 10 ms at 1,000 entries


def _snapshot(project: Path) -> dict[str, tuple[int, int]]:
    stamps = {}
    for name in WATCHED:
        p = project / name
        files = [p] if p.is_file() else (q for q in p.rglob("*") if q.is_file())
        for f in files:
            try:
                st = f.stat()
                stamps[str(f)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                pass
    return stamps


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` by its POSIX path relative to it, with mtime and size (about
    16,000 files at 1,000 entries: scandir and string prefixes, not os.walk and relpath)."""
    stamps = {}
    todo = [("", str(folder))]
    while todo:
        prefix, path = todo.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                todo.append((prefix + e.name + "/", e.path))
                continue
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            stamps[prefix + e.name] = (st.st_mtime_ns, st.st_size)
    return stamps


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def changed_files(before: dict, after: dict) -> list[Path]:
    """Files added, removed or changed between two snapshots."""
    return sorted(Path(k) for k in before.keys() | after.keys() if before.get(k) != after.get(k))


class Renderer:
    """MkDocs in this process, with the state of its last full build kept for single pages.

    `full()` is `mkdocs build` (not strict: a warning is printed, not fatal, as in `mkdocs serve`)
    into a new folder; `sync()` renders the pages of generated/docs that changed since the last
    render, through MkDocs' own page functions and the kept files, navigation and theme, and
    copies changed static files. It returns False when a page-by-page render could differ from a
    full build, and the caller then runs `full()`.
    """

    def __init__(self, project: Path, serve_url: str, on_new_site=None):
        self.project = project
        self.serve_url = serve_url
        self.on_new_site = on_new_site or (lambda folder: None)
        self.site_dir: Path | None = None
        self.config = self.files = self.nav = self.env = None
        self.stamps: dict[str, tuple[int, int]] = {}

    def full(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.plugins import BasePlugin

        kept = self

        class Keep(BasePlugin):  # MkDocs' own events hand over the state `sync` needs
            def on_nav(self, nav, *, config, files):
                kept._next = (files, nav)
                return nav

            def on_env(self, env, *, config, files):
                kept._next_env = env
                return env

        stamps = _tree(self.project / GENERATED)
        folder = Path(tempfile.mkdtemp(prefix="accessgap-preview-"))
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(folder), strict=False)
        config.site_url = self.serve_url
        config.plugins["accessgap-preview"] = Keep()
        try:
            build(config, dirty=False)
            static.link(static.files(self.project / GENERATED)[0], folder)  # as engine/build.py does
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        old = self.site_dir
        self.config, (self.files, self.nav), self.env = config, self._next, self._next_env
        self.site_dir, self.stamps = folder, stamps
        self.doc_files = self.files.documentation_pages()
        self.on_new_site(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def sync(self, only: list[str] | None = None) -> list[str] | bool:
        """Render what changed in generated/docs since the last render: the pages' paths, or False
        when only a full build can be trusted (files added or removed, a navigation title).

        `only`: the files the caller knows it wrote (the fast path's entry pages); then only they
        are looked at, and the sitemap and 404 page, which no entry edit changes, wait for the
        next whole sync."""
        out = self.project / GENERATED
        if only is None:
            now = _tree(out)
            if now.keys() != self.stamps.keys():
                return False
        else:
            now = dict(self.stamps)
            for rel in only:
                if rel not in now:
                    return False
                now[rel] = _stamp(out / rel)
        changed = sorted(k for k, v in now.items() if self.stamps[k] != v)
        config, files, nav = self.config, self.files, self.nav
        in_nav = {id(p) for p in nav.pages}
        pages = []
        for uri in changed:
            file = files.get_file_from_path(uri)
            if file is None:
                if static.is_static(uri):  # left out of MkDocs (draft_docs): linked in, as the build does
                    target = self.site_dir / uri
                    target.unlink(missing_ok=True)
                    static.link({uri: out / uri}, self.site_dir)
                continue  # otherwise not part of the site (MkDocs leaves it out), so nothing to render
            if not file.is_documentation_page():
                file.copy_file()
                continue
            if uri == "404.md":
                return False  # the theme's 404.html shows it; a full build renders that template
            page = file.page
            title = page.title
            self._read(page)
            if id(page) in in_nav and page.title != title:
                return False  # every page's navigation shows this title
            pages.append(page)
        for page in pages:
            self._write(page)
        level = config.validation.links.anchors
        for page in pages:
            page.validate_anchor_links(files=files, log_level=level)
        self.stamps = now
        return [p.file.src_uri for p in pages]


    # MkDocs 1.6's own steps for one page (commands/build.py, `_populate_page` and `_build_page`),
    # through its public API; the acceptance test compares the result with a full build's.
    def _read(self, page) -> None:
        config, files = self.config, self.files
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)

    def _write(self, page) -> None:
        from mkdocs import utils
        from mkdocs.commands.build import get_context

        config = self.config
        config._current_page = page  # as MkDocs sets it, for extensions that log the page
        page.active = True
        try:
            context = get_context(self.nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
            if output.strip():
                utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        finally:
            page.active = False
            config._current_page = None


def _server(project: Path, port: int):
    """MkDocs' live-reload server (it adds the reload script to each page and answers its poll),
    without its file watcher: the preview watches the sources itself and says when to reload."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def publish(self, work):
            """Run `work` while requests wait (no half-rendered page is served), then reload browsers."""
            with self._epoch_cond:
                self._wanted_epoch = round(time.monotonic() * 1000)  # MkDocs' epochs: milliseconds
            try:
                return work()
            finally:
                with self._epoch_cond:
                    self._visible_epoch = self._wanted_epoch
                    self._epoch_cond.notify_all()

        def start(self):
            self.server_bind()
            self.server_activate()
            self.serve_thread.start()

    server = Server(builder=lambda: None, host="127.0.0.1", port=port, root=tempfile.gettempdir())
    server.watch(str(project / "mkdocs.yml"))  # marks pages for the reload script; the observer never starts

    def error_page(code: int) -> bytes | None:
        page = Path(server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    return server


def _log(message: str) -> None:
    print(f"preview: {message}", file=sys.stderr, flush=True)


class Preview:
    """The preview's one worker: regenerate generated/docs after a change, then render."""

    def __init__(self, project: Path, renderer: Renderer, publish, *, quick: bool = True):
        self.project, self.renderer, self.publish, self.quick = project, renderer, publish, quick
        self.state: dict = {}

    def render(self, only: list[str] | None = None) -> None:
        start = time.perf_counter()
        try:
            # Pages are rendered in place, so requests wait for them; a full build goes to a new
            # folder, and the old site is served until it is done.
            done = self.publish(lambda: self.renderer.sync(only)) if self.quick else False
            if done is False:
                self.renderer.full()
                self.publish(lambda: None)
        except Exception as exc:  # a MkDocs error: keep serving the last good pages
            _log(f"MkDocs failed ({type(exc).__name__}: {exc}); still serving the last good pages")
            return
        names = ", ".join(done[:4]) + (f" and {len(done) - 4} more" if len(done) > 4 else "") if done else ""
        what = "rebuilt the whole site" if done is False else (f"rendered {names}" if done else "")
        if what:
            _log(f"{what} in {time.perf_counter() - start:.2f} s")

    def changed(self, changed: list[Path]) -> str:
        """Bring generated/docs and the served site up to date after `changed`; says which path
        it took ("entries" for the fast path, else "full")."""
        if self.project / "mkdocs.yml" in changed:
            self.renderer.stamps = {}  # the settings of every page: only a full build will do
        config = site_config(self.project)
        entries = self.project / "registry" / "entries"
        quick = None
        if self.quick and changed and all(entries in p.parents for p in changed):
            quick = refresh_entries(self.project, self.state, changed)
            if quick:
                self.render(quick)
                _log(f"{', '.join(quick)} up to date; updating lists and charts")
        _site, code = prepare(self.project, config, quiet=True, state=self.state)
        if code:
            _log("the errors above keep the last good pages in the preview")
        else:
            self.render()
            _log("up to date (lists, charts and exports too)")
        return "entries" if quick else "full"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(project: Path, port: int = 8000, *, quick: bool = True) -> int:
    problems = guard.problems(project)
    if problems:
        return refuse(problems, "preview refused before writing anything: fix the problems above first")
    state: dict = {}
    site, code = prepare(project, site_config(project), state=state)
    if code:
        return code
    write_overrides(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("preview: mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    logging.getLogger("mkdocs").propagate = False

    server = _server(project, port)
    renderer = Renderer(project, server.url, on_new_site=lambda folder: setattr(server, "root", str(folder)))
    start = time.perf_counter()
    try:
        renderer.full()
    except Exception as exc:
        _log(f"MkDocs failed: {type(exc).__name__}: {exc}")
        return 1
    _log(f"built the site in {time.perf_counter() - start:.1f} s")
    preview = Preview(project, renderer, server.publish, quick=quick)
    preview.state = state
    try:
        server.start()
    except OSError as exc:
        _log(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}")
        shutil.rmtree(renderer.site_dir, ignore_errors=True)
        return 1
    _log(f"serving on {server.url} (Ctrl+C stops)")
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl+C does, cleaning up
    last = _snapshot(project)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _snapshot(project)
            if now != last:
                changed = changed_files(last, now)
                last = now
                preview.changed(changed)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        shutil.rmtree(renderer.site_dir, ignore_errors=True)
