#include "fuzz/fuzz_inputs.hpp"

#include <stdexcept>

namespace citynet::fuzz {

const std::vector<FuzzTarget>& fuzz_targets() {
  static const std::vector<FuzzTarget> targets{scenario_target(), graphml_target(), flow_trace_target(),
                                               sweep_target()};
  return targets;
}

const FuzzTarget& fuzz_target(std::string_view name) {
  for (const FuzzTarget& target : fuzz_targets()) {
    if (target.name == name) return target;
  }
  throw std::invalid_argument("no fuzz target named " + std::string(name));
}

}  // namespace citynet::fuzz
