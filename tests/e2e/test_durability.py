"""Kill the daemon with SIGKILL in the middle of deliveries, restart it, and check that
every acknowledged message is stored whole and nothing half-written is."""
import mailbox
import threading
import time

from lmtp_client import RawLmtp


def message(tag, n):
    body = "".join(f"line {i} of message {tag}\r\n" for i in range(40 + n % 50))
    return (f"From: load@example.net\r\nTo: alice@example.org\r\nSubject: {tag}\r\n"
            f"Message-ID: <{tag}@durability.test>\r\n\r\n{body}").encode()


def export(tern, user):
    """user's INBOX as {message-id: bytes}, via `tern message export` (mboxrd)."""
    path = tern.root / f"{user}.mbox"
    path.write_bytes(tern.cli("message", "export", user).stdout)
    out = {}
    for m in mailbox.mbox(str(path)):
        raw = m.as_bytes()
        out[m["Message-ID"]] = raw
    return out


def test_sigkill_mid_delivery_keeps_every_acknowledged_message(tern):
    sent, acked = {}, set()
    lock = threading.Lock()
    stop = threading.Event()

    def worker(w):
        n = 0
        try:
            c = RawLmtp(tern.lmtp_port, timeout=5)
            c.reply()
            c.cmd("LHLO load.example")
            while not stop.is_set():
                tag = f"w{w}-{n}"
                msg = message(tag, n)
                with lock:
                    sent[f"<{tag}@durability.test>"] = msg
                c.send(b"MAIL FROM:<load@example.net>\r\nRCPT TO:<alice@localhost>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n")
                if [c.reply()[0] for _ in range(4)] != [250, 250, 250, 354]:
                    return
                c.send(msg + b".\r\n")
                codes = [c.reply()[0] for _ in range(2)]
                if codes == [250, 250]:
                    with lock:
                        acked.add(f"<{tag}@durability.test>")
                n += 1
        except (OSError, ConnectionError):
            pass  # the daemon was killed under us

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while len(acked) < 300 and time.monotonic() < deadline:
        time.sleep(0.05)
    tern.kill()
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert len(acked) >= 50, f"only {len(acked)} deliveries before the kill"

    tern.start()
    for user in ("alice", "bob@example.org"):
        stored = export(tern, user)
        missing = acked - set(stored)
        assert not missing, f"{len(missing)} acknowledged messages lost for {user}"
        for mid, raw in stored.items():
            assert mid in sent, f"unknown message {mid} stored"
            # Whole: the stored message ends with exactly the bytes that were sent.
            assert raw.replace(b"\r\n", b"\n").endswith(sent[mid].replace(b"\r\n", b"\n")), mid
        msgs = tern.messages(user)
        uids = [int(m["uid"]) for m in msgs]
        assert uids == sorted(set(uids))
        assert len(msgs) == len(stored)
    # Counts agree with the messages after recovery.
    boxes = tern.mailboxes("alice")
    assert int(boxes["INBOX"]["messages"]) == len(tern.messages("alice"))
    # No temporary blob is left behind under a final name: every listed blob reads back
    # with its recorded size.
    for m in tern.messages("alice")[:50]:
        assert len(tern.message_bytes("alice", m["uid"])) == int(m["size"])
