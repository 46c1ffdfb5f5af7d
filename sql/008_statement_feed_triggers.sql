-- Feed rows per statement, not per row. A batched loader writes thousands of rows with one COPY or one
-- INSERT ... SELECT; a row-level trigger would run PL/pgSQL and an INSERT for each of them. Statement-level
-- triggers see every affected row in a transition table and write all the feed rows with one INSERT ... SELECT.
-- The feed's content is unchanged: one row per inserted, updated (only when its content changed) and deleted
-- row, the new row as JSON (only the key for deletes), in the same transaction.

-- Each feed table gets a trigger function of its own with its statements written out, so that they are parsed
-- and planned once per session rather than assembled with format() and EXECUTEd for every statement (which cost
-- single-row writers a third of their speed). The transition tables are named new_rows and old_rows.
-- Later migrations that add a feed table insert it into news.feed_tables and call this function, as before.
CREATE OR REPLACE FUNCTION news.track_changes(feed_table text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    key_of_new text;
    key_of_old text;
    same_key   text;
    recorder   text := 'record_' || feed_table || '_changes';
BEGIN
    SELECT string_agg(format('%L, n.%I', k, k), ', '),
           string_agg(format('%L, o.%I', k, k), ', '),
           string_agg(format('o.%1$I = n.%1$I', k), ' AND ')
      INTO key_of_new, key_of_old, same_key
      FROM news.feed_tables t, unnest(t.key_columns) AS k WHERE t.table_name = feed_table;
    IF key_of_new IS NULL THEN
        RAISE EXCEPTION 'news.feed_tables has no row for %', feed_table;
    END IF;
    EXECUTE format($fn$
        CREATE OR REPLACE FUNCTION news.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO news.changes (table_name, op, row_key, row_data)
                SELECT %2$L, 'insert', jsonb_build_object(%3$s), to_jsonb(n) FROM new_rows n;
            ELSIF TG_OP = 'UPDATE' THEN  -- an update that rewrites a row with the same content is not a change
                INSERT INTO news.changes (table_name, op, row_key, row_data)
                SELECT %2$L, 'update', jsonb_build_object(%3$s), to_jsonb(n) FROM new_rows n
                LEFT JOIN old_rows o ON %5$s WHERE o IS NULL OR to_jsonb(o) IS DISTINCT FROM to_jsonb(n);
            ELSE
                INSERT INTO news.changes (table_name, op, row_key, row_data)
                SELECT %2$L, 'delete', jsonb_build_object(%4$s), NULL FROM old_rows o;
            END IF;
            RETURN NULL;
        END $body$
    $fn$, recorder, feed_table, key_of_new, key_of_old, same_key);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON news.%I', feed_table || '_changes', feed_table);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON news.%I', feed_table || '_changes_update', feed_table);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON news.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION news.%I()', feed_table || '_changes_insert', feed_table, recorder);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON news.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION news.%I()', feed_table || '_changes_update', feed_table, recorder);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON news.%I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION news.%I()', feed_table || '_changes_delete', feed_table, recorder);
END $$;

SELECT news.track_changes(table_name) FROM news.feed_tables;
DROP FUNCTION news.record_change();

-- A statement trigger fires even when its statement wrote no feed rows; only wake followers when it did.
CREATE OR REPLACE FUNCTION news.notify_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM added) THEN
        PERFORM pg_notify('news_changes', pg_current_xact_id()::text);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER changes_notify ON news.changes;
CREATE TRIGGER changes_notify AFTER INSERT ON news.changes REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION news.notify_changes();
