-- Colour-sorting bags (PRODUCT §6) and one idempotency mechanism for every mutation
-- (PRODUCT §10).

-- The bag catalogue: data, because colours change over the years. `kommuner` is a
-- comma-separated list of kommunkoder where the colour is handed out; empty = everywhere.
-- A retired colour stays, so old orders keep their names.
CREATE TABLE bag_colours (
    code           TEXT PRIMARY KEY,
    name_sv        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    display_colour TEXT NOT NULL,
    fraction_code  TEXT NOT NULL REFERENCES fractions(code),
    kommuner       TEXT NOT NULL DEFAULT '',
    sort_order     BIGINT NOT NULL,
    retired_at     BIGINT,
    updated_at     BIGINT NOT NULL
);

-- An order's id is made by the app when the order is placed (also offline) and is kept
-- forever: it, not the idempotency record, is what makes a late retry harmless.
-- `lines` is JSON `[{"colour": "gron", "rolls": 2}]`, one line per colour.
CREATE TABLE bag_orders (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    address_id   TEXT NOT NULL REFERENCES addresses(id),
    person_id    TEXT NOT NULL REFERENCES persons(id),
    lines        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('received', 'sent', 'delivered', 'cancelled')),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    sent_at      BIGINT,
    delivered_at BIGINT,
    cancelled_at BIGINT
);
CREATE INDEX bag_orders_customer ON bag_orders (customer_id, created_at);
CREATE INDEX bag_orders_changed ON bag_orders (updated_at);
-- One open order (mottagen or skickad) per address, even under concurrent requests.
CREATE UNIQUE INDEX bag_orders_one_open ON bag_orders (address_id)
    WHERE status IN ('received', 'sent');

-- Responses to mutations sent with an Idempotency-Key, scoped by the caller. `status`
-- is NULL while the first request is being answered. Purged after the retention period
-- (jobs.rs); the answer itself is kept as sent.
CREATE TABLE idempotency_records (
    person_id    TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    customer_id  TEXT,
    status       BIGINT,
    content_type TEXT,
    body         TEXT,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (person_id, idem_key)
);
CREATE INDEX idempotency_records_age ON idempotency_records (created_at);
