-- Statistics (PRODUCT §8). A pickup record is what the truck reported for one service on
-- one date: emptied or not, and the weight where the truck weighs. Address and fraction
-- are copied in as they were that day, so later changes to a service do not rewrite
-- history. Weights are grams.
CREATE TABLE pickup_records (
    service_id    TEXT NOT NULL,
    date          TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    address_id    TEXT NOT NULL,
    fraction_code TEXT NOT NULL,
    emptied       BIGINT NOT NULL CHECK (emptied IN (0, 1)),
    weight_g      BIGINT CHECK (weight_g >= 0),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (service_id, date)
);
CREATE INDEX pickup_records_customer_date ON pickup_records (customer_id, date);

-- The year view's source: per customer, address, fraction and year, emptyings (e1–e12)
-- and weighed grams (g1–g12, NULL when nothing was weighed) by month. Derived from
-- pickup_records by store::statistics::rebuild, never written otherwise, so reading a
-- year is 25,000 rows for a 5,000-address company rather than a million records.
CREATE TABLE pickup_series (
    customer_id   TEXT NOT NULL,
    address_id    TEXT NOT NULL,
    fraction_code TEXT NOT NULL,
    year          BIGINT NOT NULL,
    e1            BIGINT NOT NULL,
    e2            BIGINT NOT NULL,
    e3            BIGINT NOT NULL,
    e4            BIGINT NOT NULL,
    e5            BIGINT NOT NULL,
    e6            BIGINT NOT NULL,
    e7            BIGINT NOT NULL,
    e8            BIGINT NOT NULL,
    e9            BIGINT NOT NULL,
    e10           BIGINT NOT NULL,
    e11           BIGINT NOT NULL,
    e12           BIGINT NOT NULL,
    g1            BIGINT,
    g2            BIGINT,
    g3            BIGINT,
    g4            BIGINT,
    g5            BIGINT,
    g6            BIGINT,
    g7            BIGINT,
    g8            BIGINT,
    g9            BIGINT,
    g10           BIGINT,
    g11           BIGINT,
    g12           BIGINT,
    PRIMARY KEY (customer_id, year, address_id, fraction_code)
);

-- Statistikarkivet: the old system's monthly figures from before the migration date,
-- read-only and kept apart from pickup_records so the two never mix. Addresses are the
-- old system's text.
CREATE TABLE statistics_archive (
    customer_id   TEXT NOT NULL,
    year          BIGINT NOT NULL,
    month         BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    address_label TEXT NOT NULL,
    kommunkod     TEXT NOT NULL,
    fraction_code TEXT NOT NULL,
    emptyings     BIGINT NOT NULL CHECK (emptyings >= 0),
    weight_g      BIGINT CHECK (weight_g >= 0),
    PRIMARY KEY (customer_id, year, month, address_label, fraction_code)
);

-- Avisering (PRODUCT §9): one row per person and event. `event` is the JSON of
-- domain::notifications::Event; `kind` repeats its kind for queries.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id),
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    event       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT,
    updated_at  BIGINT NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX notifications_person ON notifications (person_id, updated_at);
CREATE INDEX notifications_subject ON notifications (kind, subject_id);
