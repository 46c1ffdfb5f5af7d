"""``newsfeed demo``: the product end to end on one machine, with nothing started by hand.

Finds Postgres (configured or embedded), applies migrations, serves the bundled sample site on 127.0.0.1,
registers its RSS feed as the ``demo-wire`` source, runs the ``news_ingest`` DAG once through real Airflow
(``dag.test()``) and prints what landed. Running it again changes nothing: the same port gives the same URLs,
and every key is deterministic.
"""

from __future__ import annotations

import errno
import sys
import warnings

from etl.airflow_local import configure, run_dag
from etl.config import get_settings
from etl.demo.server import SiteServer
from etl.report import summarize, table_counts
from etl.store.db import connect, database_url
from etl.store.migrate import migrate
from etl.store.sources import add_source

DEMO_SOURCE = "demo-wire"


def run_demo(port: int) -> int:
    # Airflow's in-process API client warns about its own test-client dependency; nothing for a user to act on
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    url = database_url()
    with connect(url) as conn:
        migrate(conn)
        before = table_counts(conn)
    configure(get_settings().data_dir / "airflow", url)
    try:
        server = SiteServer(port=port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(f"port {port} is busy; serving on a free port (URLs differ from earlier demo runs)", file=sys.stderr)
        server = SiteServer(port=0)
    with server as site:
        with connect(url) as conn:
            add_source(conn, DEMO_SOURCE, "rss", f"{site.base_url}/feed.xml")
        print(f"sample site on {site.base_url}; running the news_ingest DAG through Airflow ...", flush=True)
        state = run_dag("news_ingest", run_conf={"sources": [DEMO_SOURCE]})
    with connect(url) as conn:
        print(summarize(conn))
        after = table_counts(conn)
    added = {t: after[t] - before[t] for t in after if after[t] != before[t] and t != "runs"}
    print(f"\nDAG run {state}; rows added by this run: {added or 'none (already loaded)'}")
    return 0 if state == "success" else 1
