#include "output/fct_csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace citynet::output {
namespace {

std::string write_rows(void (*rows)(FctCsvWriter&)) {
  std::ostringstream out;
  {
    FctCsvWriter writer(out);
    rows(writer);
    writer.finish();
  }
  return out.str();
}

TEST(FctCsv, WritesTheHeaderEvenWithoutRows) {
  EXPECT_EQ(write_rows([](FctCsvWriter&) {}), "id,start_s,end_s,fct_s,size_bytes,mean_rate_bps\n");
}

TEST(FctCsv, DerivesDurationAndMeanRateFromTheEnds) {
  // 1,000,000 bytes in 4 s is 8 Mbit / 4 s = 2 Mbit/s.
  const std::string text = write_rows([](FctCsvWriter& w) { w.write_row("f1", 1, 5, 1e6); });
  EXPECT_EQ(text.substr(text.find('\n') + 1), "f1,1,5,4,1000000,2000000\n");
}

TEST(FctCsv, AnIdWithACommaOrAQuoteIsQuotedAndAPlainOneIsNot) {
  // RFC 4180: otherwise a comma in an id shifts every column of its row.
  const std::string text = write_rows([](FctCsvWriter& w) {
    w.write_row("a,b", 0, 1, 1);
    w.write_row("say \"x\"", 0, 1, 1);
    w.write_row("plain-id", 0, 1, 1);
  });
  EXPECT_EQ(text.substr(text.find('\n') + 1), "\"a,b\",0,1,1,1,8\n\"say \"\"x\"\"\",0,1,1,1,8\nplain-id,0,1,1,1,8\n");
}

TEST(FctCsv, PrintsNumbersThatReadBackToTheSameDouble) {
  // Values with no short decimal form: a printer that rounds would lose their last bits.
  static constexpr double start_s = 0.1;
  static constexpr double end_s = 1.0 / 3.0;
  static constexpr double size_bytes = 12345.678;
  const std::string text = write_rows([](FctCsvWriter& w) { w.write_row("x", start_s, end_s, size_bytes); });
  std::istringstream rows(text.substr(text.find('\n') + 1));
  std::string field;
  std::getline(rows, field, ',');
  EXPECT_EQ(field, "x");
  std::getline(rows, field, ',');
  EXPECT_EQ(std::strtod(field.c_str(), nullptr), start_s);
  std::getline(rows, field, ',');
  EXPECT_EQ(std::strtod(field.c_str(), nullptr), end_s);
  std::getline(rows, field, ',');
  EXPECT_EQ(std::strtod(field.c_str(), nullptr), end_s - start_s);
  std::getline(rows, field, ',');
  EXPECT_EQ(std::strtod(field.c_str(), nullptr), size_bytes);
  std::getline(rows, field);
  EXPECT_EQ(std::strtod(field.c_str(), nullptr), size_bytes * 8 / (end_s - start_s));
}

TEST(FctCsv, ExtremeValuesThatNeedSeventeenDigitsReadBackExactly) {
  // 0.1 + 0.2, the largest and the smallest positive doubles: the last needs an exponent
  // of three digits, the first all seventeen significant digits.
  static constexpr double start_s = 0.1 + 0.2;
  static constexpr double end_s = 1.7976931348623157e308;
  static constexpr double size_bytes = 4.9406564584124654e-324;
  const std::string text = write_rows([](FctCsvWriter& w) { w.write_row("x", start_s, end_s, size_bytes); });
  std::istringstream rows(text.substr(text.find('\n') + 1));
  std::string field;
  std::getline(rows, field, ',');
  for (const double expected : {start_s, end_s, end_s - start_s, size_bytes}) {
    std::getline(rows, field, ',');
    EXPECT_EQ(std::strtod(field.c_str(), nullptr), expected) << field;
  }
}

TEST(FctCsv, WritesNumbersBelowTenToTheSixteenWithoutAnExponent) {
  // Sizes and rates read as plain numbers in a spreadsheet: 4 Mbit/s is 4000000, not 4e+06;
  // only beyond 1e16 or below 1e-4 does the exponent form take over.
  const std::string text = write_rows([](FctCsvWriter& w) {
    w.write_row("a", 0.0001, 2, 1e6);
    w.write_row("b", 0.00001, 1e16, 1e15);
  });
  EXPECT_EQ(text.substr(text.find('\n') + 1),
            "a,0.0001,2,1.9999,1000000,4000200.0100005\n"
            "b,1e-05,1e+16,1e+16,1000000000000000,0.8\n");
}

TEST(FctCsv, LeavesTheRateEmptyWhenTheEndsAreTheSameDouble) {
  const std::string text = write_rows([](FctCsvWriter& w) { w.write_row("z", 2, 2, 1); });
  EXPECT_EQ(text.substr(text.find('\n') + 1), "z,2,2,0,1,\n");
}

TEST(FctCsv, KeepsRowsInTheOrderWrittenAcrossBufferFlushes) {
  constexpr int kRows = 20000;  // several times the flush threshold
  std::ostringstream out;
  {
    FctCsvWriter writer(out);
    for (int i = 0; i < kRows; ++i) writer.write_row(std::to_string(i), i, i + 1, 1);
  }  // the destructor flushes what finish() was not called for
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  int expected_id = 0;
  while (std::getline(in, line)) {
    ASSERT_EQ(line.substr(0, line.find(',')), std::to_string(expected_id));
    ++expected_id;
  }
  EXPECT_EQ(expected_id, kRows);
}

// The notation rule of the header, computed independently: std::to_chars gives the
// shortest digits that read back, in scientific form; a decimal exponent in [-4, 16) is
// then laid out without it.
std::string reference_number(double value) {
  char text[64];
  const char* end = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific).ptr;
  const std::string scientific(static_cast<const char*>(text), end);
  if (!std::isfinite(value)) return scientific;
  const std::size_t e = scientific.find('e');
  const int exponent = std::stoi(scientific.substr(e + 1));
  if (exponent < -4 || exponent >= 16) return scientific;
  std::string sign;
  std::string digits;
  for (const char c : scientific.substr(0, e)) {
    if (c == '-') sign = "-";
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (exponent < 0) return sign + "0." + std::string(-exponent - 1, '0') + digits;
  if (exponent + 1 >= static_cast<int>(digits.size())) return sign + digits + std::string(exponent + 1 - digits.size(), '0');
  return sign + digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
}

// Values at every place where the printed form changes: the notation switches at 1e-4 and
// 1e16, whole numbers take a shortcut below 2^53, and the sign, zero and the extremes.
std::vector<double> switch_point_values() {
  std::vector<double> values = {0.0,
                                1.0,
                                0.1,
                                1e-4,
                                std::nextafter(1e-4, 0.0),
                                std::nextafter(1e-4, 1.0),
                                1e-5,
                                1e16,
                                std::nextafter(1e16, 0.0),
                                std::nextafter(1e16, 1e17),
                                1e15,
                                123456789012345.6,
                                9007199254740991.0,  // 2^53 - 1
                                9007199254740992.0,  // 2^53
                                9007199254740994.0,
                                4e6,
                                812204,
                                0.5,
                                1.0 / 3.0,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::infinity()};
  const std::size_t count = values.size();
  for (std::size_t i = 0; i < count; ++i) values.push_back(-values[i]);
  return values;
}

TEST(FctCsv, EveryNumberIsTheShortestRoundTripInTheNotationOfItsExponent) {
  // Switch points, then random bit patterns and random times and sizes of a trace's range.
  std::vector<double> values = switch_point_values();
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> seconds(0.0, 4000.0);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = random();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isnan(value)) values.push_back(value);
    values.push_back(seconds(random));
    values.push_back(std::round(seconds(random) * 1e6));
  }
  for (const double value : values) {
    // Ending at 0, the flow lasts -value, and its rate is known when that is positive.
    FctRowBuffer row;
    row.append_row("x", value, 0, value);
    const double fct_s = 0 - value;
    const std::string rate = fct_s > 0 ? reference_number(value * 8 / fct_s) : "";
    EXPECT_EQ(row.text(), "x," + reference_number(value) + ",0," + reference_number(fct_s) + "," +
                              reference_number(value) + "," + rate + "\n");
  }
}

