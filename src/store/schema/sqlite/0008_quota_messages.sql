-- Schema version 8: a limit on how many messages an account holds (IMAP QUOTA's MESSAGE
-- resource, RFC 9208 5.2) beside the one on their size, and the count it is checked
-- against, kept by triggers as used_bytes is, so that every path that adds or removes
-- messages (append, copy, move, expunge, mailbox and account deletion) keeps it exact.
ALTER TABLE accounts ADD COLUMN quota_messages INTEGER NOT NULL DEFAULT 0;  -- 0: unlimited
ALTER TABLE accounts ADD COLUMN used_messages INTEGER NOT NULL DEFAULT 0;

UPDATE accounts
   SET used_messages = (SELECT COALESCE(SUM(messages), 0) FROM mailboxes
                         WHERE account_id = accounts.id);

-- Triggers of their own rather than one more line in messages_after_insert/delete:
-- those are rebuilt whole by every migration that changes them, and a count kept apart
-- cannot be lost in such a rebuild. The accounts row is the one the used_bytes update
-- just wrote, so the second update finds its page in the cache.
CREATE TRIGGER messages_count_after_insert AFTER INSERT ON messages BEGIN
  UPDATE accounts SET used_messages = used_messages + 1
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = NEW.mailbox_id);
END;

CREATE TRIGGER messages_count_after_delete AFTER DELETE ON messages BEGIN
  UPDATE accounts SET used_messages = used_messages - 1
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = OLD.mailbox_id);
END;
