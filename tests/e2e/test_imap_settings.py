"""IMAP behaviour driven by configuration and account settings, against the running
daemon: service.imap.maxsessions, banner, publishversion, idletimeout (autologout, RFC
9051 5.4), alert ([ALERT], RFC 9051 7.1), loginreferral (RFC 2221), readlimit, and the
per-account imap service right. (plaintextmincipher is in test_imap_basic.py.)"""
import base64
import poplib
import ssl
import time

from imap_support import RawImap, parse, simple_message


def greeting(tern):
    c = RawImap(tern.imap_port)
    g = c.greeting
    c("LOGOUT")
    c.close()
    return g


def test_maxsessions_refuses_with_bye(tern_install):
    tern_install.set("service.imap.maxsessions", "2")
    tern = tern_install.start_imap()
    sessions = []
    deadline = time.monotonic() + 5
    while len(sessions) < 2:  # the harness's probe connection may be counted for a moment
        c = RawImap(tern.imap_port)
        if c.greeting.startswith(b"* OK"):
            sessions.append(c)
        else:
            c.close()
            assert time.monotonic() < deadline, c.greeting
            time.sleep(0.05)
    extra = RawImap(tern.imap_port)
    assert extra.greeting.startswith(b"* BYE "), extra.greeting
    assert extra.expect_closed(5) == b""
    extra.close()
    # Logged-in sessions count the same; when one ends, a new one is let in.
    sessions[0].login("alice", "secret")
    assert sessions[1]("NOOP").ok
    sessions[0]("LOGOUT")
    sessions[0].close()
    deadline = time.monotonic() + 5
    while True:
        c = RawImap(tern.imap_port)
        if c.greeting.startswith(b"* OK"):
            break
        c.close()
        assert time.monotonic() < deadline, "a freed session slot was not reused"
        time.sleep(0.05)
    c.login("alice", "secret")
    c.close()
    sessions[1].close()


def test_banner_replaces_the_greeting_text(tern_install):
    tern_install.set("service.imap.banner", "Example Mail at your service")
    tern = tern_install.start_imap()
    g = greeting(tern)
    # The greeting still carries CAPABILITY; the text is the banner.
    assert g.startswith(b"* OK [CAPABILITY ") and g.endswith(b"] Example Mail at your service"), g
    s = RawImap(tern.imaps_port, ssl.create_default_context(cafile=tern.certificate))
    assert s.greeting.endswith(b"] Example Mail at your service"), s.greeting
    s.close()


def test_default_greeting_and_id_name_no_version(imap):
    g = greeting(imap)
    assert b"Tern" not in g
    version = imap.cli("--version").stdout.decode().split()[1]
    assert version.encode() not in g


def test_publishversion_names_product_and_version(tern_install):
    tern_install.set("service.imap.publishversion", "true")
    tern = tern_install.start_imap()
    version = tern.cli("--version").stdout.decode().split()[1]  # "tern 0.1.0"
    g = greeting(tern)
    assert f"Tern {version}".encode() in g, g
    c = RawImap(tern.imap_port)
    r = c('ID ("name" "e2e")')
    fields = parse(r.starting(b"ID ")[0])[2]
    ids = {str(fields[i]).lower(): fields[i + 1] for i in range(0, len(fields), 2)}
    assert ids.get("name") == "Tern" and ids.get("version") == version, ids  # RFC 2971
    c.close()


def test_idletimeout_autologout(tern_install):
    # The smallest allowed value is 1 s (tern config reference); 2 s leaves room for the
    # commands below.
    tern_install.set("service.imap.idletimeout", "2")
    tern = tern_install.start_imap()
    tern.deliver("alice", simple_message(1))
    for logged_in in (False, True):
        c = RawImap(tern.imap_port)
        if logged_in:
            c.login("alice", "secret")
            assert c("SELECT INBOX").ok
        start = time.monotonic()
        rest = c.expect_closed(15)
        elapsed = time.monotonic() - start
        # RFC 9051 5.4: the server MAY autologout with an untagged BYE.
        assert rest.startswith(b"* BYE "), rest
        assert 1.0 <= elapsed < 10, elapsed
        c.close()
    # Activity keeps a session alive past the timeout.
    c = RawImap(tern.imap_port)
    c.login("alice", "secret")
    for _ in range(4):
        time.sleep(1.0)
        assert c("NOOP").ok
    c.close()
    assert tern.proc.poll() is None


