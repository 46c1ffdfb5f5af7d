-- The schema reference lives in the database: COMMENT ON every table, view and column consumers touch, and on
-- the newsfeed functions. `newsfeed schema docs` renders these comments into the README's schema reference and
-- `newsfeed schema dbt` into integrations/dbt/sources.yml, so the catalog is the one place to change a
-- description (a test fails when the README drifts from it).
--
-- Also: newsfeed.figures gains the offsets of the sentence holding each figure (news.figures has had them since
-- 005), so readers of the views can tie a figure to the actors mentioned in its sentence.

COMMENT ON SCHEMA newsfeed IS
    'What consumers read: stable views over the news tables and the change-feed functions. The newsfeed_reader role can read only these.';
COMMENT ON SCHEMA news IS
    'The tables the pipeline writes. Consumers should read the newsfeed views, which keep their shape when these tables change.';

-- ------------------------------------------------------------------------------------------------------------
-- Tables

COMMENT ON TABLE news.sources IS
    'A place articles are discovered from: a feed, a news sitemap, a URL list or a folder (`newsfeed sources add`).';
COMMENT ON COLUMN news.sources.source_id IS 'Key (generated).';
COMMENT ON COLUMN news.sources.name IS 'Unique name given when the source was added; newsfeed.articles.source shows it.';
COMMENT ON COLUMN news.sources.kind IS
    'How the source is read: rss, atom, sitemap (news sitemap or sitemap index), urls (a text file of "URL [date]" lines) or files (a folder of .html, .html.gz and .txt files).';
COMMENT ON COLUMN news.sources.url IS 'Address of the feed, sitemap or URL list; for kind files, the folder path.';
COMMENT ON COLUMN news.sources.enabled IS 'Whether runs read this source (`newsfeed sources enable|disable`).';
COMMENT ON COLUMN news.sources.etag IS 'ETag of the source''s last response, sent back as If-None-Match (conditional GET).';
COMMENT ON COLUMN news.sources.last_modified IS
    'Last-Modified header of the source''s last response, as the server wrote it; sent back as If-Modified-Since.';
COMMENT ON COLUMN news.sources.created_at IS 'When the source was added.';
COMMENT ON COLUMN news.sources.last_discovered_at IS 'When the source was last read successfully; null before that.';

COMMENT ON TABLE news.article_refs IS
    'The frontier: every article URL a source listed, and where its fetch stands. Pipeline state, not extracted data.';
COMMENT ON COLUMN news.article_refs.url IS
    'Key: the article URL, normalized (tracking parameters, fragment, host case, default port and query order do not matter).';
COMMENT ON COLUMN news.article_refs.source_id IS 'The source that listed it (news.sources).';
COMMENT ON COLUMN news.article_refs.host IS 'Host of the URL; fetches are polite per host (one fetcher, a delay between requests).';
COMMENT ON COLUMN news.article_refs.title IS 'Title the source gave (feed item or sitemap entry), if any.';
COMMENT ON COLUMN news.article_refs.published_at IS 'Publication time the source gave, if any; run windows filter on it.';
COMMENT ON COLUMN news.article_refs.discovered_at IS 'When a source first listed the URL.';
COMMENT ON COLUMN news.article_refs.state IS
    'pending (to fetch), fetched, not_modified (the server answered 304), failed (transient; retried after next_attempt_at) or rejected (permanent failure, see news.quarantine).';
COMMENT ON COLUMN news.article_refs.attempts IS 'Fetch attempts so far; reset when a backfill or `quarantine retry` queues it again.';
COMMENT ON COLUMN news.article_refs.next_attempt_at IS
    'Earliest time of the next attempt: the retry delay doubles per attempt, or the server''s longer Retry-After.';
COMMENT ON COLUMN news.article_refs.last_run_id IS 'The run (news.runs.run_id) that last discovered or fetched it.';

COMMENT ON TABLE news.raw_pages IS
    'Every page fetched, gzip-compressed as received, so articles can be re-analyzed without the network. Pipeline state.';
