// sweep.csv resumes: a reopened file counts its whole rows, drops a row cut short, and
// refuses a file of another sweep rather than mixing two sweeps in one table.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "output/sweep_csv.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr std::size_t kRows = 4;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

SweepRowKey key_of(std::size_t k) { return SweepRowKey{k / 2, k % 2, 100 + k, {k < 2 ? "1" : "2"}}; }
std::string start_of(std::size_t k) { return sweep_csv_row_start(key_of(k)); }
std::string row_of(std::size_t k) { return sweep_csv_row(key_of(k), RunReport{}); }

class SweepCsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("citynet-sweep-csv-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
               "-" + std::to_string(::getpid()));
    fs::remove_all(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  [[nodiscard]] fs::path path() const { return folder_ / "sweep.csv"; }
  [[nodiscard]] SweepCsvFile open(const std::string& header = sweep_csv_header(std::vector<std::string>{"x"})) const {
    return SweepCsvFile(path(), header, kRows, start_of);
  }
  void write_rows(std::size_t count) const {
    SweepCsvFile file = open();
    for (std::size_t k = 0; k < count; ++k) file.append(row_of(k));
  }

  fs::path folder_;
};

TEST_F(SweepCsvTest, ANewFileHasItsHeaderAndNoRows) {
  const SweepCsvFile file = open();
  EXPECT_EQ(file.rows_done(), 0u);
  EXPECT_EQ(read_all(path()), sweep_csv_header(std::vector<std::string>{"x"}));
}

TEST_F(SweepCsvTest, RowsBeginWithTheirKeyAndHaveAsManyCellsAsTheHeader) {
  const std::string header = sweep_csv_header(std::vector<std::string>{"x"});
  const std::string row = row_of(3);
  EXPECT_EQ(row.rfind("1,1,103,2,", 0), 0u);
  EXPECT_EQ(std::count(row.begin(), row.end(), ','), std::count(header.begin(), header.end(), ','));
}

TEST_F(SweepCsvTest, AReopenedFileContinuesAfterItsRowsAndEndsAsOneWrittenAtOnce) {
  write_rows(2);
  {
    SweepCsvFile file = open();
    ASSERT_EQ(file.rows_done(), 2u);
    for (std::size_t k = 2; k < kRows; ++k) file.append(row_of(k));
  }
  const std::string resumed = read_all(path());
  fs::remove(path());
  write_rows(kRows);
  EXPECT_EQ(resumed, read_all(path()));
}

TEST_F(SweepCsvTest, ARowCutShortIsDroppedAndRunAgain) {
  write_rows(2);
  {
    std::ofstream out(path(), std::ios::binary | std::ios::app);
    out << row_of(2).substr(0, 7);  // a crash in the middle of a row
  }
  const SweepCsvFile file = open();
  EXPECT_EQ(file.rows_done(), 2u);
  EXPECT_EQ(read_all(path()).back(), '\n') << "the cut-short row is gone";
}

TEST_F(SweepCsvTest, AHeaderCutShortStartsTheFileAgain) {
  fs::create_directories(folder_);
  std::ofstream(path(), std::ios::binary) << "point,repl";
  const SweepCsvFile file = open();
  EXPECT_EQ(file.rows_done(), 0u);
  EXPECT_EQ(read_all(path()), sweep_csv_header(std::vector<std::string>{"x"}));
}

TEST_F(SweepCsvTest, AFileOfAnotherSweepIsRefused) {
  write_rows(1);
  try {
    (void)open(sweep_csv_header(std::vector<std::string>{"y"}));
    FAIL() << "another header is accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("different sweep"));
  }
}

TEST_F(SweepCsvTest, ARowOfOtherValuesIsRefused) {
  write_rows(2);
  try {
    (void)SweepCsvFile(path(), sweep_csv_header(std::vector<std::string>{"x"}), kRows,
                       [](std::size_t k) { return sweep_csv_row_start(SweepRowKey{k / 2, k % 2, 999, {"1"}}); });
    FAIL() << "rows with other seeds are accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("row 2"));
  }
}

}  // namespace
}  // namespace citynet::output
