// The registry of every configuration key. Adding a key here is all it takes for it to
// be validated, listed by `config list`, written by `config init` and readable.
#include <array>

#include "base/config.h"

namespace tern::config {
namespace {

using T = Type;
constexpr int64_t kMaxPort = 65535;
constexpr int64_t kDay = 86400;

// The per-service block: the same keys for every service, as the classic servers had.
// `threads`: the default of maxthreads; LMTP's blocking work is waiting for fsync, not
// computing, so it gets more threads than cores.
#define TERN_SERVICE_KEYS(svc, port, sslport, enabled, threads)                                \
  KeySpec{"service." svc ".enable", T::kBool, enabled, "run the " svc " service"},             \
      KeySpec{"service." svc ".listen", T::kString, "127.0.0.1",                               \
              "address the " svc " service listens on (0.0.0.0 or :: for all)"},               \
      KeySpec{"service." svc ".port",                                                          \
              T::kInt,                                                                         \
              port,                                                                            \
              "plain-text port of the " svc " service",                                        \
              0,                                                                               \
              kMaxPort},                                                                       \
      KeySpec{"service." svc ".sslport",                                                       \
              T::kInt,                                                                         \
              sslport,                                                                         \
              "implicit-TLS port of the " svc " service",                                      \
              0,                                                                               \
              kMaxPort},                                                                       \
      KeySpec{"service." svc ".enablesslport", T::kBool, "false",                              \
              "also listen on the implicit-TLS port"},                                         \
      KeySpec{"service." svc ".banner", T::kString, "",                                        \
              "greeting text replacing the default (empty: default, without version)"},        \
      KeySpec{"service." svc ".publishversion", T::kBool, "false",                             \
              "name the product and version in greetings and IMPLEMENTATION/ID replies"},      \
      KeySpec{"service." svc ".maxsessions",                                                   \
              T::kInt,                                                                         \
              "1000",                                                                          \
              "maximum concurrent sessions; more are refused with a temporary error",          \
              1,                                                                               \
              1000000},                                                                        \
      KeySpec{"service." svc ".idletimeout",                                                   \
              T::kInt,                                                                         \
              "1800",                                                                          \
              "seconds a session may stay idle before it is closed",                           \
              1,                                                                               \
              kDay},                                                                           \
      KeySpec{"service." svc ".maxthreads",                                                    \
              T::kInt,                                                                         \
              threads,                                                                         \
              "worker threads for the service's blocking work (hashing, parsing, fsync)",      \
              1,                                                                               \
              256},                                                                            \
      KeySpec{"service." svc ".plaintextmincipher",                                            \
              T::kInt,                                                                         \
              "0",                                                                             \
              "refuse plain-text passwords unless TLS with at least this many cipher bits "    \
              "(0: allow)",                                                                    \
              0,                                                                               \
              256},                                                                            \
      KeySpec {                                                                                \
    "service." svc ".loglevel", T::kString, "major", "log level of the " svc " service", 0, 0, \
        "major|problems|protocol|all"                                                          \
  }

constexpr auto kKeys = std::to_array<KeySpec>({
    {"server.hostname", T::kString, "localhost",
     "this server's name in greetings and trace headers"},
    {"server.iothreads", T::kInt, "0", "threads multiplexing every connection (0: one per core)", 0,
     256},
    {"server.loglevel", T::kString, "major", "log level of the daemon itself", 0, 0,
     "major|problems|protocol|all"},

    {"store.backend", T::kString, "sqlite", "mailbox store backend", 0, 0, "sqlite"},
    {"store.datadir", T::kString, "/var/lib/tern", "data directory of the embedded store"},
    {"store.fsync", T::kBool, "true",
     "make every message durable (fsync) before acknowledging it; off only for tests"},
    {"store.maxmessagesize", T::kInt, "52428800", "largest message accepted, in bytes", 1024,
     int64_t{4} << 30},
    {"store.groupcommitmax", T::kInt, "256",
     "most writes that share one commit and fsync (group commit)", 1, 100000},
    {"store.readthreads", T::kInt, "4", "threads serving store reads", 1, 256},
    {"store.inlineblobmax", T::kInt, "65536",
     "message bodies up to this size in bytes are kept in the index, durable with their "
     "message's commit, not as files (0: all are files)",
     0, int64_t{16} << 20},
    {"store.textindex", T::kBool, "true",
     "keep a full-text index of message text, built in the background by the daemon, so "
     "that SEARCH of text reads only the messages it may match"},
    {"store.tombstonedays", T::kInt, "90",
     "days an expunge is remembered for QRESYNC resynchronisation; a client back after "
     "longer is sent every UID it may know that is gone",
     1, 36500},
    {"store.loglevel", T::kString, "major", "log level of the store", 0, 0,
     "major|problems|protocol|all"},

    {"auth.argon2.timecost", T::kInt, "2", "Argon2id passes when hashing a password", 1, 100},
    {"auth.argon2.memorycost", T::kInt, "19456", "Argon2id memory in KiB", 8, 4194304},
    {"auth.argon2.parallelism", T::kInt, "1", "Argon2id lanes", 1, 64},
    {"auth.cachettl", T::kInt, "300",
     "seconds a verified login is remembered so repeated logins skip Argon2 (0: off)", 0, kDay},
    {"auth.defaultquota", T::kInt, "0", "quota of new accounts in bytes (0: unlimited)", 0,
     int64_t{1} << 50},
    {"auth.defaultquotamessages", T::kInt, "0",
     "most messages a new account may hold (0: unlimited)", 0, int64_t{1} << 40},
    {"mailbox.sent", T::kString, "Sent",
     "the \\Sent mailbox created with every new account (RFC 6154; empty: none)"},
    {"mailbox.drafts", T::kString, "Drafts",
     "the \\Drafts mailbox created with every new account (empty: none)"},
    {"mailbox.trash", T::kString, "Trash",
     "the \\Trash mailbox created with every new account (empty: none)"},
    {"mailbox.junk", T::kString, "Junk",
     "the \\Junk mailbox created with every new account (empty: none)"},
    {"mailbox.archive", T::kString, "Archive",
     "the \\Archive mailbox created with every new account (empty: none)"},

    {"tls.certificate", T::kString, "", "PEM certificate chain for TLS (empty: no TLS)"},
    {"tls.key", T::kString, "", "PEM private key for tls.certificate"},
    {"tls.minprotocol", T::kString, "1.2", "lowest TLS version accepted", 0, 0, "1.2|1.3"},
    {"tls.clientca", T::kString, "",
     "PEM CA certificates that client certificates must chain to for SASL EXTERNAL "
     "(empty: no certificate logins)"},

    TERN_SERVICE_KEYS("imap", "143", "993", "true", "4"),
    TERN_SERVICE_KEYS("pop", "110", "995", "true", "4"),
    TERN_SERVICE_KEYS("http", "8080", "8443", "true", "4"),
    TERN_SERVICE_KEYS("lmtp", "24", "0", "true", "16"),
    {"service.imap.maxbadcommands", T::kInt, "20",
     "invalid IMAP commands after which the session is closed", 1, 10000},
    {"service.imap.readlimit", T::kInt, "0",
     "most messages a SELECT shows, the newest ones, for clients that cannot cope with huge "
     "mailboxes (0: all)",
     0, 100000000},
    {"service.imap.loginreferral", T::kString, "",
     "IMAP URL of the server that holds accounts unknown here (RFC 2221 LOGIN-REFERRALS, "
     "e.g. imap://mail2.example.org/; empty: none)"},
    {"service.imap.alert", T::kString, "",
     "message shown to every IMAP user after login as an [ALERT] (empty: none)"},
    {"service.imap.metadatamaxsize", T::kInt, "65536",
     "largest value of one IMAP METADATA entry in bytes (RFC 5464 asks for at least 1024; "
     "64 KiB is the largest literal a command may carry)",
     1024, 65536},
    {"service.imap.metadatamaxentries", T::kInt, "100",
     "most IMAP METADATA entries an account may keep on one mailbox, and on the server "
     "(RFC 5464 asks for at least 10)",
     10, 100000},
    {"service.imap.admincontact", T::kString, "",
     "URI for reaching the administrator (mailto: or tel:), the read-only METADATA server "
     "entry /shared/admin (RFC 5464; empty: none)"},
    {"service.imap.progressinterval", T::kInt, "10000",
     "milliseconds between the INPROGRESS notes a long IMAP command (SEARCH, SORT, THREAD, "
     "FETCH of many messages) sends (RFC 9585 recommends 10 to 15 seconds; 0: none)",
     0, 3600000},
    {"service.pop.loginseparator", T::kString, ":",
     "character after the user name that starts POP3 login options (alice:v=2d)", 0, 0,
     ":|+|#|/|%|!|~|$|&|="},
    {"service.pop.enableapop", T::kBool, "false",
     "offer APOP; passwords set while on are also kept sealed under DATA/keys/secret.key"},
    {"service.pop.logindelay", T::kInt, "0",
     "seconds a POP3 account must wait between logins, advertised as LOGIN-DELAY (0: none)", 0,
     kDay},
    {"service.pop.maxbadcommands", T::kInt, "20",
     "unknown or malformed POP3 commands after which the session is closed", 1, 10000},
    {"service.pop.trashmailbox", T::kString, "Trash",
     "mailbox that POP3 login option d moves downloaded messages to when the account has no "
     "\\Trash mailbox"},
    {"service.lmtp.maxrecipients", T::kInt, "100", "recipients accepted in one LMTP transaction", 1,
     100000},
});

#undef TERN_SERVICE_KEYS

}  // namespace

std::span<const KeySpec> Keys() { return kKeys; }

const KeySpec* FindKey(std::string_view key) {
  for (const auto& spec : kKeys) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

}  // namespace tern::config
