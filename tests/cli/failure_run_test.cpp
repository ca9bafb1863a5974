// Failures in a city run: a cut on a bridge disconnects exactly the subscribers behind it;
// a microwave backup keeps them connected at the microwave's capacity; repair brings the
// capacity and the routes back; no flow is lost whatever fails; the same seed gives the
// same files.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>
#include <string>

#include "cli/city_run.hpp"
#include "core/rng.hpp"
#include "output/results_csv.hpp"
#include "scenario/load.hpp"

namespace citynet::cli {
namespace {

constexpr double kCutStart_s = 1200;
constexpr double kCutEnd_s = 2400;
constexpr double kDuration_s = 3600;
constexpr double kRadio_bps = 20e6;

// Two access sites; access-riverside hangs on core-riverside alone unless the microwave
// link joins it to access-centre.
std::string town(bool with_radio) {
  std::string yaml = R"(
name: cut-town
city:
  name: Cut Town
  districts:
    - {name: Centre, ring: central, x_km: 0, y_km: 0, area_km2: 4, households: 1200, urban: true}
    - {name: Riverside, ring: suburban, x_km: 3, y_km: -2, area_km2: 9, households: 800}
network:
  nodes:
    - {id: internet, role: internet, x_km: -30, y_km: 0}
    - {id: gateway, role: gateway, district: Centre}
    - {id: core, role: core, district: Centre}
    - {id: access-centre, role: access, district: Centre, subscribers: 300}
    - {id: access-riverside, role: access, district: Riverside, subscribers: 150}
  links:
    - {id: uplink, a: gateway, b: internet, capacity: 1Gbps, length_km: 30}
    - {id: gateway-core, a: gateway, b: core, capacity: 1Gbps, length_km: 0.2}
    - {id: core-centre, a: core, b: access-centre, capacity: 1Gbps}
    - {id: core-riverside, a: core, b: access-riverside, capacity: 155.52Mbps}
)";
  if (with_radio) {
    yaml += "    - {id: radio-riverside, a: access-centre, b: access-riverside, medium: microwave, capacity: 20Mbps}\n";
  }
  yaml += R"(
demand:
  default_profile: flat
  profiles:
    flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  classes:
    - {name: adsl-1m, access: adsl, down: 1Mbps, up: 512kbps, count: 450}
  applications:
    - name: web
      kind: elastic
      sessions_per_day: 1500
      size: {distribution: lognormal, mean: 2MB, sd: 2MB, max: 20MB}
      destinations: {internet: 1}
    - name: video
      kind: streaming
      sessions_per_day: 20
      rate: 256kbps
      duration: 10min
      destinations: {internet: 1}
simulation:
  seed: 7
  duration: 1h
  warmup: 0s
  interval: 1min
  mode: exact
)";
  return yaml;
}

CityModel town_model(bool with_radio) { return build_city_model(scenario::load_scenario_text(town(with_radio), "town.yaml")); }

topology::LinkId link_named(const topology::Network& network, const std::string& id) {
  for (std::uint32_t l = 0; l < network.links.size(); ++l) {
    if (network.links[l].id == id) return topology::LinkId{l};
  }
  throw std::out_of_range(id);
}

topology::NodeId node_named(const topology::Network& network, const std::string& id) {
  for (std::uint32_t n = 0; n < network.nodes.size(); ++n) {
    if (network.nodes[n].id == id) return topology::NodeId{n};
  }
  throw std::out_of_range(id);
}

std::uint64_t subscribers_at(const topology::Network& network, const std::string& id) {
  const auto& counts = network.nodes.at(topology::index(node_named(network, id))).subscribers_by_class;
  return static_cast<std::uint64_t>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}));
}

CityRun run_with(const CityModel& model, std::vector<topology::FailureEvent> events) {
  CityRunOptions options;
  options.failure_events = std::move(events);
  return simulate_city(model, options);
}

topology::FailureEvent riverside_cut(const topology::Network& network) {
  topology::FailureEvent cut;
  cut.name = "riverside cut";
  cut.start_s = kCutStart_s;
  cut.end_s = kCutEnd_s;
  cut.links_down = {link_named(network, "core-riverside")};
  return cut;
}

