#include "demand/flow_trace.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/rng.hpp"

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
  EXPECT_EQ(trace.id(first), "f2");
  EXPECT_EQ(first.start_s, 1.5);
  EXPECT_EQ(trace.sites[first.src_site], "a");
  EXPECT_EQ(trace.sites[first.dst_site], "b");
  EXPECT_EQ(first.size_bytes, 1000.0);
  EXPECT_EQ(std::optional<double>(first.max_rate_bps), 2e6);
  EXPECT_EQ(first.line, 2U);
  const TraceFlow& second = trace.flows[1];
  EXPECT_EQ(trace.id(second), "f1");
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

TEST(FlowTrace, PlainDecimalsReadAsTheNearestDoubleAsFromCharsReadsThem) {
  // Plain decimals of up to 15 digits take a shorter way than other numbers; the doubles
  // must be the same bit for bit.
  std::vector<std::string> numbers{"0.1",    "4000000.0", "812204", "999999999999999", "1234567890123456",
                                   "0.000000000000001", "5.", ".5", "007", "1.25", "3.14159265358979",
                                   "0.30000000000000004", "123456789.012345", "1e5", "2E-3"};
  RandomStream random(derive_seed(11, {}));
  for (int i = 0; i < 2000; ++i) {
    std::string digits = std::to_string(random() % 1000000000000000ULL);
    const std::size_t point = random() % (digits.size() + 1);
    numbers.push_back(digits.substr(0, point) + "." + digits.substr(point));
  }
  // Every number is a size; those a replay can time (up to 366 days) are a start too.
  const auto value_of = [](const std::string& number) {
    double value = 0;
    std::from_chars(number.data(), number.data() + number.size(), value);
    return value;
  };
  constexpr double kLatestStartS = 366 * 86400.0;
  std::string text(kHeader);
  for (const std::string& number : numbers) {
    text += "1," + (value_of(number) <= kLatestStartS ? number : "0") + ",a,b," + number + ",\n";
  }
  const FlowTrace trace = read_text(text);
  ASSERT_EQ(trace.flows.size(), numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const double expected = value_of(numbers[i]);
    EXPECT_EQ(trace.flows[i].start_s, expected <= kLatestStartS ? expected : 0.0) << numbers[i];
    EXPECT_EQ(trace.flows[i].size_bytes, expected) << numbers[i];
  }
}

TEST(FlowTrace, ManySitesOfAnyLengthEachGetTheirOwnIndexInOrderOfFirstMention) {
  // Thousands of names, 1 to 24 characters, many sharing a prefix or a suffix: the index of
  // the names grows several times on the way.
  std::vector<std::string> names;
  for (std::size_t i = 0; i < 3000; ++i) {
    std::string name(1 + i % 24, 'n');
    name += std::to_string(i);
    names.push_back(i % 2 == 0 ? name : std::to_string(i) + name);
  }
  std::string text(kHeader);
  for (std::size_t i = 0; i + 1 < names.size(); ++i) text += "1,0," + names[i] + "," + names[i + 1] + ",1,\n";
  for (std::size_t i = names.size() - 1; i > 0; --i) text += "1,0," + names[i] + "," + names[i - 1] + ",1,\n";
  const FlowTrace trace = read_text(text);
  EXPECT_EQ(trace.sites, names);
  for (std::size_t i = 0; i + 1 < names.size(); ++i) {
    ASSERT_EQ(trace.flows[i].src_site, i);
    ASSERT_EQ(trace.flows[i].dst_site, i + 1);
  }
}