COMMENT ON COLUMN news.raw_pages.url IS 'Key: the URL as in news.article_refs.';
COMMENT ON COLUMN news.raw_pages.source_id IS 'The source that listed the page (news.sources).';
COMMENT ON COLUMN news.raw_pages.final_url IS 'URL after redirects.';
COMMENT ON COLUMN news.raw_pages.http_status IS 'HTTP status of the response (null for files read from a folder).';
COMMENT ON COLUMN news.raw_pages.content_type IS 'Media type of the response (text/html, text/plain).';
COMMENT ON COLUMN news.raw_pages.etag IS 'ETag of the response, sent back as If-None-Match on a refetch.';
COMMENT ON COLUMN news.raw_pages.last_modified IS 'Last-Modified of the response, sent back as If-Modified-Since on a refetch.';
COMMENT ON COLUMN news.raw_pages.content_sha256 IS 'SHA-256 (hex) of the page bytes; a refetch with the same hash is not parsed again.';
COMMENT ON COLUMN news.raw_pages.html_gzip IS 'The page bytes, gzip-compressed.';
COMMENT ON COLUMN news.raw_pages.fetched_at IS 'When the page was last fetched.';
COMMENT ON COLUMN news.raw_pages.parse_state IS
    'pending (to process), claimed (a worker is processing it), done (loaded) or rejected (see news.quarantine).';
COMMENT ON COLUMN news.raw_pages.claimed_at IS 'When a worker claimed the page; claims expire.';
COMMENT ON COLUMN news.raw_pages.claimed_by IS 'Backend pid of the claiming worker; the claim ends at once when that backend is gone.';
COMMENT ON COLUMN news.raw_pages.article_id IS 'The article loaded from this page (news.articles), once done.';

COMMENT ON TABLE news.articles IS
    'One row per canonical article: metadata and clean body text. Offsets of every derived row index into body.';
COMMENT ON COLUMN news.articles.article_id IS
    'Key: UUID v5 of the canonical URL (http and https give the same key), so the same article always has the same id.';
COMMENT ON COLUMN news.articles.url IS 'URL the article was fetched from, after redirects.';
COMMENT ON COLUMN news.articles.canonical_url IS
    'Canonical URL the page declares (link rel=canonical, og:url), else the fetched URL; unique.';
COMMENT ON COLUMN news.articles.source_id IS 'The source it came through (news.sources); null if that source was deleted.';
COMMENT ON COLUMN news.articles.title IS 'Headline from the page''s metadata, else the feed item''s title.';
COMMENT ON COLUMN news.articles.authors IS 'Bylines, one name per element; empty when the page names none.';
COMMENT ON COLUMN news.articles.published_at IS
    'Publication time (timestamptz) from the page''s metadata, else the source''s date; a time given without a zone is read as UTC. Null when unknown.';
COMMENT ON COLUMN news.articles.modified_at IS 'Last-modified time the page states (article:modified_time, JSON-LD dateModified), if any.';
COMMENT ON COLUMN news.articles.section IS 'Section the page states (article:section), if any.';
COMMENT ON COLUMN news.articles.language IS
    'ISO 639-1 code, detected from the body (the page''s declared language as a hint). Only English articles are analyzed.';
COMMENT ON COLUMN news.articles.body IS 'Clean body text without boilerplate; paragraphs separated by a blank line.';
COMMENT ON COLUMN news.articles.content_sha256 IS 'SHA-256 (hex) of body as UTF-8.';
COMMENT ON COLUMN news.articles.extractor_version IS 'Version of the extraction code (etl.EXTRACTOR_VERSION) that last analyzed the article.';
COMMENT ON COLUMN news.articles.fetched_at IS 'When the page this version of the article came from was fetched.';
COMMENT ON COLUMN news.articles.processed_at IS 'When this row last changed (insert, or an update because the article changed).';

COMMENT ON TABLE news.actors IS
    'A real-world person, organization or place, across all articles. Countries are one actor whatever an article calls them ("Beijing" is China).';
COMMENT ON COLUMN news.actors.actor_id IS 'Key: UUID v5 of canonical_key.';
COMMENT ON COLUMN news.actors.canonical_key IS
    'Cross-article identity, unique: "country:" and the ISO 3166-1 alpha-3 code for countries ("country:CHN"), else type and normalized name ("person:margit halvorsen").';
COMMENT ON COLUMN news.actors.name IS 'Full name as first seen ("Margit Halvorsen", "United Kingdom").';
COMMENT ON COLUMN news.actors.type IS 'person, organization or location.';
COMMENT ON COLUMN news.actors.country IS
    'ISO 3166-1 alpha-3 code of the actor''s country (a place''s country, a person''s or organization''s from the text); filled once known, else null.';
