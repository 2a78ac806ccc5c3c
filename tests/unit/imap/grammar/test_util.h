#pragma once
// Helpers shared by the IMAP grammar tests: feed wire bytes through CommandReader (the
// way the session does, accepting every literal) and parse the result.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "imap/grammar/parse_command.h"
#include "imap/grammar/reader.h"

namespace tern::imap::grammar::imaptest {

struct Event {
  FeedStatus status;
  std::string detail;  // command text, literal size, or rejection text
  bool operator==(const Event&) const = default;
};

// Feeds `wire` in chunks of the given sizes (cycled; empty: all at once), accepting
// every literal, and records the events.
inline std::vector<Event> FeedAll(std::string_view wire, const std::vector<std::size_t>& chunks,
                                  const ParseContext& context = {},
                                  std::vector<RawCommand>* commands = nullptr) {
  CommandReader reader(context);
  std::vector<Event> events;
  std::size_t pos = 0;
  std::size_t k = 0;
  std::string pending;
  for (;;) {
    if (pending.empty()) {
      if (pos >= wire.size()) break;
      const std::size_t n = chunks.empty()
                                ? wire.size() - pos
                                : std::min(chunks[k++ % chunks.size()], wire.size() - pos);
      pending.append(wire.substr(pos, n));
      pos += n;
    }
    const FeedResult r = reader.Feed(pending);
    pending.erase(0, r.consumed);
    switch (r.status) {
      case FeedStatus::kNeedMore:
        break;
      case FeedStatus::kNeedLiteral:
        events.push_back({r.status, std::to_string(r.literal.size)});
        reader.AcceptLiteral();
        break;
      case FeedStatus::kCommand: {
        RawCommand c = reader.TakeCommand();
        events.push_back({r.status, c.text});
        if (commands) commands->push_back(std::move(c));
        break;
      }
      case FeedStatus::kRejected:
        events.push_back({r.status, r.rejection.tag + "|" + r.rejection.error.public_text});
        break;
    }
  }
  return events;
}

// One command from its wire form (without the final CRLF, which is appended); fails the test if the
// reader does not produce exactly one command.
inline RawCommand Raw(std::string wire, const ParseContext& context = {}) {
  wire += "\r\n";
  std::vector<RawCommand> commands;
  auto events = FeedAll(wire, {}, context, &commands);
  EXPECT_EQ(commands.size(), 1u) << wire;
  return commands.empty() ? RawCommand{} : commands.front();
}

inline CommandResult Parse(const std::string& wire, const ParseContext& context = {}) {
  return ParseCommand(Raw(wire, context), context);
}

template <typename T>
T ParseAs(const std::string& wire, const ParseContext& context = {}) {
  auto r = Parse(wire, context);
  EXPECT_TRUE(r.has_value()) << wire << ": " << (r ? "" : r.error().error.public_text);
  if (!r) return T{};
  const T* t = std::get_if<T>(&r->body);
  EXPECT_NE(t, nullptr) << wire << " parsed as " << CommandName(r->body);
  return t ? *t : T{};
}

inline std::string ErrorText(const std::string& wire, const ParseContext& context = {}) {
  auto r = Parse(wire, context);
  EXPECT_FALSE(r.has_value()) << wire << " parsed as " << (r ? CommandName(r->body) : "");
  return r ? "" : r.error().error.public_text;
}

inline ParseContext Rev2() {
  ParseContext c;
  c.rev2 = true;
  c.literal_mode = LiteralMode::kMinus;
  return c;
}

}  // namespace tern::imap::grammar::imaptest
