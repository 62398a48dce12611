-- Calendar subscription feeds (webcal). The token is in the feed URL; only its SHA-256 is
-- stored. One live feed per person and customer; making a new one revokes the old.
CREATE TABLE calendar_feeds (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    person_id   TEXT NOT NULL REFERENCES persons(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    lang        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX calendar_feeds_person ON calendar_feeds (person_id, customer_id);