COMMENT ON COLUMN news.actors.first_seen_at IS 'When the actor was first loaded.';

COMMENT ON TABLE news.actor_aliases IS 'Every surface form an actor was seen under, and why it was joined to the actor.';
COMMENT ON COLUMN news.actor_aliases.actor_id IS 'Key, with alias: the actor (news.actors).';
COMMENT ON COLUMN news.actor_aliases.alias IS 'Key, with actor_id: the form as written ("Halvorsen", "Beijing", "EU").';
COMMENT ON COLUMN news.actor_aliases.reason IS
    'Why the form belongs to the actor: "canonical name in article", or the full name it was named beside in the same article.';
COMMENT ON COLUMN news.actor_aliases.first_article_id IS 'The article the alias was first seen in (news.articles).';
COMMENT ON COLUMN news.actor_aliases.first_seen_at IS 'When the alias was first loaded.';

COMMENT ON TABLE news.article_actors IS 'An actor as one article presents it: the name used there, roles and country.';
COMMENT ON COLUMN news.article_actors.article_id IS 'Key, with actor_id: the article (news.articles).';
COMMENT ON COLUMN news.article_actors.actor_id IS 'Key, with article_id: the canonical actor (news.actors).';
COMMENT ON COLUMN news.article_actors.name IS 'The actor''s name in this article.';
COMMENT ON COLUMN news.article_actors.roles IS 'Titles and roles the article gives the actor ("Trade Commissioner", "Foreign Minister").';
COMMENT ON COLUMN news.article_actors.country IS 'ISO 3166-1 alpha-3 code of the actor''s country according to this article, if any.';
COMMENT ON COLUMN news.article_actors.extractor_version IS 'Version of the extraction code that produced this row''s content.';

COMMENT ON TABLE news.mentions IS 'Each place in an article body that names an actor.';
COMMENT ON COLUMN news.mentions.mention_id IS 'Key: UUID v5 of article, actor, surface and occurrence number (not offsets).';
COMMENT ON COLUMN news.mentions.article_id IS 'The article (news.articles).';
COMMENT ON COLUMN news.mentions.actor_id IS 'The actor named (news.actors).';
COMMENT ON COLUMN news.mentions.surface IS 'The words as written ("Beijing", "Halvorsen").';
COMMENT ON COLUMN news.mentions.start_char IS 'Start offset in the article body, in characters from 0 (inclusive).';
COMMENT ON COLUMN news.mentions.end_char IS 'End offset in the article body, in characters (exclusive).';
COMMENT ON COLUMN news.mentions.extractor_version IS 'Version of the extraction code that produced this row''s content.';

COMMENT ON TABLE news.statements IS 'A quotation or a reported claim, with its speaker.';
COMMENT ON COLUMN news.statements.statement_id IS 'Key: UUID v5 of article, kind, quote and occurrence number.';
COMMENT ON COLUMN news.statements.article_id IS 'The article (news.articles).';
COMMENT ON COLUMN news.statements.speaker_actor_id IS
    'The speaker as a canonical actor (news.actors); null when unattributed or the speaker is not a named actor.';
COMMENT ON COLUMN news.statements.speaker_name IS 'The speaker''s name in this article, pronouns resolved; null when unattributed.';
COMMENT ON COLUMN news.statements.quote IS 'direct: the quoted words, without quotation marks; indirect: the reported clause.';
COMMENT ON COLUMN news.statements.kind IS 'direct (words inside quotation marks) or indirect (reported speech, "said that ...").';
COMMENT ON COLUMN news.statements.cue IS 'The attribution word as written ("said", "told", "warned", "according to"), if any.';
COMMENT ON COLUMN news.statements.addressee IS 'Who was told ("Reuters" in "told Reuters"), if the text says.';
COMMENT ON COLUMN news.statements.start_char IS 'Start offset of the quote in the article body, in characters (inclusive).';
COMMENT ON COLUMN news.statements.end_char IS 'End offset of the quote in the article body, in characters (exclusive).';
COMMENT ON COLUMN news.statements.extractor_version IS 'Version of the extraction code that produced this row''s content.';

COMMENT ON TABLE news.figures IS 'An informative number in an article: a count, an amount of money, a percentage, a measure or a range.';
COMMENT ON COLUMN news.figures.figure_id IS 'Key: UUID v5 of article, text, value and occurrence number.';
COMMENT ON COLUMN news.figures.article_id IS 'The article (news.articles).';
COMMENT ON COLUMN news.figures.value IS
    'The number in unit, scale words applied ("$1.9 billion" -> 1900000000, "35.3%" -> 35.3); a range''s low end.';
