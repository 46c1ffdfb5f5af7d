"""Polite, bounded HTTP: robots.txt, a minimum delay per host, retries with backoff, size and time caps.

Everything that can go wrong becomes a ``FetchError`` with a short machine-readable ``reason`` (what the
quarantine table stores) and whether trying again later could help. Redirects are followed by hand so that every
hop is checked against the address policy (no private, loopback or metadata addresses unless allow-listed).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import requests
import urllib3

from etl.config import Settings, get_settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
TEXT_TYPES = ("text/plain",)
RETRYABLE_STATUS = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A page we could not (or must not) fetch; ``reason`` is stable, ``detail`` is for people.

    ``retryable`` errors are retried within the fetch (with backoff) and, if they persist, on later runs;
    ``retry_after`` is the server's own ``Retry-After``: honoured now when short, else by the next runs.
    """

    def __init__(
        self, reason: str, detail: str = "", *, retryable: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body: bytes
    fetched_at: dt.datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _HostState:
    last_request: float = -1e9
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_checked: bool = False
    crawl_delay: float = 0.0


@dataclass
class Fetcher:
    """One per process or task; keeps a connection pool, robots.txt rules and per-host timing."""

    settings: Settings = field(default_factory=get_settings)
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    hosts: dict[str, _HostState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = self.settings.user_agent

    def get(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Fetch ``url`` (following redirects), retrying transient failures; raises FetchError."""
        headers = {"Accept": ", ".join(accept) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, accept)
            except FetchError as error:
                too_long = error.retry_after is not None and error.retry_after > self.settings.max_retry_after
                if not error.retryable or too_long or attempt >= self.settings.max_retries:
                    raise
                backoff = self.settings.backoff_base * 2**attempt
                self.sleep(error.retry_after if error.retry_after is not None else backoff)
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str], accept: tuple[str, ...]) -> FetchResult:
        seen = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._request(current, headers)
            if response.is_redirect:
                location = response.headers.get("Location", "")
                response.close()
                target = urljoin(current, location)
                if target in seen:
                    raise FetchError("redirect_loop", " -> ".join([*seen, target]))
                seen.append(target)
                current = target
                continue
            return self._result(url, current, response, accept)
        raise FetchError("too_many_redirects", f"more than {MAX_REDIRECTS} redirects from {url}")

    def _request(self, url: str, headers: dict[str, str]) -> requests.Response:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError("unsupported_url", url)
        self._check_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        self._check_robots(url)
        self._wait_for_host(parts.netloc)
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            return self.session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            raise _request_error(exc) from exc

    def _result(self, url: str, final_url: str, response: requests.Response, accept: tuple[str, ...]) -> FetchResult:
        with response:
            status = response.status_code
            if status in RETRYABLE_STATUS:
                raise FetchError(
                    f"http_{status}", response.reason or "", retryable=True, retry_after=self._retry_after(response)
                )
            if status >= 400:
                raise FetchError(f"http_{status}", response.reason or "")
            content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
            if status == 200 and content_type and content_type not in accept:
                raise FetchError("unexpected_content_type", f"{content_type} from {final_url}")
            body = self._read_capped(response) if status != 304 else b""
            return FetchResult(
                url=url,
                final_url=final_url,
                status=status,
                content_type=content_type,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                body=body,
                fetched_at=dt.datetime.now(dt.UTC),
            )

    def _read_capped(self, response: requests.Response) -> bytes:
        """The (decompressed) body, refusing more than max_page_bytes or a total time over total_timeout.

        Per-read timeouts alone do not stop a server that trickles a byte at a time, so the body is read with
        ``read1`` (at most one socket read per call) and the total deadline is checked between reads.
        """
        cap = self.settings.max_page_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError("too_large", f"Content-Length {declared} > {cap}")
        deadline = self.clock() + self.settings.total_timeout
        chunks, size = [], 0
        try:
            while chunk := response.raw.read1(65536, decode_content=True):
                size += len(chunk)
                if size > cap:
                    raise FetchError("too_large", f"more than {cap} bytes (after decompression)")
                if self.clock() > deadline:
                    raise FetchError("deadline_exceeded", f"body not complete after {self.settings.total_timeout}s",
                                     retryable=True)
                chunks.append(chunk)
        except FetchError:
            raise
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as exc:
            raise FetchError("read_timeout", str(exc), retryable=True) from exc
        except Exception as exc:  # urllib3/http.client errors of a broken body
            raise FetchError("read_failed", f"{type(exc).__name__}: {exc}", retryable=True) from exc
        return b"".join(chunks)

    def _retry_after(self, response: requests.Response) -> float | None:
        value = response.headers.get("Retry-After")
        if not value:
            return None
        if value.strip().isdigit():
            seconds = float(value.strip())
        else:
            when = email.utils.parsedate_to_datetime(value)
            if when is None:
                return None
            seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
        return max(0.0, seconds)

    def _host(self, netloc: str) -> _HostState:
        return self.hosts.setdefault(netloc, _HostState())

    def _wait_for_host(self, netloc: str) -> None:
        state = self._host(netloc)
        delay = max(self.settings.min_host_delay, state.crawl_delay)
        wait = state.last_request + delay - self.clock()
        if wait > 0:
            self.sleep(wait)
        state.last_request = self.clock()

    def _check_address(self, hostname: str, port: int) -> None:
        """Refuse private, loopback, link-local and reserved targets (SSRF) unless the host is allow-listed."""
        allowed = self.settings.private_hosts_allowed
        if hostname in allowed:
            return
        try:
            infos = socket.getaddrinfo(hostname, port, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise FetchError("dns_failure", f"{hostname}: {exc}", retryable=True) from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if str(address) in allowed:
                continue
            if not address.is_global or address.is_multicast:
                raise FetchError("forbidden_address", f"{hostname} resolves to non-public {address}")

    def _check_robots(self, url: str) -> None:
        if not self.settings.respect_robots:
            return
        parts = urlsplit(url)
        state = self._host(parts.netloc)
        if not state.robots_checked:
            state.robots = self._load_robots(f"{parts.scheme}://{parts.netloc}/robots.txt", parts.netloc)
            state.robots_checked = True
            if state.robots is not None:
                state.crawl_delay = float(state.robots.crawl_delay(self.settings.user_agent) or 0.0)
        if state.robots is not None and not state.robots.can_fetch(self.settings.user_agent, url):
            raise FetchError("robots_disallowed", url)

    def _load_robots(self, robots_url: str, netloc: str) -> urllib.robotparser.RobotFileParser | None:
        """robots.txt rules; a missing file allows everything, an unreachable one defers the host (RFC 9309)."""
        self._wait_for_host(netloc)
        try:
            response = self.session.get(
                robots_url, timeout=(self.settings.connect_timeout, self.settings.read_timeout)
            )
        except requests.exceptions.RequestException as exc:
            raise _request_error(exc) from exc  # the host is unreachable, robots.txt or not
        if response.status_code >= 500:
            raise FetchError("robots_unreachable", f"robots.txt answered {response.status_code}", retryable=True)
        if response.status_code >= 400:
            return None
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(response.text[: self.settings.max_page_bytes].splitlines())
        return parser


def _request_error(exc: requests.exceptions.RequestException) -> FetchError:
    """The stable reason for a request that got no response at all."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FetchError("connect_timeout", str(exc), retryable=True)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return FetchError("read_timeout", str(exc), retryable=True)
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if "NameResolution" in text or "Name or service" in text:
            return FetchError("dns_failure", text, retryable=True)
        reason = "connection_refused" if "refused" in text.lower() else "connection_failed"
        return FetchError(reason, text, retryable=True)
    return FetchError("request_failed", str(exc))


def fetch_file(url: str, max_bytes: int) -> FetchResult:
    """A ``file://`` page of a folder source, read like a response (.html.gz is unpacked, .txt is plain text)."""
    path = Path(url2pathname(urlsplit(url).path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError("too_large", f"{size} bytes > {max_bytes}")
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
                data = unpacked.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError("too_large", f"more than {max_bytes} bytes after decompression")
    except OSError as exc:
        raise FetchError("unreadable_file", str(exc)) from exc
    content_type = "text/plain" if path.name.endswith(".txt") else "text/html"
    return FetchResult(url, url, 200, content_type, None, None, data, dt.datetime.now(dt.UTC))
