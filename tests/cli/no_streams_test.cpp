// A blocking probability of no streams does not exist: `citynet run` leaves its cell
// empty (never "nan") in class_summary.csv, app_summary.csv and summary.csv.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "results_table.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::test_support::ResultsTable;

TEST(NoStreams, BlockingProbabilityOfNoStreamsIsAnEmptyCell) {
  const fs::path out = fs::temp_directory_path() / ("citynet-no-streams-" + std::to_string(::getpid()));
  fs::remove_all(out);
  // The small town's first hours: its only streaming application (distance education)
  // follows school hours, so no stream starts.
  const std::string command = std::string(CITYNET_BINARY) + " run " + CITYNET_SOURCE_DIR +
                              "/scenarios/small-town.yaml --quiet --duration 4h --out " + out.string() +
                              " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::size_t rows_without_streams = 0;
  double streams = 0;
  for (const std::string file : {"class_summary.csv", "app_summary.csv"}) {
    const ResultsTable table((out / file).string());
    for (std::size_t row = 0; row < table.size(); ++row) {
      if (file == "app_summary.csv") streams += *table.number(row, "streams");
      if (*table.number(row, "streams") > 0) continue;
      ++rows_without_streams;
      EXPECT_EQ(table.text(row, "blocking_probability"), "") << file << " line " << row + 2;
    }
  }
  EXPECT_GT(rows_without_streams, 0u);
  ASSERT_EQ(streams, 0) << "the run was meant to start no stream";
  EXPECT_EQ(ResultsTable((out / "summary.csv").string()).text(0, "streaming_blocking_probability"), "");
  fs::remove_all(out);
}

}  // namespace
