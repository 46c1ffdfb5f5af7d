"""news-event-feed: fetch news articles, extract actors, events, statements and figures, load them into Postgres.

Each stage is a plain function in its own module (sources -> fetch -> parse -> analyze -> store); the Airflow DAGs
and the ``newsfeed`` command only wire them together.
"""

EXTRACTOR_VERSION = "0.3.0"
"""Version of the extraction logic, stored with every derived row so re-analysis can find stale rows."""
