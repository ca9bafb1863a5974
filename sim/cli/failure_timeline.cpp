#include "cli/failure_timeline.hpp"

#include <algorithm>
#include <map>

namespace citynet::cli {
namespace {

using topology::LinkId;
using topology::NodeId;

[[nodiscard]] std::uint64_t ends_key(NodeId from, NodeId to) {
  return (std::uint64_t{topology::index(from)} << 32U) | topology::index(to);
}

template <typename Id>
void sort_unique(std::vector<Id>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// What is down and faded while the given events are in force.
void fill_state(NetworkState& state, const topology::Network& network, std::span<const topology::FailureEvent> events) {
  std::map<std::uint32_t, double> fades;
  for (const std::uint32_t e : state.events) {
    const topology::FailureEvent& event = events[e];
    state.links_down.insert(state.links_down.end(), event.links_down.begin(), event.links_down.end());
    state.nodes_down.insert(state.nodes_down.end(), event.nodes_down.begin(), event.nodes_down.end());
    for (const auto& [link, fraction] : event.links_faded) {
      const auto [it, inserted] = fades.try_emplace(topology::index(link), fraction);
      if (!inserted) it->second = std::min(it->second, fraction);
    }
  }
  sort_unique(state.nodes_down);
  for (std::uint32_t l = 0; l < network.links.size(); ++l) {
    const topology::Link& link = network.links[l];
    if (std::binary_search(state.nodes_down.begin(), state.nodes_down.end(), link.a) ||
        std::binary_search(state.nodes_down.begin(), state.nodes_down.end(), link.b)) {
      state.links_down.push_back(LinkId{l});
    }
  }
  sort_unique(state.links_down);
  for (const auto& [link, fraction] : fades) state.links_faded.emplace_back(LinkId{link}, fraction);
}

// Every resource's capacity in the state.
[[nodiscard]] std::vector<double> capacities(const NetworkState& state, const topology::Network& network,
                                             const routing::ResourceIndex& resources) {
  std::vector<double> capacity_bps = resources.capacities_bps();
  auto set_link = [&](LinkId link, double factor) {
    const topology::Link& l = network.links.at(topology::index(link));
    for (const NodeId from : {l.a, l.b}) {
      const routing::ResourceId r = resources.link_direction(link, from);
      capacity_bps[r] = resources.resource(r).capacity_bps * factor;
    }
  };
  for (const auto& [link, fraction] : state.links_faded) set_link(link, fraction);
  for (const LinkId link : state.links_down) set_link(link, 0.0);
  for (const NodeId node : state.nodes_down) {
    if (const std::optional<routing::ResourceId> r = resources.node(node)) capacity_bps[*r] = 0;
  }
  return capacity_bps;
}

}  // namespace

std::size_t FailureTimeline::state_at(double t_s) const {
  const auto after = std::upper_bound(states.begin(), states.end(), t_s,
                                      [](double t, const NetworkState& state) { return t < state.start_s; });
  return after == states.begin() ? 0 : static_cast<std::size_t>(after - states.begin() - 1);
}

FailureTimeline make_failure_timeline(const topology::Network& network, const routing::ResourceIndex& resources,
                                      std::span<const topology::FailureEvent> events, double duration_s) {
  FailureTimeline timeline;
  std::vector<double> instants{0.0};
  for (const topology::FailureEvent& event : events) {
    for (const double t : {event.start_s, event.end_s}) {
      if (t > 0 && t < duration_s) instants.push_back(t);
    }
  }
  sort_unique(instants);
  std::map<std::pair<std::vector<LinkId>, std::vector<NodeId>>, std::size_t> routing_of;
  routing_of[{{}, {}}] = 0;
  std::vector<double> previous = resources.capacities_bps();
  for (std::size_t i = 0; i < instants.size(); ++i) {
    NetworkState state;
    state.start_s = instants[i];
    state.end_s = i + 1 < instants.size() ? instants[i + 1] : duration_s;
    for (std::uint32_t e = 0; e < events.size(); ++e) {
      if (events[e].start_s <= state.start_s && state.start_s < events[e].end_s) state.events.push_back(e);
    }
    fill_state(state, network, events);
    const auto [it, inserted] = routing_of.try_emplace({state.links_down, state.nodes_down}, routing_of.size());
    state.routing = it->second;
    if (inserted) {
      timeline.routing_links_down.push_back(state.links_down);
      timeline.routing_nodes_down.push_back(state.nodes_down);
    }
    const std::vector<double> capacity_bps = capacities(state, network, resources);
    for (std::uint32_t r = 0; r < capacity_bps.size(); ++r) {
      if (capacity_bps[r] != previous[r]) timeline.capacity_changes.push_back({state.start_s, r, capacity_bps[r]});
    }
    const std::size_t previous_routing = timeline.states.empty() ? 0 : timeline.states.back().routing;
    if (state.routing != previous_routing) timeline.reroute_points_s.push_back(state.start_s);
    previous = capacity_bps;
    timeline.states.push_back(std::move(state));
  }
  return timeline;
}

CityRoutes::CityRoutes(const FailureTimeline& timeline, const topology::Network& network, routing::Router& normal,
                       engine::Simulator& simulator)
    : timeline_(timeline),
      network_(network),
      normal_(normal),
      simulator_(simulator),
      routers_(timeline.routing_links_down.size()),
      cache_(timeline.routing_links_down.size()) {}

routing::Router& CityRoutes::router(std::size_t routing) {
  if (routing == 0) return normal_;
  if (!routers_[routing]) {
    routers_[routing] = std::make_unique<routing::Router>(network_, timeline_.routing_links_down[routing],
                                                          routing::RoutePreference::fiber_first);
  }
  return *routers_[routing];
}

bool CityRoutes::down(std::size_t routing, NodeId node) const {
  const std::vector<NodeId>& nodes = timeline_.routing_nodes_down[routing];
  return std::binary_search(nodes.begin(), nodes.end(), node);
}

bool CityRoutes::reaches(std::size_t routing, NodeId from, NodeId to) {
  if (down(routing, from) || down(routing, to)) return false;
  return router(routing).tree(from).reaches(to);
}

std::optional<engine::PathId> CityRoutes::route(std::size_t routing, NodeId from, NodeId to) {
  const auto [it, inserted] = cache_[routing].try_emplace(ends_key(from, to));
  if (!inserted) return it->second;
  if (down(routing, from) || down(routing, to)) return std::nullopt;
  const std::optional<routing::Path> path = router(routing).path(from, to);
  if (!path) return std::nullopt;
  const engine::PathId id = simulator_.add_path(path->resources);
  if (engine::index(id) >= ends_.size()) ends_.resize(engine::index(id) + 1);
  if (!ends_[engine::index(id)]) ends_[engine::index(id)] = std::make_pair(from, to);
  it->second = id;
  return id;
}

std::optional<std::pair<NodeId, NodeId>> CityRoutes::ends(engine::PathId path) const {
  if (engine::index(path) >= ends_.size()) return std::nullopt;
  return ends_[engine::index(path)];
}

std::optional<engine::PathId> CityRerouter::reroute(engine::PathId old_path, double at_s) {
  const std::optional<std::pair<NodeId, NodeId>> ends = routes_.ends(old_path);
  if (!ends) return old_path;
  return routes_.route(timeline_.states[timeline_.state_at(at_s)].routing, ends->first, ends->second);
}

}  // namespace citynet::cli