TEST(FlowTrace, FieldsAreSplitAtEveryCommaWhereverItFallsInTheRow) {
  // Ids of 1 to 17 characters put each comma at every place in a word of 8 bytes; names
  // with '-' next to a comma (the byte after ',' in ASCII) are names like any other.
  std::string text(kHeader);
  for (std::size_t length = 1; length <= 17; ++length) {
    text += std::string(length, 'i') + ",0.5,-src,dst-,1" + std::string(length, '0') + ",7\n";
  }
  const FlowTrace trace = read_text(text);
  ASSERT_EQ(trace.flows.size(), 17U);
  for (std::size_t k = 0; k < trace.flows.size(); ++k) {
    const TraceFlow& flow = trace.flows[k];
    EXPECT_EQ(trace.id(flow), std::string(k + 1, 'i'));
    EXPECT_EQ(flow.start_s, 0.5);
    EXPECT_EQ(trace.sites[flow.src_site], "-src");
    EXPECT_EQ(trace.sites[flow.dst_site], "dst-");
    EXPECT_EQ(flow.size_bytes, std::pow(10.0, static_cast<double>(k + 1)));
    EXPECT_EQ(std::optional<double>(flow.max_rate_bps), 7.0);
  }
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
  EXPECT_EQ(trace.id(trace.flows.back()), std::to_string(kRows - 1));
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
    EXPECT_EQ(from_file.id(from_file.flows[i]), from_stream.id(from_stream.flows[i]));
    EXPECT_EQ(from_file.flows[i].line, from_stream.flows[i].line);
    EXPECT_EQ(std::optional<double>(from_file.flows[i].max_rate_bps),
              std::optional<double>(from_stream.flows[i].max_rate_bps));
  }
}

// A temporary file holding `text`, removed when the test is done with it.
class TextFile {
 public:
  explicit TextFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("citynet_flow_trace_cut_" + std::to_string(::getpid()) + ".csv")) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;
  ~TextFile() { std::filesystem::remove(path_); }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The input read `read_bytes` at a time, from a stream, from a file, and from a file read
// in parts at once.
std::vector<FlowTrace> read_both_ways(const std::string& text, std::size_t read_bytes) {
  std::istringstream in(text);
  const TextFile file(text);
  std::vector<FlowTrace> traces;
  traces.push_back(read_flow_trace(in, "flows.csv", read_bytes));
  traces.push_back(read_flow_trace_file(file.path(), read_bytes));
  traces.push_back(read_flow_trace_file(file.path(), read_bytes, 3));  // cut into parts of >= read_bytes
  return traces;
}

TEST(FlowTrace, ReadsTheSameFlowsWhereverReadsCutTheInput) {
  // With reads of every size up to the whole input, a read ends at every place: inside the
  // byte order mark, inside a field, between '\r' and '\n', just after a line end. The
  // unfinished line must be carried over whole, and a '\r' kept on a row would make its
  // last field malformed. The last line has no line end.
  const std::string text =
      "\xEF\xBB\xBFid,start_s,src,dst,size_bytes,max_rate_bps\r\n"
      "first,0.5,a,b,1000,2e6\r\n"
      "\r\n"
      "\n"
      "second-with-a-longer-id,1.25,b,a,2000,\n"
      "3,2,a,c,3000,4e6\r\n"
      "last,3,c,b,4000,5e6";
  struct Expected {
    const char* id;
    double start_s;
    const char* src;
    const char* dst;
    double size_bytes;
    std::optional<double> max_rate_bps;
    std::size_t line;
  };
  const std::vector<Expected> expected = {{"first", 0.5, "a", "b", 1000, 2e6, 2},
                                          {"second-with-a-longer-id", 1.25, "b", "a", 2000, std::nullopt, 5},
                                          {"3", 2, "a", "c", 3000, 4e6, 6},
                                          {"last", 3, "c", "b", 4000, 5e6, 7}};
  for (std::size_t read_bytes = 1; read_bytes <= text.size() + 1; ++read_bytes) {
    for (const FlowTrace& trace : read_both_ways(text, read_bytes)) {
      ASSERT_EQ(trace.flows.size(), expected.size()) << read_bytes << " bytes at a time";
      for (std::size_t i = 0; i < expected.size(); ++i) {
        const TraceFlow& flow = trace.flows[i];
        EXPECT_EQ(trace.id(flow), expected[i].id) << read_bytes << " bytes at a time";
        EXPECT_EQ(flow.start_s, expected[i].start_s) << expected[i].id;
        EXPECT_EQ(trace.sites[flow.src_site], expected[i].src) << expected[i].id;
        EXPECT_EQ(trace.sites[flow.dst_site], expected[i].dst) << expected[i].id;
        EXPECT_EQ(flow.size_bytes, expected[i].size_bytes) << expected[i].id;
        EXPECT_EQ(std::optional<double>(flow.max_rate_bps), expected[i].max_rate_bps) << expected[i].id;
        EXPECT_EQ(flow.line, expected[i].line) << expected[i].id;
      }
    }
  }
}

