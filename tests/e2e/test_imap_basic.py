"""IMAP connection-level behaviour against the running daemon (RFC 9051, RFC 3501): the
greeting, CAPABILITY before and after STARTTLS and login, the implicit-TLS port (RFC
8314), LOGIN, AUTHENTICATE PLAIN and LOGIN with and without SASL-IR (RFC 4959, 4616),
ENABLE (RFC 5161), ID (RFC 2971), NAMESPACE (RFC 2342), NOOP, CHECK and LOGOUT. Clients:
Python's imaplib and the raw client of imap_support."""
import base64
import imaplib
import ssl

import pytest

from imap_support import (MULTIPART, Lit, RawImap, capabilities, imaplib_ok, parse,
                          simple_message, untagged_capabilities)

# What every logged-in session must advertise (issue 4; RFC 9051 7.2.2 and the RFCs of
# each extension).
EXTENSIONS = {"IMAP4REV1", "IMAP4REV2", "ID", "ENABLE", "IDLE", "NAMESPACE", "UIDPLUS",
              "MOVE", "UNSELECT", "CHILDREN", "SPECIAL-USE", "STATUS=SIZE", "BINARY",
              "ESEARCH"}
# Mechanisms offered before login (issue 4). EXTERNAL needs tls.clientca, unset here.
MECHANISMS = {"AUTH=PLAIN", "AUTH=LOGIN", "AUTH=SCRAM-SHA-256"}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def has_literal_plus_or_minus(caps):
    return "LITERAL+" in caps or "LITERAL-" in caps


def test_greeting_and_capabilities_on_the_plain_port(account):
    c = account.raw(login=False)
    g = c.greeting
    assert g.startswith(b"* OK [CAPABILITY "), g
    assert b"Tern" not in g  # no product or version by default
    greeted = capabilities(g)
    r = c("CAPABILITY")
    assert r.ok, r
    before = untagged_capabilities(r)
    assert before == greeted  # the greeting's list is the CAPABILITY response's
    assert {"IMAP4REV1", "IMAP4REV2", "STARTTLS", "SASL-IR"} <= before, before
    assert MECHANISMS <= before, before
    assert "AUTH=EXTERNAL" not in before
    assert "LOGINDISABLED" not in before  # plaintextmincipher is 0: LOGIN is allowed
    assert has_literal_plus_or_minus(before), before

    r = c("LOGIN", account.name, account.password)
    assert r.ok, r
    r = c("CAPABILITY")
    after = untagged_capabilities(r)
    assert EXTENSIONS <= after, sorted(EXTENSIONS - after)
    assert has_literal_plus_or_minus(after), after
    # STARTTLS and LOGINDISABLED concern the not-authenticated state only.
    assert "STARTTLS" not in after and "LOGINDISABLED" not in after, after
    r = c("LOGOUT")
    assert r.ok and r.starting(b"BYE"), r
    assert c.expect_closed() == b""


def test_starttls_changes_capabilities_and_cannot_repeat(account):
    c = account.raw(login=False)
    r = c("STARTTLS")
    assert r.ok, r
    c.start_tls(account.context())
    r = c("CAPABILITY")
    caps = untagged_capabilities(r)
    # RFC 9051 6.2.1: SHOULD NOT advertise STARTTLS after a successful STARTTLS.
    assert "STARTTLS" not in caps and "LOGINDISABLED" not in caps, caps
    assert "IMAP4REV2" in caps and MECHANISMS <= caps, caps
    r = c("STARTTLS")
    assert r.status == "BAD", r  # RFC 9051 6.2.1: BAD after a successful negotiation
    c.login(account.name, account.password)
    r = c("SELECT", "INBOX")
    assert r.ok, r
    c("LOGOUT")
    c.close()


def test_imaplib_plain_starttls_and_imaps_sessions(account):
    account.deliver(simple_message(1))
    stored = account.srv.message_bytes(account.name, 1)
    for mode in ("plain", "starttls", "ssl"):
        m = account.imap(mode)
        if mode != "plain":
            assert "STARTTLS" not in m.capabilities, (mode, m.capabilities)
        else:
            assert "STARTTLS" in m.capabilities
        assert imaplib_ok(m.select("INBOX", readonly=True)) == [b"1"]
        data = imaplib_ok(m.fetch("1", "(BODY.PEEK[])"))
        assert data[0][1] == stored, mode
        m.close()
        m.logout()


def test_implicit_tls_port_refuses_starttls(account):
    c = account.raw(login=False, tls=True)
    assert c.greeting.startswith(b"* OK"), c.greeting
    r = c("CAPABILITY")
    caps = untagged_capabilities(r)
    assert "STARTTLS" not in caps and "LOGINDISABLED" not in caps, caps
    assert MECHANISMS <= caps, caps
    # RFC 9051 6.2.1: "The server MUST always respond with a tagged BAD response when the
    # STARTTLS command is received on an Implicit TLS port."
    assert c("STARTTLS").status == "BAD"
    c.login(account.name, account.password)
    assert c("NOOP").ok
    c.close()


