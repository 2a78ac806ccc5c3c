"""Real IMAP clients from Debian against the running daemon: curl (imap:// and imaps://:
list, fetch by UID, append, search), mbsync (isync: two-way sync of a folder tree with a
Maildir), offlineimap (sync, then a flag change synced back) and mutt (driven through a
pseudo-terminal: opens INBOX over IMAPS and saves a message into another folder). What
the clients did is checked in the Maildir and over imaplib / `tern message list`."""
import os
import pathlib
import pty
import re
import select
import shutil
import subprocess
import time

import pytest

from imap_support import simple_message

needs = {tool: pytest.mark.skipif(shutil.which(tool) is None,
                                  reason=f"{tool} is not installed (scripts/setup-deps.sh)")
         for tool in ("curl", "mbsync", "offlineimap", "mutt")}


def subjects(account, mailbox="INBOX"):
    """{uid: Subject} of a mailbox, read with imaplib."""
    m = account.imap()
    typ, data = m.select(f'"{mailbox}"', readonly=True)
    assert typ == "OK", data
    typ, data = m.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    out = {}
    for d in data:
        if isinstance(d, tuple):
            uid = int(re.search(rb"UID (\d+)", d[0]).group(1))
            out[uid] = d[1].decode().split(":", 1)[1].strip()
    m.logout()
    return out


def flags(account, mailbox="INBOX"):
    """{Subject: set of flags} of a mailbox as `tern message list` stores them."""
    subj = subjects(account, mailbox)
    return {subj[int(m["uid"])]: set(m["flags"].split())
            for m in account.srv.messages(account.name, mailbox)}


# --- curl ---------------------------------------------------------------------------------

def curl(*args, check=True):
    r = subprocess.run(["curl", "-s", "-S", "--fail", *args], capture_output=True, timeout=30)
    if check:
        assert r.returncode == 0, (args, r.stderr.decode(errors="replace"))
    return r


@needs["curl"]
@pytest.mark.parametrize("scheme", ["imap", "imaps"])
def test_curl_list_fetch_append_search(account, scheme, tmp_path):
    for n in (1, 2, 3):
        account.deliver(simple_message(n))
    port = account.srv.imap_port if scheme == "imap" else account.srv.imaps_port
    base = f"{scheme}://{account.name}:{account.password}@127.0.0.1:{port}"
    tls = ["-k"] if scheme == "imaps" else []
    # List: curl sends LIST "" * and prints the untagged responses.
    out = curl(*tls, base + "/").stdout.decode()
    names = set(re.findall(r'^\* LIST \([^)]*\) "/" "?([^"\r\n]+)"?\r?$', out, re.M))
    assert {"INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"} <= names, out
    # Fetch by UID: the message exactly as stored, and curl's FETCH BODY[] sets \Seen.
    out = curl(*tls, base + "/INBOX;UID=2").stdout
    assert out == account.srv.message_bytes(account.name, 2)
    assert account.srv.messages(account.name)[1]["flags"] == "\\Seen"
    out = curl(*tls, base + "/INBOX;UID=3;SECTION=HEADER.FIELDS%20(SUBJECT)").stdout
    assert out.strip() == b"Subject: message 3"
    # Append (upload) into another mailbox.
    upload = tmp_path / "upload.eml"
    data = simple_message(9, subject="uploaded by curl")
    upload.write_bytes(data)
    curl(*tls, "-T", str(upload), base + "/Sent")
    sent = account.srv.messages(account.name, "Sent")
    assert len(sent) == 1 and account.srv.message_bytes(account.name, 1, "Sent") == data
    # Search: a URL query, and a custom UID SEARCH on the selected mailbox.
    out = curl(*tls, base + "/INBOX?SUBJECT%20%22message%203%22").stdout
    assert out.strip() == b"* SEARCH 3", out
    # 2 and 3 are \Seen: curl fetched them without PEEK.
    out = curl(*tls, base + "/INBOX", "-X", "UID SEARCH SEEN").stdout
    assert out.strip() == b"* SEARCH 2 3", out
    # A wrong password fails (curl exit 67: login denied).
    r = curl(*tls, f"{scheme}://{account.name}:wrong@127.0.0.1:{port}/", check=False)
    assert r.returncode == 67, r


# --- mbsync ---------------------------------------------------------------------------------

MBSYNCRC = """\
IMAPAccount tern
Host localhost
Port {port}
User {user}
Pass {password}
SSLType IMAPS
CertificateFile {cert}

IMAPStore remote
Account tern

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX
SubFolders Verbatim

Channel sync
Far :remote:
Near :local:
Patterns *
Create Both
Expunge Both
SyncState *
Sync All
"""


def maildir_messages(folder: pathlib.Path):
    """{Subject: (path, flags)} of a Maildir folder; flags are the letters after ":2,"."""
    out = {}
    for sub in ("cur", "new"):
        for p in (folder / sub).iterdir() if (folder / sub).exists() else []:
            m = re.search(rb"^Subject: (.*?)\r?$", p.read_bytes(), re.M)
            info = p.name.split(":2,", 1)
            out[m.group(1).decode()] = (p, set(info[1]) if len(info) == 2 else set())
    return out


