-- Runs once when the Postgres container is first created: a database for Airflow's own metadata,
-- beside the `newsfeed` database the pipeline writes to.
CREATE DATABASE airflow OWNER newsfeed;
