#pragma once
// The scenario as it was run: every default filled in, every quantity with its unit, in the
// scenario format (it loads again to an equal Scenario), headed by the citynet version.
// Written next to the results so that a run can be repeated and traced to its code.
#include <string>

#include "scenario/scenario.hpp"

namespace citynet::scenario {

[[nodiscard]] std::string to_resolved_yaml(const Scenario& scenario);

}  // namespace citynet::scenario
