"""For operators: status and health checks, checked sources, logs with run ids and no secrets, self-describing
DAGs, and the README's first tour run line by line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from etl import airflow_local
from etl.demo.server import SiteServer
from etl.pipeline import run_pipeline
from etl.store.sources import add_source
from etl.subscribe import Subscription
from tests.scripted_server import Reply, ScriptedServer

PROJECT = Path(__file__).resolve().parents[1]


def newsfeed(db_url: str, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, cwd=PROJECT,
                          env=os.environ | {"NEWSFEED_DATABASE_URL": db_url} | env, check=check)


def test_status_shows_sources_runs_and_consumer_lag_and_fails_when_stale(db_url: str, conn: psycopg.Connection,
                                                                          site: SiteServer) -> None:
    add_source(conn, "demo-wire", "rss", f"{site.base_url}/feed.xml")
    add_source(conn, "never-run", "rss", f"{site.base_url}/other.xml")
    run_pipeline(conn, source_names=["demo-wire"])
    Subscription(conn, "dashboard", from_start=True)

    result = newsfeed(db_url, "status", check=False)
    assert result.returncode == 1  # "never-run" has no successful run: stale
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "loaded 8" in lines["demo-wire"] and "STALE" not in lines["demo-wire"]
    assert "STALE" in lines["never-run"]
    assert lines["dashboard"].split()[1].isdigit() and int(lines["dashboard"].split()[1]) > 0

    report = json.loads(newsfeed(db_url, "status", "--json", check=False).stdout)
    assert report["healthy"] is False
    assert {s["name"]: s["stale"] for s in report["sources"]} == {"demo-wire": False, "never-run": True}

    conn.execute("UPDATE news.sources SET enabled = false WHERE name = 'never-run'")
    assert newsfeed(db_url, "status", check=False).returncode == 0
    conn.execute("UPDATE news.runs SET finished_at = now() - interval '3 days'")
    assert newsfeed(db_url, "status", "--stale-after-hours", "24", check=False).returncode == 1


def test_sources_add_reads_the_source_once_and_refuses_what_it_cannot_read(db_url: str, conn: psycopg.Connection,
                                                                           site: SiteServer) -> None:
    added = newsfeed(db_url, "sources", "add", f"{site.base_url}/feed.xml", "--name", "demo-wire")
    assert "lists 8 articles (8 with a date)" in added.stdout and "added source 'demo-wire'" in added.stdout
    refused = newsfeed(db_url, "sources", "add", f"{site.base_url}/missing.xml", "--name", "broken", check=False)
    assert refused.returncode == 1 and "http_404" in refused.stderr
    listed = newsfeed(db_url, "sources", "list").stdout
    assert "demo-wire" in listed and "broken" not in listed
    newsfeed(db_url, "sources", "disable", "--name", "demo-wire")
    assert "off" in newsfeed(db_url, "sources", "list").stdout


def test_json_logs_carry_the_run_id_and_urls_and_never_a_secret(db_url: str, conn: psycopg.Connection) -> None:
    server = ScriptedServer()
    try:
        feed = (f"<rss version='2.0'><channel><title>t</title><item><link>{server.base}/gone</link></item>"
                "</channel></rss>").encode()
        server.route("/feed.xml", Reply(200, feed, {"Content-Type": "application/rss+xml"}))
        server.route("/gone", Reply(404))
        secret_url = server.url("/feed.xml").replace("http://", "http://reader:hunter2@")
        add_source(conn, "private", "rss", secret_url)
        result = newsfeed(db_url, "ingest", "--json-logs")
    finally:
        server.close()
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert entries and all(e["run_id"] == entries[0]["run_id"] and e["run_id"] for e in entries)
    assert any(e["url"] and e["url"].endswith("/gone") and "http_404" in e["message"] for e in entries)
    assert "hunter2" not in result.stderr and "hunter2" not in result.stdout
    assert any("reader:***@" in (e["url"] or "") for e in entries)


def test_quiet_runs_print_no_progress(db_url: str, conn: psycopg.Connection, site: SiteServer) -> None:
    add_source(conn, "demo-wire", "rss", f"{site.base_url}/feed.xml")
    result = newsfeed(db_url, "ingest", "--quiet")
    assert result.stderr == "" and json.loads(result.stdout)["counts"]["loaded"] == 8


def test_every_dag_explains_itself() -> None:
    bag = airflow_local.load_dags()
    assert bag.import_errors == {}
    assert {"news_ingest", "news_backfill", "news_consumer_example"} <= set(bag.dag_ids)
    for dag_id in bag.dag_ids:
        dag = bag.get_dag(dag_id)
        assert dag.doc_md and dag.doc_md.strip().startswith(f"### {dag_id}"), dag_id
        assert dag.tags and "news" in dag.tags, dag_id
        assert all(task.owner == "news-event-feed" for task in dag.tasks), dag_id
        for name, param in dag.params.items():
            assert param.description, f"{dag_id} param {name} has no description"


def walkthrough() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- walkthrough:start -->\s*```sh\n(.*?)```\s*<!-- walkthrough:end -->", text, re.S)
    assert block, "the README lost its walk-through"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_tour_runs_as_written(db_url: str, tmp_path: Path) -> None:
    env = os.environ | {"NEWSFEED_DATABASE_URL": db_url, "NEWSFEED_DATA_DIR": str(tmp_path)}
    outputs = {}
    for line in walkthrough():
        # `make demo` is `.venv/bin/newsfeed demo` after setting up the virtualenv, which the suite runs in already
        command = line.replace("make demo", f"{sys.executable} -m etl.cli demo --port 0")
        command = command.replace(".venv/bin/newsfeed", f"{sys.executable} -m etl.cli")
        result = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=PROJECT, env=env)
        assert result.returncode == 0, f"{line}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        outputs[line.split()[1] if line.startswith(".venv") else "demo"] = result.stdout
    assert "DAG run success" in outputs["demo"]
    events = [json.loads(line) for line in outputs["subscribe"].splitlines()]
    assert events and {e["table"] for e in events} == {"events"}
    assert json.loads(outputs["backfill"])["counts"]["requeued"] == 8
    assert "healthy" in outputs["status"]


@pytest.mark.parametrize("command", [["--help"], ["status", "--help"], ["backfill", "--help"]])
def test_help_is_there(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "etl.cli", *command], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0 and "usage: newsfeed" in result.stdout