// A trace whose later rows name sites the earlier ones do not, with empty lines and
// Windows line ends here and there, so that parts cut anywhere differ in every respect.
std::string varied_trace(std::size_t rows) {
  std::string text = kHeader;
  for (std::size_t i = 0; i < rows; ++i) {
    text += "flow-" + std::to_string(i * 7919 % 100003) + "," + std::to_string(0.001 * static_cast<double>(i)) +
            ",site" + std::to_string(i / 50) + ",site" + std::to_string(i / 50 + 1 + i % 3) + "," +
            std::to_string(1000 + i) + "," + (i % 4 == 0 ? std::string() : std::to_string(1e6 + i));
    text += i % 11 == 0 ? "\r\n" : "\n";
    if (i % 97 == 0) text += "\n";
  }
  return text;
}

TEST(FlowTrace, AFileReadInPartsAtOnceIsTheFileReadWhole) {
  const std::string text = varied_trace(3000);
  const TextFile file(text);
  const FlowTrace whole = read_flow_trace_file(file.path());
  ASSERT_EQ(whole.flows.size(), 3000U);
  for (const unsigned parts : {2U, 3U, 7U}) {
    for (const std::size_t read_bytes : {std::size_t{100}, std::size_t{4096}}) {
      const FlowTrace cut = read_flow_trace_file(file.path(), read_bytes, parts);
      EXPECT_EQ(cut.sites, whole.sites) << parts << " parts";
      ASSERT_EQ(cut.flows.size(), whole.flows.size()) << parts << " parts";
      for (std::size_t i = 0; i < whole.flows.size(); ++i) {
        const TraceFlow& a = cut.flows[i];
        const TraceFlow& b = whole.flows[i];
        ASSERT_EQ(cut.id(a), whole.id(b)) << parts << " parts, flow " << i;
        ASSERT_EQ(a.line, b.line) << parts << " parts, flow " << i;
        ASSERT_EQ(a.start_s, b.start_s) << parts << " parts, flow " << i;
        ASSERT_EQ(a.src_site, b.src_site) << parts << " parts, flow " << i;
        ASSERT_EQ(a.dst_site, b.dst_site) << parts << " parts, flow " << i;
        ASSERT_EQ(a.size_bytes, b.size_bytes) << parts << " parts, flow " << i;
        ASSERT_EQ(std::optional<double>(a.max_rate_bps), std::optional<double>(b.max_rate_bps)) << parts << " parts";
      }
    }
  }
}

TEST(FlowTrace, AFileReadInPartsReportsTheFirstBadRowAtItsLineAndColumn) {
  // Bad rows near the start, in the middle and near the end: whichever part holds the
  // first of them, it is the one reported, at its place in the whole file.
  const std::string text = varied_trace(3000);
  std::vector<std::size_t> line_starts = {0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(i + 1);
  }
  const auto is_row = [&](std::size_t line) { return text[line_starts[line - 1]] != '\n'; };
  for (std::size_t bad_line : {std::size_t{40}, line_starts.size() / 2, line_starts.size() - 6}) {
    while (!is_row(bad_line)) ++bad_line;  // an empty line has no field to break
    std::string broken = text;
    // The size field of that row (fifth field) becomes -1; a later row breaks too.
    const auto break_size = [&](std::size_t line) {
      std::size_t at = line_starts[line - 1];
      for (int comma = 0; comma < 4; ++comma) at = broken.find(',', at) + 1;
      broken.replace(at, broken.find(',', at) - at, "-1");
    };
    // Later rows first: breaking a row moves the bytes after it, not the lines before.
    const std::size_t later = line_starts.size() - 3;
    if (later > bad_line && is_row(later)) break_size(later);
    break_size(bad_line);
    const TextFile file(broken);
    std::string whole_message;
    try {
      (void)read_flow_trace_file(file.path());
      FAIL() << "expected an InputError";
    } catch (const InputError& error) {
      whole_message = error.what();
    }
    EXPECT_THAT(whole_message, StartsWith(file.path() + ":" + std::to_string(bad_line) + ":"));
    for (const unsigned parts : {2U, 3U, 7U}) {
      try {
        (void)read_flow_trace_file(file.path(), 100, parts);
        ADD_FAILURE() << "expected an InputError with " << parts << " parts";
      } catch (const InputError& error) {
        EXPECT_EQ(error.what(), whole_message) << parts << " parts";
        EXPECT_EQ(error.place().line, bad_line) << parts << " parts";
      }
    }
  }
}

