// `citynet run` end to end on the small town: the same seed gives byte-identical files,
// another seed other numbers; the results folder holds every file; errors and Ctrl-C leave
// no partial results behind.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "citynet_process.hpp"
#include "results_table.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::testing::ProcessResult;
using citynet::testing::read_all;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int kExitInputError = 2;
constexpr int kExitInterrupted = 130;
constexpr unsigned kMicrosecondsBeforeInterrupt = 1'500'000;

const std::vector<std::string> kResultFiles = {"scenario.yaml",   "topology_nodes.csv", "topology_links.csv",
                                               "link_timeseries.csv", "link_summary.csv", "class_summary.csv",
                                               "app_summary.csv", "class_throughput_histogram.csv",
                                               "class_line_rate_share_histogram.csv", "summary.csv",
                                               "events.csv", "event_elements.csv"};

std::string small_town() { return std::string(CITYNET_SOURCE_DIR) + "/scenarios/small-town.yaml"; }

class RunTest : public citynet::testing::CitynetProcessTest {};

TEST_F(RunTest, WritesEveryResultFile) {
  const fs::path out = directory_ / "town";
  const ProcessResult result = citynet("run " + small_town() + " --quiet --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const std::string& file : kResultFiles) EXPECT_TRUE(fs::exists(out / file)) << file;
  EXPECT_THAT(result.output, HasSubstr("Busy hour"));
  EXPECT_THAT(read_all(out / "summary.csv"), StartsWith("scenario,busy_hour_start_s,"));
  EXPECT_THAT(read_all(out / "scenario.yaml"), HasSubstr("seed: 42"));
}

TEST_F(RunTest, BytesNotServedInAnUncongestedTownDayAreFlowsStillInFlightAtTheEnd) {
  // Nothing in the town is congested, no failure and no stream blocked: what is not served
  // is only what the downloads the day's end cuts off had left, and the report says so.
  const fs::path out = directory_ / "town";
  const ProcessResult result = citynet("run " + small_town() + " --quiet --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const citynet::test_support::ResultsTable summary((out / "summary.csv").string());
  ASSERT_EQ(summary.size(), 1U);
  ASSERT_EQ(summary.number(0, "congested_links_egress"), 0.0);
  EXPECT_EQ(summary.number(0, "unserved_failed_bytes"), 0.0);
  EXPECT_EQ(summary.number(0, "unserved_dropped_bytes"), 0.0);
  EXPECT_EQ(summary.number(0, "unserved_blocked_bytes"), 0.0);
  EXPECT_GT(*summary.number(0, "unserved_in_flight_at_end_bytes"), 0.0);
  EXPECT_EQ(summary.number(0, "bytes_not_served"), summary.number(0, "unserved_in_flight_at_end_bytes"));
  EXPECT_THAT(result.output, HasSubstr("still in flight at the end, 0 GB failed (no path), 0 GB dropped (streams "
                                       "dropped), 0 GB blocked (streams blocked)"));
}

TEST_F(RunTest, SameSeedGivesByteIdenticalFilesAndAnotherSeedOtherNumbers) {
  const fs::path first = directory_ / "first";
  const fs::path second = directory_ / "second";
  const fs::path other = directory_ / "other";
  ASSERT_EQ(citynet("run " + small_town() + " --quiet --out " + first.string()).exit_code, 0);
  ASSERT_EQ(citynet("run " + small_town() + " --quiet --out " + second.string()).exit_code, 0);
  ASSERT_EQ(citynet("run " + small_town() + " --quiet --seed 7 --out " + other.string()).exit_code, 0);
  for (const std::string& file : kResultFiles) {
    EXPECT_EQ(read_all(first / file), read_all(second / file)) << file;
  }
  EXPECT_NE(read_all(first / "summary.csv"), read_all(other / "summary.csv"));
  EXPECT_NE(read_all(first / "link_timeseries.csv"), read_all(other / "link_timeseries.csv"));
  // The topology does not depend on the seed.
  EXPECT_EQ(read_all(first / "topology_links.csv"), read_all(other / "topology_links.csv"));
}

TEST_F(RunTest, DurationOptionShortensTheRun) {
  const fs::path out = directory_ / "short";
  ASSERT_EQ(citynet("run " + small_town() + " --quiet --duration 2h --out " + out.string()).exit_code, 0);
  const std::string series = read_all(out / "link_timeseries.csv");
  EXPECT_THAT(series, HasSubstr(",6900,7200,"));    // the last 5-minute interval of 2 h
  EXPECT_THAT(series, ::testing::Not(HasSubstr(",7200,7500,")));
}

TEST_F(RunTest, BadDurationIsOneLineAndExitTwoAndWritesNothing) {
  const fs::path out = directory_ / "bad";
  const ProcessResult result = citynet("run " + small_town() + " --duration 2 --out " + out.string());
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, HasSubstr("--duration"));
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator()), 1);  // the log only
}

TEST_F(RunTest, InterruptedRunExits130AndKeepsThePreviousResultsWhole) {
  // The previous results: a folder citynet wrote (it replaces no other).
  const fs::path out = directory_ / "city";
  ASSERT_EQ(citynet("run " + small_town() + " --quiet --duration 2h --out " + out.string()).exit_code, 0);
  const std::string previous_summary = read_all(out / "summary.csv");
  const auto previous_files = std::distance(fs::directory_iterator(out), fs::directory_iterator());
  const fs::path log = directory_ / "output.txt";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The default city for a day: long enough to be interrupted.
    std::freopen(log.c_str(), "w", stderr);
    ::execl(CITYNET_BINARY, CITYNET_BINARY, "run", "--out", out.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::usleep(kMicrosecondsBeforeInterrupt);
  ::kill(child, SIGINT);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << read_all(log);
  EXPECT_EQ(WEXITSTATUS(status), kExitInterrupted) << read_all(log);
  EXPECT_EQ(read_all(out / "summary.csv"), previous_summary);
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator()), previous_files);
  for (const auto& entry : fs::directory_iterator(directory_)) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp-")));
  }
}

}  // namespace
