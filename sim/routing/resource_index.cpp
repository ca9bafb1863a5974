#include "routing/resource_index.hpp"

#include <stdexcept>

namespace citynet::routing {

namespace {

[[nodiscard]] ResourceId first_direction(LinkId link) { return 2 * topology::index(link); }

}  // namespace

ResourceIndex::ResourceIndex(const topology::Network& network) {
  resources_.reserve(2 * network.links.size() + network.nodes.size());
  link_a_.reserve(network.links.size());
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    const topology::Link& link = network.links[i];
    const LinkId id{static_cast<std::uint32_t>(i)};
    const std::string& a = network.nodes.at(topology::index(link.a)).id;
    const std::string& b = network.nodes.at(topology::index(link.b)).id;
    resources_.push_back({ResourceKind::link_direction, id, link.a, link.b, link.capacity_bps,
                          link.id + ":" + a + ">" + b});
    resources_.push_back({ResourceKind::link_direction, id, link.b, link.a, link.capacity_bps,
                          link.id + ":" + b + ">" + a});
    link_a_.push_back(link.a);
  }
  node_resource_.assign(network.nodes.size(), kNoResource);
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    const topology::Node& node = network.nodes[i];
    if (node.switching_capacity_bps <= 0) continue;
    const NodeId id{static_cast<std::uint32_t>(i)};
    node_resource_[i] = static_cast<ResourceId>(resources_.size());
    resources_.push_back({ResourceKind::node, LinkId{}, id, id, node.switching_capacity_bps, node.id});
  }
}

std::vector<double> ResourceIndex::capacities_bps() const {
  std::vector<double> capacities;
  capacities.reserve(resources_.size());
  for (const Resource& resource : resources_) capacities.push_back(resource.capacity_bps);
  return capacities;
}

ResourceId ResourceIndex::link_direction(LinkId link, NodeId from) const {
  const ResourceId a_to_b = first_direction(link);
  if (link_a_.at(topology::index(link)) == from) return a_to_b;
  const ResourceId b_to_a = a_to_b + 1;
  if (resources_.at(b_to_a).from != from) throw std::logic_error("link_direction: node is not an end of the link");
  return b_to_a;
}

std::optional<ResourceId> ResourceIndex::node(NodeId node) const {
  const ResourceId id = node_resource_.at(topology::index(node));
  return id == kNoResource ? std::nullopt : std::optional(id);
}

}  // namespace citynet::routing