TEST(FlowTrace, AHeaderOnlyFileHasNoFlowsWhereverReadsCutIt) {
  const std::string header = std::string(kHeader).substr(0, std::string_view(kHeader).size() - 1);
  for (const std::string& text : {header, header + "\n", header + "\r\n", header + "\n\r\n", "\xEF\xBB\xBF" + header}) {
    for (std::size_t read_bytes = 1; read_bytes <= text.size() + 1; ++read_bytes) {
      for (const FlowTrace& trace : read_both_ways(text, read_bytes)) {
        EXPECT_TRUE(trace.flows.empty()) << read_bytes << " bytes at a time";
      }
    }
  }
}

TEST(FlowTrace, AnEmptyFileIsAnInputErrorAtLineOne) {
  const TextFile file("");
  try {
    (void)read_flow_trace_file(file.path(), 1);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), StartsWith(file.path() + ":1:1: the file is empty"));
  }
}

TEST(FlowTrace, KeepsIdsOfAnyLengthEvenOnALineLongerThanTheBuffer) {
  // FlowTrace::ids holds each id's length in 7-bit pieces: 127 bytes take one, 128 two,
  // 16384 three. The 20000-byte line is longer than the reader's buffer, which grows.
  const std::vector<std::string> ids = {"x",
                                        std::string(127, 'a'),
                                        std::string(128, 'b'),
                                        std::string(16383, 'c'),
                                        std::string(16384, 'd'),
                                        std::string(20000, 'e'),
                                        "y"};
  std::string text = kHeader;
  for (const std::string& id : ids) text += id + ",0,a,b,1,\n";
  for (const std::size_t read_bytes : {std::size_t{7}, std::size_t{4096}, kTraceReadBytes}) {
    std::istringstream in(text);
    const FlowTrace trace = read_flow_trace(in, "flows.csv", read_bytes);
    ASSERT_EQ(trace.flows.size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ(trace.id(trace.flows[i]), ids[i]) << "id " << i << ", " << read_bytes << " bytes at a time";
    }
  }
}

// Gives its text one byte at a time, then fails at byte `fail_at` as a broken disk would.
class FailingStreamBuffer : public std::streambuf {
 public:
  FailingStreamBuffer(std::string text, std::size_t fail_at) : text_(std::move(text)), fail_at_(fail_at) {}

 protected:
  int_type underflow() override {
    if (next_ == fail_at_) throw std::runtime_error("input/output error");
    if (next_ == text_.size()) return traits_type::eof();
    char* byte = text_.data() + next_++;
    setg(byte, byte, byte + 1);
    return traits_type::to_int_type(*byte);
  }

 private:
  std::string text_;
  std::size_t fail_at_;
  std::size_t next_ = 0;
};

TEST(FlowTrace, AReadFailureIsAnInputErrorAtTheLineAfterTheLastOneReadInFull) {
  const std::string text = std::string(kHeader) + "a,0,x,y,10,\r\n\nb,1,y,x,20,5\n";
  for (std::size_t fail_at = 0; fail_at < text.size(); ++fail_at) {
    FailingStreamBuffer buffer(text, fail_at);
    std::istream in(&buffer);
    const auto full_lines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(fail_at), '\n');
    try {
      (void)read_flow_trace(in, "flows.csv", 1);  // a byte a time: no byte read is lost with the failure
      ADD_FAILURE() << "expected an InputError failing at byte " << fail_at;
    } catch (const InputError& error) {
      EXPECT_THAT(error.what(), StartsWith("flows.csv:" + std::to_string(full_lines + 1) + ":1: reading failed"))
          << "failing at byte " << fail_at;
    }
  }
}

