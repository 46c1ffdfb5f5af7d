-- Knowing when a worker is gone, without waiting for a timeout.
--
-- A page being processed records the backend that claimed it: when that backend has disconnected (its worker
-- died, or Postgres restarted) the page is free again at once instead of after the claim expires.
ALTER TABLE news.raw_pages ADD COLUMN claimed_by integer;

-- A run started from the command line holds one connection for its whole life and records its backend; when a
-- later run finds such a run still 'running' but its backend gone, it closes it as failed ("abandoned").
-- Airflow runs leave this NULL: each task has its own connection, and a DAG failure callback closes the run.
ALTER TABLE news.runs ADD COLUMN backend_pid integer;