COMMENT ON COLUMN news.figures.value_high IS 'A range''s high end ("between 250,000 and 300,000" -> 300000); else null.';
COMMENT ON COLUMN news.figures.unit IS
    'ISO 4217 code for money (USD, EUR), percent, percentage point, or a unit of measure (km, t, bbl, hours, ...); null for plain counts.';
COMMENT ON COLUMN news.figures.qualifier IS 'Bound or approximation as written ("about", "more than", "up to"), if any.';
COMMENT ON COLUMN news.figures.direction IS 'For changes: up or down ("fell 3%" -> down); else null.';
COMMENT ON COLUMN news.figures.object IS 'What is counted or measured ("troops", "cars", "civilians"), if found.';
COMMENT ON COLUMN news.figures.text IS 'The figure as written ("about 1,500 troops").';
COMMENT ON COLUMN news.figures.start_char IS 'Start offset of text in the article body, in characters (inclusive).';
COMMENT ON COLUMN news.figures.end_char IS 'End offset of text in the article body, in characters (exclusive).';
COMMENT ON COLUMN news.figures.sentence_start IS 'Start offset of the sentence holding the figure, in characters (inclusive).';
COMMENT ON COLUMN news.figures.sentence_end IS 'End offset of the sentence holding the figure, in characters (exclusive).';
COMMENT ON COLUMN news.figures.extractor_version IS 'Version of the extraction code that produced this row''s content.';

COMMENT ON TABLE news.events IS
    'An event: who did what to whom, when and where, coded with PLOVER event types. Repeated mentions of one event are one row (see news.event_mentions).';
COMMENT ON COLUMN news.events.event_id IS 'Key: UUID v5 of article, type, trigger, sentence and occurrence number.';
COMMENT ON COLUMN news.events.article_id IS 'The article (news.articles).';
COMMENT ON COLUMN news.events.event_type IS
    'PLOVER type: AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT or OTHER.';
COMMENT ON COLUMN news.events.mode IS 'PLOVER mode where the trigger makes it clear (CONSULT: meet, phone, visit; COERCE: arrest, seize; ...); else null.';
COMMENT ON COLUMN news.events.status IS
    'occurred, planned (future), conditional ("if ..."), threatened, negated ("did not attack") or claimed (alleged by someone).';
COMMENT ON COLUMN news.events.event_date IS
    'Calendar date of the event, relative dates ("on Thursday", "last week") resolved against the publication date; null when the text gives none.';
COMMENT ON COLUMN news.events.location IS 'Place or venue the text attaches to the event ("in Geneva"); null when none.';
COMMENT ON COLUMN news.events.trigger IS 'The words that name the event ("met", "imposed sanctions", "spoke by phone with").';
COMMENT ON COLUMN news.events.sentence IS 'The sentence of the first mention.';
COMMENT ON COLUMN news.events.start_char IS 'Start offset of the first mention''s trigger in the article body, in characters (inclusive).';
COMMENT ON COLUMN news.events.end_char IS 'End offset of the first mention''s trigger in the article body, in characters (exclusive).';
COMMENT ON COLUMN news.events.confidence IS
    'Heuristic score from 0 to 1 (both sides named, verb trigger, own words, not inside a quotation); for filtering, not a calibrated probability.';
COMMENT ON COLUMN news.events.extractor_version IS 'Version of the extraction code that produced this row''s content.';

COMMENT ON TABLE news.event_actors IS 'The actors on each side of an event.';
COMMENT ON COLUMN news.event_actors.event_id IS 'Key, with role and actor_id: the event (news.events).';
COMMENT ON COLUMN news.event_actors.role IS 'source (who acted) or target (who was acted on or with).';
COMMENT ON COLUMN news.event_actors.actor_id IS 'The actor (news.actors).';
COMMENT ON COLUMN news.event_actors.actor_name IS 'The actor''s name in the article.';

