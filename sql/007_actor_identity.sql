-- Cross-article actor identity looks names up by their normalised form (case, accents and punctuation removed,
-- as etl.store.keys.normalise_name does), and people also by surname, so that "Psaki" in one article can be
-- joined to "Jen Psaki" from another — but only when no other known person carries that surname.
ALTER TABLE news.actor_aliases ADD COLUMN alias_key text;
UPDATE news.actor_aliases SET alias_key = lower(alias);
ALTER TABLE news.actor_aliases ALTER COLUMN alias_key SET NOT NULL;
CREATE INDEX actor_aliases_key ON news.actor_aliases (alias_key);

ALTER TABLE news.actors ADD COLUMN surname text;
UPDATE news.actors SET surname = regexp_replace(lower(name), '^.* ', '') WHERE type = 'person';
CREATE INDEX actors_surname ON news.actors (surname) WHERE surname IS NOT NULL;

COMMENT ON COLUMN news.actor_aliases.alias_key IS
    'The alias normalised for matching (lower case, no accents or punctuation, no leading "the").';
COMMENT ON COLUMN news.actors.surname IS
    'People only: the last word of the normalised name, used to join surname-only mentions across articles.';
