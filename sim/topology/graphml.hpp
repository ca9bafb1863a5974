#pragma once
// GraphML in and out.
//
// Import reads our own export (keys role, district, x_km, y_km, switching_capacity_bps,
// subscribers; medium, length_km, capacity_bps) and the Internet Topology Zoo's files
// (Latitude/Longitude, label, LinkSpeed/LinkSpeedUnits/LinkSpeedRaw). Zoo positions become
// km east and north of the centroid (equirectangular), lengths are great-circle distances.
// Real files are untidy, so import repairs what it can and says so in Network::warnings:
// nodes without coordinates are placed at the mean of their placed neighbours, links
// without a speed get the default capacity, parallel links stay separate links. It refuses,
// with an InputError naming the place, what it cannot repair: malformed XML, no <graph>,
// a node without an id, duplicate node ids, an edge naming an unknown node.
//
// Nodes of a file without a `role` key are all `core`: a backbone has no roles we know.
#include <string>
#include <string_view>

#include "topology/network.hpp"

namespace citynet::topology {

// Files larger than this are refused unread; the largest Zoo file is under 1 MB.
inline constexpr std::size_t kMaxGraphmlBytes = 256u << 20;

[[nodiscard]] Network import_graphml_text(std::string_view text, const std::string& file,
                                          double default_link_capacity_bps);
[[nodiscard]] Network import_graphml_file(const std::string& path, double default_link_capacity_bps);

// Our keys only; importing the result gives back the same nodes and links (subscribers per
// class are not written: classes belong to the scenario, not to the graph).
[[nodiscard]] std::string export_graphml(const Network& network);
// Graphviz, positioned at the km coordinates (neato -n), microwave links dashed.
[[nodiscard]] std::string export_dot(const Network& network);

[[nodiscard]] std::string_view role_name(Role role);
[[nodiscard]] std::string_view medium_name(Medium medium);

}  // namespace citynet::topology
