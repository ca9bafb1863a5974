// Plans compared over replications: a cost per unit of improvement only where the paired
// difference is significant, intervals inside each metric's range, and the replications'
// own values written beside the summary.
#include "output/plan_comparison.hpp"

#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace citynet::output {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

[[nodiscard]] std::size_t metric_index(std::string_view name) {
  const std::span<const ComparedMetric> metrics = compared_metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    if (metrics[m].name == name) return m;
  }
  ADD_FAILURE() << "no metric " << name;
  return 0;
}

const std::size_t kUtilization = metric_index("egress_busy_hour_utilization");
const std::size_t kBlocking = metric_index("streaming_blocking_probability");

// A plan whose replications give `values_by_replication[r]` for the egress utilization and
// the streaming blocking, 0 for every other metric.
[[nodiscard]] PlanResults plan(std::string name, std::optional<double> cost,
                               const std::vector<std::pair<double, double>>& values_by_replication) {
  PlanResults results{std::move(name), cost, {}, {}};
  for (std::size_t r = 0; r < values_by_replication.size(); ++r) {
    std::vector<std::optional<double>> values(compared_metrics().size(), 0.0);
    values[kUtilization] = values_by_replication[r].first;
    values[kBlocking] = values_by_replication[r].second;
    results.values.push_back(values);
    results.seeds.push_back(1000 + r);
  }
  return results;
}

[[nodiscard]] const ComparisonRow& row_of(const std::vector<ComparisonRow>& rows, std::string_view plan,
                                          std::size_t metric) {
  for (const ComparisonRow& row : rows) {
    if (row.plan == plan && row.metric == metric) return row;
  }
  throw std::logic_error("no such row");
}

const std::vector<std::pair<double, double>> kBaseline{{0.30, 0.10}, {0.34, 0.02}, {0.28, 0.07}};

TEST(PlanComparison, APlanIdenticalToTheBaselineDiffersByZeroAndHasNoCostPerGain) {
  const std::vector<PlanResults> plans{plan("baseline", 0.0, kBaseline), plan("same", 5e6, kBaseline)};
  const std::vector<ComparisonRow> rows = compare_plans(plans);
  for (std::size_t m = 0; m < compared_metrics().size(); ++m) {
    const ComparisonRow& row = row_of(rows, "same", m);
    ASSERT_TRUE(row.difference);
    EXPECT_EQ(row.difference->mean, 0.0);
    EXPECT_FALSE(metrics::significant(*row.difference));
    EXPECT_FALSE(row.cost_per_unit_improvement) << compared_metrics()[m].name;
  }
  EXPECT_THAT(format_cost_per_gain(rows, "CNY"), HasSubstr("egress util not significant"));
}

TEST(PlanComparison, CostPerGainOnlyWhereTheImprovementIsSignificant) {
  // Utilization lower by 0.10 in every replication: significant, 5e6 / 0.10 per unit
  // (5e5 per point on the terminal). Blocking lower on average by 0.01 but up in one
  // replication and down in the others: noise, no figure.
  const std::vector<PlanResults> plans{
      plan("baseline", 0.0, kBaseline), plan("bigger", 5e6, {{0.20, 0.12}, {0.24, 0.00}, {0.18, 0.04}})};
  const std::vector<ComparisonRow> rows = compare_plans(plans);
  const ComparisonRow& utilization = row_of(rows, "bigger", kUtilization);
  ASSERT_TRUE(utilization.cost_per_unit_improvement);
  EXPECT_NEAR(*utilization.cost_per_unit_improvement, 5e7, 5e7 * 1e-9);  // 0.1 as a difference of decimals
  const ComparisonRow& blocking = row_of(rows, "bigger", kBlocking);
  ASSERT_TRUE(blocking.difference);
  EXPECT_LT(blocking.difference->mean, 0.0);
  EXPECT_FALSE(metrics::significant(*blocking.difference));
  EXPECT_FALSE(blocking.cost_per_unit_improvement);
  const std::string text = format_cost_per_gain(rows, "CNY");
  EXPECT_THAT(text, HasSubstr("egress util 5e+05 CNY per point"));
  EXPECT_THAT(text, HasSubstr("stream blocking not significant"));
}

TEST(PlanComparison, AShareIntervalOfTwoReplicationsStaysInZeroToOneAndIsShownByItsBounds) {
  // Blocking of 0.43 and 1.0: the t interval is 0.715 ± 3.6; the share's is [0, 1].
  const std::vector<PlanResults> plans{plan("baseline", 0.0, {{0.3, 0.43}, {0.3, 1.0}})};
  const std::vector<ComparisonRow> rows = compare_plans(plans);
  const ComparisonRow& blocking = row_of(rows, "baseline", kBlocking);
  ASSERT_TRUE(blocking.value && blocking.value->ci95_low && blocking.value->ci95_high);
  EXPECT_EQ(*blocking.value->ci95_low, 0.0);
  EXPECT_EQ(*blocking.value->ci95_high, 1.0);
  EXPECT_TRUE(blocking.value->ci95_clipped);
  const std::string table = format_compare_table(rows, "CNY");
  EXPECT_THAT(table, HasSubstr("71.5% [0.0%, 100.0%]"));
  EXPECT_THAT(table, Not(HasSubstr("±362")));
}

TEST(PlanComparison, ReplicationRowsHoldEachRunsValueAndSeedAndGiveTheMean) {
  const std::vector<PlanResults> plans{plan("baseline", 0.0, kBaseline)};
  std::ostringstream out;
  write_compare_replications_csv(out, plans);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "plan,replication,seed,metric,unit,value");
  double sum = 0;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    if (line.rfind("baseline,", 0) != 0 || line.find(",egress_busy_hour_utilization,") == std::string::npos) continue;
    const std::size_t replication = std::stoul(line.substr(line.find(',') + 1));
    const std::string seed_and_metric = fmt::format(",{},egress_busy_hour_utilization,share,", 1000 + replication);
    EXPECT_THAT(line, HasSubstr(seed_and_metric));
    sum += std::stod(line.substr(line.rfind(',') + 1));
  }
  EXPECT_EQ(rows, kBaseline.size() * compared_metrics().size());
  const std::vector<ComparisonRow> compared = compare_plans(plans);
  const ComparisonRow& utilization = row_of(compared, "baseline", kUtilization);
  EXPECT_NEAR(sum / 3, utilization.value->mean, 1e-12);
}

}  // namespace
}  // namespace citynet::output
