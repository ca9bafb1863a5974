#include "scenario/plan_reader.hpp"

namespace citynet::scenario {

FailureSpec read_failures(const yaml::Field& field, const Scenario& /*scenario_so_far*/) {
  yaml::fail(field, "failures are not read yet");
}

}  // namespace citynet::scenario
