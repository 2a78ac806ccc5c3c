#pragma once
// Helpers shared by the session unit tests: commands and sets are written as on the
// wire and parsed by the real grammar, so a test reads like the protocol it checks.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "imap/grammar/cursor.h"
#include "imap/grammar/fetch.h"
#include "imap/grammar/sequence_set.h"

namespace tern::imap::session::sessiontest {

// The arguments of FETCH as sent after the command name, e.g. "1 (UID BODY[TEXT])".
// A parse failure fails the calling test and returns an empty command.
inline grammar::FetchCommand ParseFetchArgs(std::string_view args, bool uid = false) {
  const grammar::RawCommand raw{" " + std::string(args), {}};
  const grammar::ParseContext context;
  grammar::Cursor cursor(raw, context);
  auto command = grammar::ParseFetch(cursor, uid);
  EXPECT_TRUE(command.has_value()) << args << ": " << command.error().public_text;
  return command ? *command : grammar::FetchCommand{};
}

// A sequence set as sent, e.g. "2:4,7,*" or "$".
inline grammar::SequenceSet ParseSet(std::string_view text) {
  return ParseFetchArgs(std::string(text) + " UID").set;
}

}  // namespace tern::imap::session::sessiontest
