#pragma once
// A run's results as planners read them: the metrics of a run joined to the network (which
// resource is which link direction, its layer, medium and district), and the city-level
// figures of summary.csv and the terminal report.
//
// Egress: the links to the internet node, capacity counted once per link, load in the busier
// way (inbound, from the internet, or outbound) by busy-hour offered load. Core: the switching capacity
// of the core nodes when they have one, else the core-layer link directions. A link
// direction is congested in the busy hour when its busy-hour utilization reaches the
// congestion threshold or its busy-hour offered load reaches 1 (overload).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/simulator.hpp"
#include "metrics/run_metrics.hpp"
#include "output/link_layer.hpp"
#include "scenario/scenario.hpp"
#include "topology/network.hpp"

namespace citynet::output {

// One engine resource that is a direction of a link.
struct LinkDirection {
  std::uint32_t resource = 0;
  topology::LinkId link{};
  topology::NodeId from{};
  topology::NodeId to{};
};

struct LinkReport {
  LinkDirection direction;
  Layer layer = Layer::core;
  std::string district;
  metrics::ResourceSummary summary;
  bool congested_in_busy_hour = false;
};

// One failure event of a run and what it did (events.csv). Flows rerouted, streams dropped
// and elastic flows failed count at the event's start (or, where no event starts then, at
// its repair); sessions failed count while it is in force (overlapping events share them).
struct FailureEventReport {
  std::string name;
  double start_s = 0;
  double end_s = 0;
  std::vector<std::string> links_down;   // ids
  std::vector<std::string> nodes_down;
  std::vector<std::string> links_faded;
  std::uint64_t subscribers_disconnected = 0;  // with no path to the internet node at its start
  std::uint64_t flows_rerouted = 0;
  std::uint64_t streams_dropped = 0;
  std::uint64_t elastic_flows_failed = 0;
  std::uint64_t sessions_failed = 0;
};

struct RunReport {
  std::string scenario_name;
  std::optional<std::size_t> busy_hour;  // hour of the run, from 0
  double egress_capacity_bps = 0;
  metrics::WindowLoad egress;   // the busier way
  bool egress_inbound = true;   // which way that is
  double core_capacity_bps = 0;
  metrics::WindowLoad core;
  std::array<std::uint32_t, kLayerCount> congested_links_by_layer{};
  metrics::BytesNotServed bytes_not_served;
  std::optional<double> share_of_subscribers_under_half_line_rate;
  std::vector<LinkReport> links;  // in resource order
  std::vector<metrics::FlowSummary> classes;
  std::vector<metrics::FlowSummary> applications;
  metrics::FlowSummary total;
  engine::RunStats stats;
  // Failures (all 0 in a run without them): subscribers of sites with no path to the
  // internet node × minutes; elastic flows left without a path; sessions that found no
  // path and never started; streams dropped by capacity drops and reroutes; elastic flows
  // and streams moved to another path; the highest interval utilization of a microwave
  // link direction (empty without microwave links).
  double subscriber_minutes_disconnected = 0;
  std::uint64_t elastic_flows_failed = 0;
  std::uint64_t sessions_failed = 0;
  std::uint64_t streams_dropped = 0;
  std::uint64_t flows_rerouted = 0;
  std::optional<double> peak_microwave_utilization;
  std::vector<FailureEventReport> failure_events;
};

struct RunContext {
  const scenario::Scenario& scenario;
  const topology::Network& network;
  std::vector<LinkDirection> link_directions;      // in resource order
  std::vector<std::uint32_t> core_switching_resources;
};

[[nodiscard]] RunReport make_run_report(const RunContext& context, const metrics::RunMetrics& metrics,
                                        const engine::RunStats& stats);

// The most congested link directions, at most `count`: by the larger of busy-hour offered
// load and utilization, then hours congested, then resource id.
[[nodiscard]] std::vector<const LinkReport*> most_congested(const RunReport& report, std::size_t count);

}  // namespace citynet::output
