#pragma once
// What each single failure does to the city at the busy hour, without a simulation: for
// every link and every node (but the internet node, which stands for the world), the
// subscribers it cuts off from the internet node and the worst utilization it leaves on
// the links that survive.
//
// The load is the busy hour's mean offered traffic between each subscriber site and its
// far ends (the internet node, the data center, peer sites), routed as a run routes it:
// from the site along the tree of its routes (fiber first by default), down traffic
// toward the site, up traffic away from it. Utilization of a link direction = offered
// bits per second / capacity; it may exceed 1 (overload: a run would build a backlog).
// Traffic whose ends are no longer joined is counted as unrouted, not carried. Nodes'
// switching capacities are not counted: the analysis is about links.
//
// Cost: one shortest-path tree per site, then per failure only the sites whose tree uses
// a failed link are routed again (a leaf uplink is in every other site's tree, so in a
// city most failures re-route most sites: O(failures × sites × V log V)). Who each failure
// disconnects comes from one pass over the block-cut tree (topology/analysis.hpp).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "routing/shortest_paths.hpp"
#include "topology/network.hpp"

namespace citynet::routing {

// The busy hour's mean offered load between a subscriber site and one far end.
struct SiteTraffic {
  NodeId site{};
  NodeId far_end{};
  double down_bps = 0;  // far end → site
  double up_bps = 0;    // site → far end
};

struct LinkLoad {
  double utilization = 0;  // offered / capacity of the direction; 0 when nothing is offered
  std::optional<LinkId> link;  // empty when no link carries anything
  NodeId from{};               // the direction: the end the traffic leaves
};

struct FailureHarm {
  enum class Kind { link, node };
  Kind kind = Kind::link;
  std::uint32_t index = 0;  // into Network::links or Network::nodes
  std::int64_t subscribers_disconnected = 0;
  double unrouted_bps = 0;  // offered load between ends no longer joined (down and up)
  LinkLoad worst;           // over the links that survive
};

struct CutAnalysis {
  std::int64_t subscribers_disconnected = 0;  // with nothing failed
  LinkLoad worst;                              // with nothing failed
  // Every link and every node but the internet node, the most harmful first: more
  // subscribers disconnected, then a higher worst utilization, then more unrouted load,
  // then links before nodes in index order.
  std::vector<FailureHarm> failures;
};

// `internet` is the node subscribers must reach. Traffic from or to nodes not in the
// network is a bug (std::out_of_range).
[[nodiscard]] CutAnalysis analyze_single_failures(const topology::Network& network, NodeId internet,
                                                  std::span<const SiteTraffic> traffic,
                                                  RoutePreference preference = RoutePreference::fiber_first);

}  // namespace citynet::routing
