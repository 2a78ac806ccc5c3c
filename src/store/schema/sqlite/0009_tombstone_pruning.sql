-- Tombstones are kept for store.tombstonedays, then pruned. Each remembers when its
-- message was expunged; each mailbox remembers the highest mod-sequence pruned, below
-- which a resynchronisation cannot be told exactly what vanished (RFC 7162 3.2.6).
-- Existing tombstones count as expunged now: they are kept a full period.
ALTER TABLE tombstones ADD COLUMN expunged_at INTEGER NOT NULL DEFAULT 0;
UPDATE tombstones SET expunged_at = CAST(strftime('%s', 'now') AS INTEGER);
ALTER TABLE mailboxes ADD COLUMN vanished_floor INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tombstones_by_time ON tombstones (expunged_at);
