"""Polite HTTP for the network commands (`check-links`, `archive`), with the standard library only.

What "polite" means here: at most `per_host` requests in flight to one host, a pause of at least
`min_interval` seconds between two requests to the same host, a timeout on every socket
operation, and retries with exponential back-off on 429 and 5xx answers and on connection
errors, honouring the server's `Retry-After` (in seconds or as an HTTP date).

What "safe" means here: only http(s) URLs are fetched, and every host, including each redirect
target, is resolved first and refused when any of its addresses is private, loopback,
link-local, multicast or otherwise not public (registry URLs come from contributors; a link
checker that follows them into a private network is a classic server-side request forgery).
The connection then goes to the address that was checked, so a second DNS answer cannot swap
it. Tests allow private addresses explicitly with `allow_private=True`.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .. import __version__

USER_AGENT = f"accessgap/{__version__} (Model Access Gap Registry link checker; polite, 1 request per host at a time)"
REDIRECTS = (301, 302, 303, 307, 308)
MAX_BODY = 1024 * 1024


class Refused(Exception):
    """The URL is not fetched by policy (scheme, host or address)."""


@dataclass
class Response:
    url: str  # the URL that answered, after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    redirects: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Outcome:
    """The result of fetching one URL, retries included."""

    url: str
    status: int | None = None
    final_url: str | None = None
    error: str | None = None
    refused: bool = False
    attempts: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


def _getaddrinfo(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def is_public_address(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return ip.is_global and not ip.is_multicast


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def describe(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate problem: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, http.client.HTTPException):
        return f"invalid HTTP answer ({type(exc).__name__})"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text[:200]


class Fetcher:
    """Fetch URLs politely and safely; safe to share between threads."""

    def __init__(self, *, timeout: float = 20.0, retries: int = 3, backoff: float = 2.0, max_wait: float = 120.0,
                 per_host: int = 1, min_interval: float = 1.0, allow_private: bool = False,
                 max_redirects: int = 5, user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 resolver: Callable[[str, int], list[str]] | None = None):
        if not 1 <= per_host <= 4:
            raise ValueError("per_host must be between 1 and 4")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.per_host = per_host
        self.min_interval = min_interval
        self.allow_private = allow_private
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self.sleep = sleep
        self.clock = clock
        self.resolver = resolver  # host, port -> addresses; default: the system resolver
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._last: dict[str, float] = {}
        self._tls = ssl.create_default_context()

    # -- policy ---------------------------------------------------------------------------------

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.per_host)
            return self._slots[host]

    def _pace(self, host: str) -> None:
        """Wait until `min_interval` has passed since the last request to `host`, then claim it."""
        while True:
            with self._lock:
                now = self.clock()
                due = self._last.get(host, float("-inf")) + self.min_interval
                if now >= due:
                    self._last[host] = now
                    return
                wait = due - now
            self.sleep(wait)

    def _resolve(self, host: str, port: int) -> str:
        addresses = (self.resolver or _getaddrinfo)(host, port)
        if not addresses:
            raise socket.gaierror("no address")
        if not self.allow_private:
            for address in addresses:
                if not is_public_address(address):
                    raise Refused(f"{host} resolves to a non-public address ({address}); not fetched")
        return addresses[0]

    @staticmethod
    def check_url(url: str) -> tuple[str, str, int, str]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise Refused(f"only http(s) URLs are checked, not {parts.scheme or 'a relative URL'}")
        if not parts.hostname or parts.username or parts.password:
            raise Refused("the URL has no host, or carries a user name or password")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        return parts.scheme, parts.hostname, port, target

    # -- one request ----------------------------------------------------------------------------

    def _once(self, method: str, url: str, *, read_body: bool, headers: dict[str, str] | None) -> Response:
        scheme, host, port, target = self.check_url(url)
        address = self._resolve(host, port)
        sock = socket.create_connection((address, port), timeout=self.timeout)
        try:
            if scheme == "https":
                sock = self._tls.wrap_socket(sock, server_hostname=host)
                conn = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls)
            else:
                conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
            conn.sock = sock  # connect to the address that was checked, not a fresh DNS answer
            all_headers = {"User-Agent": self.user_agent, "Accept": "*/*", "Connection": "close"}
            all_headers.update(headers or {})
            conn.request(method, target, headers=all_headers)
            resp = conn.getresponse()
            body = resp.read(MAX_BODY) if read_body and method != "HEAD" else b""
            result = Response(url=url, status=resp.status,
                              headers={k.lower(): v for k, v in resp.getheaders()}, body=body)
            conn.close()
            return result
        finally:
            sock.close()

    def request(self, method: str, url: str, *, read_body: bool = False, follow: bool = True,
                headers: dict[str, str] | None = None) -> Response:
        """One attempt, following redirects (each target checked like the first URL)."""
        redirects: list[tuple[int, str]] = []
        current = url
        for _ in range(self.max_redirects + 1):
            host = urlsplit(current).hostname or ""
            slot = self._host_slot(host)
            with slot:
                self._pace(host)
                resp = self._once(method, current, read_body=read_body, headers=headers)
            location = resp.headers.get("location")
            if not follow or resp.status not in REDIRECTS or not location:
                resp.redirects = redirects
                return resp
            redirects.append((resp.status, current))
            current = urljoin(current, location)
            if resp.status == 303:
                method = "GET"
        raise Refused(f"more than {self.max_redirects} redirects")

    # -- with retries ---------------------------------------------------------------------------

    def _wait_for(self, attempt: int, retry_after: str | None) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        asked = parse_retry_after(retry_after)
        if asked is not None:
            return asked if asked <= self.max_wait else None
        return min(self.backoff * (2 ** attempt), self.max_wait)

    def fetch(self, url: str, *, method: str = "GET", read_body: bool = False, follow: bool = True,
              headers: dict[str, str] | None = None) -> Outcome:
        """Fetch with retries on 429, 5xx and connection errors; never raises for network trouble."""
        outcome = Outcome(url=url)
        for attempt in range(self.retries + 1):
            outcome.attempts = attempt + 1
            try:
                resp = self.request(method, url, read_body=read_body, follow=follow, headers=headers)
            except Refused as exc:
                outcome.error, outcome.refused = str(exc), True
                return outcome
            except (OSError, http.client.HTTPException, ValueError) as exc:
                outcome.status, outcome.error = None, describe(exc)
                wait = self._wait_for(attempt, None)
            else:
                outcome.status, outcome.error = resp.status, None
                outcome.final_url, outcome.headers = resp.url, resp.headers
                outcome.body, outcome.redirects = resp.body, resp.redirects
                if resp.status != 429 and resp.status < 500:
                    return outcome
                wait = self._wait_for(attempt, resp.headers.get("retry-after"))
            if attempt == self.retries or wait is None:
                return outcome
            self.sleep(wait)
        return outcome