COMMENT ON TABLE news.event_mentions IS 'Every mention of an event in its article (a meeting mentioned three times is one event with three mentions).';
COMMENT ON COLUMN news.event_mentions.event_id IS 'Key, with start_char: the event (news.events).';
COMMENT ON COLUMN news.event_mentions.start_char IS 'Key, with event_id: start offset of the trigger in the article body, in characters (inclusive).';
COMMENT ON COLUMN news.event_mentions.end_char IS 'End offset of the trigger in the article body, in characters (exclusive).';
COMMENT ON COLUMN news.event_mentions.trigger IS 'The trigger words of this mention ("met", "the talks").';

COMMENT ON TABLE news.quarantine IS
    'Everything rejected (feed, page or article), with the stage and reason; one row per URL and stage, retried by later runs up to a limit.';
COMMENT ON COLUMN news.quarantine.quarantine_id IS 'Key (generated).';
COMMENT ON COLUMN news.quarantine.source_id IS 'The source involved (news.sources), if known.';
COMMENT ON COLUMN news.quarantine.url IS 'The feed or page URL (credentials redacted); unique with stage.';
COMMENT ON COLUMN news.quarantine.stage IS 'Where it failed: discover, fetch, parse, analyze or load.';
COMMENT ON COLUMN news.quarantine.reason IS 'Stable reason word: http_404, http_503, read_timeout, robots_disallowed, too_large, malformed_xml, empty_body, ...';
COMMENT ON COLUMN news.quarantine.detail IS 'The error text (credentials redacted).';
COMMENT ON COLUMN news.quarantine.attempts IS 'How many times this failure was seen.';
COMMENT ON COLUMN news.quarantine.first_seen_at IS 'When it first failed.';
COMMENT ON COLUMN news.quarantine.last_seen_at IS 'When it last failed.';
COMMENT ON COLUMN news.quarantine.last_run_id IS 'The run (news.runs.run_id) that last saw it fail.';

COMMENT ON TABLE news.runs IS 'Each run of the pipeline (scheduled, manual, backfill or CLI): window, mode, counts and seconds per stage.';
COMMENT ON COLUMN news.runs.run_id IS 'Key (generated).';
COMMENT ON COLUMN news.runs.kind IS 'scheduled (news_ingest), manual (a triggered DAG run), backfill (news_backfill, `newsfeed backfill`) or cli (`newsfeed ingest`).';
COMMENT ON COLUMN news.runs.mode IS 'ingest (what is new), refetch (fetch the window again) or reanalyze (stored pages, no network).';
COMMENT ON COLUMN news.runs.dag_id IS 'Airflow DAG id for runs under Airflow; else null.';
COMMENT ON COLUMN news.runs.dag_run_id IS 'Airflow DAG run id for runs under Airflow; else null.';
COMMENT ON COLUMN news.runs.window_start IS 'Start of the run''s article window (inclusive); null for unbounded.';
COMMENT ON COLUMN news.runs.window_end IS 'End of the run''s article window (exclusive); null for unbounded.';
COMMENT ON COLUMN news.runs.source_ids IS 'The sources the run read (news.sources.source_id).';
COMMENT ON COLUMN news.runs.status IS 'running, success or failed.';
COMMENT ON COLUMN news.runs.counts IS
    'Counts per stage, a JSON object: discovered, new_refs, requeued, fetched, not_modified, parsed, analyzed, loaded, changed, quarantined, fetch_failed (and the other stages), rows_events (rows written per table), ...';
COMMENT ON COLUMN news.runs.timings IS 'Seconds spent per stage, a JSON object (discover, fetch, parse, analyze, load, ...).';
COMMENT ON COLUMN news.runs.error IS 'Why the run failed (credentials redacted); "abandoned: ..." when its process died.';
COMMENT ON COLUMN news.runs.started_at IS 'When the run started.';
COMMENT ON COLUMN news.runs.finished_at IS 'When the run ended; null while running.';
COMMENT ON COLUMN news.runs.backend_pid IS 'Backend pid of a CLI run''s connection, to detect a dead run; null for Airflow runs.';

COMMENT ON TABLE news.changes IS
    'The change feed: one row per insert, update or delete of a feed table (news.feed_tables), written by triggers in the same transaction.';
COMMENT ON COLUMN news.changes.txid IS 'Key, with seq: id of the writing transaction (pg_current_xact_id()).';
COMMENT ON COLUMN news.changes.seq IS 'Key, with txid: sequence number; read in (txid, seq) order.';
COMMENT ON COLUMN news.changes.table_name IS 'The changed table, a name from news.feed_tables (schema news).';
COMMENT ON COLUMN news.changes.op IS 'insert, update or delete.';
COMMENT ON COLUMN news.changes.row_key IS 'The changed row''s key columns as a JSON object (news.feed_tables.key_columns).';
COMMENT ON COLUMN news.changes.row_data IS 'The whole row after the change as a JSON object; null for deletes.';
COMMENT ON COLUMN news.changes.changed_at IS 'Start time of the writing transaction.';

