#pragma once
// The route of every flow of a replayed trace, as an engine path (`citynet replay`).
//
// Flows are checked in input order, so that the first bad row (a site the topology does not
// have, a pair no links connect) is the one reported, as a one-line InputError at its place.
// Each source's shortest-path tree is then computed once, and the paths reach the engine in
// order of first use, so path ids are those of routing each flow in turn.
#include <string>
#include <vector>

#include "demand/flow_trace.hpp"
#include "engine/simulator.hpp"
#include "routing/shortest_paths.hpp"
#include "topology/network.hpp"

namespace citynet::cli {

// By flow index. Throws InputError for an unknown site or an unreachable pair. The trees
// are computed on `thread_count` threads; the paths and their ids are the same whatever
// that number.
[[nodiscard]] std::vector<engine::PathId> route_flows(const topology::Network& network, const demand::FlowTrace& trace,
                                                      routing::Router& router, const std::string& topology_path,
                                                      engine::Simulator& simulator, unsigned thread_count);

// The same on every core.
[[nodiscard]] std::vector<engine::PathId> route_flows(const topology::Network& network, const demand::FlowTrace& trace,
                                                      routing::Router& router, const std::string& topology_path,
                                                      engine::Simulator& simulator);

}  // namespace citynet::cli
