"""The page a reader gets for a missing address, in Chromium, served as GitHub Pages serves it: the
site under its site_url path (/registry/), and site/404.html for any path that has no file. It shows a
search box, the entry ID format and links to the timeline and Explore, and turns a mistyped entry
address into a link to that entry."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from accessgap.engine.config import site_config
from tests.helpers.site import PROJECT


def _prefix() -> str:
    return urlsplit(site_config(PROJECT)["site_url"]).path


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Files under `prefix`; 404.html (status 404) for anything missing, as GitHub Pages does."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        if path.startswith(self.prefix):
            self.path = "/" + path[len(self.prefix):]
            local = Path(self.translate_path(self.path))
            if local.is_dir() and (local / "index.html").is_file() and not path.endswith("/"):
                self.send_response(301)  # keep the prefix (the base class would drop it)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if local.is_file() or (local.is_dir() and (local / "index.html").is_file()):
                return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def pages_url(built_site):
    prefix = _prefix()
    handler = functools.partial(type("H", (_Pages,), {"prefix": prefix}), directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    httpd.shutdown()
    httpd.server_close()


def _entry_ids(built_site: Path) -> list[str]:
    return sorted(p.name for p in (built_site / "entries").iterdir() if re.fullmatch(r"MAG-\d{4}-\d{4}", p.name))


@pytest.mark.browser
@pytest.mark.parametrize("missing", ["no-such-page/", "entries/nothing/here/", "a/b/c/d"])
def test_a_missing_page_shows_search_the_id_format_and_links(page, pages_url, missing):
    response = page.goto(pages_url + missing)
    assert response.status == 404
    article = page.locator("article")
    assert "Page not found" in article.locator("h1").inner_text()
    assert "MAG-YYYY-NNNN" in article.inner_text()
    assert page.locator("#mag-404-q").is_visible()
    for name, rel in (("timeline", "timeline/"), ("Explore", "explore/")):
        link = article.get_by_role("link", name=name, exact=True)
        assert link.count() == 1
        assert link.evaluate("a => a.href") == pages_url + rel  # absolute: right at any depth
    article.get_by_role("link", name="Explore", exact=True).click()
    page.wait_for_url(pages_url + "explore/")
    assert page.locator("#mag-explore").count() == 1
    assert page.console_errors == [] or all("404" in e for e in page.console_errors)


@pytest.mark.browser
def test_a_mistyped_entry_address_offers_the_entry(page, pages_url, built_site):
    wanted = _entry_ids(built_site)[len(_entry_ids(built_site)) // 2]
    year, number = wanted[4:8], wanted[9:]
    for typo in (f"entries/mag-{year}-{int(number)}/", f"mag_{year}_{number}", f"entry/{wanted.lower()}/extra"):
        response = page.goto(pages_url + typo)
        assert response.status == 404, typo
        offer = page.locator("#mag-404-entry")
        offer.wait_for()
        assert offer.inner_text().startswith(wanted + ": ")
        offer.click()
        page.wait_for_url(pages_url + f"entries/{wanted}/")
        assert wanted in page.locator("article").inner_text()


@pytest.mark.browser
def test_an_address_naming_no_entry_says_so(page, pages_url):
    page.goto(pages_url + "entries/MAG-1999-9999/")
    box = page.locator("#mag-404-lookup")
    box.wait_for()
    assert "no entry with that ID" in box.inner_text() and page.locator("#mag-404-entry").count() == 0


@pytest.mark.browser
def test_the_search_box_opens_an_id_and_hands_other_text_to_search(page, pages_url, built_site):
    wanted = _entry_ids(built_site)[0]
    page.goto(pages_url + "missing/")
    page.fill("#mag-404-q", wanted.lower())
    page.press("#mag-404-q", "Enter")
    page.wait_for_url(pages_url + f"entries/{wanted}/")
    page.goto(pages_url + "missing/")
    page.fill("#mag-404-q", "evaluation")
    page.click("#mag-404-go")
    page.wait_for_url(pages_url + "search/?q=evaluation")
    query = page.locator("#mag-search-q")
    query.wait_for()
    assert query.input_value() == "evaluation"


@pytest.mark.browser
def test_the_404_page_fits_a_phone(browser, pages_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(pages_url + "entries/deep/missing/path/")
    scroll, inner = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    ctx.close()
    assert scroll <= inner
