"""Progress of long commands (ingest, backfill, re-analysis): a bar with rate and ETA on a terminal, plain log
lines otherwise (so CI logs and Airflow task logs stay readable)."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from tqdm import tqdm


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
    """One line per step: ``processed 150/1000 articles (12.5/s, about 68s left)``."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self.total = 0
        self.done = 0
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()
        print(f"{self.label}: {total} articles to process", file=self.stream, flush=True)

    def advance(self, done: int) -> None:
        self.done += done
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate and self.total > self.done else 0.0
        print(f"{self.label}: {self.done}/{self.total} articles ({rate:.1f}/s, about {left:.0f}s left)",
              file=self.stream, flush=True)

    def close(self) -> None:
        pass


def progress_for(label: str, *, quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """The right progress display for where output goes."""
    stream = stream or sys.stderr
    if quiet:
        return NoProgress()
    return BarProgress(label, stream) if stream.isatty() else LineProgress(label, stream)
