#include "cli/city_run.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cli/progress_line.hpp"
#include "core/units.hpp"
#include "metrics/failure_metrics.hpp"
#include "topology/failure_events.hpp"

namespace citynet::cli {
namespace {

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
  RunMonitor(metrics::RunMetrics& metrics, metrics::FailureMetrics& failures, double duration_s,
             const CityRunOptions& options)
      : metrics_(metrics),
        failures_(failures),
        duration_s_(duration_s),
        options_(options),
        also_(options.also_observe),
        progress_(options.show_progress) {}

  void on_arrival(const engine::Arrival& arrival) override {
    check_stop();
    metrics_.on_arrival(arrival);
    if (also_) also_->on_arrival(arrival);
    if (++arrivals_ % kArrivalsPerClockCheck == 0) report_progress(arrival.start_s);
  }
  void on_elastic_completed(const engine::ElasticCompletion& completion) override {
    metrics_.on_elastic_completed(completion);
    if (also_) also_->on_elastic_completed(completion);
  }
  void on_stream_admitted(const engine::StreamRecord& stream) override {
    metrics_.on_stream_admitted(stream);
    if (also_) also_->on_stream_admitted(stream);
  }
  void on_stream_blocked(const engine::StreamBlocked& blocked) override {
    metrics_.on_stream_blocked(blocked);
    if (also_) also_->on_stream_blocked(blocked);
  }
  void on_stream_ended(const engine::StreamEnded& ended) override {
    metrics_.on_stream_ended(ended);
    if (also_) also_->on_stream_ended(ended);
    failures_.on_stream_ended(ended);
  }
  void on_elastic_failed(const engine::ElasticFailed& failed) override { failures_.on_elastic_failed(failed); }
  void on_elastic_unfinished(const engine::ElasticUnfinished& unfinished) override {
    metrics_.on_elastic_unfinished(unfinished);
  }
  void on_reroute_point(const engine::ReroutePointDone& done) override { failures_.on_reroute_point(done); }
  void on_sample(const engine::SampleTick& tick) override {
    check_stop();
    metrics_.on_sample(tick);
    if (also_) also_->on_sample(tick);
    report_progress(tick.end_s);
  }

  void finish() const { progress_.finish(); }

 private:
  void check_stop() const {
    if (options_.stop_requested && options_.stop_requested()) throw RunStopped{};
  }

  void report_progress(double simulated_s) {
    const std::optional<double> wall_s = progress_.due();
    if (!wall_s) return;
    const double eta_s = simulated_s > 0 ? *wall_s * (duration_s_ - simulated_s) / simulated_s : 0.0;
    progress_.print(fmt::format("simulated {:5.2f} h of {:.4g} h, {} flows, {:.0f} flows/s, ETA {:.0f} s",
                                simulated_s / kSecondsPerHour, duration_s_ / kSecondsPerHour, arrivals_,
                                static_cast<double>(arrivals_) / *wall_s, eta_s));
  }

