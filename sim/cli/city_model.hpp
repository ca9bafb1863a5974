#pragma once
// The wiring of a city run, shared by the commands that simulate a scenario: scenario →
// network → routes → subscriber sites → engine resources, paths and arrivals, and the plain
// descriptions that metrics and output take instead of the stages they must not see.
//
// Demand arrivals become engine arrivals thus: the subscriber end is the flow's site (an
// access node, or the RAS for dial-up); the far end is the internet node, the data center
// (idc) or the peer's site. A down flow travels from the far end to the subscriber, an up
// flow the other way. An elastic flow is capped at the subscriber's line rate that way; a
// stream carries its rate for its duration. Routes are shortest paths (fiber first), each
// computed once per network state (failure_timeline.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "demand/arrival_generator.hpp"
#include "demand/site.hpp"
#include "engine/simulator.hpp"
#include "metrics/run_metrics.hpp"
#include "output/run_report.hpp"
#include "routing/shortest_paths.hpp"
#include "scenario/scenario.hpp"
#include "topology/network.hpp"

namespace citynet::cli {

struct CityModel {
  scenario::Scenario scenario;
  topology::Network network;
  std::vector<demand::Site> sites;            // nodes with subscribers, in node order
  std::optional<topology::NodeId> internet;   // the first node of role internet
  std::optional<topology::NodeId> idc;        // the first node of role idc
};

// Builds the network (topology's errors) and finds the sites and far ends.
[[nodiscard]] CityModel build_city_model(scenario::Scenario scenario);

[[nodiscard]] std::vector<demand::Site> subscriber_sites(const topology::Network& network);
[[nodiscard]] engine::EngineConfig engine_config(const scenario::Simulation& simulation);
[[nodiscard]] metrics::MetricsConfig metrics_config(const CityModel& model, const routing::ResourceIndex& resources);
[[nodiscard]] std::vector<output::LinkDirection> link_directions(const routing::ResourceIndex& resources);
// The switching resources of core nodes (empty when core nodes limit nothing).
[[nodiscard]] std::vector<std::uint32_t> core_switching_resources(const topology::Network& network,
                                                                  const routing::ResourceIndex& resources);

class CityRoutes;
struct FailureTimeline;

// Sessions that found no path (their site down or cut off by a failure): never started.
struct FailedSessions {
  std::vector<std::uint64_t> by_state;  // by network state in force at their start
  double bits_after_warmup = 0;         // what they would have carried (size, rate × duration)
};

// The demand of a city as engine arrivals, each routed on first use in the network state
// in force at its start. InputError when a flow's far end does not exist (an idc flow in a
// network without a data center) or cannot be reached with nothing failed. An arrival
// without a path in a failure state is not handed on: it is counted as a failed session.
class CityArrivals final : public engine::ArrivalSource {
 public:
  CityArrivals(const CityModel& model, CityRoutes& routes, const FailureTimeline& timeline);
  std::optional<engine::Arrival> next() override;

  [[nodiscard]] const FailedSessions& failed_sessions() const { return failed_sessions_; }

 private:
  [[nodiscard]] std::optional<engine::PathId> route(topology::NodeId from, topology::NodeId to);
  [[nodiscard]] std::optional<engine::PathId> path_of(const demand::Arrival& arrival);
  [[nodiscard]] std::optional<engine::PathId> far_end_path(const demand::Arrival& arrival, topology::NodeId far_end);
  void enter_state_at(double t_s);

  // Paths to and from the internet and idc nodes, by subscriber node: most flows take one,
  // so they skip the hash lookup. Indexed [node][destination kind * 2 + up].
  static constexpr std::size_t kFarEndPaths = 4;

  const CityModel& model_;
  CityRoutes& routes_;
  const FailureTimeline& timeline_;
  demand::ArrivalGenerator generator_;
  std::size_t state_ = 0;
  std::size_t routing_ = 0;
  // For the current routing; an empty inner optional: no path.
  std::vector<std::array<std::optional<std::optional<engine::PathId>>, kFarEndPaths>> far_end_paths_;
  FailedSessions failed_sessions_;
};

}  // namespace citynet::cli