def write_maildir_message(folder: pathlib.Path, name, data):
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "new" / name).write_bytes(data)


def run_mbsync(rc, home):
    r = subprocess.run(["mbsync", "-c", str(rc), "-a"], capture_output=True, timeout=60,
                       env=dict(os.environ, HOME=str(home)))
    assert r.returncode == 0, r.stdout.decode(errors="replace") + r.stderr.decode(
        errors="replace")


@needs["mbsync"]
def test_mbsync_two_way_sync_of_a_folder_tree(account, tmp_path):
    srv = account.srv
    m = account.imap()
    for name in ("Projects", "Projects/Alpha"):
        assert m.create(name)[0] == "OK"
    m.append("INBOX", r"(\Seen)", None, simple_message(1, subject="inbox one"))
    m.append("INBOX", None, None, simple_message(2, subject="inbox two"))
    m.append("INBOX", None, None, simple_message(3, subject="inbox three"))
    m.append("Projects/Alpha", r"(\Flagged)", None, simple_message(4, subject="alpha one"))
    m.logout()
    maildir = tmp_path / "Mail"
    maildir.mkdir()
    rc = tmp_path / "mbsyncrc"
    rc.write_text(MBSYNCRC.format(port=srv.imaps_port, user=account.name,
                                  password=account.password, cert=srv.certificate,
                                  maildir=maildir))

    run_mbsync(rc, tmp_path)
    inbox = maildir_messages(maildir / "INBOX")
    assert set(inbox) == {"inbox one", "inbox two", "inbox three"}, inbox
    assert "S" in inbox["inbox one"][1] and "S" not in inbox["inbox two"][1]
    alpha = maildir_messages(maildir / "Projects" / "Alpha")
    assert set(alpha) == {"alpha one"} and "F" in alpha["alpha one"][1]
    # mbsync stores LF line ends and may add its X-TUID tracking field.
    local = re.sub(rb"(?m)^X-TUID: .*\n", b"", alpha["alpha one"][0].read_bytes())
    assert local == srv.message_bytes(account.name, 1, "Projects/Alpha").replace(b"\r\n", b"\n")
    for special in ("Sent", "Drafts", "Trash", "Junk", "Archive"):
        assert (maildir / special / "cur").is_dir(), special

    # Changes on both sides.
    p, f = inbox["inbox one"]  # local: flag it
    p.rename(p.parent.parent / "cur" / (p.name.split(":2,")[0] + ":2,FS"))
    inbox["inbox two"][0].unlink()  # local: delete it
    write_maildir_message(maildir / "Projects" / "Alpha", "1.local.host",
                          simple_message(5, subject="alpha local"))
    write_maildir_message(maildir / "Local" / "Notes", "2.local.host",
                          simple_message(6, subject="local note"))
    m = account.imap()
    m.select("INBOX")
    uid3 = [u for u, s in subjects(account).items() if s == "inbox three"][0]
    m.uid("STORE", str(uid3), "+FLAGS.SILENT", r"(\Deleted)")  # server: delete it
    m.expunge()
    m.append("INBOX", None, None, simple_message(7, subject="inbox four"))
    m.select("Projects/Alpha")
    m.store("1", "+FLAGS", r"(\Answered)")
    m.create("Remote/New")
    m.append("Remote/New", None, None, simple_message(8, subject="remote new"))
    m.logout()

    run_mbsync(rc, tmp_path)
    # Local state.
    inbox = maildir_messages(maildir / "INBOX")
    assert set(inbox) == {"inbox one", "inbox four"}, inbox
    alpha = maildir_messages(maildir / "Projects" / "Alpha")
    assert set(alpha) == {"alpha one", "alpha local"}
    assert {"F", "R"} <= alpha["alpha one"][1], alpha
    assert set(maildir_messages(maildir / "Remote" / "New")) == {"remote new"}
    # Server state.
    assert flags(account) == {"inbox one": {"\\Seen", "\\Flagged"}, "inbox four": set()}
    assert set(subjects(account, "Projects/Alpha").values()) == {"alpha one", "alpha local"}
    assert set(subjects(account, "Local/Notes").values()) == {"local note"}
    # A third run finds nothing to do and changes nothing.
    before = {name: flags(account, name) for name in ("INBOX", "Projects/Alpha")}
    run_mbsync(rc, tmp_path)
    assert {name: flags(account, name) for name in ("INBOX", "Projects/Alpha")} == before


# --- offlineimap ----------------------------------------------------------------------------

OFFLINEIMAPRC = """\
[general]
accounts = tern
metadata = {meta}

[Account tern]
localrepository = local
remoterepository = remote

[Repository local]
type = Maildir
localfolders = {maildir}

[Repository remote]
type = IMAP
remotehost = localhost
remoteport = {port}
remoteuser = {user}
remotepass = {password}
ssl = yes
sslcacertfile = {cert}
"""


