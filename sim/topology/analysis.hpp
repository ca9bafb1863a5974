#pragma once
// What a network holds and where it is fragile: the inventory `citynet topo` prints and the
// single points of failure (articulation points and bridges) with the subscribers each one
// would cut off from the internet node.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/network.hpp"

namespace citynet::topology {

inline constexpr std::size_t kRoleCount = 7;

struct Inventory {
  std::array<std::size_t, kRoleCount> nodes_by_role{};  // indexed by Role
  std::size_t fiber_links = 0;
  double fiber_km = 0;
  std::size_t microwave_links = 0;
  double microwave_km = 0;
  double core_switching_bps = 0;  // summed over core nodes
  double egress_bps = 0;          // summed over links with an internet node at one end
  std::size_t egress_links = 0;
  std::size_t access_sites = 0;
  std::int64_t subscribers = 0;   // over all nodes
  // Over access sites; empty when there are none.
  std::optional<std::int64_t> min_subscribers_per_site;
  std::optional<double> median_subscribers_per_site;
  std::optional<std::int64_t> max_subscribers_per_site;
  std::vector<std::size_t> component_sizes;  // nodes per connected component, largest first
};

[[nodiscard]] Inventory take_inventory(const Network& network);

struct SinglePointOfFailure {
  enum class Kind { node, link };
  Kind kind = Kind::node;
  std::uint32_t index = 0;  // NodeId or LinkId index, by kind
  // Cut off from the internet nodes when this element fails; in a network without an internet
  // node (an imported backbone), cut off from the largest piece left of the element's own
  // component. A failed node and its own subscribers count as cut off.
  std::size_t nodes_cut_off = 0;
  std::int64_t subscribers_cut_off = 0;
};

// Articulation points and bridges (Boost's biconnected components), most subscribers cut
// off first, then most nodes, then nodes before links, then index. Parallel links are not
// bridges: either carries the traffic when the other fails. Linear in the size of the
// network (see cut_off_by_single_failures).
[[nodiscard]] std::vector<SinglePointOfFailure> find_single_points_of_failure(const Network& network);

struct CutOff {
  std::size_t nodes = 0;
  std::int64_t subscribers = 0;
};

// What every single node failure and every single link failure cuts off, by node and link
// index: measured from `sources` as SinglePointOfFailure is from the internet nodes (a node
// joined to a source before the failure and to none after; a failed node counts when it was
// joined, and a failed source is no longer one); without sources, within the failure's own
// component. Only articulation points cut off more than the failed node itself, and only
// bridges cut off anything. One pass of Boost's biconnected components, then sums over the
// block-cut tree: O(V + E log E), where a search per failure took O(V (V + E)).
struct SingleFailureCutOffs {
  std::vector<CutOff> by_node;
  std::vector<CutOff> by_link;
};
[[nodiscard]] SingleFailureCutOffs cut_off_by_single_failures(const Network& network,
                                                              const std::vector<NodeId>& sources);

// The nodes that can reach a node of role internet over the links not excluded.
[[nodiscard]] std::vector<bool> reaches_internet(const Network& network, const std::vector<bool>& link_excluded = {});

}  // namespace citynet::topology
