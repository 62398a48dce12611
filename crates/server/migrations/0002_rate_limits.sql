-- Fixed-window counters, in the database so every server instance counts together.
-- `bucket` never holds raw personal data (IP addresses are hashed).
CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