COMMENT ON TABLE news.consumers IS 'One durable cursor per named consumer of the change feed (newsfeed.subscribe, `newsfeed subscribe`).';
COMMENT ON COLUMN news.consumers.name IS 'Key: the consumer''s name.';
COMMENT ON COLUMN news.consumers.last_txid IS 'Cursor, with last_seq: the last acknowledged change''s txid.';
COMMENT ON COLUMN news.consumers.last_seq IS 'Cursor, with last_txid: the last acknowledged change''s seq.';
COMMENT ON COLUMN news.consumers.tables IS 'Feed tables the consumer follows; null for all.';
COMMENT ON COLUMN news.consumers.created_at IS 'When the consumer subscribed.';
COMMENT ON COLUMN news.consumers.acked_at IS 'When the consumer last moved its cursor.';

COMMENT ON TABLE news.feed_tables IS
    'The consumer-facing tables and their keys, declared once: change-feed triggers, the publication and the docs use this list.';
COMMENT ON COLUMN news.feed_tables.table_name IS 'Key: a table in schema news.';
COMMENT ON COLUMN news.feed_tables.key_columns IS 'The table''s primary-key columns, as news.changes.row_key carries them.';

-- ------------------------------------------------------------------------------------------------------------
-- Views. Columns that pass a table column through unchanged inherit its comment (news.inherit_view_comments
-- below); only derived and joined-in columns are described here.

CREATE OR REPLACE VIEW newsfeed.figures AS
SELECT f.figure_id, f.article_id, ar.published_at, ar.title AS article_title, ar.canonical_url AS article_url,
       f.value, f.value_high, f.unit, f.qualifier, f.direction, f.object, f.text, f.start_char, f.end_char,
       f.extractor_version, f.sentence_start, f.sentence_end
FROM news.figures f JOIN news.articles ar USING (article_id);

COMMENT ON VIEW newsfeed.articles IS 'One row per canonical article, with its source''s name (news.articles).';
COMMENT ON COLUMN newsfeed.articles.source IS 'Name of the source it came through (news.sources.name).';

COMMENT ON VIEW newsfeed.actors IS 'Canonical actors with every alias they were seen under (news.actors, news.actor_aliases).';
COMMENT ON COLUMN newsfeed.actors.aliases IS 'Every surface form seen for the actor, sorted (news.actor_aliases.alias).';

COMMENT ON VIEW newsfeed.mentions IS 'Each place an article names an actor, with the actor''s canonical name and type (news.mentions).';
COMMENT ON COLUMN newsfeed.mentions.actor_name IS 'Canonical name of the actor (news.actors.name).';
COMMENT ON COLUMN newsfeed.mentions.actor_type IS 'person, organization or location (news.actors.type).';

COMMENT ON VIEW newsfeed.statements IS
    'Quotations and reported claims with the speaker''s canonical name and the article''s date and title (news.statements).';
COMMENT ON COLUMN newsfeed.statements.published_at IS 'Publication time of the statement''s article (news.articles.published_at).';
COMMENT ON COLUMN newsfeed.statements.article_title IS 'Title of the statement''s article.';
COMMENT ON COLUMN newsfeed.statements.article_url IS 'Canonical URL of the statement''s article.';
COMMENT ON COLUMN newsfeed.statements.speaker IS 'Canonical name of the speaker (news.actors.name); null when not a known actor.';
COMMENT ON COLUMN newsfeed.statements.speaker_in_article IS
    'The speaker''s name in this article, pronouns resolved (news.statements.speaker_name); null when unattributed.';

COMMENT ON VIEW newsfeed.figures IS 'Informative numbers with the article''s date and title (news.figures).';
COMMENT ON COLUMN newsfeed.figures.published_at IS 'Publication time of the figure''s article (news.articles.published_at).';
COMMENT ON COLUMN newsfeed.figures.article_title IS 'Title of the figure''s article.';
COMMENT ON COLUMN newsfeed.figures.article_url IS 'Canonical URL of the figure''s article.';

