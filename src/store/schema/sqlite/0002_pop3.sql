-- Schema version 2: what POP3 needs.
-- SCRAM-SHA-256 credentials ("SCRAM-SHA-256$iter:salt$stored:server", empty: none) and
-- the administrator's default POP3 login options for the account (e.g. "v=1d").
ALTER TABLE accounts ADD COLUMN scram TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN pop_options TEXT NOT NULL DEFAULT '';

-- The messages each POP3 view (login option v=1..31) has downloaded, so that several
-- POP3 clients using different views each see every message once.
CREATE TABLE pop_downloaded (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  view       INTEGER NOT NULL,
  uid        INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, view, uid)
) WITHOUT ROWID;

CREATE TRIGGER messages_after_delete_pop AFTER DELETE ON messages BEGIN
  DELETE FROM pop_downloaded WHERE mailbox_id = OLD.mailbox_id AND uid = OLD.uid;
END;
