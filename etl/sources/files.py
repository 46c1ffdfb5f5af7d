"""A folder of saved pages (.html, .html.gz) or plain texts (.txt) -> ``file://`` ArticleRefs.

For loading archives and test corpora without a web server; the fetch stage reads these files directly.
"""

from __future__ import annotations

from pathlib import Path

from etl.models import ArticleRef
from etl.sources.errors import SourceError

SUFFIXES = (".html", ".htm", ".html.gz", ".txt")


def list_files(folder: str | Path) -> list[ArticleRef]:
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise SourceError("missing_folder", str(root))
    return [
        ArticleRef(url=path.resolve().as_uri())
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name.endswith(SUFFIXES)
    ]
