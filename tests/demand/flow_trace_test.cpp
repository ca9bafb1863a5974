#include "demand/flow_trace.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace citynet::demand {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kHeader = "id,start_s,src,dst,size_bytes,max_rate_bps\n";

FlowTrace read_text(const std::string& text) {
  std::istringstream in(text);
  return read_flow_trace(in, "flows.csv");
}

TEST(FlowTrace, ReadsEveryFieldOfARowInInputOrder) {
  const FlowTrace trace = read_text(std::string(kHeader) +
                                    "f2,1.5,a,b,1000,2e6\n"
                                    "f1,0.25,b,c,125000000,\n");
  ASSERT_EQ(trace.flows.size(), 2U);
  const TraceFlow& first = trace.flows[0];
  EXPECT_EQ(first.id, "f2");
  EXPECT_EQ(first.start_s, 1.5);
  EXPECT_EQ(trace.sites[first.src_site], "a");
  EXPECT_EQ(trace.sites[first.dst_site], "b");
  EXPECT_EQ(first.size_bytes, 1000.0);
  EXPECT_EQ(first.max_rate_bps, 2e6);
  EXPECT_EQ(first.line, 2U);
  const TraceFlow& second = trace.flows[1];
  EXPECT_EQ(second.id, "f1");
  EXPECT_FALSE(second.max_rate_bps.has_value()) << "an empty max_rate_bps means no cap";
  EXPECT_EQ(second.line, 3U);
}

TEST(FlowTrace, NamesEachSiteOnceInOrderOfFirstMention) {
  const FlowTrace trace = read_text(std::string(kHeader) + "1,0,x,y,1,\n2,0,y,z,1,\n3,0,z,x,1,\n");
  EXPECT_EQ(trace.sites, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(trace.flows[1].src_site, trace.flows[0].dst_site);
}

TEST(FlowTrace, ParsesNumbersExactlySoThatTimesRoundTrip) {
  const FlowTrace trace = read_text(std::string(kHeader) + "1,0.1,a,b,1e-3,\n");
  EXPECT_EQ(trace.flows[0].start_s, 0.1) << "0.1 must read as the nearest double, bit for bit";
  EXPECT_EQ(trace.flows[0].size_bytes, 1e-3);
}

TEST(FlowTrace, AcceptsWindowsLineEndsAByteOrderMarkAndEmptyLines) {
  const FlowTrace trace = read_text("\xEF\xBB\xBFid,start_s,src,dst,size_bytes,max_rate_bps\r\n"
                                    "\r\n"
                                    "1,0,a,b,10,\r\n"
                                    "\n");
  ASSERT_EQ(trace.flows.size(), 1U);
  EXPECT_EQ(trace.flows[0].line, 3U) << "skipped lines still count";
  EXPECT_FALSE(trace.flows[0].max_rate_bps.has_value());
}

TEST(FlowTrace, ReadsEveryRowOfAStreamLongerThanOneReadEvenWithoutAFinalLineEnd) {
  // About 4 MB: a stream of unknown length arrives in several reads, and a row may be cut
  // between two of them; the last row has no '\n'.
  constexpr int kRows = 200000;
  std::string text = kHeader;
  for (int i = 0; i < kRows; ++i) text += std::to_string(i) + ",0.5,site" + std::to_string(i % 7) + ",hub,1e3,\n";
  text.pop_back();
  const FlowTrace trace = read_text(text);
  ASSERT_EQ(trace.flows.size(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(trace.sites.size(), 8U) << "seven sites and the hub";
  EXPECT_EQ(trace.flows.back().id, std::to_string(kRows - 1));
  EXPECT_EQ(trace.flows.back().line, static_cast<std::size_t>(kRows + 1));
}

TEST(FlowTrace, TheFileAndTheStreamReadersAgree) {
  const std::string text = std::string(kHeader) + "a,1,x,y,10,\r\n\nb,2,y,x,20,5\n";
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                    ("citynet_flow_trace_test_" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  const FlowTrace from_file = read_flow_trace_file(path.string());
  std::filesystem::remove(path);
  const FlowTrace from_stream = read_text(text);
  ASSERT_EQ(from_file.flows.size(), 2U);
  ASSERT_EQ(from_stream.flows.size(), 2U);
  EXPECT_EQ(from_file.sites, from_stream.sites);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(from_file.flows[i].id, from_stream.flows[i].id);
    EXPECT_EQ(from_file.flows[i].line, from_stream.flows[i].line);
    EXPECT_EQ(from_file.flows[i].max_rate_bps, from_stream.flows[i].max_rate_bps);
  }
}

TEST(FlowTrace, AHeaderOnlyFileHasNoFlows) { EXPECT_TRUE(read_text(kHeader).flows.empty()); }

struct MalformedCase {
  const char* name;
  std::string text;
  const char* place;     // the message starts with it
  const char* fragment;  // and says what was wrong
};

class MalformedTrace : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedTrace, IsAnInputErrorNamingFileLineAndColumn) {
  const MalformedCase& c = GetParam();
  try {
    (void)read_text(c.text);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), StartsWith(c.place));
    EXPECT_THAT(error.what(), HasSubstr(c.fragment));
  }
}

