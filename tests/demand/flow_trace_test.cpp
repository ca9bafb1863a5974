#include "demand/flow_trace.hpp"

#include <sstream>
#include <string>

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
