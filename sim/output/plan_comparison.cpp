#include "output/plan_comparison.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "output/csv_rows.hpp"
#include "output/csv_schema.hpp"

namespace citynet::output {
namespace {

[[nodiscard]] double congested_link_hours(const RunReport& report) {
  double hours = 0;
  for (const LinkReport& link : report.links) hours += link.summary.hours_congested;
  return hours;
}

constexpr double kPointsPerShare = 100;

using metrics::kNonNegative;
using metrics::kShare;

// Utilizations are shares of capacity but only bounded below: fast mode may overbook a
// resource for up to one interval.
constexpr std::array<ComparedMetric, 12> kMetrics{{
    {"egress_busy_hour_utilization", "share", Better::lower, "egress util",
     [](const RunReport& r) { return r.egress.utilization; }, kNonNegative},
    {"egress_busy_hour_offered_load", "share", Better::lower, "",
     [](const RunReport& r) { return r.egress.offered_load; }, kNonNegative},
    {"congested_link_hours", "h", Better::lower, "congested link-h",
     [](const RunReport& r) { return std::optional<double>(congested_link_hours(r)); }, kNonNegative},
    {"share_of_subscribers_under_half_line_rate", "share", Better::lower, "under half rate",
     [](const RunReport& r) { return r.share_of_subscribers_under_half_line_rate; }, kShare},
    {"streaming_blocking_probability", "share", Better::lower, "stream blocking",
     [](const RunReport& r) { return r.total.blocking_probability; }, kShare},
    {"bytes_not_served", "bytes", Better::lower, "",
     [](const RunReport& r) { return std::optional<double>(r.bytes_not_served.total_bytes()); }, kNonNegative},
    {"median_elastic_throughput", "bps", Better::higher, "",
     [](const RunReport& r) { return r.total.throughput_p50_bps; }, kNonNegative},
    {"subscriber_minutes_disconnected", "min", Better::lower, "",
     [](const RunReport& r) { return std::optional<double>(r.subscriber_minutes_disconnected); }, kNonNegative},
    {"unserved_in_flight_at_end", "bytes", Better::lower, "",
     [](const RunReport& r) { return std::optional<double>(r.bytes_not_served.in_flight_at_end_bytes); }, kNonNegative},
    {"unserved_failed", "bytes", Better::lower, "",
     [](const RunReport& r) { return std::optional<double>(r.bytes_not_served.failed_bytes); }, kNonNegative},
    {"unserved_dropped", "bytes", Better::lower, "",
     [](const RunReport& r) { return std::optional<double>(r.bytes_not_served.dropped_bytes); }, kNonNegative},
    {"unserved_blocked", "bytes", Better::lower, "",
     [](const RunReport& r) { return std::optional<double>(r.bytes_not_served.blocked_bytes); }, kNonNegative},
}};

// The replications' values of one metric, when every replication measured it.
[[nodiscard]] std::optional<std::vector<double>> column(const PlanResults& plan, std::size_t metric) {
  std::vector<double> values;
  for (const std::vector<std::optional<double>>& replication : plan.values) {
    if (!replication.at(metric)) return std::nullopt;
    values.push_back(*replication[metric]);
  }
  if (values.empty()) return std::nullopt;
  return values;
}

[[nodiscard]] std::optional<double> cost_per_improvement(const ComparedMetric& metric,
                                                         const std::optional<metrics::MeanEstimate>& difference,
                                                         std::optional<double> cost) {
  if (!difference || !cost || !metrics::significant(*difference)) return std::nullopt;
  const double improvement = metric.better == Better::lower ? -difference->mean : difference->mean;
  if (!(improvement > 0)) return std::nullopt;
  return *cost / improvement;
}

[[nodiscard]] std::string_view flag(bool value) { return value ? "true" : "false"; }

[[nodiscard]] std::string shown_value(const ComparedMetric& metric, double value) {
  if (metric.unit == "share") return fmt::format("{:.1f}%", value * 100);
  return fmt::format("{:.3g}", value);
}

// A clipped interval is no longer symmetric: it is shown as its bounds.
[[nodiscard]] std::string shown_estimate(const ComparedMetric& metric, const std::optional<metrics::MeanEstimate>& value) {
  if (!value) return "-";
  std::string text = shown_value(metric, value->mean);
  if (!value->ci95_low || !value->ci95_high) return text;
  if (value->ci95_clipped) {
    return text + " [" + shown_value(metric, *value->ci95_low) + ", " + shown_value(metric, *value->ci95_high) + "]";
  }
  return text + " ±" + shown_value(metric, *value->ci95_high - value->mean);
}

[[nodiscard]] std::string shown_cost(std::optional<double> cost, std::string_view currency) {
  if (!cost) return "-";
  std::string text = fmt::format("{:.3g}", *cost);
  if (!currency.empty()) text += fmt::format(" {}", currency);
  return text;
}

// What a plan pays for a unit of the metric, or why there is no such figure.
[[nodiscard]] std::string shown_gain(const ComparedMetric& metric, const ComparisonRow& row, std::string_view currency) {
  if (!row.difference) return "-";
  if (!metrics::significant(*row.difference)) return "not significant";
  if (!row.cost) return "cost unknown";
  if (!row.cost_per_unit_improvement) return "worse";
  if (metric.unit == "share") return shown_cost(*row.cost_per_unit_improvement / kPointsPerShare, currency) + " per point";
  return shown_cost(row.cost_per_unit_improvement, currency) + fmt::format(" per {}", metric.unit);
}

// Characters on the terminal: UTF-8 continuation bytes take no column ("±").
[[nodiscard]] std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

[[nodiscard]] std::string padded(std::string_view text, std::size_t width, bool left) {
  const std::string fill(width - std::min(width, display_width(text)), ' ');
  return left ? std::string(text) + fill : fill + std::string(text);
}

}  // namespace

std::span<const ComparedMetric> compared_metrics() { return kMetrics; }

std::vector<std::optional<double>> metric_values(const RunReport& report) {
  std::vector<std::optional<double>> values;
  for (const ComparedMetric& metric : kMetrics) values.push_back(metric.value(report));
  return values;
}

std::vector<ComparisonRow> compare_plans(std::span<const PlanResults> plans) {
  std::vector<ComparisonRow> rows;
  if (plans.empty()) return rows;
  const PlanResults& baseline = plans.front();
  for (const PlanResults& plan : plans) {
    for (std::size_t m = 0; m < kMetrics.size(); ++m) {
      ComparisonRow row;
      row.plan = plan.name;
      row.metric = m;
      row.cost = plan.cost;
      const std::optional<std::vector<double>> values = column(plan, m);
      const std::optional<std::vector<double>> baseline_values = column(baseline, m);
      row.replications = values ? values->size() : 0;
      if (values) row.value = metrics::estimate_mean(*values, kMetrics[m].range);
      if (values && baseline_values && values->size() == baseline_values->size()) {
        row.difference = metrics::estimate_paired_difference(*values, *baseline_values, kMetrics[m].range);
      }
      row.cost_per_unit_improvement = cost_per_improvement(kMetrics[m], row.difference, row.cost);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

void write_compare_csv(std::ostream& out, std::span<const ComparisonRow> rows, std::string_view currency) {
  constexpr CsvColumns kColumns = csv_columns("compare.csv");
  CsvRows csv(csv_width(kColumns));
  csv.append_raw(csv_header(kColumns));
  for (const ComparisonRow& row : rows) {
    const ComparedMetric& metric = kMetrics.at(row.metric);
    csv.text(row.plan).text(metric.name).text(metric.unit).text(metric.better == Better::lower ? "lower" : "higher");
    csv.number(std::uint64_t{row.replications});
    csv.number(row.value ? std::optional(row.value->mean) : std::nullopt)
        .number(row.value ? row.value->ci95_low : std::nullopt)
        .number(row.value ? row.value->ci95_high : std::nullopt);
    csv.number(row.difference ? std::optional(row.difference->mean) : std::nullopt)
        .number(row.difference ? row.difference->ci95_low : std::nullopt)
        .number(row.difference ? row.difference->ci95_high : std::nullopt);
    csv.number(row.cost).number(row.cost_per_unit_improvement).text(currency);
    csv.text(flag(row.value && row.value->ci95_clipped))
        .text(flag(row.difference && row.difference->ci95_clipped))
        .text(flag(row.difference && metrics::significant(*row.difference)))
        .end_row();
  }
  out.write(csv.view().data(), static_cast<std::streamsize>(csv.view().size()));
}

void write_compare_replications_csv(std::ostream& out, std::span<const PlanResults> plans) {
  constexpr CsvColumns kColumns = csv_columns("compare_replications.csv");
  CsvRows csv(csv_width(kColumns));
  csv.append_raw(csv_header(kColumns));
  for (const PlanResults& plan : plans) {
    for (std::size_t r = 0; r < plan.values.size(); ++r) {
      for (std::size_t m = 0; m < kMetrics.size(); ++m) {
        csv.text(plan.name).number(std::uint64_t{r}).number(std::uint64_t{plan.seeds.at(r)});
        csv.text(kMetrics[m].name).text(kMetrics[m].unit).number(plan.values[r].at(m)).end_row();
      }
    }
  }
  out.write(csv.view().data(), static_cast<std::streamsize>(csv.view().size()));
}

std::string format_compare_table(std::span<const ComparisonRow> rows, std::string_view currency) {
  // Plans in the order of the rows; the cells of the key metrics and the cost.
  std::vector<std::string> plans;
  std::map<std::pair<std::string, std::size_t>, const ComparisonRow*> cell;
  for (const ComparisonRow& row : rows) {
    if (std::find(plans.begin(), plans.end(), row.plan) == plans.end()) plans.push_back(row.plan);
    cell[{row.plan, row.metric}] = &row;
  }
  std::vector<std::size_t> shown;
  for (std::size_t m = 0; m < kMetrics.size(); ++m) {
    if (!kMetrics[m].column.empty()) shown.push_back(m);
  }
  // The best mean of each column, and the cheapest plan other than the baseline.
  std::vector<std::optional<double>> best(shown.size());
  for (std::size_t c = 0; c < shown.size(); ++c) {
    for (const std::string& plan : plans) {
      const ComparisonRow* row = cell[{plan, shown[c]}];
      if (row == nullptr || !row->value) continue;
      const double mean = row->value->mean;
      const bool better = kMetrics[shown[c]].better == Better::lower ? mean < best[c].value_or(mean + 1)
                                                                     : mean > best[c].value_or(mean - 1);
      if (!best[c] || better) best[c] = mean;
    }
  }
  std::optional<double> cheapest;
  for (std::size_t p = 1; p < plans.size(); ++p) {
    const ComparisonRow* row = cell[{plans[p], 0}];
    if (row != nullptr && row->cost && (!cheapest || *row->cost < *cheapest)) cheapest = row->cost;
  }

  std::vector<std::vector<std::string>> table;
  std::vector<std::string> heading{"plan"};
  for (const std::size_t m : shown) heading.emplace_back(kMetrics[m].column);
  heading.emplace_back("cost");
  table.push_back(heading);
  for (std::size_t p = 0; p < plans.size(); ++p) {
    std::vector<std::string> line{plans[p]};
    for (std::size_t c = 0; c < shown.size(); ++c) {
      const ComparisonRow* row = cell[{plans[p], shown[c]}];
      const std::optional<metrics::MeanEstimate> value = row != nullptr ? row->value : std::nullopt;
      const bool is_best = value && best[c] && value->mean == *best[c];
      line.push_back(shown_estimate(kMetrics[shown[c]], value) + (is_best ? " *" : "  "));
    }
    const ComparisonRow* first = cell[{plans[p], 0}];
    const std::optional<double> cost = first != nullptr ? first->cost : std::nullopt;
    const bool cheapest_plan = p > 0 && cost && cheapest && *cost == *cheapest;
    line.push_back(shown_cost(cost, currency) + (cheapest_plan ? " *" : "  "));
    table.push_back(line);
  }

  std::vector<std::size_t> width(heading.size(), 0);
  for (const auto& line : table) {
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], display_width(line[c]));
  }
  std::string text;
  for (const auto& line : table) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      text += c == 0 ? padded(line[c], width[c], true) : "  " + padded(line[c], width[c], false);
    }
    text += '\n';
  }
  return text;
}

std::string format_cost_per_gain(std::span<const ComparisonRow> rows, std::string_view currency) {
  std::string text;
  std::string plan;
  for (const ComparisonRow& row : rows) {
    if (row.plan == "baseline") continue;
    const ComparedMetric& metric = kMetrics.at(row.metric);
    if (metric.column.empty()) continue;
    if (row.plan != plan) {
      if (!plan.empty()) text += '\n';
      text += fmt::format("  {}:", row.plan);
      plan = row.plan;
    } else {
      text += ";";
    }
    text += fmt::format(" {} {}", metric.column, shown_gain(metric, row, currency));
  }
  if (!text.empty()) text += '\n';
  return text;
}

}  // namespace citynet::output