def test_alert_after_login(tern_install):
    tern_install.set("service.imap.alert", "Maintenance tonight at 22:00")
    tern = tern_install.start_imap()
    c = RawImap(tern.imap_port)
    r = c("LOGIN alice secret")
    assert r.ok, r
    alerts = [line for line in r.untagged + [r.tagged] if b"[ALERT]" in line]
    assert len(alerts) == 1 and alerts[0].endswith(b"[ALERT] Maintenance tonight at 22:00"), r
    assert not c("NOOP").starting(b"OK [ALERT]")  # once per login
    c.close()
    c = RawImap(tern.imap_port)
    assert b"[ALERT]" not in c.greeting
    assert not c("CAPABILITY").starting(b"OK [ALERT]")
    c.close()


def test_login_referral_for_accounts_not_here(tern_install):
    tern_install.set("service.imap.loginreferral", "imap://mail2.example.org/")
    tern = tern_install.start_imap()
    c = RawImap(tern.imap_port)
    assert b"LOGIN-REFERRALS" in c.greeting
    # RFC 2221 4.1: an account this server does not have is referred elsewhere...
    r = c("LOGIN nobody secret")
    assert r.status == "NO" and r.tagged.split(b"] ")[0].endswith(
        b"[REFERRAL imap://mail2.example.org/"), r
    r = c("AUTHENTICATE PLAIN " + base64.b64encode(b"\0nobody\0pw").decode())
    assert b"[REFERRAL imap://mail2.example.org/]" in r.tagged, r
    # ...a local account with a wrong password is not, and a right one logs in.
    r = c("LOGIN alice wrong")
    assert r.status == "NO" and b"REFERRAL" not in r.tagged, r
    assert c("LOGIN alice secret").ok
    c.close()
    # Without the setting, neither the capability nor referrals.
    tern.stop()
    tern_install.set("service.imap.loginreferral", "")
    tern = tern_install.start_imap()
    c = RawImap(tern.imap_port)
    assert b"LOGIN-REFERRALS" not in c.greeting
    r = c("LOGIN nobody secret")
    assert r.status == "NO" and b"REFERRAL" not in r.tagged, r
    c.close()


def test_readlimit_shows_the_newest_messages(tern_install):
    tern_install.set("service.imap.readlimit", "3")
    tern = tern_install.start_imap()
    for n in range(1, 6):
        tern.deliver("alice", simple_message(n))
    c = RawImap(tern.imap_port)
    c.login("alice", "secret")
    r = c("SELECT INBOX")
    assert r.ok and r.numbered("EXISTS") == [(3, None)], r
    r = c("FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    uids = [parse(u)[3][1] for u in r.untagged if b" FETCH " in u]
    assert uids == ["3", "4", "5"], r
    c.close()


def test_service_right_and_disabled_account(imap):
    imap.add_user("poponly", "pw", "--services", "pop")
    imap.add_user("sleeper", "pw", "--disable")
    for user in ("poponly", "sleeper"):
        c = RawImap(imap.imap_port)
        r = c("LOGIN", user, "pw")
        assert r.status == "NO", r
        token = base64.b64encode(f"\0{user}\0pw".encode()).decode()
        r = c("AUTHENTICATE PLAIN", token)
        assert r.status == "NO", r
        assert c("SELECT INBOX").status in ("BAD", "NO")  # still not logged in
        c.close()
    # The same password is right: POP3, which poponly may use, lets it in.
    p = poplib.POP3("127.0.0.1", imap.pop_port, timeout=10)
    p.user("poponly")
    p.pass_("pw")
    p.quit()
    # And an account with imap among its services gets in.
    imap.add_user("imapper", "pw", "--services", "imap")
    c = RawImap(imap.imap_port)
    assert c("LOGIN imapper pw").ok
    c.close()


def test_sigterm_with_open_sessions_stops_cleanly(tern_install):
    tern = tern_install.start_imap()
    tern.deliver("alice", simple_message(1))
    selected = RawImap(tern.imap_port)
    selected.login("alice", "secret")
    assert selected("SELECT INBOX").ok
    idling = RawImap(tern.imap_port)
    idling.login("alice", "secret")
    assert idling("SELECT INBOX").ok
    idling.send(b"I1 IDLE\r\n")
    assert idling.response().startswith(b"+")
    fresh = RawImap(tern.imap_port)  # not logged in
    start = time.monotonic()
    rc = tern.stop()
    assert rc == 0, f"tern exited with {rc} on SIGTERM:\n{tern.log[-2000:]}"
    assert time.monotonic() - start < 5, "IMAP sessions held up the shutdown"
    for c in (selected, idling, fresh):
        c.expect_closed(5)  # RFC 9051 7.1.5: a BYE may come first
        c.close()
