#pragma once
// Failures in a scenario: scheduled events (a link cut, a corridor or radius of fiber cut,
// a node down, a rain fade over an area) and random failure rates for Monte Carlo runs.
#include <vector>

#include "core/error.hpp"

namespace citynet::scenario {

struct FailureEventSpec {
  SourcePlace place;
};

struct FailureSpec {
  std::vector<FailureEventSpec> events;
  SourcePlace place;
};

}  // namespace citynet::scenario