COMMENT ON VIEW newsfeed.events IS
    'Events with the names and ids of the actors on each side and the article''s date and title (news.events, news.event_actors).';
COMMENT ON COLUMN newsfeed.events.published_at IS 'Publication time of the event''s article (news.articles.published_at).';
COMMENT ON COLUMN newsfeed.events.article_title IS 'Title of the event''s article.';
COMMENT ON COLUMN newsfeed.events.article_url IS 'Canonical URL of the event''s article.';
COMMENT ON COLUMN newsfeed.events.source_actor_ids IS 'Actors who acted (news.actors.actor_id), in the order of source_names; empty when unnamed.';
COMMENT ON COLUMN newsfeed.events.source_names IS 'Names of the actors who acted, as in the article, sorted; empty when unnamed.';
COMMENT ON COLUMN newsfeed.events.target_actor_ids IS 'Actors acted on or with (news.actors.actor_id), in the order of target_names.';
COMMENT ON COLUMN newsfeed.events.target_names IS 'Names of the actors acted on or with, as in the article, sorted; empty when none.';

COMMENT ON VIEW newsfeed.changes IS
    'The change feed as consumers may read it: only changes of transactions that have ended, so nothing can later appear behind a position.';
COMMENT ON COLUMN newsfeed.changes.position IS
    'The change''s place in the feed, "txid:seq", as `newsfeed subscribe` prints it; order by (txid, seq), not by this text.';

-- Copies a table column's comment to each view column that shows it under the same name and has no comment of
-- its own: from the table named like the view when it is used (newsfeed.events.article_id is news.events'),
-- else from the only table the view takes that column from. Later migrations that change views call it again.
CREATE FUNCTION news.inherit_view_comments(view_schema text DEFAULT 'newsfeed') RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    col    record;
    filled integer := 0;
BEGIN
    FOR col IN
        SELECT v.oid AS view_oid, va.attname AS column_name,
               (array_agg(col_description(t.oid, ta.attnum) ORDER BY (t.relname = v.relname) DESC))[1] AS comment,
               bool_or(t.relname = v.relname) AS own_table,
               count(DISTINCT col_description(t.oid, ta.attnum)) AS comments
        FROM pg_class v
        JOIN pg_namespace n ON n.oid = v.relnamespace AND n.nspname = view_schema
        JOIN pg_attribute va ON va.attrelid = v.oid AND va.attnum > 0 AND NOT va.attisdropped
        JOIN pg_rewrite r ON r.ev_class = v.oid
        JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                        AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid
        JOIN pg_class t ON t.oid = d.refobjid AND t.relkind IN ('r', 'p')
        JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attnum = d.refobjsubid AND ta.attname = va.attname
        WHERE v.relkind = 'v' AND col_description(v.oid, va.attnum) IS NULL
          AND col_description(t.oid, ta.attnum) IS NOT NULL
        GROUP BY v.oid, v.relname, va.attname
    LOOP
        CONTINUE WHEN NOT col.own_table AND col.comments > 1;  -- ambiguous: the view needs its own comment
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', col.view_oid::regclass, col.column_name, col.comment);
        filled := filled + 1;
    END LOOP;
    RETURN filled;
END $$;
COMMENT ON FUNCTION news.inherit_view_comments(text) IS
    'Gives view columns that show a table column unchanged that column''s comment; returns how many it filled.';

SELECT news.inherit_view_comments();

-- ------------------------------------------------------------------------------------------------------------
-- Functions

COMMENT ON FUNCTION newsfeed.subscribe(text, boolean, text[]) IS
    'Registers a consumer (idempotent). A new consumer starts at the first change (from_start) or after every transaction already ended; tables limits it to those feed tables (null: all).';
COMMENT ON FUNCTION newsfeed.read_changes(text, integer, text[]) IS
    'The next batch_size changes after the consumer''s cursor, in (txid, seq) order, from ended transactions only; only_tables overrides the subscribed tables. Does not move the cursor.';
COMMENT ON FUNCTION newsfeed.ack(text, xid8, bigint) IS
    'Moves the consumer''s cursor to (txid, seq) of the last change handled, never backwards; false for an unknown consumer or a stale ack.';
COMMENT ON FUNCTION newsfeed.changes_held_back(text) IS
    'Whether committed changes after the cursor wait on an older transaction still running (re-check shortly instead of waiting for a notification).';
