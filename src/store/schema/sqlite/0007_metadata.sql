-- Schema version 7: annotations (IMAP METADATA, RFC 5464; store/metadata.h).
-- mailbox_id 0 holds the server's entries (METADATA-SERVER), so it cannot reference
-- mailboxes: the trigger below removes a mailbox's entries with it instead (RFC 5464
-- 4.1: a mailbox created again under the same name must not inherit them). A rename
-- keeps the id, so the entries follow the mailbox. account_id is the account the entry
-- belongs to: the user for /private entries, the mailbox's owner for /shared ones (the
-- same account as long as mailboxes are not shared, issue 6).
-- name is lower-case ("/private/comment"); value is a BLOB so that length() counts
-- octets (MAXSIZE) and any octet, NUL included, survives.
CREATE TABLE metadata (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  mailbox_id INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  value      BLOB    NOT NULL,
  PRIMARY KEY (account_id, mailbox_id, name)
) WITHOUT ROWID;

CREATE TRIGGER mailboxes_after_delete_metadata AFTER DELETE ON mailboxes BEGIN
  DELETE FROM metadata WHERE account_id = OLD.account_id AND mailbox_id = OLD.id;
END;