def test_login_good_and_bad(account):
    c = account.raw(login=False)
    r = c("LOGIN", account.name, '"wrong password"')
    assert r.status == "NO" and r.code == "AUTHENTICATIONFAILED", r  # RFC 5530
    r = c("LOGIN", "nobody-here", '"whatever"')
    assert r.status == "NO" and r.code == "AUTHENTICATIONFAILED", r
    # A literal password (RFC 9051 4.3) with a space and a quote in it works like a quoted
    # one: here it is wrong, so it is refused the same way.
    r = c("LOGIN", account.name, Lit(b'pa ss"word'))
    assert r.status == "NO", r
    r = c("LOGIN", account.name, Lit(account.password.encode(), nonsync=True))
    assert r.ok, r
    # The tagged OK of a login may carry the new capabilities (RFC 9051 7.1).
    if r.code and r.code.startswith("CAPABILITY"):
        assert EXTENSIONS <= capabilities(r.tagged)
    r = c("LOGIN", account.name, account.password)
    assert r.status in ("BAD", "NO"), r  # already authenticated
    assert c("NOOP").ok
    c.close()
    m = account.imap(login=False)
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        m.login(account.name, "nope")
    m.login(account.name, account.password)
    assert m.state == "AUTH"
    m.logout()


def test_authenticate_plain_with_and_without_initial_response(account):
    token = b64(f"\0{account.name}\0{account.password}".encode())
    # SASL-IR (RFC 4959): the initial response on the command line.
    c = account.raw(login=False)
    r = c("AUTHENTICATE PLAIN " + token)
    assert r.ok, r
    assert c("SELECT INBOX").ok
    c.close()
    # Without it: an empty challenge "+ " first (RFC 9051 6.2.2, 7.5).
    c = account.raw(login=False)
    c.send(b"A1 AUTHENTICATE PLAIN\r\n")
    cont = c.response()
    assert cont.startswith(b"+"), cont
    assert base64.b64decode(cont[2:]) == b""
    c.send(token.encode() + b"\r\n")
    r = c.read_until_tagged("A1")
    assert r.ok, r
    c.close()
    # With authorization identity equal to the user.
    c = account.raw(login=False)
    r = c("AUTHENTICATE PLAIN " + b64(f"{account.name}\0{account.name}\0"
                                        f"{account.password}".encode()))
    assert r.ok, r
    c.close()
    # imaplib's own AUTHENTICATE (no SASL-IR).
    m = account.imap(login=False)
    typ, _ = m.authenticate("PLAIN", lambda _: f"\0{account.name}\0{account.password}")
    assert typ == "OK" and m.state == "AUTH"
    m.logout()


def test_authenticate_failures(account):
    c = account.raw(login=False)
    r = c("AUTHENTICATE PLAIN " + b64(f"\0{account.name}\0wrong".encode()))
    assert r.status == "NO" and r.code == "AUTHENTICATIONFAILED", r
    # Another user as authorization identity: this account is no administrator.
    r = c("AUTHENTICATE PLAIN " + b64(f"alice\0{account.name}\0{account.password}".encode()))
    assert r.status == "NO", r
    # RFC 9051 6.2.2: "*" cancels; invalid base64 is refused; both with a tagged BAD.
    c.send(b"A1 AUTHENTICATE PLAIN\r\n")
    assert c.response().startswith(b"+")
    c.send(b"*\r\n")
    assert c.read_until_tagged("A1").status == "BAD"
    c.send(b"A2 AUTHENTICATE PLAIN\r\n")
    assert c.response().startswith(b"+")
    c.send(b"!!!not base64!!!\r\n")
    assert c.read_until_tagged("A2").status == "BAD"
    r = c("AUTHENTICATE X-NO-SUCH-MECHANISM")
    assert r.status in ("NO", "BAD"), r
    assert c("LOGIN", account.name, account.password).ok  # still usable
    c.close()


def test_authenticate_login_mechanism(account):
    c = account.raw(login=False)
    c.send(b"A1 AUTHENTICATE LOGIN\r\n")
    assert c.response().startswith(b"+ ")
    c.send(b64(account.name.encode()).encode() + b"\r\n")
    assert c.response().startswith(b"+ ")
    c.send(b64(account.password.encode()).encode() + b"\r\n")
    r = c.read_until_tagged("A1")
    assert r.ok, r
    assert c("SELECT INBOX").ok
    c.close()


