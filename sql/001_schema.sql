-- The normalized news-event schema. Every derived row (mention, statement, figure, event) carries its article,
-- character offsets into articles.body and the extractor version that produced it; keys of derived rows are
-- deterministic (article + kind + content), so re-loading the same article writes nothing.

CREATE SCHEMA IF NOT EXISTS news;

-- Where articles come from.
CREATE TABLE news.sources (
    source_id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text NOT NULL UNIQUE,
    kind               text NOT NULL CHECK (kind IN ('rss', 'atom', 'sitemap', 'urls', 'files')),
    url                text NOT NULL,
    enabled            boolean NOT NULL DEFAULT true,
    etag               text,
    last_modified      text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_discovered_at timestamptz
);

-- The frontier: every article URL discovered, and where it stands in fetching.
CREATE TABLE news.article_refs (
    url             text PRIMARY KEY,
    source_id       integer NOT NULL REFERENCES news.sources ON DELETE CASCADE,
    host            text NOT NULL,
    title           text,
    published_at    timestamptz,
    discovered_at   timestamptz NOT NULL DEFAULT now(),
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'fetched', 'not_modified', 'failed', 'rejected')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_run_id     bigint
);
CREATE INDEX article_refs_due ON news.article_refs (host, next_attempt_at) WHERE state IN ('pending', 'failed');
CREATE INDEX article_refs_published ON news.article_refs (published_at);

-- Raw HTML as fetched, gzip-compressed, so articles can be re-analyzed without the network.
CREATE TABLE news.raw_pages (
    url            text PRIMARY KEY,
    source_id      integer REFERENCES news.sources ON DELETE SET NULL,
    final_url      text NOT NULL,
    http_status    smallint,
    content_type   text,
    etag           text,
    last_modified  text,
    content_sha256 text NOT NULL,
    html_gzip      bytea NOT NULL,
    fetched_at     timestamptz NOT NULL DEFAULT now(),
    parse_state    text NOT NULL DEFAULT 'pending'
                   CHECK (parse_state IN ('pending', 'claimed', 'done', 'rejected')),
    claimed_at     timestamptz,
    article_id     uuid
);
CREATE INDEX raw_pages_todo ON news.raw_pages (fetched_at) WHERE parse_state IN ('pending', 'claimed');

-- One row per canonical article.
CREATE TABLE news.articles (
    article_id        uuid PRIMARY KEY,
    url               text NOT NULL,
    canonical_url     text NOT NULL UNIQUE,
    source_id         integer REFERENCES news.sources ON DELETE SET NULL,
    title             text,
    authors           text[] NOT NULL DEFAULT '{}',
    published_at      timestamptz,
    modified_at       timestamptz,
    section           text,
    language          text,
    body              text NOT NULL,
    content_sha256    text NOT NULL,
    extractor_version text NOT NULL,
    fetched_at        timestamptz NOT NULL,
    processed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_published ON news.articles (published_at);
CREATE INDEX articles_source ON news.articles (source_id, published_at);
ALTER TABLE news.raw_pages
    ADD CONSTRAINT raw_pages_article_fk FOREIGN KEY (article_id) REFERENCES news.articles ON DELETE SET NULL;

-- Canonical actors across all articles.
CREATE TABLE news.actors (
    actor_id      uuid PRIMARY KEY,
    canonical_key text NOT NULL UNIQUE,
    name          text NOT NULL,
    type          text NOT NULL CHECK (type IN ('person', 'organization', 'location')),
    country       char(3),
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actors_name ON news.actors (lower(name));

-- Every surface form an actor was seen under, and why it was joined to that actor.
CREATE TABLE news.actor_aliases (
    actor_id         uuid NOT NULL REFERENCES news.actors ON DELETE CASCADE,
    alias            text NOT NULL,
    reason           text NOT NULL,
    first_article_id uuid REFERENCES news.articles ON DELETE SET NULL,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, alias)
);
CREATE INDEX actor_aliases_alias ON news.actor_aliases (lower(alias));

-- An actor as one article presents it: the name used there, roles and country.
CREATE TABLE news.article_actors (
    article_id        uuid NOT NULL REFERENCES news.articles ON DELETE CASCADE,
    actor_id          uuid NOT NULL REFERENCES news.actors,
    name              text NOT NULL,
    roles             text[] NOT NULL DEFAULT '{}',
    country           char(3),
    extractor_version text NOT NULL,
    PRIMARY KEY (article_id, actor_id)
);
CREATE INDEX article_actors_actor ON news.article_actors (actor_id);

CREATE TABLE news.mentions (
    mention_id        uuid PRIMARY KEY,
    article_id        uuid NOT NULL REFERENCES news.articles ON DELETE CASCADE,
    actor_id          uuid NOT NULL REFERENCES news.actors,
    surface           text NOT NULL,
    start_char        integer NOT NULL,
    end_char          integer NOT NULL,
    extractor_version text NOT NULL
);
CREATE INDEX mentions_article ON news.mentions (article_id);
CREATE INDEX mentions_actor ON news.mentions (actor_id);

CREATE TABLE news.statements (
    statement_id      uuid PRIMARY KEY,
    article_id        uuid NOT NULL REFERENCES news.articles ON DELETE CASCADE,
    speaker_actor_id  uuid REFERENCES news.actors,
    speaker_name      text,
    quote             text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('direct', 'indirect')),
    cue               text,
    addressee         text,
    start_char        integer NOT NULL,
    end_char          integer NOT NULL,
    extractor_version text NOT NULL
);
CREATE INDEX statements_article ON news.statements (article_id);
CREATE INDEX statements_speaker ON news.statements (speaker_actor_id);

