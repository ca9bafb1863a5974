// `citynet sweep` end to end on the small town's sweep: a sweep stopped after some rows and
// run again ends byte for byte as one run at once; threads change nothing; a bad sweep file
// is exit code 2 with no sweep.csv; another sweep's folder is refused.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "citynet_process.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::testing::ProcessResult;
using citynet::testing::read_all;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int kExitInputError = 2;
// scenarios/sweeps/small-town.yaml: 3 uplinks x 2 subscriber totals x 2 replications.
constexpr std::size_t kRows = 12;

std::string small_sweep() { return std::string(CITYNET_SOURCE_DIR) + "/scenarios/sweeps/small-town.yaml"; }

std::size_t lines_of(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

class SweepTest : public citynet::testing::CitynetProcessTest {
 protected:
  // The whole small sweep in one go, computed once for the tests that compare with it.
  const std::string& uninterrupted() {
    static const std::string csv = [this] {
      const fs::path out = fs::temp_directory_path() / ("citynet-sweep-whole-" + std::to_string(::getpid()));
      fs::remove_all(out);
      const ProcessResult result = citynet("sweep " + small_sweep() + " --quiet --out " + out.string());
      EXPECT_EQ(result.exit_code, 0) << result.output;
      std::string text = read_all(out / "sweep.csv");
      fs::remove_all(out);
      return text;
    }();
    return csv;
  }
};

TEST_F(SweepTest, WritesAHeaderAndOneRowPerPointAndReplication) {
  const std::string& csv = uninterrupted();
  EXPECT_THAT(csv, StartsWith("point,replication,seed,network_links_uplink_capacity_bps,broadband_subscribers,"));
  EXPECT_EQ(lines_of(csv), 1 + kRows);
  EXPECT_THAT(csv, HasSubstr("\n0,0,42,50000000,200,")) << "replication 0 keeps the scenario's seed 42";
  EXPECT_THAT(csv, HasSubstr("\n5,1,")) << "the last point's second replication";
}

TEST_F(SweepTest, AResumedSweepEqualsAnUninterruptedOne) {
  const fs::path out = directory_ / "resumed";
  ProcessResult first = citynet("sweep " + small_sweep() + " --quiet --max-rows 5 --out " + out.string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(lines_of(read_all(out / "sweep.csv")), 1u + 5u);
  // A crash in the middle of the next row leaves a row cut short: it is run again.
  { std::ofstream(out / "sweep.csv", std::ios::binary | std::ios::app) << "2,1,"; }
  ProcessResult second = citynet("sweep " + small_sweep() + " --out " + out.string());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("5 already in"));
  EXPECT_EQ(read_all(out / "sweep.csv"), uninterrupted());
}

TEST_F(SweepTest, ThreadsGiveTheSameBytes) {
  const fs::path out = directory_ / "threads";
  const ProcessResult result = citynet("sweep " + small_sweep() + " --quiet --jobs 3 --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_all(out / "sweep.csv"), uninterrupted());
}

TEST_F(SweepTest, MaxRowsZeroIsRefusedAndLeavesTheFileAsItWas) {
  const fs::path out = directory_ / "again";
  ASSERT_EQ(citynet("sweep " + small_sweep() + " --quiet --max-rows 2 --out " + out.string()).exit_code, 0);
  const std::string before = read_all(out / "sweep.csv");
  ASSERT_EQ(citynet("sweep " + small_sweep() + " --quiet --max-rows 0 --out " + out.string()).exit_code, kExitInputError)
      << "--max-rows 0 is refused: it would run nothing";
  EXPECT_EQ(read_all(out / "sweep.csv"), before);
}

TEST_F(SweepTest, AnotherSweepsFolderIsRefused) {
  const fs::path out = directory_ / "mixed";
  ASSERT_EQ(citynet("sweep " + small_sweep() + " --quiet --max-rows 1 --out " + out.string()).exit_code, 0);
  const fs::path other = directory_ / "other.yaml";
  std::ofstream(other) << "scenario: " << CITYNET_SOURCE_DIR << "/scenarios/small-town.yaml\n"
                       << "grid:\n  - {key: simulation.seed, values: [1, 2]}\n";
  const ProcessResult result = citynet("sweep " + other.string() + " --quiet --out " + out.string());
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, HasSubstr("different sweep"));
}

TEST_F(SweepTest, ABadValueIsExitCodeTwoAtItsPlaceAndWritesNothing) {
  const fs::path sweep = directory_ / "bad.yaml";
  std::ofstream(sweep) << "scenario: " << CITYNET_SOURCE_DIR << "/scenarios/small-town.yaml\n"
                       << "grid:\n  - {key: network.links.uplink.capacity, values: [1Gbps, 2Gbsp]}\n";
  const fs::path out = directory_ / "bad";
  const ProcessResult result = citynet("sweep " + sweep.string() + " --quiet --out " + out.string());
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, StartsWith(sweep.string() + ":3:58: network.links.uplink.capacity: "));
  EXPECT_FALSE(fs::exists(out / "sweep.csv"));
}

}  // namespace
