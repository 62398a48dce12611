-- Avisering as synced, with what this device marked read and has not told the server yet
-- (`read_unsent`): the next sync sends it first, so marking read works offline too.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    -- JSON of domain::notifications::Event, as the server sent it.
    event       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read        INTEGER NOT NULL CHECK (read IN (0, 1)),
    read_unsent INTEGER NOT NULL DEFAULT 0 CHECK (read_unsent IN (0, 1))
);
CREATE INDEX notifications_created ON notifications (created_at);

-- Statistics, fetched per year when Statistik or Statistikarkivet is opened online and
-- read from here offline. `source` keeps the archive apart: 'live' or 'archive'.
CREATE TABLE statistics_years (
    customer_id TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('live', 'archive')),
    year        INTEGER NOT NULL,
    -- The year's fraction codes in order, comma-separated; cells point at them.
    fractions   TEXT NOT NULL,
    etag        TEXT,
    fetched_at  INTEGER NOT NULL,
    PRIMARY KEY (customer_id, source, year)
);
-- Which years the server has, per source.
CREATE TABLE statistics_available (
    customer_id    TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('live', 'archive')),
    year           INTEGER NOT NULL,
    migration_date TEXT NOT NULL,
    PRIMARY KEY (customer_id, source, year)
);
CREATE TABLE statistics_addresses (
    customer_id TEXT NOT NULL,
    source      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL,
    label       TEXT NOT NULL,
    kommunkod   TEXT NOT NULL,
    PRIMARY KEY (customer_id, source, year, position)
);
-- One row per address, fraction and month with anything in it (positions in the year's
-- lists); grams NULL = not weighed.
CREATE TABLE statistics_cells (
    customer_id   TEXT NOT NULL,
    source        TEXT NOT NULL,
    year          INTEGER NOT NULL,
    address       INTEGER NOT NULL,
    fraction      INTEGER NOT NULL,
    month         INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    emptyings     INTEGER NOT NULL,
    grams         INTEGER,
    PRIMARY KEY (customer_id, source, year, address, fraction, month)
);