// Every elastic flow completed, failed or still going at the end; every admitted stream
// ended, was dropped or is still on.
void expect_conserved(const engine::RunStats& stats) {
  EXPECT_EQ(stats.elastic_completed + stats.elastic_failed + stats.unfinished_elastic_flows, stats.elastic_arrivals);
  EXPECT_EQ(stats.streams_ended + stats.streams_dropped + stats.unfinished_streams, stats.streams_admitted);
}

TEST(FailureRun, ACutOnABridgeDisconnectsExactlyTheSubscribersBehindIt) {
  const CityModel model = town_model(false);
  const CityRun run = run_with(model, {riverside_cut(model.network)});
  const std::uint64_t behind = subscribers_at(model.network, "access-riverside");
  ASSERT_GT(behind, 0u);
  ASSERT_GT(subscribers_at(model.network, "access-centre"), 0u);
  EXPECT_DOUBLE_EQ(run.report.subscriber_minutes_disconnected,
                   static_cast<double>(behind) * (kCutEnd_s - kCutStart_s) / 60);
  ASSERT_EQ(run.report.failure_events.size(), 1u);
  const output::FailureEventReport& row = run.report.failure_events[0];
  EXPECT_EQ(row.subscribers_disconnected, behind);
  EXPECT_EQ(row.links_down, std::vector<std::string>{"core-riverside"});
  // Riverside's flows in progress fail, its new sessions fail; nothing can be rerouted.
  EXPECT_GT(row.elastic_flows_failed, 0u);
  EXPECT_GT(row.sessions_failed, 0u);
  EXPECT_EQ(row.flows_rerouted, 0u);
  EXPECT_EQ(run.report.sessions_failed, row.sessions_failed);
  EXPECT_EQ(run.report.elastic_flows_failed, row.elastic_flows_failed);
  // What those flows had left and what those sessions would have carried count as failed.
  EXPECT_GT(run.report.bytes_not_served.failed_bytes, 0.0);
  expect_conserved(run.stats);
}

TEST(FailureRun, AMicrowaveBackupKeepsThemConnectedAtItsCapacityAndRepairBringsTheFiberBack) {
  const CityModel model = town_model(true);
  const CityRun run = run_with(model, {riverside_cut(model.network)});
  EXPECT_EQ(run.report.subscriber_minutes_disconnected, 0);
  EXPECT_EQ(run.report.sessions_failed, 0u);
  EXPECT_EQ(run.report.elastic_flows_failed, 0u);
  ASSERT_EQ(run.report.failure_events.size(), 1u);
  EXPECT_EQ(run.report.failure_events[0].subscribers_disconnected, 0u);
  EXPECT_GT(run.report.failure_events[0].flows_rerouted, 0u);
  expect_conserved(run.stats);

  const routing::ResourceIndex& resources = run.router->resources();
  const topology::Network& network = model.network;
  const auto radio_down = resources.link_direction(link_named(network, "radio-riverside"),
                                                   node_named(network, "access-centre"));
  const auto fiber_down = resources.link_direction(link_named(network, "core-riverside"), node_named(network, "core"));
  const metrics::RunMetrics& metrics = *run.metrics;
  double radio_peak_bps = 0;
  for (std::size_t k = 0; k < metrics.interval_count(); ++k) {
    const double start_s = metrics.interval_start_s(k);
    const double end_s = metrics.interval_end_s(k);
    const double radio_bps = metrics.carried_bps(k, radio_down);
    if (end_s <= kCutStart_s || start_s >= kCutEnd_s) {
      // Fiber first: the backup idles while the fiber is up, before the cut and after repair.
      EXPECT_EQ(radio_bps, 0) << "interval from " << start_s;
      EXPECT_TRUE(metrics.utilization(k, fiber_down).has_value());
      EXPECT_GT(metrics.carried_bps(k, fiber_down), 0) << "interval from " << start_s;
    } else {
      EXPECT_LE(radio_bps, kRadio_bps * (1 + 1e-9));
      EXPECT_FALSE(metrics.utilization(k, fiber_down).has_value());  // capacity 0
      EXPECT_EQ(metrics.carried_bps(k, fiber_down), 0);
      radio_peak_bps = std::max(radio_peak_bps, radio_bps);
    }
  }
  // Riverside offers more than the backup carries: it runs full.
  EXPECT_GT(radio_peak_bps, 0.9 * kRadio_bps);
  ASSERT_TRUE(run.report.peak_microwave_utilization.has_value());
  EXPECT_LE(*run.report.peak_microwave_utilization, 1 + 1e-9);
  EXPECT_GT(*run.report.peak_microwave_utilization, 0.9);
}

