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