struct MalformedCase {
  const char* name;
  std::string text;
  const char* place;     // the message starts with it
  const char* fragment;  // and says what was wrong
};

class MalformedTrace : public ::testing::TestWithParam<MalformedCase> {};

// The sizes of the reads the reader asks for: one byte (every byte boundary is a cut),
// small ones that cut lines at various places, and the default, which takes these inputs whole.
const std::vector<std::size_t> kReadSizes = {1, 2, 3, 5, 8, 13, kTraceReadBytes};

TEST_P(MalformedTrace, IsTheSameInputErrorNamingFileLineAndColumnWhereverReadsCutTheInput) {
  const MalformedCase& c = GetParam();
  std::string first_message;
  for (const std::size_t read_bytes : kReadSizes) {
    try {
      std::istringstream in(c.text);
      (void)read_flow_trace(in, "flows.csv", read_bytes);
      ADD_FAILURE() << "expected an InputError reading " << read_bytes << " bytes at a time";
    } catch (const InputError& error) {
      EXPECT_THAT(error.what(), StartsWith(c.place)) << read_bytes << " bytes at a time";
      EXPECT_THAT(error.what(), HasSubstr(c.fragment)) << read_bytes << " bytes at a time";
      EXPECT_GT(error.place().column, 0U) << "every error names its column";
      EXPECT_THAT(error.what(), HasSubstr("; expected "));
      const std::string message = error.what();
      EXPECT_TRUE(std::none_of(message.begin(), message.end(), [](char ch) {
        return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F;
      })) << "one printable line";
      if (first_message.empty()) first_message = error.what();
      EXPECT_EQ(error.what(), first_message) << read_bytes << " bytes at a time";
    }
  }
}

