"""The Airflow tasks both DAGs are built from: thin wrappers over ``etl.pipeline`` steps.

Each task opens its own connection (``news_db``), does one step and returns ids or counts; the ``run`` dict that
travels between tasks holds only the run id, the source ids, the window and the mode. Imported only by DAG files
(it imports the Airflow SDK).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow.sdk import task
from airflow.sdk.exceptions import AirflowFailException

from etl.orchestration import FETCH_POOL, articles_asset, news_db, run_kind, run_window

ARTICLES = articles_asset()
MAX_FETCH_TASKS = 256


def _window(run: dict[str, Any]):
    from etl.pipeline import Window

    return Window(*(dt.datetime.fromisoformat(v) if v else None for v in (run["start"], run["end"])))


@task
def start_run(mode: str = "ingest", params=None, dag_run=None, data_interval_start=None,
              data_interval_end=None) -> dict[str, Any]:
    """Apply migrations, pick the window and the sources, and open the run's row in ``news.runs``."""
    from etl.pipeline import MODES
    from etl.store import runs
    from etl.store.migrate import migrate
    from etl.store.sources import list_sources

    mode = params.get("mode") or mode
    if mode not in MODES:
        raise AirflowFailException(f"unknown mode {mode!r}")
    if mode == "ingest":
        kind = run_kind(dag_run.run_type)
        start, end = run_window(kind, data_interval_start, data_interval_end, params)
    else:  # news_backfill: whole days from its params
        kind = "backfill"
        start, end = (dt.datetime.combine(dt.date.fromisoformat(params[k]), dt.time(), dt.UTC)
                      for k in ("start_date", "end_date"))
    if start and end and start >= end:
        raise AirflowFailException(f"the window is empty: {start} is not before {end}")
    with news_db() as conn:
        migrate(conn)
        sources = list_sources(conn, enabled_only=mode != "reanalyze", names=params.get("sources"))
        if params.get("sources") and len(sources) != len(set(params["sources"])):
            known = {s.name for s in sources}
            raise AirflowFailException(f"unknown sources: {sorted(set(params['sources']) - known)}")
        source_ids = [s.source_id for s in sources]
        run_id = runs.start_run(conn, kind=kind, mode=mode, window_start=start, window_end=end,
                                source_ids=source_ids, dag_id=dag_run.dag_id, dag_run_id=dag_run.run_id)
    return {"run_id": run_id, "mode": mode, "source_ids": source_ids, "older_than": params.get("older_than_version"),
            "start": start.isoformat() if start else None, "end": end.isoformat() if end else None}


@task
def sources_to_discover(run: dict[str, Any]) -> list[int]:
    """Every source of the run, except in re-analysis, which never touches the network."""
    return [] if run["mode"] == "reanalyze" else run["source_ids"]


@task(pool=FETCH_POOL)
def discover(source_id: int, run: dict[str, Any]) -> int:
    from etl.fetch import Fetcher
    from etl.pipeline import discover_source

    with news_db() as conn:
        counts = discover_source(conn, source_id, run_id=run["run_id"], fetcher=Fetcher(), window=_window(run))
    return counts["new_refs"]


@task(trigger_rule="none_failed")
def requeue(run: dict[str, Any]) -> int:
    """Backfills: make the window's known refs due again (refetch) or its stored pages pending (reanalyze)."""
    from etl.pipeline import older_versions
    from etl.store import frontier, runs

    window = _window(run)
    with news_db() as conn:
        if run["mode"] == "refetch":
            queued = frontier.requeue_for_fetch(conn, window.start, window.end, run["source_ids"])
        elif run["mode"] == "reanalyze":
            versions = older_versions(conn, run["older_than"]) if run["older_than"] else None
            queued = frontier.requeue_for_analysis(conn, window.start, window.end, run["source_ids"], versions)
        else:
            return 0
        runs.add_counts(conn, run["run_id"], {"requeued": queued})
    return queued


@task(trigger_rule="none_failed")
def hosts(run: dict[str, Any]) -> list[list[str]]:
    """The hosts with pages due, dealt into at most MAX_FETCH_TASKS groups (Airflow maps at most 1,024 tasks)."""
    from etl.pipeline import hosts_to_fetch

    if run["mode"] == "reanalyze":
        return []
    with news_db() as conn:
        due = hosts_to_fetch(conn, run["source_ids"])
    groups = min(len(due), MAX_FETCH_TASKS)
    return [due[i::groups] for i in range(groups)]


@task(pool=FETCH_POOL)
def fetch(hosts: list[str], run: dict[str, Any]) -> int:
    """Fetch the due pages of a few hosts, one host after another, each at its own polite pace."""
    from etl.fetch import Fetcher
    from etl.pipeline import fetch_host

    fetcher = Fetcher()
    fetched = 0
    with news_db() as conn:
        for host in hosts:
            fetched += fetch_host(conn, host, run_id=run["run_id"], fetcher=fetcher, source_ids=run["source_ids"])[
                "fetched"]
    return fetched


@task(trigger_rule="all_done")
def process(run: dict[str, Any]) -> int:
    """Parse, analyze and load every pending page; runs even if a host's fetch task failed."""
    from etl.pipeline import process_pages

    with news_db() as conn:
        return process_pages(conn, run_id=run["run_id"], source_ids=run["source_ids"])["loaded"]


@task
def prune_feed(run: dict[str, Any]) -> int:
    """Change-feed retention (``etl.pipeline.prune_change_feed``): rows every consumer has passed, and with
    ``NEWSFEED_FEED_MAX_AGE_DAYS`` rows older than that."""
    from etl.pipeline import prune_change_feed

    with news_db() as conn:
        return prune_change_feed(conn, run_id=run["run_id"])["feed_pruned"]


@task(outlets=[ARTICLES])
def finish(run: dict[str, Any], *, outlet_events=None) -> dict[str, int]:
    """Close the run and tell downstream DAGs (through the Asset) what it did."""
    from etl.store import runs

    with news_db() as conn:
        counts = runs.finish_run(conn, run["run_id"])
    outlet_events[ARTICLES].extra = {"run_id": run["run_id"], "mode": run["mode"], "counts": counts}
    return counts


def pipeline(mode: str = "ingest") -> None:
    """Wire the tasks: start -> discover (per source) -> requeue -> fetch (per host group) -> process -> prune_feed
    -> finish."""
    run = start_run(mode)
    discovered = discover.partial(run=run).expand(source_id=sources_to_discover(run))
    queued = requeue(run)
    due = hosts(run)
    fetched = fetch.partial(run=run).expand(hosts=due)
    processed = process(run)
    discovered >> queued >> due
    fetched >> processed >> prune_feed(run) >> finish(run)
