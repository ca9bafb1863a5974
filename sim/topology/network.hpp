#pragma once
// The city network as plain values: what topology builds (generated, explicit or
// imported) and every later stage reads. Graph algorithms build a Boost graph from it
// on demand; indices into `nodes` and `links` are the ids.
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace citynet::topology {

using scenario::Medium;
using scenario::Role;

enum class NodeId : std::uint32_t {};
enum class LinkId : std::uint32_t {};

[[nodiscard]] constexpr std::uint32_t index(NodeId id) { return static_cast<std::uint32_t>(id); }
[[nodiscard]] constexpr std::uint32_t index(LinkId id) { return static_cast<std::uint32_t>(id); }

struct Node {
  std::string id;
  Role role = Role::access;
  std::string district;
  double x_km = 0;
  double y_km = 0;
  double switching_capacity_bps = 0;  // 0: the node limits nothing
  std::int64_t subscribers = 0;
  // Aligned with Scenario::demand.classes (empty when the scenario has no demand).
  std::vector<std::int64_t> subscribers_by_class;
};

struct Link {
  std::string id;
  NodeId a{};
  NodeId b{};
  Medium medium = Medium::fiber;
  double length_km = 0;
  double capacity_bps = 0;  // per direction
};

struct Network {
  std::string name;
  std::vector<Node> nodes;
  std::vector<Link> links;
  std::vector<std::string> warnings;  // e.g. import repairs, said to the user once
};

}  // namespace citynet::topology
