#include "scenario/load.hpp"

namespace citynet::scenario {

// Placeholder until the YAML front end lands.
Scenario load_scenario_file(const std::string& path) { throw InputError(path + ": scenario loading is not built yet"); }
Scenario load_scenario_text(std::string_view, const std::string& file_name) {
  throw InputError(file_name + ": scenario loading is not built yet");
}
NetworkSpec load_topology_file(const std::string& path) { throw InputError(path + ": not built yet"); }

}  // namespace citynet::scenario
