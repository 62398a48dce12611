-- Refresh rotation without branches: the successor tokens (R2 and its access token) sealed
-- with a key only the holder of the previous refresh token can derive, so a lost answer
-- is recovered by returning the same R2, never a new one (sessions.rs).
ALTER TABLE sessions ADD COLUMN successor_sealed TEXT;

-- A customer's way back from a locked legacy link without an administrator: a single-use
-- token mailed to the customer's registered address (only its SHA-256 is stored).
ALTER TABLE customers ADD COLUMN legacy_link_reopen_hash TEXT;
ALTER TABLE customers ADD COLUMN legacy_link_reopen_expires_at BIGINT;
-- Failed attempts before this moment no longer count towards the customer-wide lock.
ALTER TABLE customers ADD COLUMN legacy_link_reopened_at BIGINT;
