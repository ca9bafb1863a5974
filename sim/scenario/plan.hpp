#pragma once
// Capacity plans: named sets of changes to the baseline scenario, and the unit costs that
// price them. Changes keep the place they were written, so a change naming an unknown path
// or node id is reported at FILE:LINE:COLUMN when it is applied.
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace citynet::scenario {

struct CostModel {
  SourcePlace place;
};

struct PlanChange {
  SourcePlace place;
};

struct Plan {
  std::string name;
  std::string description;
  std::optional<double> cost;  // as stated by the plan; empty: from the cost model
  std::vector<PlanChange> changes;
  SourcePlace place;
};

}  // namespace citynet::scenario
