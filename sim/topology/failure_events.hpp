#pragma once
// A scenario's failures resolved on its network: which links and nodes are down, and which
// links run at a fraction of their capacity, from when to when. Scheduled events keep
// their names; random failures are drawn from their own random streams, so the same seed
// gives the same failures whatever the plan.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.hpp"
#include "topology/network.hpp"

namespace citynet::topology {

struct FailureEvent {
  std::string name;        // the scenario's name, or "random fiber cut 3"
  double start_s = 0;
  double end_s = 0;        // > start_s; repair
  std::vector<LinkId> links_down;
  std::vector<NodeId> nodes_down;
  std::vector<std::pair<LinkId, double>> links_faded;  // capacity left, a fraction in (0, 1)
};

// Events in order of start time (then name). InputError with the event's place when it
// names an unknown link or node id.
[[nodiscard]] std::vector<FailureEvent> resolve_failures(const Network& network, const scenario::FailureSpec& spec,
                                                         std::uint64_t seed, double duration_s);

}  // namespace citynet::topology
