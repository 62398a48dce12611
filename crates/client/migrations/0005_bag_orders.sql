-- Colour-sorting bags: the catalogue and orders as the server last said (synced tables),
-- and the outbox of orders placed here that the server has not answered yet.

CREATE TABLE bag_colours (
    code           TEXT PRIMARY KEY,
    name_sv        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    display_colour TEXT NOT NULL,
    fraction_code  TEXT NOT NULL,
    -- Comma-separated kommunkoder where it is handed out; empty = everywhere.
    kommuner       TEXT NOT NULL,
    retired        INTEGER NOT NULL CHECK (retired IN (0, 1)),
    sort_order     INTEGER NOT NULL
);

CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    address_id   TEXT NOT NULL,
    -- JSON `[{"colour": "gron", "rolls": 2}]`, as the server sent it.
    lines        TEXT NOT NULL,
    status       TEXT NOT NULL,
    ordered_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    delivered_at INTEGER,
    cancelled_at INTEGER
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);

-- Written in the same transaction that shows an order as köad, sent in `seq` order with
-- `id` as its Idempotency-Key (for an order, the order's own id), and deleted in the same
-- transaction that stores the server's answer. `person_id` is whose session may send it.
-- A refused entry stays, with the server's reason, until the person dismisses it.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    person_id       TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('place-order')),
    body            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    refusal_code    TEXT,
    refusal_detail  TEXT,
    created_at      INTEGER NOT NULL
);

-- The server's view replaces this device's after a reset: forget the cursor.
UPDATE sync_state SET cursor = NULL, etag = NULL;
