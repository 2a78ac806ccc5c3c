#include "pop3/session/login_delays.h"

#include <gtest/gtest.h>

namespace tern::pop3::session {
namespace {

using std::chrono::seconds;

TEST(LoginDelaysTest, OnlyRecordedLoginsMakeTheAccountWait) {
  LoginDelays delays;
  EXPECT_TRUE(delays.Allowed(1, seconds(600)));
  EXPECT_TRUE(delays.Allowed(1, seconds(600)));  // asking records nothing
  delays.Record(1, seconds(600));
  EXPECT_FALSE(delays.Allowed(1, seconds(600)));
  EXPECT_TRUE(delays.Allowed(2, seconds(600)));  // per account
  EXPECT_TRUE(delays.Allowed(1, seconds(0)));    // no delay configured
}

TEST(LoginDelaysTest, NoDelayRecordsNothing) {
  LoginDelays delays;
  delays.Record(1, seconds(0));
  EXPECT_TRUE(delays.Allowed(1, seconds(600)));
}

}  // namespace
}  // namespace tern::pop3::session
