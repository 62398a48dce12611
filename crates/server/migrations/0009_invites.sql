-- Sharing a household and inviting colleagues (PRODUCT §7). Only the token's SHA-256 is
-- stored; the token itself exists in the e-mail and nowhere else. `phone` may be empty.
-- An invite not accepted by `expires_at` is dead at once and removed by the hourly job.
CREATE TABLE invites (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    role        TEXT NOT NULL CHECK (role IN ('delegate', 'admin', 'user')),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    lang        TEXT NOT NULL,
    inviter_id  TEXT NOT NULL REFERENCES persons(id),
    token_hash  TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'revoked')),
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    ended_at    BIGINT,
    accepted_by TEXT REFERENCES persons(id)
);
CREATE INDEX invites_customer ON invites (customer_id, state);
CREATE INDEX invites_expiry ON invites (expires_at);
CREATE INDEX invites_inviter ON invites (inviter_id, created_at);