CREATE TABLE news.figures (
    figure_id         uuid PRIMARY KEY,
    article_id        uuid NOT NULL REFERENCES news.articles ON DELETE CASCADE,
    value             double precision NOT NULL,
    value_high        double precision,
    unit              text,
    qualifier         text,
    direction         text CHECK (direction IN ('up', 'down')),
    object            text,
    text              text NOT NULL,
    start_char        integer NOT NULL,
    end_char          integer NOT NULL,
    extractor_version text NOT NULL
);
CREATE INDEX figures_article ON news.figures (article_id);
CREATE INDEX figures_object ON news.figures (object, unit);

CREATE TABLE news.events (
    event_id          uuid PRIMARY KEY,
    article_id        uuid NOT NULL REFERENCES news.articles ON DELETE CASCADE,
    event_type        text NOT NULL CHECK (event_type IN (
                          'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
                          'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
                          'OTHER')),
    mode              text,
    status            text NOT NULL
                      CHECK (status IN ('occurred', 'planned', 'conditional', 'threatened', 'negated', 'claimed')),
    event_date        date,
    location          text,
    trigger           text NOT NULL,
    sentence          text NOT NULL,
    start_char        integer NOT NULL,
    end_char          integer NOT NULL,
    confidence        real NOT NULL,
    extractor_version text NOT NULL
);
CREATE INDEX events_article ON news.events (article_id);
CREATE INDEX events_type_date ON news.events (event_type, event_date);
CREATE INDEX events_date ON news.events (event_date);

CREATE TABLE news.event_actors (
    event_id   uuid NOT NULL REFERENCES news.events ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('source', 'target')),
    actor_id   uuid NOT NULL REFERENCES news.actors,
    actor_name text NOT NULL,
    PRIMARY KEY (event_id, role, actor_id)
);
CREATE INDEX event_actors_actor ON news.event_actors (actor_id, role);

-- Everything rejected, with the stage that rejected it and why; retried on later runs up to a limit.
CREATE TABLE news.quarantine (
    quarantine_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id     integer REFERENCES news.sources ON DELETE SET NULL,
    url           text NOT NULL,
    stage         text NOT NULL CHECK (stage IN ('discover', 'fetch', 'parse', 'analyze', 'load')),
    reason        text NOT NULL,
    detail        text,
    attempts      integer NOT NULL DEFAULT 1,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_run_id   bigint,
    UNIQUE (url, stage)
);
CREATE INDEX quarantine_seen ON news.quarantine (last_seen_at);

-- What each run did: window, mode, counts per stage, timings.
CREATE TABLE news.runs (
    run_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('scheduled', 'manual', 'backfill', 'cli')),
    mode           text NOT NULL DEFAULT 'ingest' CHECK (mode IN ('ingest', 'refetch', 'reanalyze')),
    dag_id         text,
    dag_run_id     text,
    window_start   timestamptz,
    window_end     timestamptz,
    source_ids     integer[],
    status         text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'failed')),
    counts         jsonb NOT NULL DEFAULT '{}',
    timings        jsonb NOT NULL DEFAULT '{}',
    error          text,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz
);
CREATE INDEX runs_started ON news.runs (started_at);
