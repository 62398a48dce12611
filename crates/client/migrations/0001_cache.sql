-- The app's offline cache: what the last syncs delivered, as the API's JSON, plus the
-- cursor and the time of the last successful sync. One database file per person.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE customers (
    id   TEXT PRIMARY KEY,
    json TEXT NOT NULL
);
CREATE TABLE fractions (
    code TEXT PRIMARY KEY,
    json TEXT NOT NULL
);
CREATE TABLE services (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    json        TEXT NOT NULL
);
CREATE INDEX services_customer ON services (customer_id);
