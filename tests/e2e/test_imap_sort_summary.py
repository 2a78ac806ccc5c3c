"""SORT and THREAD from the message summaries the indexer keeps (store/message_summary.h):
every answer is the same whether a message has been summarised yet or not. The messages
of test_imap_sort.py and the thread corpus are sorted and threaded with the indexer off
(every summary computed by the session), then again once the indexer has summarised them
all (every summary read from the store), and the answers compared with each other and
with the hand-worked orders of test_imap_sort.py."""
import sqlite3

from imap_support import Lit, wait_until
from test_imap_preview import login, unindexed  # noqa: F401 (a fixture)
from test_imap_sort import MESSAGES, THREADS, corpus_sets, sort, thread

CRITERIA = {
    "ARRIVAL": [2, 3, 4, 1, 5],
    "DATE": [1, 4, 2, 3, 5],
    "SUBJECT": [2, 4, 1, 3, 5],
    "FROM": [2, 3, 4, 5, 1],
    "TO": [3, 4, 1, 2, 5],
    "CC": [1, 4, 3, 5, 2],
    "DISPLAYFROM": [2, 3, 4, 5, 1],
    "DISPLAYTO": [3, 4, 1, 2, 5],
    "REVERSE SUBJECT": [5, 1, 3, 2, 4],
    "SUBJECT REVERSE DATE": [2, 4, 3, 1, 5],
    "SIZE": None,  # compared before/after only
}


def unsummarised(tern):
    """Bodies of messages without a summary (copies share one: counted once)."""
    db = sqlite3.connect(f"file:{tern.data / 'index.db'}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT count(*) FROM (SELECT DISTINCT blob_id FROM messages) m "
            "LEFT JOIN message_summaries s USING (blob_id) WHERE s.blob_id IS NULL").fetchone()[0]
    finally:
        db.close()


def answers(c, sets):
    out = {}
    assert c("SELECT INBOX").ok
    for criteria in CRITERIA:
        out[criteria] = sort(c, f"SORT ({criteria}) UTF-8 ALL")
        out["UID " + criteria] = sort(c, f"UID SORT ({criteria}) UTF-8 ALL")
    out["search"] = sort(c, "SORT (SUBJECT) UTF-8 OR FROM ann SUBJECT beta")
    for name in sets:
        assert c(f"SELECT {name}").ok
        for algorithm in ("REFERENCES", "ORDEREDSUBJECT"):
            out[name, algorithm] = thread(c, f"THREAD {algorithm} UTF-8 ALL")
            out[name, "UID", algorithm] = thread(c, f"UID THREAD {algorithm} UTF-8 ALL")
    return out


def test_same_answers_before_and_after_summaries(unindexed):
    c = login(unindexed)
    for msg, date in MESSAGES:
        assert c(f'APPEND INBOX () "{date}"', Lit(msg)).ok
    sets = corpus_sets()
    for name in sets:
        assert c(f"CREATE {name}").ok
        files = sorted(THREADS.joinpath(name).glob("*.eml"), key=lambda p: int(p.stem))
        for n, path in enumerate(files, 1):
            r = c(f'APPEND {name} () "09-Sep-2001 01:46:{40 + n:02d} +0000"',
                  Lit(path.read_bytes()))
            assert r.ok, r
    before = answers(c, sets)
    for criteria, expected in CRITERIA.items():
        if expected is not None:
            assert before[criteria] == expected, criteria
    assert before["search"] == [2, 1, 3]
    assert unsummarised(unindexed) > 0
    c.close()
    assert unindexed.stop() == 0

    unindexed.set("store.textindex", "true")
    unindexed.start_imap()
    wait_until(lambda: unsummarised(unindexed) == 0, timeout=30, what="every message summarised")
    c = login(unindexed)
    after = answers(c, sets)
    assert after == before
