#pragma once
// The layer of a link, from the roles of its ends, as planners group links: a link to the
// internet node is egress; one touching the data center is idc, the dial-up access server
// ras; otherwise the layer of its lower end, access below aggregation below core (gateways
// count as core). A microwave link is in the layer of its ends too: the medium is a column
// of its own.
#include <array>
#include <cstddef>
#include <string_view>

#include "topology/network.hpp"

namespace citynet::output {

enum class Layer { egress, core, aggregation, access, idc, ras };

inline constexpr std::size_t kLayerCount = 6;
inline constexpr std::array<std::string_view, kLayerCount> kLayerNames{"egress", "core", "aggregation",
                                                                       "access", "idc",  "ras"};

[[nodiscard]] constexpr std::string_view to_string(Layer layer) {
  return kLayerNames[static_cast<std::size_t>(layer)];
}

[[nodiscard]] Layer link_layer(const topology::Network& network, const topology::Link& link);

// The district a link serves: that of its lower end (the end that decides its layer), or
// of the other end when that one has none.
[[nodiscard]] std::string_view link_district(const topology::Network& network, const topology::Link& link);

}  // namespace citynet::output
