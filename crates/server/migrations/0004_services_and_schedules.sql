-- Services and pickup schedules (PRODUCT §5). Dates are ISO `YYYY-MM-DD` text (sortable
-- and portable); `updated_at`/`deleted_at` let the sync endpoint send changes and tombstones.

CREATE TABLE fractions (
    code       TEXT PRIMARY KEY,
    name_sv    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    category   TEXT NOT NULL,
    colour     TEXT NOT NULL,
    icon       TEXT NOT NULL,
    sort_order BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One service: a fraction collected from a container at an address, on a schedule rule.
CREATE TABLE services (
    id             TEXT PRIMARY KEY,
    address_id     TEXT NOT NULL REFERENCES addresses(id),
    fraction_code  TEXT NOT NULL REFERENCES fractions(code),
    container_kind TEXT NOT NULL,
    container_size BIGINT NOT NULL,
    container_unit TEXT NOT NULL CHECK (container_unit IN ('l', 'm3')),
    -- ISO weekday, 1 = Monday.
    weekday        BIGINT NOT NULL,
    interval_weeks BIGINT NOT NULL,
    anchor         TEXT NOT NULL,
    season_from    BIGINT,
    season_to      BIGINT,
    holiday_policy TEXT NOT NULL CHECK (holiday_policy IN ('keep', 'next-workday', 'previous-workday', 'cancel')),
    updated_at     BIGINT NOT NULL,
    deleted_at     BIGINT
);
CREATE INDEX services_address ON services (address_id);

CREATE TABLE service_exceptions (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id),
    kind       TEXT NOT NULL CHECK (kind IN ('moved', 'cancelled', 'extra')),
    date       TEXT NOT NULL,
    moved_to   TEXT,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX service_exceptions_service ON service_exceptions (service_id);
