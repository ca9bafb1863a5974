#pragma once
#include <string_view>

namespace citynet {

// Written into every resolved scenario, so a result can be traced to the code that made it.
inline constexpr std::string_view kVersion = CITYNET_VERSION;

}  // namespace citynet
