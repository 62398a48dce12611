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
-- One row per address and fraction (positions in the year's lists): emptyings e1–e12 and
-- weighed grams g1–g12 by month, NULL = not weighed; as the server's pickup_series.
CREATE TABLE statistics_series (
    customer_id TEXT NOT NULL,
    source      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    address     INTEGER NOT NULL,
    fraction    INTEGER NOT NULL,
    e1          INTEGER NOT NULL,
    e2          INTEGER NOT NULL,
    e3          INTEGER NOT NULL,
    e4          INTEGER NOT NULL,
    e5          INTEGER NOT NULL,
    e6          INTEGER NOT NULL,
    e7          INTEGER NOT NULL,
    e8          INTEGER NOT NULL,
    e9          INTEGER NOT NULL,
    e10         INTEGER NOT NULL,
    e11         INTEGER NOT NULL,
    e12         INTEGER NOT NULL,
    g1          INTEGER,
    g2          INTEGER,
    g3          INTEGER,
    g4          INTEGER,
    g5          INTEGER,
    g6          INTEGER,
    g7          INTEGER,
    g8          INTEGER,
    g9          INTEGER,
    g10         INTEGER,
    g11         INTEGER,
    g12         INTEGER,
    PRIMARY KEY (customer_id, source, year, address, fraction)
);
