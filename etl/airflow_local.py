"""Running the real DAGs in-process with Airflow's ``dag.test()``: for ``newsfeed demo`` and the tests.

Airflow reads its configuration from the environment when it is first imported, so ``configure`` must run
before anything imports ``airflow``. The metadata database is SQLite under the given home; the pipeline's
Postgres is handed to the DAGs as the ``news_db`` connection, exactly as a deployment would.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from psycopg.conninfo import conninfo_to_dict

from etl.config import PROJECT_ROOT
from etl.orchestration import FETCH_POOL, NEWS_DB_CONN_ID

DAGS_DIR = PROJECT_ROOT / "dags"


def airflow_conn_uri(database_url: str) -> str:
    """A libpq URL or key=value string as an Airflow connection URI (a socket directory becomes the host extra)."""
    params = conninfo_to_dict(database_url)
    user = quote(str(params.get("user") or "postgres"), safe="")
    password = f":{quote(str(params['password']), safe='')}" if params.get("password") else ""
    host = str(params.get("host") or "")
    database = quote(str(params.get("dbname") or ""), safe="")
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{database}?host={quote(host, safe='')}"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres://{user}{password}@{host or 'localhost'}{port}/{database}"


def configure(home: Path, database_url: str, *, quiet: bool = True) -> None:
    """Point Airflow at a private home (SQLite metadata), our dags/ folder and our Postgres."""
    if "airflow" in sys.modules:
        raise RuntimeError("Airflow was imported before configure(); its settings are already fixed")
    home.mkdir(parents=True, exist_ok=True)
    os.environ["AIRFLOW_HOME"] = str(home)
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_DIR)
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
    os.environ[f"AIRFLOW_CONN_{NEWS_DB_CONN_ID.upper()}"] = airflow_conn_uri(database_url)
    if quiet:
        os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "WARNING"


def set_database(database_url: str) -> None:
    """Re-point the ``news_db`` connection (tests use one database per test)."""
    os.environ[f"AIRFLOW_CONN_{NEWS_DB_CONN_ID.upper()}"] = airflow_conn_uri(database_url)


def load_dags() -> Any:
    """The DagBag of our dags/ folder, after creating Airflow's metadata tables if needed."""
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils import db

    db.initdb()
    return DagBag(dag_folder=str(DAGS_DIR), known_pools={FETCH_POOL})


def run_dag(dag_id: str, *, run_conf: dict | None = None, logical_date: dt.datetime | None = None) -> str:
    """Run one whole DAG run in this process; returns its final state ("success" or "failed")."""
    bag = load_dags()
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag(dag_id)
    run = dag.test(logical_date=logical_date or dt.datetime.now(dt.UTC), run_conf=run_conf or {})
    return str(getattr(run.state, "value", run.state))
