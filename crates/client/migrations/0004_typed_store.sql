-- The typed store: one table per synced entity, in columns the app queries directly, and
-- settings in their own rows. The synced tables start empty and no cursor is kept, so the
-- next sync is a reset that fills them; what only this device knows (reminder choices,
-- reminders shown, the last account answer) is carried over.

CREATE TABLE reminder_settings (
    customer_id TEXT PRIMARY KEY,
    enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    -- `HH:MM`, as the domain's reminder rule accepts it.
    time        TEXT NOT NULL,
    lang        TEXT NOT NULL
);
-- The services left out of a customer's reminders (new services are included).
CREATE TABLE reminder_exclusions (
    customer_id TEXT NOT NULL REFERENCES reminder_settings (customer_id) ON DELETE CASCADE,
    service_id  TEXT NOT NULL,
    PRIMARY KEY (customer_id, service_id)
);
INSERT INTO reminder_settings (customer_id, enabled, time, lang)
SELECT substr(key, 11),
       CASE WHEN json_extract(value, '$.enabled') THEN 1 ELSE 0 END,
       COALESCE(json_extract(value, '$.time'), '18:00'),
       COALESCE(json_extract(value, '$.lang'), 'sv')
FROM sync_state WHERE key LIKE 'reminders:%' AND json_valid(value);
INSERT OR IGNORE INTO reminder_exclusions (customer_id, service_id)
SELECT substr(s.key, 11), e.value
FROM sync_state s, json_each(json_extract(s.value, '$.excluded')) e
WHERE s.key LIKE 'reminders:%' AND json_valid(s.value);

-- The last `/v1/me` answer, for starting offline: the server's document as it came.
CREATE TABLE account_snapshot (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    me   TEXT NOT NULL
);
INSERT INTO account_snapshot (id, me)
SELECT 1, value FROM sync_state WHERE key = 'me' AND json_valid(value);

DROP TABLE sync_state;
DROP TABLE services;
DROP TABLE fractions;
DROP TABLE customers;

-- Where the change feed stands: one row.
CREATE TABLE sync_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    cursor    TEXT,
    etag      TEXT,
    -- Unix ms of the last successful sync.
    last_sync INTEGER
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    kundnummer TEXT NOT NULL,
    role       TEXT NOT NULL,
    -- The member's kommun filter, comma-separated (empty = all).
    kommuner   TEXT NOT NULL
);
CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    street      TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL,
    kommunkod   TEXT NOT NULL
);
CREATE INDEX addresses_customer ON addresses (customer_id);
CREATE TABLE fractions (
    code     TEXT PRIMARY KEY,
    name_sv  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    category TEXT NOT NULL,
    colour   TEXT NOT NULL,
    icon     TEXT NOT NULL
);
CREATE TABLE services (
    id             TEXT PRIMARY KEY,
    customer_id    TEXT NOT NULL,
    address_id     TEXT NOT NULL,
    fraction_code  TEXT NOT NULL,
    container      TEXT NOT NULL,
    weekday        INTEGER NOT NULL,
    interval_weeks INTEGER NOT NULL,
    anchor         TEXT NOT NULL,
    season_from    INTEGER,
    season_to      INTEGER,
    holiday_policy TEXT NOT NULL
);
CREATE INDEX services_address ON services (customer_id, address_id);
CREATE TABLE service_exceptions (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    date       TEXT NOT NULL,
    moved_to   TEXT,
    PRIMARY KEY (service_id, kind, date)
);
