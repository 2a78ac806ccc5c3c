// tern deliver --user NAME [--mailbox BOX] — a local delivery agent for any MTA: one
// RFC 5322 message on standard input into the account's mailbox. Exit codes follow
// sysexits(3), which MTAs understand (75 means "try again later").
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <ctime>
#include <iostream>

#include "app/cli.h"
#include "app/with_store.h"
#include "delivery/message_ingest.h"

namespace tern::app {

namespace {

struct DeliverArgs {
  std::string user;
  std::string mailbox = "INBOX";
};

int ExitFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound:
      return kExitNoUser;
    case ErrorCode::kOverQuota:
      return kExitCantCreate;
    case ErrorCode::kTooLarge:
      return kExitDataErr;
    case ErrorCode::kInvalidArgument:
      return kExitDataErr;
    default:
      return kExitTempFail;
  }
}

int Deliver(const GlobalOptions& g, const DeliverArgs& a) {
  return WithAccount(
      g, a.user, [&](const config::Config& c, store::Store& st, const store::Account& account) {
        delivery::IngestOptions options;
        options.max_size = c.Int("store.maxmessagesize");
        auto ingest = delivery::MessageIngest::Begin(st.blobs(), options);
        if (!ingest) return Complain(kExitTempFail, ingest.error().ToLogString());
        std::string buf(64 * 1024, '\0');
        for (;;) {
          ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
          if (n < 0 && errno == EINTR) continue;
          if (n < 0) return Complain(kExitIoErr, "cannot read standard input");
          if (n == 0) break;
          auto w = (*ingest)->Write(std::string_view(buf.data(), static_cast<size_t>(n)));
          if (!w) return Complain(ExitFor(w.error()), w.error().public_text);
        }
        auto message = (*ingest)->Finish();
        if (!message) return Complain(ExitFor(message.error()), message.error().ToLogString());

        store::AppendRequest req;
        req.account = account.id;
        req.mailbox = a.mailbox;
        req.message = delivery::ToNewMessage(*message, std::time(nullptr));
        auto r = RunSync(st.Append(std::move(req)));
        if (!r) return Complain(ExitFor(r.error()), r.error().public_text);
        return kExitOk;
      });
}

}  // namespace

void RegisterDeliverCommand(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto a = std::make_shared<DeliverArgs>();
  auto* cmd = app.add_subcommand("deliver", "deliver one message from standard input");
  cmd->add_option("--user", a->user, "the recipient account")->required();
  cmd->add_option("--mailbox", a->mailbox, "the mailbox (created if missing)");
  cmd->callback([&g, &action, a] { action = [&g, a] { return Deliver(g, *a); }; });
}

}  // namespace tern::app
