-- The change feed (store/feed.rs): every entity the app syncs carries the time it last
-- changed, and a tombstone where it can be removed, so `/v1/sync` sends changes to
-- customers and addresses as deltas instead of starting over.
ALTER TABLE customers ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE addresses ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE addresses ADD COLUMN deleted_at BIGINT;
CREATE INDEX services_changed ON services (updated_at);
CREATE INDEX service_exceptions_changed ON service_exceptions (updated_at);