  metrics::RunMetrics& metrics_;
  metrics::FailureMetrics& failures_;
  double duration_s_;
  const CityRunOptions& options_;
  engine::Observer* also_;
  ProgressLine progress_;
  std::uint64_t arrivals_ = 0;
};

// Subscribers of the sites that cannot reach the internet node in a routing state.
[[nodiscard]] std::uint64_t disconnected_subscribers(const CityModel& model, CityRoutes& routes, std::size_t routing) {
  if (routing == 0 || !model.internet) return 0;
  std::uint64_t subscribers = 0;
  for (const demand::Site& site : model.sites) {
    if (routes.reaches(routing, *model.internet, topology::NodeId{site.index})) continue;
    for (const std::int64_t count : site.subscribers_by_class) subscribers += static_cast<std::uint64_t>(count);
  }
  return subscribers;
}

[[nodiscard]] std::vector<std::string> link_ids(const topology::Network& network,
                                                const std::vector<topology::LinkId>& links) {
  std::vector<std::string> ids;
  for (const topology::LinkId link : links) ids.push_back(network.links.at(topology::index(link)).id);
  return ids;
}

// The failure figures of a run: totals, and per event what happened at its start (or, where
// no event starts at that instant, at its repair) and while it was in force.
void add_failure_report(output::RunReport& report, const CityModel& model, const CityRun& run, CityRoutes& routes,
                        const metrics::FailureMetrics& failures, const FailedSessions& failed_sessions) {
  const FailureTimeline& timeline = run.timeline;
  std::vector<std::uint64_t> disconnected(timeline.states.size());
  for (std::size_t s = 0; s < timeline.states.size(); ++s) {
    const NetworkState& state = timeline.states[s];
    disconnected[s] = disconnected_subscribers(model, routes, state.routing);
    report.subscriber_minutes_disconnected +=
        static_cast<double>(disconnected[s]) * (state.end_s - state.start_s) / kSecondsPerMinute;
  }
  std::vector<std::uint64_t> failed_by_state = failed_sessions.by_state;
  failed_by_state.resize(timeline.states.size(), 0);
  const double failed_session_bits = failed_sessions.bits_after_warmup;
  report.sessions_failed = std::accumulate(failed_by_state.begin(), failed_by_state.end(), std::uint64_t{0});
  report.bytes_not_served.failed_bytes = (failures.failed_unserved_bits() + failed_session_bits) / kBitsPerByte;
  report.bytes_not_served.dropped_bytes = failures.dropped_unserved_bits() / kBitsPerByte;

  const double duration_s = model.scenario.simulation.duration_s;
  auto starts_at = [&](double t) {
    return std::any_of(run.failure_events.begin(), run.failure_events.end(),
                       [&](const topology::FailureEvent& e) { return e.start_s == t; });
  };
  for (std::uint32_t e = 0; e < run.failure_events.size(); ++e) {
    const topology::FailureEvent& event = run.failure_events[e];
    output::FailureEventReport row;
    row.name = event.name;
    row.start_s = event.start_s;
    row.end_s = event.end_s;
    row.links_down = link_ids(model.network, event.links_down);
    for (const topology::NodeId node : event.nodes_down) row.nodes_down.push_back(model.network.nodes.at(topology::index(node)).id);
    for (const auto& [link, fraction] : event.links_faded) {
      row.links_faded.push_back(model.network.links.at(topology::index(link)).id);
    }
    if (event.start_s < duration_s) row.subscribers_disconnected = disconnected[timeline.state_at(event.start_s)];
    for (const auto& [at_s, counts] : failures.by_instant()) {
      const bool ours = at_s == event.start_s || (at_s == event.end_s && !starts_at(at_s));
      if (!ours) continue;
      row.flows_rerouted += counts.flows_rerouted;
      row.streams_dropped += counts.streams_dropped;
      row.elastic_flows_failed += counts.elastic_failed;
    }
    for (std::size_t s = 0; s < timeline.states.size(); ++s) {
      const std::vector<std::uint32_t>& in_force = timeline.states[s].events;
      if (std::find(in_force.begin(), in_force.end(), e) != in_force.end()) row.sessions_failed += failed_by_state[s];
    }
    report.failure_events.push_back(std::move(row));
  }
}

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
  const scenario::Simulation& simulation = model.scenario.simulation;
  run.failure_events = options.failure_events
                           ? *options.failure_events
                           : topology::resolve_failures(model.network, model.scenario.failures, simulation.seed,
                                                        simulation.duration_s);
  run.timeline = make_failure_timeline(model.network, run.router->resources(), run.failure_events,
                                       simulation.duration_s);
  for (const engine::CapacityChange& change : run.timeline.capacity_changes) simulator.add_capacity_change(change);
  for (const double at_s : run.timeline.reroute_points_s) simulator.add_reroute_point(at_s);
  CityRoutes routes(run.timeline, model.network, *run.router, simulator);
  CityRerouter rerouter(run.timeline, routes);
  CityArrivals arrivals(model, routes, run.timeline);
  metrics::FailureMetrics failures(simulation.warmup_s);
  RunMonitor monitor(*run.metrics, failures, simulation.duration_s, options);
  try {
    run.stats = simulator.run(arrivals, monitor, simulation.duration_s, &rerouter);
  } catch (const RunStopped&) {
    monitor.finish();
    throw;
  }
  monitor.finish();
  run.report = output::make_run_report(run.context(model), *run.metrics, run.stats);
  add_failure_report(run.report, model, run, routes, failures, arrivals.failed_sessions());
  run.wall_s = seconds_since(start);
  return run;
}

}  // namespace citynet::cli
