"""Logging for the ``newsfeed`` command and the pipeline: plain lines or JSON, always with the run id (and the URL
when there is one), never with a credential.

The run id travels in a context variable set by whoever starts a run, so every module can log without passing
it around; a filter adds it to each record and redacts secrets from the final message.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
from collections.abc import Iterator

from etl.redact import redact

current_run: contextvars.ContextVar[int | None] = contextvars.ContextVar("current_run", default=None)


@contextlib.contextmanager
def run_context(run_id: int) -> Iterator[None]:
    """Tag every log line emitted inside with ``run_id``."""
    token = current_run.set(run_id)
    try:
        yield
    finally:
        current_run.reset(token)


class RunContextFilter(logging.Filter):
    """Adds ``run_id`` (and an empty ``url`` when the call gave none) and redacts the rendered message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = current_run.get()
        record.url = redact(getattr(record, "url", "") or "")
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        context = " ".join(f"{k}={v}" for k, v in (("run", record.run_id), ("url", record.url)) if v)
        line = f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname:<7} {record.getMessage()}"
        return f"{line} [{context}]" if context else line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "run_id": record.run_id,
            "url": record.url or None,
        }
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(*, json_logs: bool = False, quiet: bool = False) -> None:
    """Configure the ``etl`` loggers for a command-line run (Airflow configures its own handlers)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RunContextFilter())
    handler.setFormatter(JsonFormatter() if json_logs else PlainFormatter())
    logger = logging.getLogger("etl")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
