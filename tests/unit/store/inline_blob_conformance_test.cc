// The conformance suite, continued: bodies that go inline with their append
// (NewMessage::inline_body, see store/blob_store.h). Every backend must store them
// atomically with their message, read them like any blob, and count and share them with
// file blobs of the same bytes.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "store/blob_hasher.h"
#include "store/blob_store.h"
#include "store_conformance.h"

namespace tern::store::testing {
namespace {

// Bytes that no text path would keep intact: NULs, CR without LF, high bytes.
std::string BinaryBody(size_t size) {
  std::string body(size, '\0');
  for (size_t i = 0; i < size; ++i) body[i] = static_cast<char>((i * 131 + 7) % 256);
  return body;
}

// What ReadAll says about the blob: its bytes, or the error's code name.
std::string ReadBack(Store& store, std::string_view blob_id) {
  auto body = store.blobs().ReadAll(blob_id);
  return body ? *body : std::string("error: ") + ErrorCodeName(body.error().code);
}

const std::string kGone = std::string("error: ") + ErrorCodeName(ErrorCode::kNotFound);

std::string OnlyBlobOf(Store& store, MailboxId mailbox) {
  auto msgs = RunTask(store.ListMessages(mailbox, 0));
  EXPECT_TRUE(msgs && msgs->size() == 1u);
  return msgs && msgs->size() == 1u ? (*msgs)[0].blob_id : std::string();
}

TEST_P(StoreConformanceTest, InlineBodyReadsBackLikeAFile) {
  Account a = MakeAccount("alice");
  const std::string body = BinaryBody(5000);
  AppendResult r = AppendInline(a.id, "INBOX", body);
  const std::string blob = OnlyBlobOf(*store_, r.mailbox);
  EXPECT_EQ(blob, *BlobIdOf(body));
  EXPECT_EQ(BlobRefs(blob).value_or(1), 1);
  EXPECT_EQ(ReadBack(*store_, blob), body);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").size, 5000);

  // Streaming reads: sizes, offsets, the end.
  auto reader = store_->blobs().Open(blob);
  ASSERT_TRUE(reader) << reader.error().ToLogString();
  EXPECT_EQ((*reader)->size(), 5000);
  std::vector<char> buf(100);
  auto n = (*reader)->ReadAt(4950, buf);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 50u);
  EXPECT_EQ(std::string(buf.data(), 50), body.substr(4950));
  EXPECT_EQ((*reader)->ReadAt(5000, buf).value_or(1), 0u);
  EXPECT_FALSE((*reader)->ReadAt(-1, buf));

  // It is in the store, not in this process.
  Reopen();
  EXPECT_EQ(ReadBack(*store_, blob), body);