TEST(FctCsv, RowsFormattedOnSeveralThreadsAreTheBytesOfOneWriter) {
  // More rows than several blocks of the threaded writer, with a partial last block.
  const std::vector<double> values = switch_point_values();
  constexpr std::size_t kRows = 70001;
  const auto start_s = [&](std::size_t i) { return values[i % values.size()]; };
  const auto end_s = [&](std::size_t i) { return values[(i / values.size()) % values.size()]; };
  const auto size_bytes = [](std::size_t i) { return static_cast<double>(i); };
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < kRows; ++i) ids.push_back(std::to_string(i));

  std::ostringstream single;
  {
    FctCsvWriter writer(single);
    for (std::size_t i = 0; i < kRows; ++i) writer.write_row(ids[i], start_s(i), end_s(i), size_bytes(i));
  }
  const FctRowsFormatter format_rows = [&](std::size_t first, std::size_t last, FctRowBuffer& rows) {
    for (std::size_t i = first; i < last; ++i) rows.append_row(ids[i], start_s(i), end_s(i), size_bytes(i));
  };
  for (const unsigned threads : {1U, 2U, 3U, 8U}) {
    std::ostringstream threaded;
    write_fct_csv(threaded, kRows, format_rows, threads);
    EXPECT_TRUE(threaded.str() == single.str()) << threads << " threads";
  }
  std::ostringstream empty;
  write_fct_csv(empty, 0, format_rows, 2);
  EXPECT_EQ(empty.str(), fct_csv_header());
}

TEST(FctCsv, AFailureWhileFormattingOnAnotherThreadReachesTheCaller) {
  const FctRowsFormatter format_rows = [](std::size_t first, std::size_t, FctRowBuffer&) {
    if (first > 0) throw std::runtime_error("row failed");
  };
  std::ostringstream out;
  EXPECT_THROW(write_fct_csv(out, 100000, format_rows, 2), std::runtime_error);
}

}  // namespace
}  // namespace citynet::output
