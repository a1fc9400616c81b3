"""`accessgap check-links` against a local scripted server: statuses, retries, cache, politeness."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from accessgap import cli
from accessgap.net import fetch
from accessgap.net.linkcheck import LinkCache, check_links, collect
from accessgap.net.fetch import Fetcher, Refused, is_public_address, parse_retry_after
from accessgap.load.registry import load_registry

from tests.helpers.fakeweb import FakeWeb, to_localhost
from tests.helpers.project import entry, make_project

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)

ROUTES = {
    "/ok": [(200, {}, "fine")],
    "/gone": [(404, {}, "no")],
    "/busy": [(429, {"Retry-After": "2"}, "slow down"), (200, {}, "ok now")],
    "/flaky": [(503, {}, "x"), (503, {}, "x"), (200, {}, "ok")],
    "/down": [(503, {}, "maintenance")],
    "/moved": [(301, {"Location": "/ok"}, "")],
    "/no-head": lambda h: (405, {}, "") if h.command == "HEAD" else (200, {}, "ok"),
    "/private": [(403, {}, "bots not welcome")],
    "/web/*": [(200, {}, "archived copy")],
}


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 3))


def url(web, path, host="links.test"):
    return f"http://{host}:{web.port}{path}"


def project_with_links(tmp_path, web, paths: list[str]):
    sources = [{"url": url(web, p)} for p in paths]
    sources[0]["archive_url"] = url(web, "/web/2024/x", host="archive.test")
    return make_project(tmp_path, {"MAG-2024-0001": entry("MAG-2024-0001", sources=sources)})


def the_entry(project):
    """Limit a run to the entry (the lab's real homepage is not on the fake web)."""
    return {(project / "registry/entries/2024/MAG-2024-0001.yaml").resolve()}


def fetcher(sleeps=None, **kw):
    opts = dict(timeout=2, retries=3, backoff=0.5, min_interval=0, allow_private=True, resolver=to_localhost,
                sleep=sleeps if sleeps is not None else Sleeps())
    opts.update(kw)
    return Fetcher(**opts)


def line_of(path, needle):
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_statuses_retries_and_located_warnings(tmp_path):
    with FakeWeb(ROUTES) as web:
        paths = ["/gone", "/ok", "/busy", "/flaky", "/down", "/moved", "/no-head", "/private"]
        project = project_with_links(tmp_path, web, paths)
        reg = load_registry(project / "registry")
        sleeps = Sleeps()
        rep = check_links(reg, fetcher=fetcher(sleeps), cache=LinkCache(tmp_path / "links.json"),
                          only=the_entry(project), now=lambda: NOW)

    file = project / "registry/entries/2024/MAG-2024-0001.yaml"
    found = {(f.code, f.line, f.col, f.message) for f in rep.result.findings}
    gone_line, gone_col = line_of(file, url(web, "/gone"))
    down_line, down_col = line_of(file, url(web, "/down"))
    priv_line, priv_col = line_of(file, url(web, "/private"))
    assert found == {
        ("L001", gone_line, gone_col, f"dead link: HTTP 404 ({url(web, '/gone')})"),
        ("L001", down_line, down_col, f"dead link: HTTP 503 after 4 tries ({url(web, '/down')})"),
        ("L002", priv_line, priv_col, f"not checked: the server refuses automated clients (HTTP 403) ({url(web, '/private')})"),
    }
    assert all(f.severity == "warning" and f.path.endswith("MAG-2024-0001.yaml") for f in rep.result.findings)
    gone = next(f for f in rep.result.findings if "/gone" in f.message)
    assert gone.hint.startswith(f"the source has an archived copy ({url(web, '/web/2024/x', host='archive.test')})")
    assert rep.dead == 2 and rep.checked == 9 and rep.cached == 0
    # 429 honoured Retry-After (2 s) then succeeded; 503 backed off exponentially (0.5, 1, 2)
    assert web.requests_for("/busy") == ["HEAD", "HEAD"]
    assert web.requests_for("/flaky") == ["HEAD", "HEAD", "HEAD"]
    assert web.requests_for("/down") == ["HEAD"] * 4
    assert sorted(sleeps) == sorted([2.0, 0.5, 1.0, 0.5, 1.0, 2.0])
    # redirect followed; HEAD refused -> GET; 404 confirmed with GET before calling it dead
    assert web.requests_for("/moved") == ["HEAD"] and web.requests_for("/ok") == ["HEAD", "HEAD"]
    assert web.requests_for("/no-head") == ["HEAD", "GET"]
    assert web.requests_for("/gone") == ["HEAD", "GET"]
    # every request names the real host and says who is asking
    assert {host for _, _, host, _ in web.log} == {f"links.test:{web.port}", f"archive.test:{web.port}"}
    assert all(agent.startswith("accessgap/") for _, _, _, agent in web.log)


def test_cache_hit_skips_refetch_until_stale(tmp_path):
    cache_file = tmp_path / ".cache" / "links.json"
    with FakeWeb(ROUTES) as web:
        project = project_with_links(tmp_path, web, ["/ok", "/gone"])
        reg = load_registry(project / "registry")
        only = the_entry(project)
        first = check_links(reg, fetcher=fetcher(), cache=LinkCache(cache_file), only=only, now=lambda: NOW)
        stored = json.loads(cache_file.read_text())
        assert stored["version"] == 1
        assert stored["links"][url(web, "/gone")] == {"checked": "2026-11-28T12:00:00+00:00", "status": 404,
                                                      "final_url": None, "error": None}
        requests = len(web.log)

        later = NOW + dt.timedelta(days=3)
        second = check_links(reg, fetcher=fetcher(), cache=LinkCache(cache_file), max_age_days=7, only=only,
                             now=lambda: later)
        assert len(web.log) == requests  # nothing fetched
        assert (second.checked, second.cached) == (0, 3)
        assert [f.message for f in second.result.findings] == [f.message for f in first.result.findings]

        stale = NOW + dt.timedelta(days=8)
        third = check_links(reg, fetcher=fetcher(), cache=LinkCache(cache_file), max_age_days=7, only=only,
                            now=lambda: stale)
        assert (third.checked, third.cached) == (3, 0)
        assert len(web.log) > requests
        assert json.loads(cache_file.read_text())["links"][url(web, "/ok")]["checked"] == "2026-12-06T12:00:00+00:00"


def test_private_addresses_are_refused_without_a_request(tmp_path):
    with FakeWeb(ROUTES) as web:
        project = project_with_links(tmp_path, web, ["/ok"])
        reg = load_registry(project / "registry")
        rep = check_links(reg, fetcher=fetcher(allow_private=False), cache=LinkCache(None), only=the_entry(project),
                          now=lambda: NOW)
    assert web.log == []
    assert {f.code for f in rep.result.findings} == {"L002"}
    assert rep.result.findings[0].message == "not checked: links.test resolves to a non-public address (127.0.0.1); not fetched"


def test_one_request_per_host_at_a_time(tmp_path):
    with FakeWeb({"/p*": [(200, {}, "ok")]}, delay=0.05) as web:
        project = make_project(tmp_path, {"MAG-2024-0001": entry("MAG-2024-0001", sources=[
            {"url": url(web, f"/p{i}")} for i in range(6)])})
        reg = load_registry(project / "registry")
        check_links(reg, fetcher=fetcher(per_host=1), cache=LinkCache(None), workers=6, only=the_entry(project),
                    now=lambda: NOW)
        assert web.max_in_flight == 1
        assert len(web.log) == 6


def test_a_timeout_is_a_dead_link(tmp_path):
    with FakeWeb({"/slow": [(200, {}, "late")]}, delay=1.0) as web:
        project = project_with_links(tmp_path, web, ["/slow"])
        reg = load_registry(project / "registry")
        rep = check_links(reg, fetcher=fetcher(timeout=0.2, retries=0), cache=LinkCache(None),
                          only=the_entry(project), now=lambda: NOW)
    slow = [f for f in rep.result.findings if "/slow" in f.message]
    assert [f.message for f in slow] == [f"dead link: timed out ({url(web, '/slow')})"]


def test_collect_covers_sources_archives_and_homepages(tmp_path):
    project = make_project(tmp_path, {"MAG-2024-0001": entry("MAG-2024-0001", sources=[
        {"url": "https://a.example/x", "archive_url": "https://web.archive.org/web/2024/https://a.example/x"}])})
    urls = collect(load_registry(project / "registry"))
    assert {u: [p.path for p in ps] for u, ps in urls.items()} == {
        "https://a.example/x": [("sources", 0, "url")],
        "https://web.archive.org/web/2024/https://a.example/x": [("sources", 0, "archive_url")],
        "https://openai.com/": [("homepage",)],
    }


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::ffff:127.0.0.1", False), ("not an ip", False),
])
def test_public_address_policy(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize("bad", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)",
                                 "http://user:pw@example.org/", "//example.org/"])
