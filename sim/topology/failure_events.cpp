#include "topology/failure_events.hpp"

namespace citynet::topology {

std::vector<FailureEvent> resolve_failures(const Network& /*network*/, const scenario::FailureSpec& /*spec*/,
                                           std::uint64_t /*seed*/, double /*duration_s*/) {
  return {};
}

}  // namespace citynet::topology
