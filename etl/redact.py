"""Credentials never reach logs, the quarantine or the runs table: error texts pass through ``redact`` first."""

from __future__ import annotations

import re

URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^/\s:@]+):(?P<secret>[^/\s@]+)@", re.I)
KEY_VALUE_SECRET = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|secret|token|api[_-]?key)\s*[=:]\s*)(?P<value>[^\s&;,'\"]+)", re.I
)


def redact(text: str | None) -> str:
    """``postgres://user:hunter2@db/x`` -> ``postgres://user:***@db/x``; ``password=hunter2`` -> ``password=***``."""
    if not text:
        return text or ""
    text = URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return KEY_VALUE_SECRET.sub(lambda m: f"{m['key']}***", text)