def test_only_http_urls_are_fetched(bad):
    with pytest.raises(Refused):
        Fetcher.check_url(bad)
    outcome = fetcher().fetch(bad)
    assert outcome.refused and outcome.status is None and outcome.attempts == 1


def test_retry_after_as_seconds_or_http_date():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    # a server asking for longer than max_wait is not retried
    assert fetcher(max_wait=5)._wait_for(0, "3600") is None


def test_cli_check_links_reports_github_annotations_and_exit_1(tmp_path, monkeypatch, capsys):
    with FakeWeb(ROUTES) as web:
        project = project_with_links(tmp_path, web, ["/gone", "/ok"])
        monkeypatch.chdir(project)
        monkeypatch.setenv("ACCESSGAP_TEST_ALLOW_PRIVATE", "1")
        monkeypatch.setattr(fetch, "_getaddrinfo", to_localhost)
        code = cli.main(["check-links", "registry/entries", "--format", "github", "--delay", "0", "--retries", "0"])
    out, err = capsys.readouterr()
    assert code == 1
    line, col = line_of(project / "registry/entries/2024/MAG-2024-0001.yaml", url(web, "/gone"))
    assert (f"::warning file=registry/entries/2024/MAG-2024-0001.yaml,line={line},col={col},title=L001::"
            f"dead link: HTTP 404 ({url(web, '/gone')})") in out
    assert "3 URL(s) checked, 0 from the cache" in err
    assert (project / ".cache" / "links.json").is_file()


