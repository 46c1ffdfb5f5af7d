"""One spelling per URL, so variants of an article's address (tracking parameters, fragments, letter case of
the host, default ports, query order) land on one frontier row."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url


def canonical_url(url: str) -> str:
    """``HTTPS://Ex.com:443/a?utm_source=x&id=3#top`` -> ``https://ex.com/a?id=3``; file URLs are kept."""
    if url.startswith("file:"):
        return url
    try:
        normalized = normalize_url(url)
    except ValueError:
        normalized = url
    parts = urlsplit(normalized)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """The host:port a request goes to (the unit of politeness); ``local`` for files."""
    return urlsplit(url).netloc or "local"
