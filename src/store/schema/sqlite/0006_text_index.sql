-- Schema version 6: the full-text index of message text for SEARCH (store/text_index.h),
-- written in the background by the indexer (sqlite/text_indexer.h), never by a delivery.
--
-- One FTS5 document per message, rowid = mailbox_id << 32 | uid, so that a search of
-- one mailbox reads only that mailbox's stretch of each posting list (a rowid range) and
-- its answer is UIDs without a join. The text is the extractor's, already folded, so
-- the trigram tokenizer is told not to fold again (case_sensitive 1). detail=column
-- keeps which column a trigram is in but not where: SEARCH looks a needle up as the AND
-- of its trigrams and confirms each candidate against the message itself, so positions
-- would buy nothing but size (bench/imap_search_bench.md has the measurements).
-- columnsize=0: no ranking, so no per-document sizes.
CREATE VIRTUAL TABLE text_index USING fts5(
  header, body,
  tokenize = 'trigram case_sensitive 1',
  detail = column,
  columnsize = 0
);

-- The watermark of each mailbox: its messages with a UID below next_uid have been
-- indexed (UIDs only grow, so a new message is always above it). No row: nothing yet.
CREATE TABLE text_index_progress (
  mailbox_id INTEGER PRIMARY KEY REFERENCES mailboxes(id) ON DELETE CASCADE,
  next_uid   INTEGER NOT NULL
);

-- An expunged (moved, deleted) message leaves the index with its row. FTS5 re-reads the
-- stored text to know which postings to remove; messages not indexed yet cost nothing.
CREATE TRIGGER messages_after_delete_text AFTER DELETE ON messages
  WHEN OLD.uid < (SELECT next_uid FROM text_index_progress WHERE mailbox_id = OLD.mailbox_id)
BEGIN
  DELETE FROM text_index WHERE rowid = (OLD.mailbox_id << 32) | OLD.uid;
END;
