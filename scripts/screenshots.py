"""Take screenshots of built site pages in headless Chromium (for reviewing changes by eye).

Usage: .venv/bin/python scripts/screenshots.py [SITE_DIR] [OUT_DIR] [PAGE ...]
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEFAULT_PAGES = ["", "timeline/", "gap-types/deployment_lag/", "explore/", "entries/MAG-2023-0001/", "labs/openai/"]


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else Path("site")
    out = Path(argv[1]) if len(argv) > 1 else Path("screenshots")
    pages = argv[2:] or DEFAULT_PAGES
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
            page = ctx.new_page()
            for rel in pages:
                page.goto(base + rel)
                page.wait_for_load_state("networkidle")
                name = (rel.strip("/").replace("/", "_") or "home") + f"-{scheme}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)
            ctx.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