  // The empty message is a body too.
  AppendResult empty = AppendInline(a.id, "Empty", "");
  EXPECT_EQ(ReadBack(*store_, OnlyBlobOf(*store_, empty.mailbox)), "");
}

TEST_P(StoreConformanceTest, InlineBodyAndFileOfTheSameBytesAreOneBlob) {
  Account a = MakeAccount("alice");
  // Whichever comes first, the other adds a reference, not a second body, and the body
  // outlives the first one's message.
  for (bool inline_first : {false, true}) {
    SCOPED_TRACE(inline_first ? "inline first" : "file first");
    const std::string body = inline_first ? "Subject: 1\r\n\r\ninline, then file\r\n"
                                          : "Subject: 2\r\n\r\nfile, then inline\r\n";
    const std::string box = inline_first ? "A" : "B";
    AppendResult first = inline_first ? AppendInline(a.id, box, body) : Append(a.id, box, body);
    AppendResult second =
        inline_first ? Append(a.id, box + "2", body) : AppendInline(a.id, box + "2", body);
    const std::string blob = OnlyBlobOf(*store_, first.mailbox);
    EXPECT_EQ(OnlyBlobOf(*store_, second.mailbox), blob);
    EXPECT_EQ(blob, *BlobIdOf(body));
    EXPECT_EQ(BlobRefs(blob).value_or(2), 2);
    ASSERT_TRUE(Run(store_->Expunge(first.mailbox, {first.uid})));
    EXPECT_EQ(BlobRefs(blob).value_or(1), 1);
    EXPECT_EQ(ReadBack(*store_, blob), body);
  }
}

TEST_P(StoreConformanceTest, OneInlineBodyForManyRecipients) {
  Account a = MakeAccount("alice");
  Account b = MakeAccount("bob");
  // As LMTP does: one ingested body, one request per recipient, one shared buffer.
  AppendRequest to_a = InlineMessage(a.id, "INBOX", "Subject: to both\r\n\r\nhi\r\n");
  AppendRequest to_b = to_a;
  to_b.account = b.id;
  std::vector<AppendRequest> requests{to_a, to_b};
  auto results = Run(store_->AppendMany(std::move(requests)));
  ASSERT_TRUE(results);
  ASSERT_TRUE((*results)[0] && (*results)[1]);
  EXPECT_EQ(BlobRefs(to_a.message.blob_id).value_or(2), 2);
  ASSERT_TRUE(Run(store_->DeleteAccount("alice")));
  EXPECT_EQ(BlobRefs(to_a.message.blob_id).value_or(1), 1);
  EXPECT_EQ(ReadBack(*store_, to_a.message.blob_id), "Subject: to both\r\n\r\nhi\r\n");
}

TEST_P(StoreConformanceTest, InlineBodyGoesWithItsLastReference) {
  Account a = MakeAccount("alice");
  const std::string body = "Subject: short-lived\r\n\r\nbye\r\n";
  AppendResult one = AppendInline(a.id, "INBOX", body);
  AppendResult two = AppendInline(a.id, "INBOX", body);
  const std::string blob = *BlobIdOf(body);
  EXPECT_EQ(BlobRefs(blob).value_or(2), 2);
  ASSERT_TRUE(Run(store_->Expunge(one.mailbox, {one.uid})));
  EXPECT_EQ(ReadBack(*store_, blob), body);
  ASSERT_TRUE(Run(store_->Expunge(two.mailbox, {two.uid})));
  EXPECT_EQ(BlobRefs(blob).value_or(0), 0);
  EXPECT_EQ(ReadBack(*store_, blob), kGone);

  // Delivered again, it is stored again.
  AppendResult again = AppendInline(a.id, "INBOX", body);
  EXPECT_EQ(BlobRefs(blob).value_or(1), 1);
  EXPECT_EQ(ReadBack(*store_, blob), body);
  ASSERT_TRUE(Run(store_->Expunge(again.mailbox, {again.uid})));

  // Deleting a mailbox or an account releases inline bodies as expunging does.
  AppendInline(a.id, "Work", body);
  ASSERT_TRUE(Run(store_->DeleteMailbox(a.id, "Work")));
  EXPECT_EQ(ReadBack(*store_, blob), kGone);
  AppendInline(a.id, "INBOX", body);
  ASSERT_TRUE(Run(store_->DeleteAccount("alice")));
  EXPECT_EQ(ReadBack(*store_, blob), kGone);
  EXPECT_EQ(BlobRefs(blob).value_or(0), 0);
}

TEST_P(StoreConformanceTest, CopyAndMoveShareAnInlineBody) {
  Account a = MakeAccount("alice");
  const std::string body = "Subject: copied\r\n\r\nkept by its copy\r\n";
  AppendResult original = AppendInline(a.id, "INBOX", body);
  auto work = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(work);
  const std::string blob = *BlobIdOf(body);

  ASSERT_TRUE(Run(store_->CopyMessages(original.mailbox, {original.uid}, work->id, false)));
  EXPECT_EQ(BlobRefs(blob).value_or(2), 2);
  ASSERT_TRUE(Run(store_->Expunge(original.mailbox, {original.uid})));
  EXPECT_EQ(OnlyBlobOf(*store_, work->id), blob);
  EXPECT_EQ(ReadBack(*store_, blob), body);

  ASSERT_TRUE(Run(store_->CopyMessages(work->id, {1}, original.mailbox, /*move=*/true)));
  EXPECT_EQ(BlobRefs(blob).value_or(1), 1);
  EXPECT_EQ(ReadBack(*store_, blob), body);
  ASSERT_TRUE(Run(store_->Expunge(original.mailbox, {original.uid + 1})));
  EXPECT_EQ(ReadBack(*store_, blob), kGone);
}

// Both or neither: a request that fails leaves no body behind, while the others of the
// same call are stored with theirs.
TEST_P(StoreConformanceTest, FailedAppendStoresNoInlineBody) {
  Account a = MakeAccount("alice", /*quota=*/100);
  AppendRequest fits = InlineMessage(a.id, "INBOX", "Subject: fits\r\n\r\nok\r\n");
  AppendRequest too_big = InlineMessage(a.id, "INBOX", std::string(200, 'x'));
  AppendRequest nowhere = InlineMessage(a.id, "Missing", "Subject: lost\r\n\r\nno box\r\n");
  nowhere.create_mailbox = false;
  AppendRequest lying = InlineMessage(a.id, "INBOX", "Subject: size\r\n\r\nwrong\r\n");
  lying.message.size = 3;
  std::vector<AppendRequest> requests{fits, too_big, nowhere, lying};
  auto results = Run(store_->AppendMany(std::move(requests)));
  ASSERT_TRUE(results);
  ASSERT_EQ(results->size(), 4u);
  EXPECT_TRUE((*results)[0]);
  ASSERT_FALSE((*results)[1]);
  EXPECT_EQ((*results)[1].error().code, ErrorCode::kOverQuota);
  ASSERT_FALSE((*results)[2]);
  EXPECT_EQ((*results)[2].error().code, ErrorCode::kNotFound);
  ASSERT_FALSE((*results)[3]);
  EXPECT_EQ((*results)[3].error().code, ErrorCode::kInvalidArgument);

  EXPECT_EQ(ReadBack(*store_, fits.message.blob_id), *fits.message.inline_body);
  for (const auto* failed : {&too_big, &nowhere, &lying}) {
    EXPECT_EQ(ReadBack(*store_, failed->message.blob_id), kGone);
    EXPECT_EQ(BlobRefs(failed->message.blob_id).value_or(0), 0);
  }
  EXPECT_EQ(GetMailbox(a.id, "INBOX").messages, 1u);
}

}  // namespace
}  // namespace tern::store::testing
