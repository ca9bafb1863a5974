// `citynet compare` end to end on the small town with plans: a plan that changes nothing
// differs from the baseline by exactly zero, doubling every capacity halves the egress
// utilization, the CSV does not depend on the thread count, and a plan naming a node the
// network does not have is an error at its place that writes nothing.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
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
constexpr double kRelativeTolerance = 1e-9;  // sums of the same bits in another order

// The small town's 67 lines are followed by these plans (line 68 on).
const std::string kPlans =
    "\n"
    "costs: {currency: CNY, egress_per_gbps: 1000000, microwave_link: 150000}\n"
    "plans:\n"
    "  - name: nothing\n"
    "  - name: double-all\n"
    "    changes:\n"
    "      - scale: {factor: 2}\n"
    "  - name: radio\n"
    "    changes:\n"
    "      - add_link: {id: radio-2, a: access-riverside, b: core, medium: microwave, capacity: 155.52Mbps}\n";

// One row of compare.csv by its (plan, metric).
using Row = std::map<std::string, std::string>;

std::map<std::pair<std::string, std::string>, Row> read_compare_csv(const fs::path& path) {
  std::istringstream in(read_all(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream heading(line);
  for (std::string cell; std::getline(heading, cell, ',');) header.push_back(cell);
  std::map<std::pair<std::string, std::string>, Row> rows;
  while (std::getline(in, line)) {
    Row row;
    std::stringstream cells(line);
    std::size_t column = 0;
    for (std::string cell; column < header.size(); ++column) {
      if (!std::getline(cells, cell, ',')) cell.clear();
      row[header[column]] = cell;
    }
    rows[{row["plan"], row["metric"]}] = row;
  }
  return rows;
}

class CompareTest : public citynet::testing::CitynetProcessTest {
 protected:
  fs::path write_scenario(const std::string& plans) const {
    const fs::path path = directory_ / "town-plans.yaml";
    std::ofstream(path) << read_all(fs::path(CITYNET_SOURCE_DIR) / "scenarios" / "small-town.yaml") << plans;
    return path;
  }

};

TEST_F(CompareTest, ANullPlanDiffersByZeroAndDoublingCapacityHalvesUtilization) {
  const fs::path scenario = write_scenario(kPlans);
  const fs::path out = directory_ / "out";
  const ProcessResult result =
      citynet("compare " + scenario.string() + " --replications 3 --duration 6h --quiet --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("double-all"));
  const auto rows = read_compare_csv(out / "compare.csv");

  for (const char* metric : {"egress_busy_hour_utilization", "congested_link_hours", "bytes_not_served"}) {
    const Row& nothing = rows.at({"nothing", metric});
    EXPECT_EQ(nothing.at("diff_mean"), "0") << metric;
    EXPECT_EQ(nothing.at("diff_ci95_low"), "0") << metric;
    EXPECT_EQ(nothing.at("diff_ci95_high"), "0") << metric;
  }

  // Nothing in the town is congested, so every bit is carried as before over twice the
  // capacity: half the utilization in every replication.
  const Row& baseline = rows.at({"baseline", "egress_busy_hour_utilization"});
  const Row& doubled = rows.at({"double-all", "egress_busy_hour_utilization"});
  const double half = std::stod(baseline.at("mean")) / 2;
  ASSERT_GT(half, 0);
  EXPECT_NEAR(std::stod(doubled.at("mean")), half, half * kRelativeTolerance);
  EXPECT_LE(std::stod(doubled.at("ci95_low")), half);
  EXPECT_GE(std::stod(doubled.at("ci95_high")), half);
  EXPECT_NEAR(std::stod(doubled.at("diff_mean")), -half, half * kRelativeTolerance);
  // The radio plan costs its one microwave link, in the scenario's currency.
  EXPECT_EQ(rows.at({"radio", "egress_busy_hour_utilization"}).at("cost"), "150000");
  EXPECT_EQ(rows.at({"radio", "egress_busy_hour_utilization"}).at("currency"), "CNY");

  // A plan that changes nothing gains nothing significant, so it has no cost per gain.
  for (const auto& [key, row] : rows) {
    if (key.first != "nothing") continue;
    EXPECT_EQ(row.at("diff_significant"), "false") << key.second;
    EXPECT_EQ(row.at("cost_per_unit_improvement"), "") << key.second;
  }
  EXPECT_THAT(result.output, HasSubstr("nothing: egress util not significant"));

  // Each replication's values are written with its seed (the same for every plan), and
  // compare.csv's means are their means.
  std::map<std::pair<std::string, std::string>, std::vector<double>> values;
  std::map<std::size_t, std::string> seeds;
  std::istringstream in(read_all(out / "compare_replications.csv"));
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "plan,replication,seed,metric,unit,value");
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string plan, replication, seed, metric, unit, value;
    std::getline(cells, plan, ',');
    std::getline(cells, replication, ',');
    std::getline(cells, seed, ',');
    std::getline(cells, metric, ',');
    std::getline(cells, unit, ',');
    std::getline(cells, value, ',');
    const auto [known, fresh] = seeds.emplace(std::stoul(replication), seed);
    EXPECT_EQ(known->second, seed) << line;
    if (!value.empty()) values[{plan, metric}].push_back(std::stod(value));
  }
  EXPECT_EQ(seeds.size(), 3U);
  for (const auto& [key, row] : rows) {
    if (row.at("mean").empty()) continue;
    const std::vector<double>& runs = values.at(key);
    ASSERT_EQ(runs.size(), 3U) << key.first << " " << key.second;
    const double mean = (runs[0] + runs[1] + runs[2]) / 3;
    EXPECT_NEAR(std::stod(row.at("mean")), mean, std::abs(mean) * 1e-12) << key.first << " " << key.second;
  }
}

TEST_F(CompareTest, CsvIsByteIdenticalForOneAndTwoThreads) {
  const fs::path scenario = write_scenario(kPlans);
  const fs::path one = directory_ / "one";
  const fs::path two = directory_ / "two";
  const std::string common = "compare " + scenario.string() + " --replications 2 --duration 3h --quiet";
  ASSERT_EQ(citynet(common + " --jobs 1 --out " + one.string()).exit_code, 0);
  ASSERT_EQ(citynet(common + " --jobs 2 --out " + two.string()).exit_code, 0);
  const std::string first = read_all(one / "compare.csv");
  EXPECT_THAT(first, StartsWith("plan,metric,unit,better,replications,mean,ci95_low,ci95_high,diff_mean,"));
  EXPECT_EQ(first, read_all(two / "compare.csv"));
  EXPECT_EQ(read_all(one / "compare_replications.csv"), read_all(two / "compare_replications.csv"));
}

TEST_F(CompareTest, OneReplicationLeavesTheIntervalsBlank) {
  const fs::path scenario = write_scenario(kPlans);
  const fs::path out = directory_ / "out";
  ASSERT_EQ(citynet("compare " + scenario.string() + " --replications 1 --duration 2h --quiet --out " + out.string())
                .exit_code,
            0);
  const auto rows = read_compare_csv(out / "compare.csv");
  const Row& row = rows.at({"radio", "egress_busy_hour_utilization"});
  EXPECT_FALSE(row.at("mean").empty());
  EXPECT_TRUE(row.at("ci95_low").empty());
  EXPECT_TRUE(row.at("diff_ci95_high").empty());
}

TEST_F(CompareTest, AnUnknownNodeIsAnErrorAtItsPlaceAndWritesNothing) {
  const fs::path scenario = write_scenario(
      "\nplans:\n"
      "  - name: radio\n"
      "    changes:\n"
      "      - add_link: {id: radio-2, a: access-riversid, b: core, medium: microwave, capacity: 155.52Mbps}\n");
  const fs::path out = directory_ / "out";
  const ProcessResult result = citynet("compare " + scenario.string() + " --quiet --out " + out.string());
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, HasSubstr(scenario.string() + ":72:9: plans[0].changes[0].add_link: a: unknown node "
                                       "\"access-riversid\"; did you mean \"access-riverside\"?"));
  EXPECT_FALSE(fs::exists(out));
  // `validate` finds it too.
  EXPECT_EQ(citynet("validate " + scenario.string()).exit_code, kExitInputError);
}

TEST_F(CompareTest, AnUnknownPathIsAnErrorAtItsPlace) {
  const fs::path scenario = write_scenario(
      "\nplans:\n"
      "  - name: wider\n"
      "    changes:\n"
      "      - set: {path: \"network.links[uplnk].capacity\", value: 1Gbps}\n");
  const ProcessResult result = citynet("validate " + scenario.string());
  EXPECT_EQ(result.exit_code, kExitInputError);
  EXPECT_THAT(result.output, HasSubstr(scenario.string() + ":72:21: plans[0].changes[0].set.path: unknown link "
                                       "\"uplnk\"; did you mean \"uplink\"?"));
}

}  // namespace
