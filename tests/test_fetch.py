"""The fetcher against a real HTTP server on 127.0.0.1: politeness, retries, caps and refusals."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from etl.config import Settings
from etl.fetch import Fetcher, FetchError
from tests.scripted_server import Reply, ScriptedServer

PAGE = "<html><head><title>t</title></head><body><p>Hello</p></body></html>"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    yield srv
    srv.close()


def make_fetcher(**overrides) -> tuple[Fetcher, list[float]]:
    sleeps: list[float] = []
    values = dict(allow_private_hosts="127.0.0.1", min_host_delay=0, backoff_base=0.01, max_retries=2,
                  connect_timeout=1, read_timeout=1, total_timeout=2) | overrides
    settings = Settings(**values)
    return Fetcher(settings=settings, sleep=sleeps.append), sleeps


def test_page_is_fetched_with_user_agent_and_validators(server: ScriptedServer) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Fri, 20 Nov 2026 09:00:00 GMT"}
    url = server.route("/a", Reply.html(PAGE, headers=validators))
    fetcher, _ = make_fetcher()
    result = fetcher.get(url)
    assert result.status == 200 and b"Hello" in result.body
    assert (result.etag, result.last_modified) == ('"v1"', "Fri, 20 Nov 2026 09:00:00 GMT")
    assert server.request_headers[-1]["User-Agent"].startswith("news-event-feed/")


def test_conditional_get_sends_validators_and_304_means_not_modified(server: ScriptedServer) -> None:
    url = server.route("/a", Reply(304))
    fetcher, _ = make_fetcher()
    result = fetcher.get(url, etag='"v1"', last_modified="Fri, 20 Nov 2026 09:00:00 GMT")
    assert result.not_modified
    assert server.request_headers[-1]["If-None-Match"] == '"v1"'


def test_503_is_retried_with_retry_after_then_succeeds(server: ScriptedServer) -> None:
    url = server.route("/a", Reply(503, headers={"Retry-After": "3"}), Reply(503), Reply.html(PAGE))
    fetcher, sleeps = make_fetcher()
    assert fetcher.get(url).status == 200
    assert server.hits["/a"] == 3
    assert sleeps[0] == 3.0 and sleeps[1] == pytest.approx(0.02)


def test_retries_are_bounded_and_the_error_says_so(server: ScriptedServer) -> None:
    url = server.route("/a", Reply(500))
    fetcher, _ = make_fetcher()
    with pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert error.value.reason == "http_500" and error.value.retryable
    assert server.hits["/a"] == 3


def test_404_is_not_retried(server: ScriptedServer) -> None:
    url = server.route("/a", Reply(404))
    fetcher, _ = make_fetcher()
    with pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert (error.value.reason, error.value.retryable, server.hits["/a"]) == ("http_404", False, 1)


def test_robots_txt_disallow_is_respected(server: ScriptedServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    url = server.route("/private/a", Reply.html(PAGE))
    fetcher, _ = make_fetcher()
    with pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert error.value.reason == "robots_disallowed"
    assert server.hits["/private/a"] == 0


def test_minimum_delay_between_requests_to_one_host(server: ScriptedServer) -> None:
    url = server.route("/a", Reply.html(PAGE))
    fetcher, sleeps = make_fetcher(min_host_delay=5)
    fetcher.get(url)
    fetcher.get(url)
    assert sleeps and sleeps[-1] > 4


def test_oversize_pages_and_gzip_bombs_are_refused(server: ScriptedServer) -> None:
    big = server.route("/big", Reply.html("x" * 5000))
    bomb = server.route("/bomb", Reply(200, gzip.compress(b"<p>" + b"a" * 200_000),
                                       {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    fetcher, _ = make_fetcher(max_page_bytes=4000)
    for url in (big, bomb):
        with pytest.raises(FetchError) as error:
            fetcher.get(url)
        assert error.value.reason == "too_large"


def test_non_html_content_is_refused(server: ScriptedServer) -> None:
    url = server.route("/img", Reply(200, b"\x89PNG", {"Content-Type": "image/png"}))
    fetcher, _ = make_fetcher()
    with pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert error.value.reason == "unexpected_content_type"


def test_redirects_are_followed_and_loops_detected(server: ScriptedServer) -> None:
    server.route("/old", Reply(301, headers={"Location": "/new"}))
    server.route("/new", Reply.html(PAGE))
    fetcher, _ = make_fetcher()
    assert fetcher.get(server.url("/old")).final_url == server.url("/new")
    server.route("/x", Reply(302, headers={"Location": "/y"}))
    server.route("/y", Reply(302, headers={"Location": "/x"}))
    with pytest.raises(FetchError) as error:
        fetcher.get(server.url("/x"))
    assert error.value.reason == "redirect_loop"


def test_a_trickling_server_hits_the_total_deadline(server: ScriptedServer) -> None:
    url = server.route("/slow", Reply(200, b"<p>" + b"a" * 400, {"Content-Type": "text/html"}, trickle=0.01))
    fetcher, _ = make_fetcher(total_timeout=0.5, max_retries=0)
    with pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert error.value.reason == "deadline_exceeded"


def test_private_addresses_are_refused_unless_allowed(server: ScriptedServer) -> None:
    url = server.route("/a", Reply.html(PAGE))
    fetcher, _ = make_fetcher(allow_private_hosts="")
    with pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert error.value.reason == "forbidden_address"
    assert server.hits["/a"] == 0


def test_only_http_and_https() -> None:
    fetcher, _ = make_fetcher()
    with pytest.raises(FetchError) as error:
        fetcher.get("ftp://127.0.0.1/file")
    assert error.value.reason == "unsupported_url"
