#include "planning/forecast.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "output/csv_rows.hpp"
#include "output/csv_schema.hpp"
#include "output/link_layer.hpp"

namespace citynet::planning {
namespace {

constexpr double kMedian = 0.5;
constexpr double kPercentile10 = 0.1;
constexpr double kPercent = 100;
constexpr std::string_view kCongestedLinks = "congested_link_directions_busy_hour";
constexpr std::string_view kShareP10 = "busy_hour_line_rate_share_p10";

[[nodiscard]] std::string link_scope(const topology::Network& network, const output::LinkDirection& direction) {
  return fmt::format("link:{}:{}>{}", network.links.at(topology::index(direction.link)).id,
                     network.nodes.at(topology::index(direction.from)).id,
                     network.nodes.at(topology::index(direction.to)).id);
}

[[nodiscard]] std::optional<double> larger(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

// Every forecast metric is a share (of a line rate, of streams) or a load, a time or a count
// that cannot be negative; intervals are cut at that range (metrics/replication_statistics.hpp).
[[nodiscard]] metrics::MetricRange range_of(std::string_view metric) {
  const bool share = metric.starts_with("busy_hour_line_rate_share") || metric == "streaming_blocking";
  return share ? metrics::kShare : metrics::kNonNegative;
}

[[nodiscard]] std::string_view flag(bool value) { return value ? "true" : "false"; }

[[nodiscard]] bool congested(std::optional<double> utilization, std::optional<double> offered_load,
                             double threshold) {
  return (utilization && *utilization >= threshold) || (offered_load && *offered_load >= 1);
}

}  // namespace

std::vector<ForecastSample> forecast_samples(const output::RunReport& report, const topology::Network& network,
                                             const ClassHourRates& rates) {
  std::vector<ForecastSample> samples;
  std::array<std::optional<double>, output::kLayerCount> layer_utilization{};
  std::array<std::optional<double>, output::kLayerCount> layer_offered{};
  std::array<bool, output::kLayerCount> layer_present{};
  for (const output::LinkReport& link : report.links) {
    const std::string scope = link_scope(network, link.direction);
    const std::string layer(output::to_string(link.layer));
    samples.push_back({std::string(kBusyHourUtilization), scope, layer, link.summary.busy_hour_utilization});
    samples.push_back({std::string(kBusyHourOfferedLoad), scope, layer, link.summary.busy_hour_offered_load});
    samples.push_back({"congested_h", scope, layer, link.summary.hours_congested});
    const auto l = static_cast<std::size_t>(link.layer);
    layer_present[l] = true;
    layer_utilization[l] = larger(layer_utilization[l], link.summary.busy_hour_utilization);
    layer_offered[l] = larger(layer_offered[l], link.summary.busy_hour_offered_load);
  }
  for (std::size_t l = 0; l < output::kLayerCount; ++l) {
    if (!layer_present[l]) continue;
    const std::string layer(output::kLayerNames[l]);
    const std::string scope = "layer:" + layer;
    samples.push_back({std::string(kBusyHourUtilization), scope, layer, layer_utilization[l]});
    samples.push_back({std::string(kBusyHourOfferedLoad), scope, layer, layer_offered[l]});
    samples.push_back({std::string(kCongestedLinks), scope, layer,
                       report.busy_hour ? std::optional<double>(report.congested_links_by_layer[l]) : std::nullopt});
  }
  for (std::uint32_t c = 0; c < report.classes.size(); ++c) {
    const metrics::FlowSummary& summary = report.classes[c];
    for (const bool up : {false, true}) {
      const std::string scope = fmt::format("class:{}:{}", summary.name, up ? "up" : "down");
      const auto share = [&](double q) {
        return report.busy_hour ? rates.percentile(*report.busy_hour, c, up, q) : std::nullopt;
      };
      samples.push_back({"busy_hour_line_rate_share_p50", scope, "", share(kMedian)});
      samples.push_back({std::string(kShareP10), scope, "", share(kPercentile10)});
    }
    const std::string scope = "class:" + summary.name;
    samples.push_back({"streaming_blocking", scope, "", summary.blocking_probability});
    samples.push_back({"subscribers", scope, "", static_cast<double>(summary.subscribers)});
  }
  return samples;
}

std::vector<ForecastRow> summarize_year(int year, std::span<const std::vector<ForecastSample>> runs) {
  std::vector<ForecastRow> rows;
  if (runs.empty()) return rows;
  for (std::size_t i = 0; i < runs.front().size(); ++i) {
    const ForecastSample& first = runs.front()[i];
    std::vector<double> values;
    for (const std::vector<ForecastSample>& run : runs) {
      if (run.at(i).value) values.push_back(*run[i].value);
    }
    if (values.empty()) continue;
    rows.push_back(ForecastRow{year, first.metric, first.scope, first.layer, metrics::estimate_mean(values, range_of(first.metric))});
  }
  return rows;
}

void write_forecast_csv(std::ostream& out, std::span<const ForecastRow> rows) {
  constexpr output::CsvColumns kColumns = output::csv_columns("forecast.csv");
  output::CsvRows csv(output::csv_width(kColumns));
  csv.append_raw(output::csv_header(kColumns));
  for (const ForecastRow& row : rows) {
    csv.number(static_cast<std::uint64_t>(row.year)).text(row.metric).text(row.scope);
    csv.number(row.estimate.mean).number(row.estimate.ci95_low).number(row.estimate.ci95_high);
    csv.text(flag(row.estimate.ci95_clipped)).number(std::uint64_t{row.estimate.replications}).end_row();
  }
  out.write(csv.view().data(), static_cast<std::streamsize>(csv.view().size()));
}

std::vector<FirstCongested> first_congested(std::span<const ForecastRow> rows, double congestion_threshold) {
  struct YearLoad {
    std::optional<double> utilization;
    std::optional<double> offered_load;
  };
  struct ScopeLoads {
    std::string layer;
    std::map<int, YearLoad> by_year;
  };
  std::vector<std::string> order;
  std::unordered_map<std::string, ScopeLoads> loads;
  for (const ForecastRow& row : rows) {
    if (row.metric != kBusyHourUtilization && row.metric != kBusyHourOfferedLoad) continue;
    const auto [it, inserted] = loads.try_emplace(row.scope, ScopeLoads{row.layer, {}});
    if (inserted) order.push_back(row.scope);
    YearLoad& load = it->second.by_year[row.year];
    (row.metric == kBusyHourUtilization ? load.utilization : load.offered_load) = row.estimate.mean;
  }
  std::vector<FirstCongested> scopes;
  for (const std::string& name : order) {
    const ScopeLoads& scope_loads = loads.at(name);
    FirstCongested scope{name, scope_loads.layer, std::nullopt, Binding::utilization, {}, {}};
    for (const auto& [year, load] : scope_loads.by_year) {
      scope.utilization = load.utilization;
      scope.offered_load = load.offered_load;
      if (!congested(load.utilization, load.offered_load, congestion_threshold)) continue;
      scope.year = year;
      scope.binding = load.offered_load && *load.offered_load >= 1 ? Binding::offered_load : Binding::utilization;
      break;
    }
    scopes.push_back(std::move(scope));
  }
  return scopes;
}

void write_first_congested_csv(std::ostream& out, std::span<const FirstCongested> scopes) {
  constexpr output::CsvColumns kColumns = output::csv_columns("first_congested.csv");
  output::CsvRows csv(output::csv_width(kColumns));
  csv.append_raw(output::csv_header(kColumns));
  for (const FirstCongested& scope : scopes) {
    csv.text(scope.scope).text(scope.layer);
    if (scope.year) {
      csv.number(static_cast<std::uint64_t>(*scope.year));
      csv.text(scope.binding == Binding::offered_load ? kBusyHourOfferedLoad : kBusyHourUtilization);
    } else {
      csv.text("none").text("");
    }
    csv.number(scope.utilization).number(scope.offered_load).end_row();
  }
  out.write(csv.view().data(), static_cast<std::streamsize>(csv.view().size()));
}

namespace {

[[nodiscard]] const ForecastRow* find_row(std::span<const ForecastRow> rows, int year, std::string_view metric,
                                          std::string_view scope) {
  for (const ForecastRow& row : rows) {
    if (row.year == year && row.metric == metric && row.scope == scope) return &row;
  }
  return nullptr;
}

[[nodiscard]] std::optional<double> mean_of(const ForecastRow* row) {
  return row ? std::optional<double>(row->estimate.mean) : std::nullopt;
}

// "62%", or "OVERLOAD 1.46" when the offered load reaches 1 (carried utilization then says
// little: the backlog grows).
[[nodiscard]] std::string load_cell(std::optional<double> utilization, std::optional<double> offered_load) {
  if (offered_load && *offered_load >= 1) return fmt::format("OVERLOAD {:.2f}", *offered_load);
  if (!utilization) return "-";
  return fmt::format("{:.0f}%", *utilization * kPercent);
}

[[nodiscard]] std::string describe_first(const FirstCongested& scope) {
  if (scope.binding == Binding::offered_load) {
    return fmt::format("overload, offered load {:.2f} in the busy hour", scope.offered_load.value_or(0));
  }
  return fmt::format("utilization {:.0f}% in the busy hour (offered load {:.2f})",
                     scope.utilization.value_or(0) * kPercent, scope.offered_load.value_or(0));
}

// The scope that runs out first: the earliest year, then a link direction over a layer (it
// names what to upgrade), then the larger offered load.
[[nodiscard]] const FirstCongested* runs_out_first(std::span<const FirstCongested> scopes) {
  const FirstCongested* first = nullptr;
  for (const FirstCongested& scope : scopes) {
    if (!scope.year) continue;
    if (!first) {
      first = &scope;
      continue;
    }
    const bool link = scope.scope.starts_with("link:");
    const bool first_link = first->scope.starts_with("link:");
    const auto key = [](const FirstCongested& s, bool is_link) {
      return std::make_tuple(-*s.year, is_link, s.offered_load.value_or(0));
    };
    if (key(scope, link) > key(*first, first_link)) first = &scope;
  }
  return first;
}

}  // namespace

std::string format_forecast_report(std::span<const ForecastRow> rows, std::span<const FirstCongested> scopes,
                                   int first_year, int last_year) {
  std::string out;
  auto line = std::back_inserter(out);
  std::vector<std::string_view> layers;
  for (const std::string_view layer : output::kLayerNames) {
    if (find_row(rows, first_year, kBusyHourUtilization, fmt::format("layer:{}", layer))) layers.push_back(layer);
  }
  fmt::format_to(line, "Busy hour, busiest link direction of each layer (mean over replications):\n  {:<6}", "year");
  for (const std::string_view layer : layers) fmt::format_to(line, " {:>13}", layer);
  fmt::format_to(line, " {:>10} {:>12}\n", "congested", "lowest p10");
  for (int year = first_year; year <= last_year; ++year) {
    fmt::format_to(line, "  {:<6}", year);
    double congested_links = 0;
    for (const std::string_view layer : layers) {
      const std::string scope = fmt::format("layer:{}", layer);
      fmt::format_to(line, " {:>13}",
                     load_cell(mean_of(find_row(rows, year, kBusyHourUtilization, scope)),
                               mean_of(find_row(rows, year, kBusyHourOfferedLoad, scope))));
      congested_links += mean_of(find_row(rows, year, kCongestedLinks, scope)).value_or(0);
    }
    std::optional<double> lowest_p10;
    for (const ForecastRow& row : rows) {
      if (row.year != year || row.metric != kShareP10) continue;
      lowest_p10 = lowest_p10 ? std::min(*lowest_p10, row.estimate.mean) : row.estimate.mean;
    }
    fmt::format_to(line, " {:>10.3g} {:>12}\n", congested_links,
                   lowest_p10 ? fmt::format("{:.0f}%", *lowest_p10 * kPercent) : std::string("-"));
  }
  fmt::format_to(line,
                 "congested: link directions at or above the congestion threshold or overloaded in the busy hour; "
                 "lowest p10: the lowest 10th percentile of busy-hour throughput over line rate of any class and "
                 "direction\n");
  if (const FirstCongested* first = runs_out_first(scopes)) {
    fmt::format_to(line, "Runs out first: {} ({}) in {}: {}\n", first->scope, first->layer, *first->year,
                   describe_first(*first));
  } else {
    fmt::format_to(line, "Nothing runs out by {}: no link direction reaches the congestion threshold or overload "
                         "in the busy hour\n",
                   last_year);
  }
  return out;
}

}  // namespace citynet::planning
