-- Provenance the extractors now report: every mention of an event (repeats of one meeting are one event with
-- several mentions), and the sentence that holds each figure.

ALTER TABLE news.figures ADD COLUMN sentence_start integer, ADD COLUMN sentence_end integer;

CREATE TABLE news.event_mentions (
    event_id   uuid NOT NULL REFERENCES news.events ON DELETE CASCADE,
    start_char integer NOT NULL,
    end_char   integer NOT NULL,
    trigger    text NOT NULL,
    PRIMARY KEY (event_id, start_char)
);

INSERT INTO news.feed_tables VALUES ('event_mentions', '{event_id,start_char}');
SELECT news.track_changes('event_mentions');
ALTER PUBLICATION newsfeed_publication ADD TABLE news.event_mentions;
