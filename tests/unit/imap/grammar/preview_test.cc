// FETCH PREVIEW (RFC 8970 6): fetch-att =/ "PREVIEW" [SP "(" preview-mod *(SP preview-mod)
// ")"], preview-mod = "LAZY"; the examples of RFC 8970 5 and the edges of the modifier list.
#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::ParseAs;
using A = FetchAttribute;
using Items = std::vector<FetchItem>;

TEST(PreviewTest, Rfc8970Examples) {
  EXPECT_EQ(ParseAs<FetchCommand>("A1 FETCH 1 (PREVIEW)").items, (Items{A::kPreview}));
  EXPECT_EQ(ParseAs<FetchCommand>("A2 FETCH 1 (RFC822.SIZE PREVIEW)").items,
            (Items{A::kRfc822Size, A::kPreview}));
  EXPECT_EQ(ParseAs<FetchCommand>("B1 FETCH 1:4 (ENVELOPE PREVIEW (LAZY))").items,
            (Items{A::kEnvelope, A::kPreviewLazy}));
  auto c3 = ParseAs<FetchCommand>("C3 FETCH $ (UID PREVIEW (LAZY))");
  EXPECT_EQ(c3.items, (Items{A::kUid, A::kPreviewLazy}));
  auto c4 = ParseAs<FetchCommand>("C4 UID FETCH 23 (PREVIEW)");
  EXPECT_TRUE(c4.uid);
  EXPECT_EQ(c4.items, (Items{A::kPreview}));
}

TEST(PreviewTest, FormsAndCase) {
  EXPECT_EQ(ParseAs<FetchCommand>("a FETCH 1 preview").items, (Items{A::kPreview}));
  EXPECT_EQ(ParseAs<FetchCommand>("a FETCH 1 PREVIEW (lazy)").items, (Items{A::kPreviewLazy}));
  EXPECT_EQ(ParseAs<FetchCommand>("a FETCH 1 (PREVIEW (LAZY LAZY) FLAGS)").items,
            (Items{A::kPreviewLazy, A::kFlags}));
  EXPECT_EQ(ParseAs<FetchCommand>("a FETCH 1 (PREVIEW PREVIEW (LAZY))").items,
            (Items{A::kPreview, A::kPreviewLazy}));
  // A "(" after PREVIEW that is not LAZY's belongs to the command: its modifiers.
  auto m = ParseAs<FetchCommand>("a FETCH 1 PREVIEW (CHANGEDSINCE 5)");
  EXPECT_EQ(m.items, (Items{A::kPreview}));
  EXPECT_EQ(m.changed_since, 5u);
  auto both = ParseAs<FetchCommand>("a FETCH 1 PREVIEW (LAZY) (CHANGEDSINCE 7)");
  EXPECT_EQ(both.items, (Items{A::kPreviewLazy}));
  EXPECT_EQ(both.changed_since, 7u);
}

TEST(PreviewTest, Errors) {
  EXPECT_EQ(ErrorText("a FETCH 1 (PREVIEW (LAZY FOO))"), "unknown PREVIEW modifier");
  EXPECT_EQ(ErrorText("a FETCH 1 PREVIEW (LAZY"), "expected ) after PREVIEW modifiers");
  EXPECT_EQ(ErrorText("a FETCH 1 (PREVIEW (LAZY)"), "expected ) after fetch items");
  EXPECT_EQ(ErrorText("a FETCH 1 (PREVIEW (LAZY )"), "unknown PREVIEW modifier");
  EXPECT_EQ(ErrorText("a FETCH 1 (PREVIEW (FOO))"), "unknown fetch item");
  EXPECT_EQ(ErrorText("a FETCH 1 (PREVIEW ())"), "unknown fetch item");
  EXPECT_EQ(ErrorText("a FETCH 1 PREVIEW.LAZY"), "unknown fetch item");
}

}  // namespace
}  // namespace tern::imap::grammar
