-- What consumers use: stable read-only views in the `newsfeed` schema, the subscription functions, the roles,
-- and a publication for logical replication. Consumers build on these, not on the `news` tables, so the
-- tables can change shape without breaking them.

CREATE SCHEMA IF NOT EXISTS newsfeed;

CREATE VIEW newsfeed.articles AS
SELECT a.article_id, a.url, a.canonical_url, s.name AS source, a.title, a.authors, a.published_at, a.modified_at,
       a.section, a.language, a.body, a.content_sha256, a.extractor_version, a.fetched_at, a.processed_at
FROM news.articles a LEFT JOIN news.sources s USING (source_id);

CREATE VIEW newsfeed.actors AS
SELECT a.actor_id, a.name, a.type, a.country, a.canonical_key, a.first_seen_at,
       COALESCE((SELECT array_agg(al.alias ORDER BY al.alias) FROM news.actor_aliases al
                 WHERE al.actor_id = a.actor_id), '{}') AS aliases
FROM news.actors a;

CREATE VIEW newsfeed.mentions AS
SELECT m.mention_id, m.article_id, m.actor_id, a.name AS actor_name, a.type AS actor_type, m.surface,
       m.start_char, m.end_char, m.extractor_version
FROM news.mentions m JOIN news.actors a USING (actor_id);

CREATE VIEW newsfeed.statements AS
SELECT st.statement_id, st.article_id, ar.published_at, ar.title AS article_title, ar.canonical_url AS article_url,
       st.speaker_actor_id, sp.name AS speaker, st.speaker_name AS speaker_in_article, st.quote, st.kind, st.cue,
       st.addressee, st.start_char, st.end_char, st.extractor_version
FROM news.statements st
JOIN news.articles ar USING (article_id)
LEFT JOIN news.actors sp ON sp.actor_id = st.speaker_actor_id;

CREATE VIEW newsfeed.figures AS
SELECT f.figure_id, f.article_id, ar.published_at, ar.title AS article_title, ar.canonical_url AS article_url,
       f.value, f.value_high, f.unit, f.qualifier, f.direction, f.object, f.text, f.start_char, f.end_char,
       f.extractor_version
FROM news.figures f JOIN news.articles ar USING (article_id);

CREATE VIEW newsfeed.events AS
SELECT e.event_id, e.article_id, ar.published_at, ar.title AS article_title, ar.canonical_url AS article_url,
       e.event_type, e.mode, e.status, e.event_date, e.location, e.trigger, e.sentence, e.confidence,
       COALESCE(src.ids, '{}') AS source_actor_ids, COALESCE(src.names, '{}') AS source_names,
       COALESCE(tgt.ids, '{}') AS target_actor_ids, COALESCE(tgt.names, '{}') AS target_names,
       e.start_char, e.end_char, e.extractor_version
FROM news.events e
JOIN news.articles ar USING (article_id)
LEFT JOIN LATERAL (SELECT array_agg(ea.actor_id ORDER BY ea.actor_name) AS ids,
                          array_agg(ea.actor_name ORDER BY ea.actor_name) AS names
                   FROM news.event_actors ea WHERE ea.event_id = e.event_id AND ea.role = 'source') src ON true
LEFT JOIN LATERAL (SELECT array_agg(ea.actor_id ORDER BY ea.actor_name) AS ids,
                          array_agg(ea.actor_name ORDER BY ea.actor_name) AS names
                   FROM news.event_actors ea WHERE ea.event_id = e.event_id AND ea.role = 'target') tgt ON true;

-- The change feed as consumers may see it: only rows of transactions that have ended.
CREATE VIEW newsfeed.changes AS
SELECT c.txid::text || ':' || c.seq AS position, c.txid, c.seq, c.table_name, c.op, c.row_key, c.row_data,
       c.changed_at
FROM news.changes c
WHERE c.txid < pg_snapshot_xmin(pg_current_snapshot());