def run_offlineimap(rc, home):
    r = subprocess.run(["offlineimap", "-c", str(rc), "-o", "-u", "basic"],
                       capture_output=True, timeout=120, env=dict(os.environ, HOME=str(home)))
    out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    assert r.returncode == 0 and "ERROR" not in out, out
    return out


@needs["offlineimap"]
def test_offlineimap_sync_and_flag_back(account, tmp_path):
    m = account.imap()
    assert m.create("Projects/Beta")[0] == "OK"
    m.append("INBOX", r"(\Seen)", None, simple_message(1, subject="oi one"))
    m.append("INBOX", None, None, simple_message(2, subject="oi two"))
    m.append("Projects/Beta", None, None, simple_message(3, subject="oi beta"))
    m.logout()
    maildir = tmp_path / "Mail"
    rc = tmp_path / "offlineimaprc"
    rc.write_text(OFFLINEIMAPRC.format(meta=tmp_path / "meta", maildir=maildir,
                                       port=account.srv.imaps_port, user=account.name,
                                       password=account.password,
                                       cert=account.srv.certificate))
    run_offlineimap(rc, tmp_path)
    inbox = maildir_messages(maildir / "INBOX")
    assert set(inbox) == {"oi one", "oi two"}, inbox
    assert "S" in inbox["oi one"][1] and "S" not in inbox["oi two"][1]
    # offlineimap names local folders with "." for the server's "/".
    assert set(maildir_messages(maildir / "Projects.Beta")) == {"oi beta"}
    stored = account.srv.message_bytes(account.name, 2)
    assert inbox["oi two"][0].read_bytes().replace(b"\r\n", b"\n") == \
        stored.replace(b"\r\n", b"\n")
    # Flag "oi two" and mark it answered locally; sync it back.
    p = inbox["oi two"][0]
    p.rename(p.parent.parent / "cur" / (p.name.split(":2,")[0] + ":2,FR"))
    run_offlineimap(rc, tmp_path)
    assert flags(account) == {"oi one": {"\\Seen"}, "oi two": {"\\Flagged", "\\Answered"}}


# --- mutt ---------------------------------------------------------------------------------

MUTTRC = """\
set folder="imaps://{user}@localhost:{port}/"
set spoolfile="+INBOX"
set imap_user="{user}"
set imap_pass="{password}"
set ssl_ca_certificates_file="{cert}"
set certificate_file="{home}/certificates"
set header_cache=""
set message_cachedir=""
set confirmappend=no
set confirmcreate=no
set quit=yes
set delete=yes
set move=no
set record=""
set postpone=no
set mail_check_stats=no
set sort=date-sent
"""


def run_mutt(home, rc, commands, timeout=20):
    """Runs mutt on a pseudo-terminal with `push` commands; returns (exit code, screen
    text without escape sequences)."""
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="vt100", HOME=str(home), LINES="24", COLUMNS="100")
    p = subprocess.Popen(["mutt", "-n", "-F", str(rc), "-e", f'push "{commands}"'],
                         stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            elif p.poll() is not None:
                break
    finally:
        if p.poll() is None:
            p.kill()
        rc_ = p.wait()
        os.close(master)
    return rc_, re.sub(rb"\x1b[\[()][0-9;?]*[A-Za-z]?", b" ", out).decode(errors="replace")


@needs["mutt"]
def test_mutt_saves_a_message_into_another_folder_over_imaps(account, tmp_path):
    for n, subject in enumerate(("first", "mutt target", "last"), 1):
        account.deliver(simple_message(n, subject=subject))
    target = account.srv.message_bytes(account.name, 2)
    rc = tmp_path / "muttrc"
    rc.write_text(MUTTRC.format(user=account.name, password=account.password,
                                port=account.srv.imaps_port, cert=account.srv.certificate,
                                home=tmp_path))
    # Limit the index to the target, save (copy, then delete) it into Archive, quit
    # (which expunges it from INBOX since delete=yes).
    code, screen = run_mutt(tmp_path, rc,
                            "<limit>~s target<enter><save-message>=Archive<enter><quit>")
    assert code == 0, screen[-2000:]
    assert "mutt target" in screen
    assert set(subjects(account, "Archive").values()) == {"mutt target"}, screen[-2000:]
    assert set(subjects(account).values()) == {"first", "last"}
    archived = account.srv.messages(account.name, "Archive")
    assert account.srv.message_bytes(account.name, int(archived[0]["uid"]), "Archive") == target
    # And a copy of another message into a new folder, leaving INBOX as it is.
    code, screen = run_mutt(tmp_path, rc,
                            "<limit>~s first<enter><copy-message>=Saved<enter><quit>")
    assert code == 0, screen[-2000:]
    assert set(subjects(account, "Saved").values()) == {"first"}
    assert set(subjects(account).values()) == {"first", "last"}
