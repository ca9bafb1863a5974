#include "output/fct_csv.hpp"

#include <cstdlib>
#include <sstream>
#include <string>

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

}  // namespace
}  // namespace citynet::output