-- Register a consumer (idempotent). A new consumer starts at the beginning of the feed or at "now": after
-- every transaction that has already ended.
CREATE FUNCTION newsfeed.subscribe(consumer text, from_start boolean DEFAULT false, tables text[] DEFAULT NULL)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, news AS $$
    INSERT INTO news.consumers (name, last_txid, last_seq, tables)
    VALUES (consumer,
            CASE WHEN from_start THEN '0'::xid8 ELSE pg_snapshot_xmin(pg_current_snapshot()) END,
            0, tables)
    ON CONFLICT (name) DO UPDATE SET tables = COALESCE(EXCLUDED.tables, consumers.tables);
$$;

-- The next changes after a consumer's cursor, in (txid, seq) order, from ended transactions only.
CREATE FUNCTION newsfeed.read_changes(consumer text, batch_size integer DEFAULT 100, only_tables text[] DEFAULT NULL)
RETURNS TABLE (txid xid8, seq bigint, table_name text, op text, row_key jsonb, row_data jsonb,
               changed_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, news AS $$
    SELECT c.txid, c.seq, c.table_name, c.op, c.row_key, c.row_data, c.changed_at
    FROM news.consumers k
    JOIN news.changes c ON (c.txid, c.seq) > (k.last_txid, k.last_seq)
    WHERE k.name = consumer
      AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
      AND (COALESCE(only_tables, k.tables) IS NULL OR c.table_name = ANY(COALESCE(only_tables, k.tables)))
    ORDER BY c.txid, c.seq
    LIMIT batch_size;
$$;

-- Move a consumer's cursor forward (never back); returns false for an unknown consumer or a stale ack.
CREATE FUNCTION newsfeed.ack(consumer text, acked_txid xid8, acked_seq bigint)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, news AS $$
    WITH moved AS (
        UPDATE news.consumers SET last_txid = acked_txid, last_seq = acked_seq, acked_at = now()
        WHERE name = consumer AND (last_txid, last_seq) < (acked_txid, acked_seq)
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM moved);
$$;

-- Whether committed changes after the cursor are held back by an older transaction that is still running
-- (followers then re-check shortly instead of waiting for the next notification).
CREATE FUNCTION newsfeed.changes_held_back(consumer text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, news AS $$
    SELECT EXISTS (
        SELECT 1 FROM news.consumers k
        JOIN news.changes c ON (c.txid, c.seq) > (k.last_txid, k.last_seq)
        WHERE k.name = consumer AND c.txid >= pg_snapshot_xmin(pg_current_snapshot()));
$$;

REVOKE ALL ON FUNCTION newsfeed.changes_held_back(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION newsfeed.subscribe(text, boolean, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION newsfeed.read_changes(text, integer, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION newsfeed.ack(text, xid8, bigint) FROM PUBLIC;

-- Group roles (no login): grant them to real users, e.g. GRANT newsfeed_reader TO analyst.
DO $$
BEGIN
    CREATE ROLE newsfeed_reader NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;  -- roles are per cluster: another database created it
END $$;
DO $$
BEGIN
    CREATE ROLE newsfeed_writer NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

GRANT USAGE ON SCHEMA newsfeed TO newsfeed_reader, newsfeed_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA newsfeed TO newsfeed_reader, newsfeed_writer;
GRANT EXECUTE ON FUNCTION newsfeed.subscribe(text, boolean, text[]), newsfeed.read_changes(text, integer, text[]),
    newsfeed.ack(text, xid8, bigint), newsfeed.changes_held_back(text) TO newsfeed_reader, newsfeed_writer;

GRANT USAGE ON SCHEMA news TO newsfeed_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA news TO newsfeed_writer;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA news TO newsfeed_writer;

-- Logical replication (CREATE SUBSCRIPTION, Debezium): every consumer-facing table, each with a primary key.
DO $$
BEGIN
    EXECUTE 'CREATE PUBLICATION newsfeed_publication FOR TABLE '
            || (SELECT string_agg(format('news.%I', table_name), ', ' ORDER BY table_name) FROM news.feed_tables);
END $$;

-- Tables and views added by later migrations get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA news GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO newsfeed_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA news GRANT USAGE, SELECT ON SEQUENCES TO newsfeed_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA newsfeed GRANT SELECT ON TABLES TO newsfeed_reader, newsfeed_writer;
