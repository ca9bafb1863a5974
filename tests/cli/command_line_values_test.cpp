// Values given on the command line obey the limits of the scenario key they stand for, and
// the subscribers `validate` counts are the ones a run simulates: every input either counts
// or is refused (exit 2, one line, nothing written).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

std::string small_town() { return std::string(CITYNET_SOURCE_DIR) + "/scenarios/small-town.yaml"; }

class CommandLineValues : public citynet::testing::CitynetProcessTest {
 protected:
  // `run ARGUMENTS` refused with a message that starts with `message`, leaving no results.
  void expect_refused(const std::string& arguments, const std::string& message) const {
    const fs::path out = directory_ / "out";
    const ProcessResult result = citynet("run " + small_town() + " --quiet " + arguments + " --out " + out.string());
    EXPECT_EQ(result.exit_code, kExitInputError) << arguments << ": " << result.output;
    EXPECT_THAT(result.output, StartsWith(message)) << arguments;
    EXPECT_FALSE(fs::exists(out)) << arguments;
  }
};

TEST_F(CommandLineValues, SeedsOutsideZeroTo2To64MinusOneAreRefusedNotWrapped) {
  for (const std::string seed : {"-1", "18446744073709551616", "99999999999999999999999", "1.5", "seven"}) {
    expect_refused("--seed " + seed, "--seed: simulation.seed: \"" + seed + "\" is not a seed; expected a "
                                     "whole number from 0 to 18446744073709551615");
  }
}

TEST_F(CommandLineValues, DurationsTheScenarioFileWouldRefuseAreRefused) {
  for (const std::string duration : {"367d", "30000d", "1e300ms", "1e9h"}) {
    expect_refused("--duration " + duration,
                   "--duration: simulation.duration: the run is longer than a year; expected a duration of "
                   "at most 8784h");
  }
  expect_refused("--duration 0h", "--duration: simulation.duration: \"0h\" is not above zero");
}

TEST_F(CommandLineValues, ADurationShorterThanTheFilesWarmUpIsRefusedAtTheWarmUp) {
  // small-town.yaml sets `warmup: 1h` on line 65: a 30-minute run would have no results.
  expect_refused("--duration 30min", small_town() + ":65:");
  const ProcessResult result = citynet("run " + small_town() + " --quiet --duration 30min --out x");
  EXPECT_THAT(result.output, HasSubstr("the warm-up is not shorter than the duration (30min)"));
}

// The sum of one column of a CSV file written by citynet (no quoted commas in these files).
long long column_sum(const fs::path& csv, const std::string& column) {
  std::istringstream in(read_all(csv));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream fields(line);
  for (std::string field; std::getline(fields, field, ',');) header.push_back(field);
  const auto position = std::find(header.begin(), header.end(), column) - header.begin();
  long long sum = 0;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string field;
    for (long i = 0; i <= position && std::getline(row, field, ','); ++i) {
    }
    sum += std::stoll(field);
  }
  return sum;
}

TEST_F(CommandLineValues, ValidateCountsTheSubscribersTheRunSimulatesWhenAClassCountChanges) {
  // The small town with 1,200 ADSL subscribers instead of 300: on an explicit network the
  // count is spread over the sites, so 1,200 + 100 + 50 + 2 are simulated.
  std::string text = read_all(small_town());
  const std::string adsl = "down: 1Mbps, up: 512kbps, count: 300}";
  ASSERT_NE(text.find(adsl), std::string::npos);
  text.replace(text.find(adsl), adsl.size(), "down: 1Mbps, up: 512kbps, count: 1200}");
  const fs::path scenario = directory_ / "town.yaml";
  std::ofstream(scenario) << text;
  const ProcessResult validated = citynet("validate " + scenario.string());
  ASSERT_EQ(validated.exit_code, 0) << validated.output;
  EXPECT_THAT(validated.output, HasSubstr(" 1352 subscribers in 4 classes"));
  const fs::path out = directory_ / "out";
  const ProcessResult run = citynet("run " + scenario.string() + " --quiet --duration 2h --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(column_sum(out / "class_summary.csv", "subscribers"), 1352);
  EXPECT_EQ(column_sum(out / "topology_nodes.csv", "subscribers"), 1352);
}

TEST_F(CommandLineValues, ASweepAxisThatChangesNothingIsRefusedBeforeAnyRow) {
  const fs::path sweep = directory_ / "sweep.yaml";
  std::ofstream(sweep) << "scenario: " << small_town() << "\n"
                       << "set: {simulation.duration: 2h}\n"
                       << "grid:\n"
                       << "  - {key: network.links.uplink.capacity, values: [50Mbps, 100Mbps]}\n"
                       << "  - {key: description, values: [one, two]}\n";
  const fs::path out = directory_ / "out";
  const ProcessResult result = citynet("sweep " + sweep.string() + " --quiet --out " + out.string());
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(sweep.string() + ":5:38: description: two builds the same "
                                        "model as one"));
  EXPECT_FALSE(fs::exists(out / "sweep.csv"));
}

}  // namespace
