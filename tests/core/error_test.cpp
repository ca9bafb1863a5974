// What a user sees of an error: one printable line whatever bytes the input held, and the
// reason a write failed in the user's words.
#include "core/error.hpp"
#include "core/user_text.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace citynet {
namespace {

using namespace std::string_literals;

TEST(Shown, ANulIsEscapedAndWhatFollowsItIsKept) {
  EXPECT_EQ(shown("1\0Gbps"s), "1\\x00Gbps");
}

TEST(Shown, ControlCharactersQuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(shown("a\tb\nc\rd\x1b[31me\x7f\"f\\"), "a\\tb\\nc\\rd\\x1b[31me\\x7f\\\"f\\\\");
}

TEST(Shown, Utf8LettersAreKeptAndBrokenBytesEscaped) {
  EXPECT_EQ(shown("Zürich"), "Zürich");
  EXPECT_EQ(shown("天津"), "天津");
  EXPECT_EQ(shown("a\xff" "b\xc3"), "a\\xffb\\xc3");
  EXPECT_EQ(shown("\xc0\xaf"), "\\xc0\\xaf") << "an overlong '/' is not UTF-8";
}

TEST(Shown, InvisibleDirectionControlsAreEscaped) {
  EXPECT_EQ(shown("a\u202Eb\u0085"), "a\\u202eb\\u0085");
}

TEST(Shown, LongTextIsCutAtWholeCharactersWithAnEllipsis) {
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "é";
  std::string expected;
  for (std::size_t i = 0; i < kMaxShownChars; ++i) expected += "é";
  EXPECT_EQ(shown(long_text), expected + "...");
  EXPECT_EQ(shown(std::string(kMaxShownChars, 'x')), std::string(kMaxShownChars, 'x')) << "no cut, no ellipsis";
  EXPECT_EQ(shown("abcdef", 3), "abc...");
}

TEST(InputError, AMessageHoldingANulOrALineEndIsPrintedWholeOnOneLine) {
  const InputError error(SourcePlace{"t.yaml", 3, 9}, "bad \"1\0x\"\nnext; expected y"s);
  EXPECT_STREQ(error.what(), "t.yaml:3:9: bad \"1\\x00x\"\\nnext; expected y");
}

TEST(InputError, AFileNameWithControlCharactersIsEscaped) {
  const InputError error(SourcePlace{"a\x1b]0;b.yaml", 1, 1}, "wrong; expected right");
  EXPECT_STREQ(error.what(), "a\\x1b]0;b.yaml:1:1: wrong; expected right");
}

TEST(WriteFailureReason, NoSpaceIsADiskFullAndAQuotaIsNamed) {
  EXPECT_EQ(write_failure_reason(ENOSPC), "disk full");
  EXPECT_EQ(write_failure_reason(EDQUOT), "quota exceeded");
  EXPECT_EQ(write_failure_reason(EACCES), "Permission denied");
}

// /dev/full fails every write with ENOSPC. The failing write happens on another thread,
// as when the replay's formatting thread writes the completion times, so this thread's
// errno knows nothing of it.
TEST(WriteFailureReason, AStreamThatAnotherThreadFilledUpIsADiskFull) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  std::ofstream out("/dev/full", std::ios::binary);
  ASSERT_TRUE(out.is_open());
  std::thread writer([&out] { out << std::string(std::size_t{1} << 20, 'x'); });
  writer.join();
  out.flush();
  ASSERT_FALSE(out);
  errno = 0;
  EXPECT_EQ(write_failure_reason(out), "disk full");
}

}  // namespace
}  // namespace citynet