std::vector<topology::FailureEvent> random_failures(const topology::Network& network, std::uint64_t seed) {
  RandomStream rng(seed);
  std::vector<topology::FailureEvent> events;
  for (int i = 0; i < 40; ++i) {
    topology::FailureEvent event;
    event.name = "random " + std::to_string(i);
    event.start_s = std::floor(rng.uniform01() * kDuration_s);
    event.end_s = event.start_s + 1 + std::floor(rng.uniform01() * 600);
    const double u = rng.uniform01();
    if (u < 0.6) {
      event.links_down = {topology::LinkId{static_cast<std::uint32_t>(rng() % network.links.size())}};
    } else if (u < 0.8) {
      event.nodes_down = {topology::NodeId{static_cast<std::uint32_t>(rng() % network.nodes.size())}};
    } else {
      event.links_faded = {{topology::LinkId{static_cast<std::uint32_t>(rng() % network.links.size())}, 0.1}};
    }
    events.push_back(std::move(event));
  }
  std::sort(events.begin(), events.end(),
            [](const topology::FailureEvent& a, const topology::FailureEvent& b) { return a.start_s < b.start_s; });
  return events;
}

std::string files_of(const CityModel& model, const CityRun& run) {
  std::ostringstream out;
  output::write_summary_csv(out, run.report);
  output::write_events_csv(out, run.report);
  output::write_event_elements_csv(out, run.report);
  output::write_link_timeseries_csv(out, run.context(model), *run.metrics);
  return out.str();
}

TEST(FailureRun, NoFlowIsLostUnderManyRandomFailuresAndTheSameSeedGivesTheSameFiles) {
  const CityModel model = town_model(true);
  const std::vector<topology::FailureEvent> events = random_failures(model.network, 11);
  const CityRun run = run_with(model, events);
  const engine::RunStats& stats = run.stats;
  expect_conserved(stats);
  EXPECT_GT(stats.elastic_failed, 0u);
  EXPECT_GT(stats.flows_rerouted, 0u);
  EXPECT_GT(run.report.sessions_failed, 0u);
  EXPECT_GT(run.report.subscriber_minutes_disconnected, 0);
  EXPECT_EQ(run.report.failure_events.size(), events.size());
  EXPECT_GT(stats.streams_dropped, 0u);
  EXPECT_GT(run.report.bytes_not_served.failed_bytes, 0.0);
  EXPECT_GT(run.report.bytes_not_served.dropped_bytes, 0.0);
  // Every session drawn either reached the engine or failed for want of a path.
  const CityRun calm = run_with(model, {});
  EXPECT_EQ(stats.elastic_arrivals + stats.streams_admitted + stats.streams_blocked + run.report.sessions_failed,
            calm.stats.elastic_arrivals + calm.stats.streams_admitted + calm.stats.streams_blocked);
  EXPECT_EQ(calm.report.sessions_failed, 0u);
  EXPECT_EQ(calm.report.flows_rerouted, 0u);
  EXPECT_EQ(calm.report.bytes_not_served.failed_bytes, 0.0);
  EXPECT_EQ(calm.report.bytes_not_served.dropped_bytes, 0.0);

  const CityRun again = run_with(model, events);
  EXPECT_EQ(files_of(model, run), files_of(model, again));
}

}  // namespace
}  // namespace citynet::cli
