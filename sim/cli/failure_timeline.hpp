#pragma once
// Failures in a city run (design.md, Failures): the scenario's failure events as a timeline
// of network states, the engine capacity changes and reroute points that make it happen,
// and the routes of each state.
//
// A state lasts from one failure start or repair to the next. In it: links down (cut, or at
// a node that is down), nodes down (their switching capacity 0 and every link at them
// down) and links faded (capacity × the least fraction of the fades over them). At each
// change the engine gets the new capacity of every resource that changed (both directions
// of a link) and, when links or nodes went down or came back, a reroute point: each path
// with flows is routed again on what is left, microwave backups included (fiber first). A
// failure at t applies to the arrivals at t.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cli/city_model.hpp"
#include "engine/simulator.hpp"
#include "routing/shortest_paths.hpp"
#include "topology/failure_events.hpp"
#include "topology/network.hpp"

namespace citynet::cli {

struct NetworkState {
  double start_s = 0;
  double end_s = 0;
  std::vector<topology::LinkId> links_down;  // sorted
  std::vector<topology::NodeId> nodes_down;  // sorted
  std::vector<std::pair<topology::LinkId, double>> links_faded;  // the least fraction per link
  std::vector<std::uint32_t> events;  // indices of the failure events in force
  // States with the same links and nodes down share their routes; 0: nothing down.
  std::size_t routing = 0;
};

struct FailureTimeline {
  std::vector<NetworkState> states;  // back to back from 0 to the run's end
  std::vector<engine::CapacityChange> capacity_changes;
  std::vector<double> reroute_points_s;
  // By routing: what is down (routing 0: nothing).
  std::vector<std::vector<topology::LinkId>> routing_links_down{{}};
  std::vector<std::vector<topology::NodeId>> routing_nodes_down{{}};

  // The state in force at `t_s` (a change at t_s already applies).
  [[nodiscard]] std::size_t state_at(double t_s) const;
};

[[nodiscard]] FailureTimeline make_failure_timeline(const topology::Network& network,
                                                    const routing::ResourceIndex& resources,
                                                    std::span<const topology::FailureEvent> events, double duration_s);

// The engine paths of a city run, by routing state, interned on first use. Remembers each
// path's ends so that a path can be routed again in another state.
class CityRoutes {
 public:
  CityRoutes(const FailureTimeline& timeline, const topology::Network& network, routing::Router& normal,
             engine::Simulator& simulator);

  // Empty when there is none: an end is down or cut off.
  [[nodiscard]] std::optional<engine::PathId> route(std::size_t routing, topology::NodeId from, topology::NodeId to);
  [[nodiscard]] std::optional<std::pair<topology::NodeId, topology::NodeId>> ends(engine::PathId path) const;
  [[nodiscard]] bool reaches(std::size_t routing, topology::NodeId from, topology::NodeId to);

 private:
  [[nodiscard]] routing::Router& router(std::size_t routing);
  [[nodiscard]] bool down(std::size_t routing, topology::NodeId node) const;

  const FailureTimeline& timeline_;
  const topology::Network& network_;
  routing::Router& normal_;
  engine::Simulator& simulator_;
  std::vector<std::unique_ptr<routing::Router>> routers_;  // by routing; [0] unused (normal_)
  std::vector<std::unordered_map<std::uint64_t, std::optional<engine::PathId>>> cache_;  // by routing
  std::vector<std::optional<std::pair<topology::NodeId, topology::NodeId>>> ends_;  // by path id
};

// Routes each busy path again between its ends in the state of the reroute point.
class CityRerouter final : public engine::Rerouter {
 public:
  CityRerouter(const FailureTimeline& timeline, CityRoutes& routes) : timeline_(timeline), routes_(routes) {}
  std::optional<engine::PathId> reroute(engine::PathId old_path, double at_s) override;

 private:
  const FailureTimeline& timeline_;
  CityRoutes& routes_;
};

}  // namespace citynet::cli
