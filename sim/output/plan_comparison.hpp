#pragma once
// Capacity plans compared on the metrics planners judge them by (`citynet compare`): for
// each plan and metric the mean over replications with its 95% confidence interval, the
// difference from the baseline paired by replication (common random numbers) with its 95%
// interval, and the plan's cost per unit of improvement (cost / improvement of the mean,
// empty unless the paired difference is a significant improvement at 95% and the cost is
// known: a cost per gain of noise would mislead). Intervals stay in each metric's range
// (replication_statistics.hpp: cut there and marked clipped).
//
// The metrics are a table: another metric is one line of compared_metrics().
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/replication_statistics.hpp"
#include "output/run_report.hpp"

namespace citynet::output {

enum class Better { lower, higher };

struct ComparedMetric {
  std::string_view name;
  std::string_view unit;
  Better better = Better::lower;
  std::string_view column;  // heading in the terminal table; empty: not shown there
  std::optional<double> (*value)(const RunReport&);
  metrics::MetricRange range;  // the values the metric can take
};

[[nodiscard]] std::span<const ComparedMetric> compared_metrics();

// The value of every compared metric in one run, in compared_metrics() order.
[[nodiscard]] std::vector<std::optional<double>> metric_values(const RunReport& report);

struct PlanResults {
  std::string name;                                        // "baseline" for the scenario itself
  std::optional<double> cost;                              // the baseline's is 0
  std::vector<std::vector<std::optional<double>>> values;  // [replication][metric]
  std::vector<std::uint64_t> seeds;                        // [replication]
};

struct ComparisonRow {
  std::string plan;
  std::size_t metric = 0;  // index into compared_metrics()
  std::size_t replications = 0;
  std::optional<metrics::MeanEstimate> value;       // empty: the metric was not measured in every replication
  std::optional<metrics::MeanEstimate> difference;  // plan − baseline, paired
  std::optional<double> cost;
  std::optional<double> cost_per_unit_improvement;
};

// plans[0] is the baseline; every plan has the same number of replications.
[[nodiscard]] std::vector<ComparisonRow> compare_plans(std::span<const PlanResults> plans);

// compare.csv: one row per plan and metric, long format; blank cells for what is not known
// (the intervals of a single replication). Costs are in `currency` (empty: not named).
void write_compare_csv(std::ostream& out, std::span<const ComparisonRow> rows, std::string_view currency);

// compare_replications.csv: one row per plan, replication and metric (long format) with the
// replication's seed, the values compare.csv's means, intervals and paired differences are
// computed from; a blank value where the run did not measure the metric.
void write_compare_replications_csv(std::ostream& out, std::span<const PlanResults> plans);

// Plans as rows, the key metrics and the cost as columns: mean ± half-width of the 95%
// interval, or mean [low, high] where the interval was cut at the metric's range; the best
// of each column marked with `*`.
[[nodiscard]] std::string format_compare_table(std::span<const ComparisonRow> rows, std::string_view currency);

// Per plan other than the baseline, for each key metric of the table: the cost per unit of
// improvement (per percentage point for a share) where the paired difference is a
// significant improvement, else "not significant", "worse", "cost unknown" or "-" (not
// measured).
[[nodiscard]] std::string format_cost_per_gain(std::span<const ComparisonRow> rows, std::string_view currency);

}  // namespace citynet::output
