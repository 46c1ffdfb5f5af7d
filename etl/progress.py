"""Progress of long commands (ingest, backfill, re-analysis): a bar with rate and ETA on a terminal, log lines
otherwise (so CI logs, Airflow task logs and JSON logs stay readable and carry the run id)."""

from __future__ import annotations

import logging
import sys
import time
from typing import Protocol, TextIO

from tqdm import tqdm

log = logging.getLogger(__name__)


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, done: int) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


class BarProgress:
    """tqdm's bar: articles done/total, rate and ETA."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self.bar: tqdm | None = None

    def start(self, total: int) -> None:
        self.bar = tqdm(total=total, desc=self.label, unit="article", file=self.stream, dynamic_ncols=True)

    def advance(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class LineProgress:
    """One log line per step: ``refetch: 150/1000 articles (12.5/s, about 68s left)``."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.total = 0
        self.done = 0
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()
        log.info("%s: %d articles to process", self.label, total)

    def advance(self, done: int) -> None:
        self.done += done
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate and self.total > self.done else 0.0
        log.info("%s: %d/%d articles (%.1f/s, about %.0fs left)", self.label, self.done, self.total, rate, left)

    def close(self) -> None:
        pass


def progress_for(label: str, *, quiet: bool = False, json_logs: bool = False, stream: TextIO | None = None) -> Progress:
    """A bar on a terminal, log lines when output goes to a file or logs are JSON, nothing when quiet."""
    stream = stream or sys.stderr
    if quiet:
        return NoProgress()
    return BarProgress(label, stream) if stream.isatty() and not json_logs else LineProgress(label)
