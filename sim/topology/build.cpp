#include "topology/build.hpp"

namespace citynet::topology {

// Placeholder until the builders land.
Network build_network(const scenario::Scenario& scenario) {
  throw InputError(scenario.source_file + ": network building is not built yet");
}

}  // namespace citynet::topology
