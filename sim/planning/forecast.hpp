#pragma once
// A forecast: the years of a growth horizon (scenario/growth.hpp), each run R times, and what
// a planner reads from them: per year, metric and scope the mean over replications with its
// 95% interval (forecast.csv, long format), the first year each link direction and each
// layer is congested in the busy hour (first_congested.csv), and a year-by-year table.
//
// Scopes: `link:ID:FROM>TO` (a link direction), `layer:NAME` (output/link_layer.hpp),
// `class:NAME:down|up` and `class:NAME`. Metrics, each named with its window:
//   busy_hour_utilization, busy_hour_offered_load     link directions; for a layer the largest
//                                                     of its link directions (its busiest link)
//   congested_h                                       link directions, over the run after the warm-up
//   congested_link_directions_busy_hour               layers
//   busy_hour_line_rate_share_p50, _p10               class and direction: elastic throughput
//                                                     of flows arriving in the busy hour over
//                                                     their line rate
//   streaming_blocking                                class: streams blocked over streams
//                                                     offered, after the warm-up
//   subscribers                                       class
// A scope is congested in a year when the mean busy-hour utilization reaches the scenario's
// congestion threshold, or the mean offered load reaches 1 (overload: the backlog grows).
#include <cstddef>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "metrics/replication_statistics.hpp"
#include "output/run_report.hpp"
#include "planning/class_hour_rates.hpp"
#include "topology/network.hpp"

namespace citynet::planning {

inline constexpr std::string_view kBusyHourUtilization = "busy_hour_utilization";
inline constexpr std::string_view kBusyHourOfferedLoad = "busy_hour_offered_load";

// One figure of one run; `layer` is the layer of a link or layer scope, else empty.
struct ForecastSample {
  std::string metric;
  std::string scope;
  std::string layer;
  std::optional<double> value;
};

// The figures of one run, in an order fixed by the network and the classes (so the
// replications of one year line up).
[[nodiscard]] std::vector<ForecastSample> forecast_samples(const output::RunReport& report,
                                                           const topology::Network& network,
                                                           const ClassHourRates& rates);

struct ForecastRow {
  int year = 0;
  std::string metric;
  std::string scope;
  std::string layer;
  metrics::MeanEstimate estimate;  // over the replications that measured it
};

// The replications of one year (each from forecast_samples of the same model) as rows; a
// figure no replication measured has no row.
[[nodiscard]] std::vector<ForecastRow> summarize_year(int year, std::span<const std::vector<ForecastSample>> runs);

void write_forecast_csv(std::ostream& out, std::span<const ForecastRow> rows);

enum class Binding { utilization, offered_load };

struct FirstCongested {
  std::string scope;  // a link direction or a layer
  std::string layer;
  std::optional<int> year;  // empty: not within the horizon
  Binding binding = Binding::utilization;
  std::optional<double> utilization;   // the means of that year (of the last year when none)
  std::optional<double> offered_load;
};

// Link directions and layers in the order of the first year's rows, then scopes that appear
// later (a plan's new links).
[[nodiscard]] std::vector<FirstCongested> first_congested(std::span<const ForecastRow> rows,
                                                          double congestion_threshold);

void write_first_congested_csv(std::ostream& out, std::span<const FirstCongested> scopes);

// The year-by-year table (layers' busiest link in the busy hour, congested link directions,
// the lowest busy-hour p10 share of any class) and "runs out first: ... in year Y".
[[nodiscard]] std::string format_forecast_report(std::span<const ForecastRow> rows,
                                                 std::span<const FirstCongested> scopes, int first_year,
                                                 int last_year);

}  // namespace citynet::planning
