#pragma once
// One simulated run of a city model: routes, engine, metrics, report. `citynet run` writes
// its results folder from it; `compare` and `sweep` keep only its report. Runs share no
// state, so several may go at once on different threads.
#include <functional>
#include <memory>
#include <optional>

#include "cli/city_model.hpp"
#include "cli/failure_timeline.hpp"
#include "engine/simulator.hpp"
#include "metrics/run_metrics.hpp"
#include "output/run_report.hpp"
#include "routing/shortest_paths.hpp"

namespace citynet::cli {

struct CityRunOptions {
  bool show_progress = false;          // on stderr, for runs over a second
  // Polled at every arrival and sample; when it returns true the run stops by throwing
  // RunStopped. Empty: never.
  std::function<bool()> stop_requested;
  // These failures instead of the scenario's (tests build them by hand).
  std::optional<std::vector<topology::FailureEvent>> failure_events;
  // Also told everything the metrics are told (a forecast's per-hour class figures); may be null.
  engine::Observer* also_observe = nullptr;
};

struct RunStopped {};

// What a run leaves: the metrics and the report joined to the network. The router and the
// engine stay alive because the metrics look paths up in them.
struct CityRun {
  std::unique_ptr<routing::Router> router;
  std::unique_ptr<engine::Simulator> simulator;
  std::unique_ptr<metrics::RunMetrics> metrics;
  std::vector<topology::FailureEvent> failure_events;
  FailureTimeline timeline;
  engine::RunStats stats;
  output::RunReport report;
  double wall_s = 0;

  [[nodiscard]] output::RunContext context(const CityModel& model) const;
};

// Simulates the model's scenario for its duration, with its seed, and its failures: see
// failure_timeline.hpp.
[[nodiscard]] CityRun simulate_city(const CityModel& model, const CityRunOptions& options = {});

}  // namespace citynet::cli
