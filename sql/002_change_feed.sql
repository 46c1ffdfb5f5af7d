-- The change feed: every insert, update and delete of a consumer-facing table becomes a row of news.changes in
-- the same transaction, keyed by (txid, seq).
--
-- Ordering: a writer that took a lower sequence number can commit after one that took a higher one, so a
-- consumer that reads "seq > my cursor" would skip it. Instead rows are handed out only once every transaction
-- that could still add a row before them has ended: txid < pg_snapshot_xmin(pg_current_snapshot()), in
-- (txid, seq) order (the PgQ idea). A transaction id is assigned at a transaction's first write and ids only
-- grow, so nothing can later appear behind a consumer's cursor.

CREATE TABLE news.changes (
    txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    table_name text NOT NULL,
    op         text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    row_key    jsonb NOT NULL,
    row_data   jsonb,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (txid, seq)
);
CREATE INDEX changes_changed_at ON news.changes (changed_at);

-- One durable cursor per named consumer.
CREATE TABLE news.consumers (
    name        text PRIMARY KEY,
    last_txid   xid8 NOT NULL DEFAULT '0',
    last_seq    bigint NOT NULL DEFAULT 0,
    tables      text[],
    created_at  timestamptz NOT NULL DEFAULT now(),
    acked_at    timestamptz NOT NULL DEFAULT now()
);

-- Trigger arguments are the table's key columns; the payload is the new row (only the key for deletes).
CREATE FUNCTION news.record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    data jsonb;
    key  jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        data := to_jsonb(OLD);
    ELSE
        data := to_jsonb(NEW);
    END IF;
    SELECT jsonb_object_agg(k, data -> k) INTO key FROM unnest(TG_ARGV) AS k;
    INSERT INTO news.changes (table_name, op, row_key, row_data)
    VALUES (TG_TABLE_NAME, lower(TG_OP), key, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE data END);
    RETURN NULL;
END $$;

-- The consumer-facing tables and their keys, declared once: triggers, the publication and the docs use this list.
CREATE TABLE news.feed_tables (
    table_name  text PRIMARY KEY,
    key_columns text[] NOT NULL
);
INSERT INTO news.feed_tables VALUES
    ('articles', '{article_id}'),
    ('actors', '{actor_id}'),
    ('actor_aliases', '{actor_id,alias}'),
    ('article_actors', '{article_id,actor_id}'),
    ('mentions', '{mention_id}'),
    ('statements', '{statement_id}'),
    ('figures', '{figure_id}'),
    ('events', '{event_id}'),
    ('event_actors', '{event_id,role,actor_id}');

-- Two triggers per table: an INSERT trigger's WHEN clause cannot see OLD, and updates that change nothing
-- (the loader never issues them, but people might) must not reach the feed. Later migrations that add a feed
-- table insert it into news.feed_tables and call this function.
CREATE FUNCTION news.track_changes(feed_table text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    args text;
BEGIN
    SELECT string_agg(quote_literal(k), ', ') INTO args
    FROM news.feed_tables t, unnest(t.key_columns) AS k WHERE t.table_name = feed_table;
    IF args IS NULL THEN
        RAISE EXCEPTION 'news.feed_tables has no row for %', feed_table;
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR DELETE ON news.%I FOR EACH ROW '
                   'EXECUTE FUNCTION news.record_change(%s)', feed_table || '_changes', feed_table, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON news.%I FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) '
                   'EXECUTE FUNCTION news.record_change(%s)', feed_table || '_changes_update', feed_table, args);
END $$;

SELECT news.track_changes(table_name) FROM news.feed_tables;

-- Wake followers at commit: NOTIFY is delivered when the transaction commits, and identical payloads within one
-- transaction fold into one notification. The payload is only a hint (the txid); rows are read from the table.
CREATE FUNCTION news.notify_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('news_changes', pg_current_xact_id()::text);
    RETURN NULL;
END $$;

CREATE TRIGGER changes_notify AFTER INSERT ON news.changes
    FOR EACH STATEMENT EXECUTE FUNCTION news.notify_changes();
