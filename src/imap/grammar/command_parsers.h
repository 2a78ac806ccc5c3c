#pragma once
// Internal: the per-command parsers ParseCommand dispatches to, one file each (STYLE
// habit 4). Each starts with the cursor just after the command name (at the SP before
// the first argument, or at the end) and must consume the whole command.

#include "base/result.h"
#include "imap/grammar/command.h"
#include "imap/grammar/cursor.h"

namespace tern::imap::grammar {

// simple_commands.cc: commands without arguments, and EXPUNGE / UID EXPUNGE.
Status ParseNoArguments(Cursor& cursor, std::string_view name);
Result<ExpungeCommand> ParseExpunge(Cursor& cursor, bool uid);

Result<AuthenticateCommand> ParseAuthenticate(Cursor& cursor);  // authenticate.cc
// authenticate.cc: base64 = *(4base64-char) [base64-terminal], non-empty.
bool IsBase64Text(std::string_view s);
Result<LoginCommand> ParseLogin(Cursor& cursor);                    // login.cc
Result<EnableCommand> ParseEnable(Cursor& cursor);                  // enable.cc
Result<IdCommand> ParseId(Cursor& cursor);                          // id.cc
Result<SelectCommand> ParseSelect(Cursor& cursor, bool read_only);  // select.cc
Result<CreateCommand> ParseCreate(Cursor& cursor);  // create.cc
// mailbox_commands.cc: DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE.
Result<DeleteCommand> ParseDelete(Cursor& cursor);
Result<RenameCommand> ParseRename(Cursor& cursor);
Result<SubscribeCommand> ParseSubscribe(Cursor& cursor, bool unsubscribe);
Result<ListCommand> ParseList(Cursor& cursor, bool lsub);  // list.cc
Result<StatusCommand> ParseStatus(Cursor& cursor);         // status.cc
// status.cc: "(" status-att *(SP status-att) ")", shared with LIST RETURN STATUS.
Result<std::vector<StatusItem>> ParseStatusItems(Cursor& cursor);
Result<AppendCommand> ParseAppend(Cursor& cursor);                   // append.cc
// append.cc: append-message, the part of APPEND that REPLACE shares (RFC 8508 5).
Result<AppendMessage> ParseAppendMessage(Cursor& cursor);
Result<ReplaceCommand> ParseReplace(Cursor& cursor, bool uid);  // replace.cc
Result<StoreCommand> ParseStore(Cursor& cursor, bool uid);           // store.cc
Result<CopyCommand> ParseCopy(Cursor& cursor, bool uid, bool move);  // copy_move.cc
Result<SortCommand> ParseSort(Cursor& cursor, bool uid);             // sort.cc
Result<ThreadCommand> ParseThread(Cursor& cursor, bool uid);         // sort.cc

// metadata.cc: GETMETADATA and SETMETADATA (RFC 5464). ValidateMetadataEntry checks an
// entry name against RFC 5464 3.2 (BAD texts); GETMETADATA may also name a scope alone
// ("/private", "/shared", "/shared/vendor"), whose entries DEPTH then reaches.
enum class MetadataEntryUse { kGet, kSet };
Status ValidateMetadataEntry(std::string_view entry, MetadataEntryUse use);
Result<GetMetadataCommand> ParseGetMetadata(Cursor& cursor);
Result<SetMetadataCommand> ParseSetMetadata(Cursor& cursor);

// quota.cc: GETQUOTA, GETQUOTAROOT, SETQUOTA (RFC 9208).
Result<GetQuotaCommand> ParseGetQuota(Cursor& cursor);
Result<GetQuotaRootCommand> ParseGetQuotaRoot(Cursor& cursor);
Result<SetQuotaCommand> ParseSetQuota(Cursor& cursor);
Result<CompressCommand> ParseCompress(Cursor& cursor);  // compress.cc

}  // namespace tern::imap::grammar
