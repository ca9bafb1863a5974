#include "output/link_layer.hpp"

namespace citynet::output {
namespace {

using topology::Role;

// Lower numbers are nearer the subscriber; a link belongs to the layer of its lower end.
[[nodiscard]] int tier(Role role) {
  switch (role) {
    case Role::internet: return 0;
    case Role::idc: return 1;
    case Role::ras: return 2;
    case Role::access: return 3;
    case Role::aggregation: return 4;
    case Role::core:
    case Role::gateway: return 5;
  }
  return 5;
}

[[nodiscard]] Layer layer_of(Role role) {
  switch (role) {
    case Role::internet: return Layer::egress;
    case Role::idc: return Layer::idc;
    case Role::ras: return Layer::ras;
    case Role::access: return Layer::access;
    case Role::aggregation: return Layer::aggregation;
    case Role::core:
    case Role::gateway: return Layer::core;
  }
  return Layer::core;
}

[[nodiscard]] const topology::Node& lower_end(const topology::Network& network, const topology::Link& link) {
  const topology::Node& a = network.nodes.at(topology::index(link.a));
  const topology::Node& b = network.nodes.at(topology::index(link.b));
  return tier(b.role) < tier(a.role) ? b : a;
}

}  // namespace

Layer link_layer(const topology::Network& network, const topology::Link& link) {
  return layer_of(lower_end(network, link).role);
}

std::string_view link_district(const topology::Network& network, const topology::Link& link) {
  const topology::Node& lower = lower_end(network, link);
  if (!lower.district.empty()) return lower.district;
  const topology::Node& a = network.nodes.at(topology::index(link.a));
  const topology::Node& b = network.nodes.at(topology::index(link.b));
  return &lower == &a ? std::string_view(b.district) : std::string_view(a.district);
}

}  // namespace citynet::output
