#pragma once
// The resources that flows share (design.md, Model): each direction of each link, with the
// link's capacity per direction, and each node that has a switching capacity (traffic
// through a node counts once against it, whichever way it goes).
//
// Ids are dense and stable for a given network, so the engine can keep per-resource state in
// plain vectors: link l's direction a→b is 2l, its direction b→a is 2l+1, and the switching
// nodes follow in node order.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "topology/network.hpp"

namespace citynet::routing {

using topology::LinkId;
using topology::NodeId;

// The engine's currency: a path is a list of these.
using ResourceId = std::uint32_t;

enum class ResourceKind { link_direction, node };

struct Resource {
  ResourceKind kind = ResourceKind::link_direction;
  LinkId link{};    // link_direction only
  NodeId from{};    // link_direction: the end traffic leaves; node: the node itself
  NodeId to{};      // link_direction: the end traffic enters; node: the node itself
  double capacity_bps = 0;
  std::string name;  // "LINK:FROM>TO" or "NODE", for output and messages
};

class ResourceIndex {
 public:
  explicit ResourceIndex(const topology::Network& network);

  [[nodiscard]] std::size_t size() const { return resources_.size(); }
  [[nodiscard]] const Resource& resource(ResourceId id) const { return resources_.at(id); }
  [[nodiscard]] const std::vector<Resource>& resources() const { return resources_; }
  [[nodiscard]] std::vector<double> capacities_bps() const;

  // The direction of `link` that leaves `from` (which must be one of its ends; a link whose
  // ends are the same node is taken a→b).
  [[nodiscard]] ResourceId link_direction(LinkId link, NodeId from) const;
  // Empty when the node has no switching capacity (it limits nothing).
  [[nodiscard]] std::optional<ResourceId> node(NodeId node) const;

  // The same answers without checks, for walking the hundreds of thousands of routes that
  // routing itself produced (so `from` is an end of `link` and both ids exist).
  static constexpr ResourceId kNoResource = std::numeric_limits<ResourceId>::max();
  [[nodiscard]] ResourceId direction_leaving(LinkId link, NodeId from) const {
    const std::uint32_t l = topology::index(link);
    return 2 * l + (link_a_[l] == from ? 0 : 1);
  }
  // kNoResource for a node without a switching capacity.
  [[nodiscard]] ResourceId switching_resource(NodeId node) const { return node_resource_[topology::index(node)]; }

 private:
  std::vector<Resource> resources_;
  std::vector<NodeId> link_a_;  // the a end of each link, to tell its directions apart
  std::vector<ResourceId> node_resource_;  // kNoResource: no switching capacity
};

}  // namespace citynet::routing
