#pragma once
// Scenario → Network: generated from the city description, built from explicit lists, or
// imported from GraphML. Checks what only a graph can show (unknown node ids in links, an
// access site that cannot reach the egress) and reports it with the scenario's place.
#include "scenario/scenario.hpp"
#include "topology/network.hpp"

namespace citynet::topology {

[[nodiscard]] Network build_network(const scenario::Scenario& scenario);

// The same for a bare topology (`citynet replay`): nodes and links, or GraphML, with no city
// around them, so no node need have the role internet.
[[nodiscard]] Network build_bare_network(const scenario::Scenario& scenario);

}  // namespace citynet::topology
