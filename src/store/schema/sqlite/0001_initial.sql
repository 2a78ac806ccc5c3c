-- Tern mailbox index, SQLite backend, schema version 1.
-- Counts (mailbox messages/unseen/size, account used_bytes) and blob reference counts
-- are maintained by the triggers at the end, so every code path keeps them consistent.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,       -- lower-case
  password_hash TEXT    NOT NULL DEFAULT '',
  quota_bytes   INTEGER NOT NULL DEFAULT 0,    -- 0: unlimited
  used_bytes    INTEGER NOT NULL DEFAULT 0,
  services      INTEGER NOT NULL,
  enabled       INTEGER NOT NULL DEFAULT 1,
  created       INTEGER NOT NULL
);

CREATE TABLE mailboxes (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name           TEXT    NOT NULL,
  uid_validity   INTEGER NOT NULL,
  uid_next       INTEGER NOT NULL DEFAULT 1,
  highest_modseq INTEGER NOT NULL DEFAULT 1,
  messages       INTEGER NOT NULL DEFAULT 0,
  unseen         INTEGER NOT NULL DEFAULT 0,
  size           INTEGER NOT NULL DEFAULT 0,
  special_use    TEXT    NOT NULL DEFAULT '',
  UNIQUE (account_id, name)
);

CREATE TABLE messages (
  mailbox_id    INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid           INTEGER NOT NULL,
  modseq        INTEGER NOT NULL,
  flags         INTEGER NOT NULL DEFAULT 0,
  keywords      TEXT    NOT NULL DEFAULT '',   -- sorted, space-separated
  internal_date INTEGER NOT NULL,
  save_date     INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  blob_id       TEXT    NOT NULL,
  email_id      INTEGER NOT NULL,
  structure     BLOB    NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX messages_by_modseq ON messages (mailbox_id, modseq);
CREATE INDEX messages_by_email_id ON messages (email_id);

-- Expunged messages, for QRESYNC VANISHED and JMAP changes.
CREATE TABLE tombstones (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid        INTEGER NOT NULL,
  modseq     INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX tombstones_by_modseq ON tombstones (mailbox_id, modseq);

CREATE TABLE subscriptions (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name       TEXT    NOT NULL,
  PRIMARY KEY (account_id, name)
) WITHOUT ROWID;

-- One row per stored body; refcount is the number of messages that use it. Rows at 0
-- are kept: a later sweep may delete them together with their files.
CREATE TABLE blobs (
  id       TEXT    PRIMARY KEY,
  size     INTEGER NOT NULL,
  refcount INTEGER NOT NULL
) WITHOUT ROWID;

-- Store-wide counters: the last UIDVALIDITY handed out (never reused, so a mailbox that
-- is deleted and created again gets a new one) and the last email id.
CREATE TABLE counters (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('uidvalidity', 0), ('email_id', 0);

CREATE TRIGGER messages_after_insert AFTER INSERT ON messages BEGIN
  UPDATE mailboxes
     SET messages = messages + 1,
         unseen = unseen + ((NEW.flags & 1) = 0),
         size = size + NEW.size
   WHERE id = NEW.mailbox_id;
  UPDATE accounts SET used_bytes = used_bytes + NEW.size
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = NEW.mailbox_id);
  INSERT INTO blobs (id, size, refcount) VALUES (NEW.blob_id, NEW.size, 1)
    ON CONFLICT (id) DO UPDATE SET refcount = refcount + 1;
END;

CREATE TRIGGER messages_after_delete AFTER DELETE ON messages BEGIN
  UPDATE mailboxes
     SET messages = messages - 1,
         unseen = unseen - ((OLD.flags & 1) = 0),
         size = size - OLD.size
   WHERE id = OLD.mailbox_id;
  UPDATE accounts SET used_bytes = used_bytes - OLD.size
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = OLD.mailbox_id);
  UPDATE blobs SET refcount = refcount - 1 WHERE id = OLD.blob_id;
END;

CREATE TRIGGER messages_after_seen_change AFTER UPDATE OF flags ON messages
  WHEN (OLD.flags & 1) != (NEW.flags & 1) BEGIN
  UPDATE mailboxes SET unseen = unseen + (OLD.flags & 1) - (NEW.flags & 1)
   WHERE id = NEW.mailbox_id;
END;
