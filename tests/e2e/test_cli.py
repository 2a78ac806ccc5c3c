"""The command-line contract: config, user, deliver, import, export."""
import pathlib
import socket
import subprocess

import pytest

from conftest import SHARED, TERN_BIN, Tern, free_port, wait_for_port


def test_config_init_get_set_list_check(tmp_path):
    t = Tern(tmp_path)
    assert t.cli("config", "get", "service.lmtp.port").stdout.decode().strip() == str(t.lmtp_port)
    assert t.cli("config", "get", "service.imap.port").stdout.decode().strip() == str(t.imap_port)
    t.set("service.pop.banner", "Post office")
    assert t.cli("config", "get", "service.pop.banner").stdout.decode().strip() == "Post office"
    listing = t.cli("config", "list").stdout.decode()
    for key in ("service.imap.port", "service.imap.sslport", "service.imap.enablesslport",
                "service.imap.maxsessions", "service.imap.idletimeout",
                "service.imap.maxthreads", "service.imap.plaintextmincipher",
                "service.imap.loglevel", "service.pop.listen", "service.http.banner",
                "service.lmtp.port", "store.datadir", "tls.certificate"):
        assert key in listing
    assert t.cli("config", "check").returncode == 0
    # The file keeps its comments after set.
    text = t.config.read_text()
    assert "# plain-text port of the imap service" in text
    assert 'banner = "Post office"' in text


def test_new_accounts_get_special_use_mailboxes(tmp_path):
    t = Tern(tmp_path)
    t.set("mailbox.junk", "Spam")
    t.set("mailbox.archive", "")  # none
    t.add_user("alice")
    boxes = t.mailboxes("alice")
    assert {name: b["specialuse"] for name, b in boxes.items()} == {
        "INBOX": "", "Sent": "\\Sent", "Drafts": "\\Drafts", "Trash": "\\Trash",
        "Spam": "\\Junk"}


def test_configuration_reference_is_current():
    # docs/configuration.md is `tern config reference`; regenerate it when keys change:
    #   build/tern config reference > docs/configuration.md
    doc = pathlib.Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
    out = subprocess.run([TERN_BIN, "config", "reference"], capture_output=True, check=True)
    assert out.stdout.decode() == doc.read_text(), "docs/configuration.md is out of date"


@pytest.mark.parametrize("key,value,expect", [
    ("service.imap.port", "70000", "service.imap.port: 70000 is out of range"),
    ("service.imap.port", "abc", "service.imap.port: \"abc\" is not an integer"),
    ("store.fsync", "perhaps", "store.fsync"),
    ("service.imap.prot", "1", "service.imap.prot: unknown configuration key"),
    ("service.pop.loglevel", "loud", "service.pop.loglevel"),
])
def test_config_set_refuses_bad_values(tmp_path, key, value, expect):
    t = Tern(tmp_path)
    before = t.config.read_text()
    r = t.cli("config", "set", key, value, check=False)
    assert r.returncode != 0
    assert expect in r.stderr.decode()
    assert t.config.read_text() == before


def test_config_check_reports_unknown_key_in_file(tmp_path):
    t = Tern(tmp_path)
    with open(t.config, "a") as f:
        f.write("\n[service.imapx]\nbogus = 1\n")
    r = t.cli("config", "check", check=False)
    assert r.returncode != 0
    assert "service.imapx.bogus: unknown configuration key" in r.stderr.decode()
    r = subprocess.run([TERN_BIN, "--config", str(t.config), "serve"], capture_output=True,
                       timeout=30)
    assert r.returncode != 0 and b"service.imapx.bogus" in r.stderr


def test_port_in_use_is_a_clear_startup_error(tmp_path):
    t = Tern(tmp_path)
    t.add_user("alice")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        t.set("service.lmtp.port", str(busy.getsockname()[1]))
        r = subprocess.run([TERN_BIN, "--config", str(t.config), "serve"], capture_output=True,
                           timeout=30)
    assert r.returncode != 0
    err = r.stderr.decode()
    assert "lmtp" in err and "in use" in err, err