const std::string kGoodRow = "ok,0,a,b,10,\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedTrace,
    ::testing::Values(
        MalformedCase{"EmptyFile", "", "flows.csv:1: ", "expected the header"},
        MalformedCase{"WrongHeader", "id,start,src,dst,size,rate\n", "flows.csv:1:1: ", "expected \"id,start_s"},
        MalformedCase{"TooFewFields", kHeader + kGoodRow + "1,0,a,b,10\n", "flows.csv:3: ", "row has 5 fields; expected 6"},
        MalformedCase{"TooManyFields", kHeader + std::string("1,0,a,b,10,,x\n"), "flows.csv:2: ", "row has 7 fields"},
        MalformedCase{"EmptyId", kHeader + std::string(",0,a,b,10,\n"), "flows.csv:2:1: ", "id: empty"},
        MalformedCase{"NonNumericStart", kHeader + std::string("1,soon,a,b,10,\n"), "flows.csv:2:3: ", "start_s: \"soon\""},
        MalformedCase{"NegativeStart", kHeader + std::string("1,-1,a,b,10,\n"), "flows.csv:2:3: ", "finite number >= 0"},
        MalformedCase{"InfiniteStart", kHeader + std::string("1,inf,a,b,10,\n"), "flows.csv:2:3: ", "start_s"},
        MalformedCase{"NotANumberStart", kHeader + std::string("1,nan,a,b,10,\n"), "flows.csv:2:3: ", "start_s"},
        MalformedCase{"TrailingGarbage", kHeader + std::string("1,2s,a,b,10,\n"), "flows.csv:2:3: ", "start_s: \"2s\""},
        MalformedCase{"EmptySrc", kHeader + std::string("1,0,,b,10,\n"), "flows.csv:2:5: ", "src: empty"},
        MalformedCase{"SameEnds", kHeader + std::string("1,0,a,a,10,\n"), "flows.csv:2:7: ", "expected two different nodes"},
        MalformedCase{"NegativeSize", kHeader + std::string("1,0,a,b,-10,\n"), "flows.csv:2:9: ", "size_bytes: \"-10\""},
        MalformedCase{"ZeroSize", kHeader + std::string("1,0,a,b,0,\n"), "flows.csv:2:9: ", "finite number > 0"},
        MalformedCase{"NonNumericSize", kHeader + std::string("1,0,a,b,big,\n"), "flows.csv:2:9: ", "size_bytes"},
        MalformedCase{"NegativeCap", kHeader + std::string("1,0,a,b,10,-5\n"), "flows.csv:2:12: ", "max_rate_bps: \"-5\""}),
    [](const ::testing::TestParamInfo<MalformedCase>& info) { return std::string(info.param.name); });

TEST(FlowTrace, AFileOfUnknownSizeIsReadToItsEnd) {
  // A named pipe has no size to read up front: its bytes arrive in as many reads as it
  // takes, about 4 MB here, and every row is kept.
  constexpr int kRows = 200000;
  std::string text = kHeader;
  for (int i = 0; i < kRows; ++i) text += std::to_string(i) + ",0.5,site" + std::to_string(i % 7) + ",hub,1e3,\n";
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("citynet_flow_trace_fifo_" + std::to_string(::getpid()));
  std::filesystem::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(path, std::ios::binary) << text; });
  const FlowTrace trace = read_flow_trace_file(path.string());
  writer.join();
  std::filesystem::remove(path);
  ASSERT_EQ(trace.flows.size(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(trace.flows.back().id, std::to_string(kRows - 1));
}

TEST(FlowTrace, ADirectoryIsAnInputErrorNamingIt) {
  const std::string directory = std::filesystem::temp_directory_path().string();
  try {
    (void)read_flow_trace_file(directory);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), StartsWith(directory + ": cannot open"));
  }
}

TEST(FlowTrace, AMissingFileIsAnInputErrorNamingIt) {
  try {
    (void)read_flow_trace_file("/nonexistent/flows.csv");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), StartsWith("/nonexistent/flows.csv: cannot open"));
  }
}

}  // namespace
}  // namespace citynet::demand
