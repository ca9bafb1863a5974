#pragma once
// The default scenario (Tianjin 2005), compiled into the binary.
#include <string_view>

namespace citynet::scenario {

[[nodiscard]] std::string_view builtin_scenario_name();
[[nodiscard]] std::string_view builtin_scenario_text();

}  // namespace citynet::scenario
