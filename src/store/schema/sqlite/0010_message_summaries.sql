-- Schema version 10: the summary of each stored body (store/message_summary.h) that
-- SORT, THREAD and PREVIEW read instead of parsing the message, written by the
-- background indexer in the pass it makes for the text index, never by a delivery.
--
-- Keyed by blob, as the body is: copies of a message share one summary. A message whose
-- body has no row yet is summarised by its reader. The row goes with the body's last
-- reference (the blobs row itself stays at refcount 0, as 0001 says), and a body counted
-- again later is summarised again by the indexer when it meets the new message.
--
-- The address and subject keys are collation keys (octets that compare as the
-- i;unicode-casemap collation orders their strings); refs is the References list as
-- length-prefixed msg-ids (sqlite/summaries.cc). Previews are read by FETCH, a few
-- messages at a time, not by a sort's scan, so they sit in a table of their own (with
-- rowids: a preview is up to a few hundred bytes) and a scan of the sort keys reads
-- small rows. Bodies indexed before this schema have no summary: their readers compute
-- it, as for new mail.
CREATE TABLE message_summaries (
  blob_id          TEXT    PRIMARY KEY,
  sent             INTEGER,            -- NULL: no valid Date:
  subject          BLOB    NOT NULL,
  reply_or_forward INTEGER NOT NULL,
  from_key         BLOB    NOT NULL,
  to_key           BLOB    NOT NULL,
  cc_key           BLOB    NOT NULL,
  display_from     BLOB    NOT NULL,
  display_to       BLOB    NOT NULL,
  message_id       BLOB    NOT NULL,
  refs             BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE message_previews (
  blob_id TEXT PRIMARY KEY,
  preview TEXT NOT NULL
);

CREATE TRIGGER blobs_after_release_summary AFTER UPDATE OF refcount ON blobs
  WHEN NEW.refcount <= 0
BEGIN
  DELETE FROM message_summaries WHERE blob_id = NEW.id;
  DELETE FROM message_previews WHERE blob_id = NEW.id;
END;

CREATE TRIGGER blobs_after_delete_summary AFTER DELETE ON blobs
BEGIN
  DELETE FROM message_summaries WHERE blob_id = OLD.id;
  DELETE FROM message_previews WHERE blob_id = OLD.id;
END;