def test_user_commands(tmp_path):
    t = Tern(tmp_path)
    t.add_user("Alice@Example.org", "pw1", "--quota", "10M", "--services", "imap,pop")
    r = t.cli("user", "add", "alice@example.org", "--password", "x", check=False)
    assert r.returncode != 0 and "exists" in r.stderr.decode()
    show = t.cli("user", "show", "ALICE@example.org").stdout.decode()
    assert "name: alice@example.org" in show
    assert "services: imap,pop" in show and "quota: 10M" in show
    t.cli("user", "passwd", "alice@example.org", "--password-stdin", input=b"newpw\n")
    t.cli("user", "set", "alice@example.org", "--disable", "--services", "all")
    show = t.cli("user", "show", "alice@example.org").stdout.decode()
    assert "enabled: no" in show and "services: all" in show
    assert "alice@example.org" in t.cli("user", "list").stdout.decode()
    # Password hashes are Argon2id and never in clear in the database.
    db = (t.data / "index.db").read_bytes()
    assert b"$argon2id$" in db and b"newpw" not in db and b"pw1" not in db
    t.cli("user", "del", "alice@example.org")
    r = t.cli("user", "show", "alice@example.org", check=False)
    assert r.returncode == 67
    assert t.cli("user", "add", "bob", check=False).returncode != 0  # no password given


def test_deliver_and_exit_codes(tmp_path):
    t = Tern(tmp_path)
    t.add_user("alice")
    t.add_user("tiny", "pw", "--quota", "1K")
    msg = b"Subject: local\nFrom: a@b\n\nbare LF body\n"
    t.cli("deliver", "--user", "alice", input=msg)
    t.cli("deliver", "--user", "alice", "--mailbox", "Archive/2026", input=msg)
    got = t.message_bytes("alice", 1)
    assert got == msg.replace(b"\n", b"\r\n")
    # Delivery into a missing mailbox creates it (beside the special-use ones).
    assert set(t.mailboxes("alice")) == {"INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive",
                                         "Archive/2026"}
    assert t.cli("deliver", "--user", "nobody", input=msg, check=False).returncode == 67
    big = b"Subject: big\n\n" + b"x" * 2000 + b"\n"
    assert t.cli("deliver", "--user", "tiny", input=big, check=False).returncode == 73


def test_import_mbox_and_export_roundtrip(tmp_path):
    t = Tern(tmp_path)
    t.add_user("alice")
    mbox = tmp_path / "in.mbox"
    mbox.write_bytes(
        b"From a@example Tue Jan  1 00:00:00 2002\n"
        b"Subject: one\n\nbody one\n>From the past\n\n"
        b"From b@example Wed Jan  2 00:00:00 2002\n"
        b"Subject: two\n\nbody two\n\n")
    out = t.cli("import", "mbox", str(mbox), "--user", "alice").stdout.decode()
    assert "imported 2 messages" in out
    msgs = t.messages("alice")
    assert [m["internaldate"] for m in msgs] == ["1009843200", "1009929600"]
    assert t.message_bytes("alice", 1) == b"Subject: one\r\n\r\nbody one\r\nFrom the past\r\n"
    exported = t.cli("message", "export", "alice").stdout
    assert b">From the past" in exported
    again = Tern(tmp_path / "second")
    again.add_user("bob")
    (tmp_path / "out.mbox").write_bytes(exported)
    again.cli("import", "mbox", str(tmp_path / "out.mbox"), "--user", "bob")
    assert again.message_bytes("bob", 1) == t.message_bytes("alice", 1)
    assert again.message_bytes("bob", 2) == t.message_bytes("alice", 2)


def test_import_maildir_with_flags_and_subfolders(tmp_path):
    t = Tern(tmp_path)
    t.add_user("alice")
    md = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp", ".Lists.tern/cur", ".Lists.tern/new"):
        (md / sub).mkdir(parents=True)
    (md / "cur" / "1000.1.host:2,FS").write_bytes(b"Subject: seen\n\nx\n")
    (md / "new" / "1001.1.host").write_bytes(b"Subject: new\n\ny\n")
    (md / ".Lists.tern" / "cur" / "1002.1.host:2,RT").write_bytes(b"Subject: list\n\nz\n")
    out = t.cli("import", "maildir", str(md), "--user", "alice").stdout.decode()
    assert "imported 3 messages" in out
    inbox = t.messages("alice")
    assert [m["flags"] for m in inbox] == ["\\Seen \\Flagged", ""]
    lists = t.messages("alice", "Lists/tern")
    assert lists[0]["flags"] == "\\Answered \\Deleted"


@pytest.mark.skipif(not (SHARED / "corpus" / "mbox" / "sample.mbox").exists(),
                    reason="../shared/corpus is absent (only in the project's CI)")
def test_import_corpus_mbox(tmp_path):
    t = Tern(tmp_path)
    t.add_user("alice")
    index = (SHARED / "corpus" / "mbox" / "sample.index.tsv").read_text().splitlines()
    expected = len([l for l in index[1:] if l.strip()])
    out = t.cli("import", "mbox", str(SHARED / "corpus" / "mbox" / "sample.mbox"),
                "--user", "alice").stdout.decode()
    assert f"imported {expected} messages" in out, out
    assert len(t.messages("alice")) == expected