const std::string kGoodRow = "ok,0,a,b,10,\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedTrace,
    ::testing::Values(
        MalformedCase{"EmptyFile", "", "flows.csv:1:1: ", "expected the header"},
        MalformedCase{"WrongHeader", "id,start,src,dst,size,rate\n", "flows.csv:1:1: ", "expected \"id,start_s"},
        MalformedCase{"TooFewFields", kHeader + kGoodRow + "1,0,a,b,10\n", "flows.csv:3:11: ", "row has 5 fields; expected 6"},
        MalformedCase{"TooManyFields", kHeader + std::string("1,0,a,b,10,,x\n"), "flows.csv:2:12: ", "row has 7 fields"},
        MalformedCase{"OneField", kHeader + std::string("hello\n"), "flows.csv:2:6: ", "row has 1 fields"},
        MalformedCase{"EmptyId", kHeader + std::string(",0,a,b,10,\n"), "flows.csv:2:1: ", "id: empty"},
        MalformedCase{"NonNumericStart", kHeader + std::string("1,soon,a,b,10,\n"), "flows.csv:2:3: ", "start_s: \"soon\""},
        MalformedCase{"NegativeStart", kHeader + std::string("1,-1,a,b,10,\n"), "flows.csv:2:3: ", "finite number >= 0"},
        MalformedCase{"InfiniteStart", kHeader + std::string("1,inf,a,b,10,\n"), "flows.csv:2:3: ", "start_s"},
        MalformedCase{"NotANumberStart", kHeader + std::string("1,nan,a,b,10,\n"), "flows.csv:2:3: ", "start_s"},
        MalformedCase{"TrailingGarbage", kHeader + std::string("1,2s,a,b,10,\n"), "flows.csv:2:3: ", "start_s: \"2s\""},
        MalformedCase{"TwoPoints", kHeader + std::string("1,1.2.3,a,b,10,\n"), "flows.csv:2:3: ", "start_s: \"1.2.3\""},
        MalformedCase{"OnlyAPoint", kHeader + std::string("1,0,a,b,.,\n"), "flows.csv:2:9: ", "size_bytes: \".\""},
        MalformedCase{"EmptySrc", kHeader + std::string("1,0,,b,10,\n"), "flows.csv:2:5: ", "src: empty"},
        MalformedCase{"SameEnds", kHeader + std::string("1,0,a,a,10,\n"), "flows.csv:2:7: ", "expected two different nodes"},
        MalformedCase{"NegativeSize", kHeader + std::string("1,0,a,b,-10,\n"), "flows.csv:2:9: ", "size_bytes: \"-10\""},
        MalformedCase{"ZeroSize", kHeader + std::string("1,0,a,b,0,\n"), "flows.csv:2:9: ", "finite number > 0"},
        MalformedCase{"NonNumericSize", kHeader + std::string("1,0,a,b,big,\n"), "flows.csv:2:9: ", "size_bytes"},
        MalformedCase{"NegativeCap", kHeader + std::string("1,0,a,b,10,-5\n"), "flows.csv:2:12: ", "max_rate_bps: \"-5\""},
        MalformedCase{"ZeroCap", kHeader + std::string("1,0,a,b,10,0\n"), "flows.csv:2:12: ", "finite number > 0"},
        // Numbers that parse but that no replay could simulate: 1e308 bytes are infinitely
        // many bits, a cap of 1e-300 bit/s never finishes a flow, and at 1e17 s a short flow
        // would end the instant it starts.
        MalformedCase{"SizeBeyondAnExabyte", kHeader + std::string("1,0,a,b,1e308,\n"), "flows.csv:2:9: ",
                      "size_bytes: \"1e308\" is more than a replay can carry; expected at most 1e+18 bytes"},
        MalformedCase{"StartBeyondAYear", kHeader + std::string("1,1e17,a,b,10,\n"), "flows.csv:2:3: ",
                      "start_s: \"1e17\" is later than a replay can time; expected at most 31622400 s"},
        MalformedCase{"CapBelowOneBitPerSecond", kHeader + std::string("1,0,a,b,10,1e-300\n"), "flows.csv:2:12: ",
                      "max_rate_bps: \"1e-300\" would never finish a flow; expected at least 1 bit/s"},
        MalformedCase{"OnlyALineEnd", "\n", "flows.csv:1:1: ", "header is \"\""},
        MalformedCase{"HeaderCutShort", "id,start_s", "flows.csv:1:1: ", "header is \"id,start_s\""},
        MalformedCase{"BadLastRowWithoutLineEnd", kHeader + kGoodRow + "\r\n2,0,a,b,-1,", "flows.csv:4:9: ",
                      "size_bytes: \"-1\""},
        MalformedCase{"CarriageReturnBeforeAComma", kHeader + std::string("1,0,a,b,10\r,\n"), "flows.csv:2:9: ",
                      "size_bytes: \"10\\r\""},
        MalformedCase{"NulInANodeName", kHeader + std::string("1,0,a\0z,a\0z,10,\n", 16), "flows.csv:2:9: ",
                      "dst: \"a\\x00z\" is also the src; expected two different nodes"},
        MalformedCase{"EscapeSequenceInASize", kHeader + std::string("1,0,a,b,1\x1b[2J,\n"), "flows.csv:2:9: ",
                      "size_bytes: \"1\\x1b[2J\"; expected"},
        MalformedCase{"ALongValueIsShortened", std::string(kHeader) + "1,0,a,b," + std::string(1000, '9') + "x,\n", "flows.csv:2:9: ",
                      "size_bytes: \"9999999999999999999999999999999999999999...\"; expected"},
        MalformedCase{"HeaderWithATab", "id,start_s,src,dst,size_bytes\tmax_rate_bps\n", "flows.csv:1:1: ",
                      "header is \"id,start_s,src,dst,size_bytes\\tmax_rate_bps\""}),
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
  EXPECT_EQ(trace.id(trace.flows.back()), std::to_string(kRows - 1));
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
