-- Schema version 4: each mailbox counts its messages flagged \Deleted (flag bit 8), for
-- IMAP STATUS DELETED (RFC 9051 6.3.11), kept by the same triggers as unseen so that it
-- costs no extra statement per message.
ALTER TABLE mailboxes ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

UPDATE mailboxes
   SET deleted = (SELECT count(*) FROM messages
                   WHERE mailbox_id = mailboxes.id AND (flags & 8) != 0);

DROP TRIGGER messages_after_insert;
CREATE TRIGGER messages_after_insert AFTER INSERT ON messages BEGIN
  UPDATE mailboxes
     SET messages = messages + 1,
         unseen = unseen + ((NEW.flags & 1) = 0),
         deleted = deleted + ((NEW.flags & 8) != 0),
         size = size + NEW.size
   WHERE id = NEW.mailbox_id;
  UPDATE accounts SET used_bytes = used_bytes + NEW.size
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = NEW.mailbox_id);
  INSERT INTO blobs (id, size, refcount) VALUES (NEW.blob_id, NEW.size, 1)
    ON CONFLICT (id) DO UPDATE SET refcount = refcount + 1;
END;

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
  UPDATE blobs SET refcount = refcount - 1 WHERE id = OLD.blob_id;
END;

-- One trigger for both counters that follow flags: \Seen (1) and \Deleted (8).
DROP TRIGGER messages_after_seen_change;
CREATE TRIGGER messages_after_flags_change AFTER UPDATE OF flags ON messages
  WHEN (OLD.flags & 9) != (NEW.flags & 9) BEGIN
  UPDATE mailboxes
     SET unseen = unseen + (OLD.flags & 1) - (NEW.flags & 1),
         deleted = deleted + ((NEW.flags & 8) != 0) - ((OLD.flags & 8) != 0)
   WHERE id = NEW.mailbox_id;
END;
