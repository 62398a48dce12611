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

-- At most one live subscription feed per person and customer, enforced by the database
-- as well as by the handler's person lock. Feeds that raced each other before keep the
-- newest one live.
UPDATE calendar_feeds SET revoked_at = created_at
WHERE revoked_at IS NULL AND EXISTS (
    SELECT 1 FROM calendar_feeds newer
    WHERE newer.person_id = calendar_feeds.person_id AND newer.customer_id = calendar_feeds.customer_id
      AND newer.revoked_at IS NULL
      AND (newer.created_at > calendar_feeds.created_at
           OR (newer.created_at = calendar_feeds.created_at AND newer.id > calendar_feeds.id)));
CREATE UNIQUE INDEX calendar_feeds_one_live ON calendar_feeds (person_id, customer_id)
    WHERE revoked_at IS NULL;