def test_cli_without_the_test_switch_refuses_loopback(tmp_path, monkeypatch, capsys):
    with FakeWeb(ROUTES) as web:
        project = project_with_links(tmp_path, web, ["/ok"])
        monkeypatch.chdir(project)
        monkeypatch.delenv("ACCESSGAP_TEST_ALLOW_PRIVATE", raising=False)
        monkeypatch.setattr(fetch, "_getaddrinfo", to_localhost)
        code = cli.main(["check-links", "registry/entries/2024", "--no-cache", "--delay", "0"])
    assert code == 0 and web.log == []
    assert "warning[L002]: not checked: links.test resolves to a non-public address" in capsys.readouterr().out


class FirstHopOnly(Fetcher):
    """Lets the fake web's own host through; every other host gets the real policy."""

    def _resolve(self, host, port):
        return "127.0.0.1" if host == "links.test" else super()._resolve(host, port)


def test_a_redirect_into_a_private_network_is_not_followed():
    routes = {"/to-internal": [(302, {"Location": "http://metadata.internal.test/latest/secrets"}, "")]}
    with FakeWeb(routes) as web:
        f = FirstHopOnly(min_interval=0, retries=0, resolver=lambda host, port: ["169.254.169.254"])
        outcome = f.fetch(url(web, "/to-internal"), method="HEAD")
    assert outcome.refused and outcome.status is None
    assert outcome.error == "metadata.internal.test resolves to a non-public address (169.254.169.254); not fetched"
    assert [p for _, p, _, _ in web.log] == ["/to-internal"]
