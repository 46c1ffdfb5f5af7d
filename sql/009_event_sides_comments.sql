-- An event's sides now also carry the state an official's title names ("US Secretary of State Mike Pompeo" -> Mike
-- Pompeo and the United States), as PLOVER codes officials by country; say so where consumers read the sides.
COMMENT ON TABLE news.event_actors IS
    'The actors on each side of an event. An official whose title names a state ("US Secretary of State") comes with that state on the same side, as PLOVER codes officials by country.';
COMMENT ON COLUMN newsfeed.events.source_names IS
    'Names of the actors who acted, as in the article, sorted; an official comes with the state his title names; empty when unnamed.';
COMMENT ON COLUMN newsfeed.events.target_names IS
    'Names of the actors acted on or with, as in the article, sorted; an official comes with the state his title names; empty when none.';
