#include "cli/city_run.hpp"

#include <chrono>
#include <cstdint>

#include <fmt/core.h>
#include <unistd.h>

#include "core/units.hpp"

namespace citynet::cli {
namespace {

inline constexpr double kProgressAfter_s = 1.0;  // runs shorter than this print no progress
inline constexpr double kProgressEvery_s = 2.0;
inline constexpr std::uint64_t kArrivalsPerClockCheck = 1U << 16U;

using Clock = std::chrono::steady_clock;

[[nodiscard]] double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Forwards every observation to the metrics; stops the run when asked and, for runs over a
// second, says on stderr how far the simulated clock is, how fast flows go and when it
// will end.
class RunMonitor final : public engine::Observer {
 public:
  RunMonitor(metrics::RunMetrics& metrics, double duration_s, const CityRunOptions& options)
      : metrics_(metrics),
        duration_s_(duration_s),
        options_(options),
        rewrite_line_(::isatty(STDERR_FILENO) != 0),
        start_(Clock::now()) {}

  void on_arrival(const engine::Arrival& arrival) override {
    check_stop();
    metrics_.on_arrival(arrival);
    if (++arrivals_ % kArrivalsPerClockCheck == 0) report_progress(arrival.start_s);
  }
  void on_elastic_completed(const engine::ElasticCompletion& completion) override {
    metrics_.on_elastic_completed(completion);
  }
  void on_stream_admitted(const engine::StreamRecord& stream) override { metrics_.on_stream_admitted(stream); }
  void on_stream_blocked(const engine::StreamBlocked& blocked) override { metrics_.on_stream_blocked(blocked); }
  void on_stream_ended(const engine::StreamEnded& ended) override { metrics_.on_stream_ended(ended); }
  void on_sample(const engine::SampleTick& tick) override {
    check_stop();
    metrics_.on_sample(tick);
    report_progress(tick.end_s);
  }

  void finish() const {
    if (printed_ && rewrite_line_) fmt::print(stderr, "\n");
  }

 private:
  void check_stop() const {
    if (options_.stop_requested && options_.stop_requested()) throw RunStopped{};
  }

  void report_progress(double simulated_s) {
    if (!options_.show_progress) return;
    const double wall_s = seconds_since(start_);
    if (wall_s < kProgressAfter_s || wall_s < last_print_s_ + kProgressEvery_s) return;
    last_print_s_ = wall_s;
    printed_ = true;
    const double eta_s = simulated_s > 0 ? wall_s * (duration_s_ - simulated_s) / simulated_s : 0.0;
    // On a terminal the line is rewritten in place; in a log, each report is a line.
    fmt::print(stderr, "{}simulated {:5.2f} h of {:.4g} h, {} flows, {:.0f} flows/s, ETA {:.0f} s{}",
               rewrite_line_ ? "\r" : "", simulated_s / kSecondsPerHour, duration_s_ / kSecondsPerHour, arrivals_,
               static_cast<double>(arrivals_) / wall_s, eta_s, rewrite_line_ ? "   " : "\n");
  }

  metrics::RunMetrics& metrics_;
  double duration_s_;
  const CityRunOptions& options_;
  bool rewrite_line_;
  Clock::time_point start_;
  std::uint64_t arrivals_ = 0;
  double last_print_s_ = 0;
  bool printed_ = false;
};

}  // namespace

output::RunContext CityRun::context(const CityModel& model) const {
  return output::RunContext{model.scenario, model.network, link_directions(router->resources()),
                            core_switching_resources(model.network, router->resources())};
}

CityRun simulate_city(const CityModel& model, const CityRunOptions& options) {
  const auto start = Clock::now();
  CityRun run;
  run.router = std::make_unique<routing::Router>(model.network, std::vector<topology::LinkId>{},
                                                 routing::RoutePreference::fiber_first);
  run.simulator = std::make_unique<engine::Simulator>(run.router->resources().capacities_bps(),
                                                      engine_config(model.scenario.simulation));
  engine::Simulator& simulator = *run.simulator;
  run.metrics = std::make_unique<metrics::RunMetrics>(metrics_config(model, run.router->resources()),
                                                      [&simulator](engine::PathId path) { return simulator.path(path); });
  CityArrivals arrivals(model, *run.router, simulator);
  RunMonitor monitor(*run.metrics, model.scenario.simulation.duration_s, options);
  try {
    run.stats = simulator.run(arrivals, monitor, model.scenario.simulation.duration_s);
  } catch (const RunStopped&) {
    monitor.finish();
    throw;
  }
  monitor.finish();
  run.report = output::make_run_report(run.context(model), *run.metrics, run.stats);
  run.wall_s = seconds_since(start);
  return run;
}

}  // namespace citynet::cli
