-- Month views are per address: index the cached services by it.
ALTER TABLE services ADD COLUMN address_id TEXT NOT NULL DEFAULT '';
CREATE INDEX services_address ON services (customer_id, address_id);
