"""A real HTTP server on 127.0.0.1 whose answers each test scripts: status, headers, body, delays, trickles.

Each route maps to a list of responses served in turn (the last one repeats), so a test can say "503 twice,
then 200" and count the requests the fetcher made.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    trickle: float = 0.0  # seconds between body bytes, to defeat per-read timeouts

    @classmethod
    def html(cls, text: str, **kw) -> Reply:
        return cls(body=text.encode(), headers={"Content-Type": "text/html; charset=utf-8"} | kw.pop("headers", {}),
                   **kw)


class ScriptedServer:
    def __init__(self, port: int = 0) -> None:
        self.routes: dict[str, list[Reply]] = {"/robots.txt": [Reply(404)]}
        self.hits: Counter[str] = Counter()
        self.request_headers: list[dict[str, str]] = []
        self.after_request: Callable[[str], None] | None = None
        self.gone = False
        handler = type("Handler", (_Handler,), {"server_ref": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *replies: Reply) -> str:
        self.routes[path] = list(replies)
        return self.url(path)

    def next_reply(self, path: str) -> Reply | None:
        replies = self.routes.get(path)
        if not replies:
            return None
        return replies.pop(0) if len(replies) > 1 else replies[0]

    def vanish(self) -> None:
        """Disappear mid-run: stop accepting connections and drop the ones that are open."""
        self.gone = True
        self.httpd.socket.close()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_ref: ScriptedServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path
        if self.server_ref.gone:
            self.close_connection = True  # hang up without an answer, as a dead host would
            return
        self.server_ref.hits[path] += 1
        self.server_ref.request_headers.append(dict(self.headers))
        reply = self.server_ref.next_reply(path) or Reply(404, b"not found")
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            headers = {"Content-Length": str(len(reply.body))} | reply.headers
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if reply.trickle:
                for i in range(len(reply.body)):
                    self.wfile.write(reply.body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if self.server_ref.after_request is not None:
            self.server_ref.after_request(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def unresponsive_port() -> Iterator[int]:
    """A port whose listen queue is full, so new connections hang in SYN_SENT: a real connect timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    for _ in range(8):  # fill the accept queue; later SYNs are dropped by the kernel
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(listener.getsockname())
        fillers.append(filler)
    time.sleep(0.2)
    try:
        yield listener.getsockname()[1]
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
