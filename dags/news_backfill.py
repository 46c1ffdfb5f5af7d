"""
### news_backfill

Triggered by hand, for any date range, as often as you like — the result is the same each time.

* **mode `refetch`**: discover the sources again for the window (news sitemaps and sitemap indexes filtered by
  `<news:publication_date>`/`<lastmod>`, feed items and URL lists by their dates), fetch what is new and fetch
  again what is known (conditional GET: unchanged pages cost a 304), then parse, analyze and load.
* **mode `reanalyze`**: re-run parse, analysis and load on the stored raw pages of the window — no network —
  optionally only for articles last analyzed by an extractor older than `older_than_version`. Only derived
  rows whose content changed are rewritten, so consumers see only real changes.

`start_date` is inclusive, `end_date` exclusive (whole UTC days). For windows of the scheduled DAG,
`airflow backfill create --dag-id news_ingest --from-date … --to-date …` works too.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Param, dag

from etl.dag_tasks import pipeline
from etl.orchestration import DEFAULT_ARGS, mark_run_failed


@dag(
    dag_id="news_backfill",
    schedule=None,
    start_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    doc_md=__doc__,
    on_failure_callback=mark_run_failed,
    tags=["news", "backfill"],
    default_args=DEFAULT_ARGS,
    params={
        "start_date": Param(type="string", format="date", description="First day of the window (inclusive)."),
        "end_date": Param(type="string", format="date", description="Day after the window (exclusive)."),
        "sources": Param(None, type=["null", "array"], items={"type": "string"},
                         description="Source names (default: all sources)."),
        "mode": Param("refetch", enum=["refetch", "reanalyze"],
                      description="refetch: discover and fetch again; reanalyze: re-run analysis on stored pages."),
        "older_than_version": Param(None, type=["null", "string"],
                                    description="reanalyze only: only articles analyzed by an older extractor."),
    },
)
def news_backfill():
    pipeline("refetch")


news_backfill()
