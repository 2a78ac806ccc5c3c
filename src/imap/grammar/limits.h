#pragma once
// Size and count limits of the IMAP command grammar. Every limit is named here (STYLE
// habit 5) and collected in Limits, which the session sets at construction (stricter
// before login). RFC 9051 6.1.2 leaves line and literal limits to the server, and 7.1
// gives TOOBIG for what exceeds them.

#include <cstddef>
#include <cstdint>

namespace tern::imap::grammar {

// One command line, CRLF included, literal data excluded. RFC 7162 4 asks servers to
// accept at least 8192 octets (long UID sets after resync); 64 KiB leaves room for
// clients that send thousands of UIDs without ranges.
inline constexpr std::size_t kMaxLineLength = 64 * 1024;

// A literal that is not an APPEND message (a LOGIN password, a SEARCH string, a
// mailbox name). Such literals are buffered, so they are kept small.
inline constexpr std::uint64_t kMaxLiteralSize = 64 * 1024;

// An APPEND message literal (the session may stream it to storage; see reader.h). The
// session sets the configured maxmessagesize; this is the default.
inline constexpr std::uint64_t kMaxAppendLiteralSize = 64ULL * 1024 * 1024;

// The whole buffered command: all lines plus buffered literal data (streamed APPEND
// messages do not count).
inline constexpr std::size_t kMaxCommandSize = 256 * 1024;

// Literals in one command. MULTIAPPEND sends one per message; 1000 messages in one
// APPEND is far beyond what clients do.
inline constexpr std::size_t kMaxLiterals = 1000;

// RFC 7888 5: with LITERAL-, "non-synchronizing literals used in any command MUST NOT
// be larger than 4096 bytes".
inline constexpr std::uint64_t kLiteralMinusMaxNonSync = 4096;

// A rejected non-synchronizing literal is already on its way; RFC 7888 4 lets the server
// read and discard it. Up to this size the reader discards it and the connection goes
// on; above it the session should send BYE and close (reading it is a waste).
inline constexpr std::uint64_t kMaxDiscardSize = 1024 * 1024;

// Nesting of parentheses (SEARCH key lists, LIST RETURN STATUS, SELECT params).
inline constexpr std::size_t kMaxNestingDepth = 16;

// Nesting of search keys through NOT, OR and parentheses. Separate from (and larger
// than) the parenthesis limit: clients build prefix OR chains ("OR OR OR FROM a FROM b
// FROM c FROM d") one level per alternative; the bound keeps the recursion's stack small.
inline constexpr std::size_t kMaxSearchDepth = 128;

// Ranges and numbers in one sequence set.
inline constexpr std::size_t kMaxSequenceRanges = 10000;

// Message numbers (and as many UIDs) in QRESYNC's sequence match data (RFC 7162 3.2.5.2),
// once expanded. Clients send a sample, a few dozen numbers, not a list of every message.
inline constexpr std::size_t kMaxSequenceMatchPairs = 10000;

// Search keys in one SEARCH (each key, nested or not, counts once).
inline constexpr std::size_t kMaxSearchKeys = 1000;

// Items in one FETCH list, flags in one flag list, pairs in ID (RFC 2971 3.3: "a maximum
// of 30 field-value pairs"), patterns in one extended LIST.
inline constexpr std::size_t kMaxFetchItems = 100;
inline constexpr std::size_t kMaxFlags = 1000;
inline constexpr std::size_t kMaxIdPairs = 30;
inline constexpr std::size_t kMaxListPatterns = 100;

// RFC 2971 3.3: "Strings are not case-sensitive. Field strings MUST NOT be longer than
// 30 octets. Value strings MUST NOT be longer than 1024 octets."
inline constexpr std::size_t kMaxIdFieldLength = 30;
inline constexpr std::size_t kMaxIdValueLength = 1024;

// A mailbox name after decoding to UTF-8 (Dovecot and Cyrus allow about this much).
inline constexpr std::size_t kMaxMailboxNameLength = 1000;

// Parts of one CATENATE message (RFC 4469). Each URL part makes the server read a stored
// message; drafts that clients build this way have a handful of parts.
inline constexpr std::size_t kMaxCatenateParts = 100;

// RFC 5464: entry names in one GETMETADATA or SETMETADATA, and the length of one name
// (the RFC sets none; Cyrus and Dovecot allow about this much).
inline constexpr std::size_t kMaxMetadataEntries = 1000;
inline constexpr std::size_t kMaxMetadataEntryLength = 1024;

// Resources in one SETQUOTA (RFC 9208 defines four; a few more for future ones).
inline constexpr std::size_t kMaxQuotaResources = 16;

struct Limits {
  std::size_t max_line_length = kMaxLineLength;
  std::uint64_t max_literal_size = kMaxLiteralSize;
  std::uint64_t max_append_literal_size = kMaxAppendLiteralSize;
  std::size_t max_command_size = kMaxCommandSize;
  std::size_t max_literals = kMaxLiterals;
  std::uint64_t max_discard_size = kMaxDiscardSize;
  std::size_t max_nesting_depth = kMaxNestingDepth;
  std::size_t max_sequence_ranges = kMaxSequenceRanges;
  std::size_t max_search_keys = kMaxSearchKeys;
  std::size_t max_search_depth = kMaxSearchDepth;
};

}  // namespace tern::imap::grammar
