-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are Unix milliseconds.

-- A person, known only by HMAC(pepper, personnummer); the number itself is not stored.
CREATE TABLE persons (
    id            TEXT PRIMARY KEY,
    pnr_hmac      TEXT NOT NULL UNIQUE,
    given_name    TEXT NOT NULL,
    surname       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_login_at BIGINT
);

-- BankID logins in progress. The row is the only state, so any server instance can
-- answer any poll. `id_hash` is SHA-256 of the secret login id held by the client.
CREATE TABLE bankid_logins (
    id_hash          TEXT PRIMARY KEY,
    order_ref        TEXT NOT NULL,
    qr_start_token   TEXT NOT NULL,
    qr_start_secret  TEXT NOT NULL,
    flow             TEXT NOT NULL,
    started_at       BIGINT NOT NULL,
    last_collect_at  BIGINT,
    status           TEXT NOT NULL,
    hint_code        TEXT,
    rfa              TEXT,
    person_id        TEXT REFERENCES persons(id),
    session_id       TEXT,
    finished_at      BIGINT
);
CREATE INDEX bankid_logins_started ON bankid_logins (started_at);

-- Sessions: opaque tokens, stored only as SHA-256 hashes.
CREATE TABLE sessions (
    id                 TEXT PRIMARY KEY,
    person_id          TEXT NOT NULL REFERENCES persons(id),
    access_hash        TEXT NOT NULL UNIQUE,
    access_expires_at  BIGINT NOT NULL,
    refresh_hash       TEXT NOT NULL UNIQUE,
    prev_refresh_hash  TEXT UNIQUE,
    rotated_at         BIGINT,
    refresh_expires_at BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    last_used_at       BIGINT NOT NULL,
    revoked_at         BIGINT
);
CREATE INDEX sessions_person ON sessions (person_id);
