// tern mailbox list USER; tern message list|get USER ... — read-only inspection of an
// account's mail for administrators (and the end-to-end tests).
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <ctime>
#include <iostream>

#include "app/cli.h"
#include "app/with_store.h"
#include "store/blob_store.h"

namespace tern::app {

namespace {

struct InspectArgs {
  std::string user;
  std::string mailbox = "INBOX";
  uint32_t uid = 0;
};

std::string FlagNames(uint32_t flags) {
  std::string out;
  auto add = [&](uint32_t bit, const char* name) {
    if ((flags & bit) == 0) return;
    if (!out.empty()) out += ' ';
    out += name;
  };
  add(store::kFlagSeen, "\\Seen");
  add(store::kFlagAnswered, "\\Answered");
  add(store::kFlagFlagged, "\\Flagged");
  add(store::kFlagDeleted, "\\Deleted");
  add(store::kFlagDraft, "\\Draft");
  return out;
}

// Runs fn(store, mailbox) for the named account's mailbox.
template <typename F>
int WithMailbox(const GlobalOptions& g, const InspectArgs& a, F fn) {
  return WithAccount(g, a.user,
                     [&](const config::Config&, store::Store& s, const store::Account& account) {
                       auto box = RunSync(s.GetMailbox(account.id, a.mailbox));
                       if (!box) return Complain(kExitNoUser, box.error().public_text);
                       return fn(s, *box);
                     });
}

int ListMailboxes(const GlobalOptions& g, const InspectArgs& a) {
  return WithAccount(
      g, a.user, [](const config::Config&, store::Store& s, const store::Account& account) {
        auto boxes = RunSync(s.ListMailboxes(account.id));
        if (!boxes) return Complain(kExitTempFail, boxes.error().public_text);
        std::cout << "name\tmessages\tunseen\tsize\tuidvalidity\tuidnext\thighestmodseq\t"
                     "specialuse\n";
        for (const auto& b : *boxes) {
          std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", b.name, b.messages, b.unseen,
                                   b.size, b.uid_validity, b.uid_next, b.highest_modseq,
                                   b.special_use);
        }
        return kExitOk;
      });
}

int ListMessages(const GlobalOptions& g, const InspectArgs& a) {
  return WithMailbox(g, a, [](store::Store& s, const store::Mailbox& box) {
    auto msgs = RunSync(s.ListMessages(box.id, 0));
    if (!msgs) return Complain(kExitTempFail, msgs.error().public_text);
    std::cout << "uid\tmodseq\tsize\tinternaldate\tblob\tflags\n";
    for (const auto& m : *msgs) {
      std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", m.uid, m.modseq, m.size, m.internal_date,
                               m.blob_id, FlagNames(m.flags));
    }
    return kExitOk;
  });
}

int GetMessage(const GlobalOptions& g, const InspectArgs& a) {
  return WithMailbox(g, a, [&](store::Store& s, const store::Mailbox& box) {
    auto msgs = RunSync(s.ListMessages(box.id, 0));
    if (!msgs) return Complain(kExitTempFail, msgs.error().public_text);
    for (const auto& m : *msgs) {
      if (m.uid != a.uid) continue;
      auto reader = s.blobs().Open(m.blob_id);
      if (!reader) return Complain(kExitIoErr, reader.error().ToLogString());
      std::string buf(64 * 1024, '\0');
      for (int64_t off = 0;;) {
        auto n = (*reader)->ReadAt(off, buf);
        if (!n) return Complain(kExitIoErr, n.error().ToLogString());
        if (*n == 0) break;
        std::cout.write(buf.data(), static_cast<std::streamsize>(*n));
        off += static_cast<int64_t>(*n);
      }
      std::cout.flush();
      return kExitOk;
    }
    return Complain(kExitNoUser, fmt::format("no message with UID {}", a.uid));
  });
}

// Writes the mailbox as mboxrd (RFC 4155) to stdout: a From_ line with the internal
// date, lines beginning with ">*From " quoted with one more '>', a blank line after each
// message. Line endings are kept as stored (CRLF), so `import mbox` gives the same bytes.
int ExportMbox(const GlobalOptions& g, const InspectArgs& a) {
  return WithMailbox(g, a, [&](store::Store& s, const store::Mailbox& box) {
    auto msgs = RunSync(s.ListMessages(box.id, 0));
    if (!msgs) return Complain(kExitTempFail, msgs.error().public_text);
    std::string out;
    for (const auto& m : *msgs) {
      auto body = s.blobs().ReadAll(m.blob_id);
      if (!body) return Complain(kExitIoErr, body.error().ToLogString());
      std::time_t t = m.internal_date;
      std::tm tm{};
      gmtime_r(&t, &tm);
      char date[32];
      std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
      out = fmt::format("From MAILER-DAEMON {}\n", date);
      std::string_view rest = *body;
      while (!rest.empty()) {
        size_t lf = rest.find('\n');
        std::string_view line = rest.substr(0, lf == std::string_view::npos ? rest.size() : lf + 1);
        size_t gt = line.find_first_not_of('>');
        if (gt != std::string_view::npos && line.substr(gt, 5) == "From ") out += '>';
        out += line;
        rest.remove_prefix(line.size());
      }
      if (!out.empty() && out.back() != '\n') out += "\r\n";
      out += "\n";
      std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    }
    std::cout.flush();
    return kExitOk;
  });
}

}  // namespace

void RegisterMailboxCommands(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto a = std::make_shared<InspectArgs>();
  auto* mailbox = app.add_subcommand("mailbox", "inspect an account's mailboxes");
  mailbox->require_subcommand(1);
  auto* mlist = mailbox->add_subcommand("list", "list an account's mailboxes with counts");
  mlist->add_option("user", a->user)->required();
  mlist->callback([&g, &action, a] { action = [&g, a] { return ListMailboxes(g, *a); }; });

  auto* message = app.add_subcommand("message", "inspect messages");
  message->require_subcommand(1);
  auto* list = message->add_subcommand("list", "list a mailbox's messages");
  list->add_option("user", a->user)->required();
  list->add_option("--mailbox", a->mailbox);
  list->callback([&g, &action, a] { action = [&g, a] { return ListMessages(g, *a); }; });
  auto* get = message->add_subcommand("get", "write one message's bytes to standard output");
  get->add_option("user", a->user)->required();
  get->add_option("uid", a->uid)->required();
  get->add_option("--mailbox", a->mailbox);
  get->callback([&g, &action, a] { action = [&g, a] { return GetMessage(g, *a); }; });
  auto* exp = message->add_subcommand("export", "write a mailbox to standard output as mboxrd");
  exp->add_option("user", a->user)->required();
  exp->add_option("--mailbox", a->mailbox);
  exp->callback([&g, &action, a] { action = [&g, a] { return ExportMbox(g, *a); }; });
}

}  // namespace tern::app
