#!/usr/bin/env bash
# Installs everything Tern needs to build, run and test, from Debian 12's archive only.
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libssl-dev libsqlite3-dev libpq-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
  libargon2-dev zlib1g-dev libexpected-dev libicu-dev
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev
  python3 python3-pytest python3-pytest-timeout openssl
  curl fetchmail getmail6
  # IMAP clients of the e2e tests (Debian 12 ships offlineimap as offlineimap3);
  # libsasl2-modules gives mbsync its SASL mechanisms (SCRAM-SHA-256, PLAIN).
  isync offlineimap3 mutt libsasl2-modules
)
# Benchmarks compare against Dovecot; e2e tests use these real clients.
if [[ "${TERN_WITH_BENCH:-0}" == 1 ]]; then
  packages+=(dovecot-core dovecot-lmtpd dovecot-pop3d dovecot-imapd)
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