def test_enable_id_and_namespace(account):
    c = account.raw(login=False)
    # ID works in every state (RFC 2971 3.1); without publishversion, no version in it.
    r = c('ID ("name" "tern-e2e" "version" "1.0")')
    assert r.ok, r
    ids = r.starting(b"ID ")
    assert len(ids) == 1, r
    v = parse(ids[0])[2]
    assert v is None or (isinstance(v, list) and len(v) % 2 == 0), ids
    if v:
        assert "version" not in [str(x).lower() for x in v[0::2]], v
    assert c("ID NIL").ok
    # ENABLE is only valid once authenticated (RFC 5161 3.1).
    assert c("ENABLE IMAP4rev2").status in ("BAD", "NO")
    c.login(account.name, account.password)
    r = c("ENABLE IMAP4rev2")
    assert r.ok, r
    enabled = r.starting(b"ENABLED")
    assert len(enabled) == 1 and enabled[0].upper().split()[2:] == [b"IMAP4REV2"], r
    # Unknown capabilities are not enabled (RFC 5161 3.1), and that is not an error.
    r = c("ENABLE X-NOT-A-CAPABILITY")
    assert r.ok, r
    assert all(b"X-NOT-A-CAPABILITY" not in e.upper() for e in r.starting(b"ENABLED")), r
    r = c("NAMESPACE")
    assert r.ok, r
    ns = r.starting(b"NAMESPACE ")
    assert len(ns) == 1, r
    personal, other, shared = parse(ns[0])[2:5]
    assert personal == [["", "/"]], ns  # one personal namespace, no prefix, "/"
    c.close()


def test_enable_before_select_changes_to_rev2_responses(account):
    account.deliver(simple_message(1))
    c = account.raw()
    r = c("SELECT INBOX")
    assert r.numbered("RECENT"), r  # rev1 (RFC 3501 6.3.1): RECENT is required
    c("UNSELECT")
    assert c("ENABLE IMAP4rev2").ok
    r = c("SELECT INBOX")
    assert r.ok, r
    # RFC 9051 6.3.2: LIST with the mailbox name is required in SELECT's responses.
    lists = r.starting(b"LIST ")
    assert len(lists) == 1 and parse(lists[0])[4] == "INBOX", r
    # RFC 9051: SEARCH answers with ESEARCH once IMAP4rev2 is enabled.
    r = c("SEARCH ALL")
    assert r.ok and r.starting(b"ESEARCH") and not r.starting(b"SEARCH"), r
    c.close()


def test_noop_check_and_logout(account):
    account.deliver(MULTIPART)
    m = account.imap()
    assert m.noop()[0] == "OK"
    m.select("INBOX")
    assert m.check()[0] == "OK"  # RFC 3501 6.4.1 (rev1 mode)
    assert m.noop()[0] == "OK"
    typ, data = m.logout()
    assert typ == "BYE", (typ, data)
    c = account.raw()
    c.send(b"A1 LOGOUT\r\n")
    assert c.response().startswith(b"* BYE")
    assert c.response().startswith(b"A1 OK")
    assert c.expect_closed() == b""


def test_plaintextmincipher_logindisabled_until_tls(tern_install):
    tern_install.set("service.imap.plaintextmincipher", "128")
    tern = tern_install.start_imap()
    c = RawImap(tern.imap_port)
    caps = capabilities(c.greeting)
    # RFC 9051 6.2.3, 7.2.2: LOGINDISABLED; no plain-text mechanism before TLS.
    assert "LOGINDISABLED" in caps and "STARTTLS" in caps, caps
    assert "AUTH=PLAIN" not in caps and "AUTH=LOGIN" not in caps, caps
    r = c("LOGIN alice secret")
    assert r.status in ("NO", "BAD"), r
    r = c("AUTHENTICATE PLAIN " + b64(b"\0alice\0secret"))
    assert r.status in ("NO", "BAD"), r
    assert c("STARTTLS").ok
    ctx = ssl.create_default_context(cafile=tern.certificate)
    c.start_tls(ctx)
    caps = untagged_capabilities(c("CAPABILITY"))
    assert "LOGINDISABLED" not in caps and "AUTH=PLAIN" in caps, caps
    assert c("LOGIN alice secret").ok
    c.close()
    s = RawImap(tern.imaps_port, ctx)
    caps = capabilities(s.greeting)
    assert "LOGINDISABLED" not in caps and "AUTH=PLAIN" in caps, caps
    assert s("AUTHENTICATE PLAIN " + b64(b"\0alice\0secret")).ok
    s.close()
    # imaplib refuses LOGIN itself when LOGINDISABLED is advertised, then works after TLS.
    m = imaplib.IMAP4("127.0.0.1", tern.imap_port, timeout=10)
    assert "LOGINDISABLED" in m.capabilities
    m.starttls(ctx)
    m.login("alice", "secret")
    m.logout()
