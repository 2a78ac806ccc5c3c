#!/usr/bin/env bash
# Installs the dependencies, builds Tern and starts it in the foreground on its embedded
# store in ./demo, with a demo account (demo / demo). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh
tern=(build/tern --config demo/tern.toml)
if [[ ! -f demo/tern.toml ]]; then
  "${tern[@]}" config init --data-dir demo/data
  # Well-known ports below 1024 need root; elsewhere the demo uses high ones.
  if [[ $(id -u) -ne 0 ]]; then
    "${tern[@]}" config set service.lmtp.port 2424
    "${tern[@]}" config set service.pop.port 1110
    "${tern[@]}" config set service.imap.port 1143
  fi
  "${tern[@]}" user add demo --password demo
fi
port=$("${tern[@]}" config get service.lmtp.port)
pop=$("${tern[@]}" config get service.pop.port)
imap=$("${tern[@]}" config get service.imap.port)
cat <<TXT

Tern is starting with the demo account "demo" (password "demo"), data in demo/data.
Deliver a message over LMTP (127.0.0.1:$port), e.g. with Python:
  python3 -c 'import smtplib; smtplib.LMTP("127.0.0.1", $port).sendmail("me@example.org", ["demo@localhost"], b"Subject: hi\r\n\r\nhello\r\n")'
or locally:  echo -e "Subject: hi\n\nhello" | build/tern --config demo/tern.toml deliver --user demo
and look:    build/tern --config demo/tern.toml message list demo
Read it over IMAP (127.0.0.1:$imap, STARTTLS with the self-signed certificate in
demo/data/tls; any mail client works, user demo, password demo):
  curl -s 'imap://demo:demo@127.0.0.1:$imap/INBOX;UID=1'
or over POP3 (127.0.0.1:$pop, STLS):
  curl -s pop3://demo:demo@127.0.0.1:$pop/1
HTTP (webmail, JMAP) is configured but not served by this build yet.

TXT
exec "${tern[@]}" serve
