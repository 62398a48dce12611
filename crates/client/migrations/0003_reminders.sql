-- Reminders already shown on this device, so a restart or a replan never repeats one.
-- Rows older than a month are pruned.
CREATE TABLE reminders_shown (
    key   TEXT PRIMARY KEY,
    shown_at INTEGER NOT NULL
);
