-- Customer accounts (PRODUCT §1, §3, §4). Portable SQL, times in Unix milliseconds.

-- A person's own user account: the contact details they registered or confirmed.
CREATE TABLE user_accounts (
    person_id          TEXT PRIMARY KEY REFERENCES persons(id),
    first_name         TEXT NOT NULL,
    last_name          TEXT NOT NULL,
    email              TEXT NOT NULL,
    phone              TEXT NOT NULL,
    lang               TEXT NOT NULL,
    active_customer_id TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

-- A customer: a household (agreement holder known only by HMAC of the personnummer) or a
-- company (one consolidated kundnummer per organisationsnummer).
CREATE TABLE customers (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('household', 'company')),
    name                TEXT NOT NULL,
    kundnummer          TEXT NOT NULL UNIQUE,
    orgnr               TEXT UNIQUE,
    holder_pnr_hmac     TEXT,
    -- `YYYYMMDD-****` or `NNNNNN-****`: what Mina uppgifter shows.
    identity_masked     TEXT NOT NULL,
    email               TEXT,
    invoice_line1       TEXT,
    invoice_line2       TEXT,
    invoice_postal_code TEXT,
    invoice_city        TEXT,
    legacy_link_closed_at BIGINT,
    legacy_link_locked_at BIGINT,
    created_at          BIGINT NOT NULL
);
CREATE INDEX customers_holder ON customers (holder_pnr_hmac);

-- The many old customer numbers of the shared company logins, merged into one customer.
CREATE TABLE legacy_customer_numbers (
    number      TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id)
);

CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    street      TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL,
    kommunkod   TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX addresses_customer ON addresses (customer_id);

-- A person's access to a customer. `pending` waits for an administrator's approval.
-- `kommuner` is the member's own view filter: comma-separated kommunkoder, empty = all.
CREATE TABLE memberships (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    person_id   TEXT NOT NULL REFERENCES persons(id),
    role        TEXT NOT NULL CHECK (role IN ('holder', 'delegate', 'admin', 'user')),
    status      TEXT NOT NULL CHECK (status IN ('active', 'pending')),
    kommuner    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    approved_at BIGINT,
    UNIQUE (customer_id, person_id)
);
CREATE INDEX memberships_person ON memberships (person_id);

-- Every legacy-link attempt, for the caps per identity and per customer number.
-- `number_key` is SHA-256 of the number typed, so unknown numbers are counted too.
CREATE TABLE legacy_link_attempts (
    id           TEXT PRIMARY KEY,
    identity_key TEXT NOT NULL,
    number_key   TEXT NOT NULL,
    succeeded    BIGINT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX legacy_link_attempts_identity ON legacy_link_attempts (identity_key, at);
CREATE INDEX legacy_link_attempts_number ON legacy_link_attempts (number_key, at);

-- A verified legacy link waiting for "Skapa användarkonto"; single use, short-lived.
CREATE TABLE legacy_link_claims (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

-- Who changed what on a customer account. `detail` is JSON without personal identity numbers.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    customer_id TEXT,
    actor_id    TEXT,
    action      TEXT NOT NULL,
    subject_id  TEXT,
    detail      TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX audit_log_customer ON audit_log (customer_id, at);
