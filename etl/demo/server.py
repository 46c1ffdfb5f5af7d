"""Serves the bundled sample site on 127.0.0.1 like a small news site: RSS feed, articles, robots.txt, ETags.

``{{BASE_URL}}`` in the feed and pages is replaced with the server's own address, so links work on any port.
Used by ``newsfeed demo``, by the tests (which also count the requests it receives) and, with pages made on
request instead of files, by ``bench/ingest_http.py``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

SITE_DIR = Path(__file__).resolve().parent / "site"
CONTENT_TYPES = {
    ".xml": "application/rss+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain",
    ".css": "text/css",
}


PageSource = Callable[[str], tuple[bytes, str] | None]
"""path -> (body, content type), or None for a 404."""


class SiteServer:
    """A threaded HTTP server for a folder (or a ``pages`` function); ``with SiteServer() as site: site.base_url``."""

    def __init__(self, root: Path = SITE_DIR, port: int = 0, pages: PageSource | None = None) -> None:
        self.root = root
        self.pages = pages or self.file_page
        self.requests: Counter[str] = Counter()
        self.bytes_sent = 0
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def file_page(self, path: str) -> tuple[bytes, str] | None:
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_file() or self.root.resolve() not in target.parents:
            return None
        body = target.read_bytes().replace(b"{{BASE_URL}}", self.base_url.encode())
        return body, CONTENT_TYPES.get(target.suffix, "application/octet-stream")

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    site: SiteServer

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.site.requests[path] += 1
        found = self.site.pages(path)
        if found is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body, content_type = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)
        self.site.bytes_sent += len(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test and demo output quiet
        pass
