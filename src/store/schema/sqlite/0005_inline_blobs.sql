-- Schema version 5: small message bodies kept in the index (store.inlineblobmax), written
-- by the append that references them inside its transaction, so that a delivery costs
-- one shared WAL fsync instead of a file of its own (fsync of the file and of its
-- directory) before the commit. Larger bodies stay files under blobs/.
--
-- An inline body belongs to the `blobs` row of its id (SHA-256), so it has the same
-- reference count as a file would: the append stores the body only when its message is
-- the blob's one reference (ops.cc, StoreInlineBody), so bytes already stored, as a file
-- or inline, are not stored again, and the body goes with its last reference.
--
-- Bodies are keyed by an integer that only grows, not by their hash: each insert then
-- lands at the right edge of the table, where the blobs row (written for the reference
-- count anyway) points. A second index by hash would dirty a page at a random place in
-- it per message and add about a third to the pages each commit writes.
CREATE TABLE inline_blobs (
  id   INTEGER PRIMARY KEY,
  body BLOB NOT NULL
);
ALTER TABLE blobs ADD COLUMN inline_id INTEGER;  -- inline_blobs.id; NULL: a file

-- SQLite cannot alter a trigger, so it is created again whole: as in schema 4, plus the
-- last reference to an inline body deletes it. (A file stays at refcount 0 for a later
-- sweep, as before.)
DROP TRIGGER messages_after_delete;
CREATE TRIGGER messages_after_delete AFTER DELETE ON messages BEGIN
  UPDATE mailboxes
     SET messages = messages - 1,
         unseen = unseen - ((OLD.flags & 1) = 0),
         deleted = deleted - ((OLD.flags & 8) != 0),
         size = size - OLD.size
   WHERE id = OLD.mailbox_id;
  UPDATE accounts SET used_bytes = used_bytes - OLD.size
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = OLD.mailbox_id);
  DELETE FROM inline_blobs
   WHERE id = (SELECT inline_id FROM blobs WHERE id = OLD.blob_id AND refcount = 1);
  UPDATE blobs
     SET refcount = refcount - 1,
         inline_id = CASE WHEN refcount = 1 THEN NULL ELSE inline_id END
   WHERE id = OLD.blob_id;
END;
