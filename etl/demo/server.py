"""Serves the bundled sample site on 127.0.0.1 like a small news site: RSS feed, articles, robots.txt, ETags.

``{{BASE_URL}}`` in the feed and pages is replaced with the server's own address, so links work on any port.
Used by ``newsfeed demo`` and by the tests (which also count the requests it receives).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
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


class SiteServer:
    """A threaded HTTP server for a folder; ``with SiteServer() as site: site.base_url``."""

    def __init__(self, root: Path = SITE_DIR, port: int = 0) -> None:
        self.root = root
        self.requests: Counter[str] = Counter()
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def body(self, path: str) -> bytes | None:
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_file() or self.root.resolve() not in target.parents:
            return None
        return target.read_bytes().replace(b"{{BASE_URL}}", self.base_url.encode())

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
        body = self.site.body(path)
        if body is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(Path(path).suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test and demo output quiet
        pass
