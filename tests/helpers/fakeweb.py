"""A scripted local HTTP server in a thread, for the network commands' tests (no real network)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeWeb:
    """Routes map a path to a list of answers (status, headers, body); the last one repeats.

    A route may also be a callable(handler) -> (status, headers, body). Every request is logged
    as (method, path, host header, user agent).
    """

    def __init__(self, routes: dict, delay: float = 0.0):
        self.routes = routes
        self.delay = delay
        self.log: list[tuple[str, str, str, str]] = []
        self.hits: dict[str, int] = defaultdict(int)
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _answer(self):
                with web._lock:
                    web.log.append((self.command, self.path, self.headers.get("Host", ""),
                                    self.headers.get("User-Agent", "")))
                    web.in_flight += 1
                    web.max_in_flight = max(web.max_in_flight, web.in_flight)
                    key = self.path.split("?", 1)[0]
                    n = web.hits[key]
                    web.hits[key] += 1
                # "In flight" ends before the first byte of the answer goes out: a polite client may
                # start its next request as soon as it has read this answer, possibly before this
                # thread runs again, so counting down after the write would report false overlaps.
                try:
                    if web.delay:
                        time.sleep(web.delay)
                    route = web.routes.get(key) or web.routes.get(self.path)
                    if route is None and any(k.endswith("*") and key.startswith(k[:-1]) for k in web.routes):
                        route = next(v for k, v in web.routes.items() if k.endswith("*") and key.startswith(k[:-1]))
                    if route is None:
                        status, headers, body = 404, {}, b"not found"
                    elif callable(route):
                        status, headers, body = route(self)
                    else:
                        status, headers, body = route[min(n, len(route) - 1)]
                    body = body if isinstance(body, bytes) else body.encode()
                finally:
                    with web._lock:
                        web.in_flight -= 1
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> "FakeWeb":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_for(self, path: str) -> list[str]:
        return [method for method, p, _, _ in self.log if p.split("?", 1)[0] == path]


def to_localhost(host: str, port: int) -> list[str]:
    """A resolver that sends every host name to this machine (the fake web)."""
    return ["127.0.0.1"]
