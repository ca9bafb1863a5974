#include "topology/graphml.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include <fmt/core.h>

#include "core/units.hpp"
#include "core/user_text.hpp"
#include "topology/geometry.hpp"
#include "topology/xml_reader.hpp"

namespace citynet::topology {

namespace {

inline constexpr std::array<std::string_view, 7> kRoleNames = {"internet", "gateway",     "core",  "idc",
                                                               "ras",      "aggregation", "access"};
inline constexpr std::array<std::string_view, 2> kMediumNames = {"fiber", "microwave"};
inline constexpr double kMaxLatitudeDeg = 90.0;
inline constexpr double kMaxLongitudeDeg = 180.0;
inline constexpr double kFullTurnDeg = 360.0;
inline constexpr std::size_t kNamesShownInWarnings = 5;
// Larger counts cannot be a city's subscribers and would overflow the integer count.
inline constexpr double kMaxSubscribers = 1e15;

struct Key {
  std::string name;
  std::string scope;  // node | edge | graph | all
  std::optional<std::string> default_value;
};

// The data of one element, by key name; keys' defaults filled in.
using Data = std::map<std::string, std::string, std::less<>>;

[[nodiscard]] std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

[[nodiscard]] std::optional<double> parse_number(std::string_view text) {
  const std::string value = trimmed(text);
  double number = 0;
  const char* begin = value.data();
  const char* end = value.data() + value.size();
  if (!value.empty() && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr != end || !std::isfinite(number)) return std::nullopt;
  return number;
}

[[nodiscard]] std::optional<std::string_view> find(const Data& data, std::string_view name) {
  const auto it = data.find(name);
  if (it == data.end()) return std::nullopt;
  return it->second;
}

[[nodiscard]] std::optional<double> number_of(const Data& data, std::string_view name) {
  const auto text = find(data, name);
  return text ? parse_number(*text) : std::nullopt;
}

[[nodiscard]] std::map<std::string, Key, std::less<>> read_keys(const XmlElement& root) {
  std::map<std::string, Key, std::less<>> keys;
  for (const XmlElement& element : root.children) {
    if (element.name != "key") continue;
    const auto id = element.attribute("id");
    if (!id) continue;  // a key nobody can refer to
    Key key;
    key.name = std::string(element.attribute("attr.name").value_or(*id));
    key.scope = std::string(element.attribute("for").value_or("all"));
    for (const XmlElement& child : element.children) {
      if (child.name == "default") key.default_value = trimmed(child.text);
    }
    keys[std::string(*id)] = key;
  }
  return keys;
}

[[nodiscard]] Data read_data(const XmlElement& element, std::string_view scope,
                             const std::map<std::string, Key, std::less<>>& keys) {
  Data data;
  for (const auto& [id, key] : keys) {
    if (key.default_value && (key.scope == scope || key.scope == "all")) data[key.name] = *key.default_value;
  }
  for (const XmlElement& child : element.children) {
    if (child.name != "data") continue;
    const auto key_id = child.attribute("key");
    if (!key_id) continue;
    const auto key = keys.find(*key_id);
    data[key == keys.end() ? std::string(*key_id) : key->second.name] = trimmed(child.text);
  }
  return data;
}

[[nodiscard]] std::optional<Role> parse_role(std::string_view text) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == text) return static_cast<Role>(i);
  }
  return std::nullopt;
}

[[nodiscard]] std::optional<double> speed_unit_bps(std::string_view unit) {
  const std::string u = trimmed(unit);
  if (u == "K" || u == "Kbps" || u == "k") return kKbps;
  if (u == "M" || u == "Mbps") return kMbps;
  if (u == "G" || u == "Gbps") return kGbps;
  if (u == "T" || u == "Tbps") return kTbps;
  if (u.empty() || u == "bps") return 1.0;
  return std::nullopt;
}

[[nodiscard]] std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < kNamesShownInWarnings; ++i) {
    text += (i == 0 ? "" : ", ") + names[i];
  }
  if (names.size() > kNamesShownInWarnings) text += fmt::format(" and {} more", names.size() - kNamesShownInWarnings);
  return text;
}

struct ImportedNode {
  std::string graphml_id;
  Data data;
  SourcePlace place;
  std::optional<double> latitude_deg;
  std::optional<double> longitude_deg;
  bool placed = false;
};

// Zoo labels are city names and read better than the numeric GraphML ids; a label shared
// by several nodes (two PoPs in one city) gets the GraphML id appended to stay unique.
[[nodiscard]] std::vector<std::string> node_names(const std::vector<ImportedNode>& nodes) {
  std::map<std::string, int> label_count;
  for (const ImportedNode& node : nodes) {
    if (const auto label = find(node.data, "label"); label && !label->empty()) ++label_count[std::string(*label)];
  }
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const ImportedNode& node : nodes) {
    const auto label = find(node.data, "label");
    std::string name = node.graphml_id;
    if (label && !label->empty()) {
      name = label_count[std::string(*label)] == 1 ? std::string(*label)
                                                   : fmt::format("{} ({})", *label, node.graphml_id);
    }
    while (!taken.insert(name).second) name += "'";
    names.push_back(name);
  }
  return names;
}

// Equirectangular projection around the centroid of the nodes that have coordinates.
void project(const std::vector<ImportedNode>& imported, Network& network) {
  double lat_sum = 0;
  double lon_sum = 0;
  std::size_t count = 0;
  for (const ImportedNode& node : imported) {
    if (!node.latitude_deg) continue;
    lat_sum += *node.latitude_deg;
    lon_sum += *node.longitude_deg;
    ++count;
  }
  if (count == 0) return;
  const double lat0 = lat_sum / static_cast<double>(count);
  const double lon0 = lon_sum / static_cast<double>(count);
  for (std::size_t i = 0; i < imported.size(); ++i) {
    if (!imported[i].latitude_deg) continue;
    double dlon = *imported[i].longitude_deg - lon0;
    if (dlon > kMaxLongitudeDeg) dlon -= kFullTurnDeg;
    if (dlon < -kMaxLongitudeDeg) dlon += kFullTurnDeg;
    network.nodes[i].x_km = kEarthRadiusKm * radians(dlon) * std::cos(radians(lat0));
    network.nodes[i].y_km = kEarthRadiusKm * radians(*imported[i].latitude_deg - lat0);
  }
}

// Nodes without coordinates go to the mean of their placed neighbours, round after round
// (each round sees only the previous rounds' placements, so the result does not depend on
// node order), until nothing changes.
void place_from_neighbours(std::vector<ImportedNode>& imported, Network& network) {
  std::vector<std::vector<std::size_t>> neighbours(imported.size());
  for (const Link& link : network.links) {
    neighbours[index(link.a)].push_back(index(link.b));
    neighbours[index(link.b)].push_back(index(link.a));
  }
  std::vector<std::string> placed_names;
  bool changed = true;
  while (changed) {
    changed = false;
    std::vector<std::pair<std::size_t, std::pair<double, double>>> round;
    for (std::size_t i = 0; i < imported.size(); ++i) {
      if (imported[i].placed) continue;
      double x = 0;
      double y = 0;
      int count = 0;
      for (std::size_t j : neighbours[i]) {
        if (!imported[j].placed) continue;
        x += network.nodes[j].x_km;
        y += network.nodes[j].y_km;
        ++count;
      }
      if (count > 0) round.push_back({i, {x / count, y / count}});
    }
    for (const auto& [i, position] : round) {
      network.nodes[i].x_km = position.first;
      network.nodes[i].y_km = position.second;
      imported[i].placed = true;
      placed_names.push_back(network.nodes[i].id);
      changed = true;
    }
  }
  std::vector<std::string> unplaced;
  for (std::size_t i = 0; i < imported.size(); ++i) {
    if (!imported[i].placed) unplaced.push_back(network.nodes[i].id);
  }
  if (!placed_names.empty()) {
    network.warnings.push_back(fmt::format("{} nodes have no coordinates and were placed at the mean of their placed "
                                           "neighbours: {}",
                                           placed_names.size(), listed(placed_names)));
  }
  if (!unplaced.empty()) {
    network.warnings.push_back(fmt::format("{} nodes have no coordinates and no placed neighbour; they sit at the "
                                           "centre and their links are 0 km long: {}",
                                           unplaced.size(), listed(unplaced)));
  }
}

[[nodiscard]] std::optional<double> link_speed_bps(const Data& data) {
  if (const auto capacity = number_of(data, "capacity_bps"); capacity && *capacity > 0) return capacity;
  if (const auto raw = number_of(data, "LinkSpeedRaw"); raw && *raw > 0) return raw;
  const auto speed = number_of(data, "LinkSpeed");
  const auto unit = speed_unit_bps(find(data, "LinkSpeedUnits").value_or(""));
  if (speed && *speed > 0 && unit) return *speed * *unit;
  return std::nullopt;
}

[[nodiscard]] Node read_node_values(const ImportedNode& imported, const std::string& name, bool has_role_key) {
  Node node;
  node.id = name;
  node.role = Role::core;
  if (has_role_key) {
    const std::string role_text(find(imported.data, "role").value_or(""));
    const auto role = parse_role(role_text);
    if (!role) {
      throw InputError(imported.place, fmt::format("node '{}': role \"{}\" is not a role; expected one of internet, "
                                                   "gateway, core, idc, ras, aggregation, access",
                                                   shown(name), shown(role_text)));
    }
    node.role = *role;
  }
  node.district = std::string(find(imported.data, "district").value_or(""));
  if (const auto switching = number_of(imported.data, "switching_capacity_bps"); switching && *switching > 0) {
    node.switching_capacity_bps = *switching;
  }
  if (const auto subscribers = number_of(imported.data, "subscribers"); subscribers && *subscribers > 0 &&
                                                                      *subscribers < kMaxSubscribers) {
    node.subscribers = static_cast<std::int64_t>(std::llround(*subscribers));
  }
  return node;
}

}  // namespace

std::string_view role_name(Role role) { return kRoleNames.at(static_cast<std::size_t>(role)); }
std::string_view medium_name(Medium medium) { return kMediumNames.at(static_cast<std::size_t>(medium)); }

Network import_graphml_text(std::string_view text, const std::string& file, double default_link_capacity_bps) {
  const XmlElement root = parse_xml(text, file);
  if (root.name != "graphml") {
    throw InputError(root.place, fmt::format("the document element is <{}>; expected a GraphML file (<graphml>)", shown(root.name)));
  }
  const auto keys = read_keys(root);
  const auto graph = std::find_if(root.children.begin(), root.children.end(),
                                  [](const XmlElement& e) { return e.name == "graph"; });
  if (graph == root.children.end()) throw InputError(root.place, "no <graph> element; expected <graph> inside <graphml>");

  Network network;
  const Data graph_data = read_data(*graph, "graph", keys);
  network.name = std::string(find(graph_data, "label").value_or(
      find(graph_data, "Network").value_or(std::filesystem::path(file).stem().string())));

  std::vector<ImportedNode> imported;
  std::unordered_map<std::string, std::size_t> by_graphml_id;
  bool has_role_key = false;
  bool has_plane_positions = true;
  for (const XmlElement& element : graph->children) {
    if (element.name != "node") continue;
    const auto id = element.attribute("id");
    if (!id) throw InputError(element.place, "a node has no id; expected <node id=\"...\">");
    ImportedNode node{std::string(*id), read_data(element, "node", keys), element.place, {}, {}, false};
    if (!by_graphml_id.emplace(node.graphml_id, imported.size()).second) {
      throw InputError(element.place, fmt::format("node id \"{}\" is used twice; expected unique node ids", shown(*id)));
    }
    has_role_key = has_role_key || node.data.count("role") > 0;
    const auto x = number_of(node.data, "x_km");
    const auto y = number_of(node.data, "y_km");
    has_plane_positions = has_plane_positions && x && y;
    const auto lat = number_of(node.data, "Latitude");
    const auto lon = number_of(node.data, "Longitude");
    if (lat && lon && std::fabs(*lat) <= kMaxLatitudeDeg && std::fabs(*lon) <= kMaxLongitudeDeg) {
      node.latitude_deg = lat;
      node.longitude_deg = lon;
    }
    imported.push_back(std::move(node));
  }
  if (imported.empty()) throw InputError(graph->place, "the graph has no nodes; expected <node> elements");

  const std::vector<std::string> names = node_names(imported);
  for (std::size_t i = 0; i < imported.size(); ++i) {
    network.nodes.push_back(read_node_values(imported[i], names[i], has_role_key));
    if (has_plane_positions) {
      network.nodes[i].x_km = *number_of(imported[i].data, "x_km");
      network.nodes[i].y_km = *number_of(imported[i].data, "y_km");
      imported[i].placed = true;
    } else {
      imported[i].placed = imported[i].latitude_deg.has_value();
    }
  }
  if (!has_plane_positions) project(imported, network);

  std::vector<std::optional<double>> given_lengths;
  std::size_t links_without_speed = 0;
  std::set<std::string> link_ids;
  for (const XmlElement& element : graph->children) {
    if (element.name != "edge") continue;
    const auto source = element.attribute("source");
    const auto target = element.attribute("target");
    if (!source || !target) throw InputError(element.place, "an edge lacks source or target; expected <edge source=\"...\" target=\"...\">");
    const auto a = by_graphml_id.find(std::string(*source));
    const auto b = by_graphml_id.find(std::string(*target));
    if (a == by_graphml_id.end() || b == by_graphml_id.end()) {
      throw InputError(element.place, fmt::format("edge names unknown node \"{}\"; expected the id of a <node>",
                                                  shown(a == by_graphml_id.end() ? *source : *target)));
    }
    const Data data = read_data(element, "edge", keys);
    Link link;
    link.id = std::string(element.attribute("id").value_or(fmt::format("e{}", network.links.size())));
    while (!link_ids.insert(link.id).second) link.id += "'";
    link.a = NodeId{static_cast<std::uint32_t>(a->second)};
    link.b = NodeId{static_cast<std::uint32_t>(b->second)};
    const std::string medium(find(data, "medium").value_or("fiber"));
    link.medium = medium == "microwave" ? Medium::microwave : Medium::fiber;
    const auto speed = link_speed_bps(data);
    if (!speed) ++links_without_speed;
    link.capacity_bps = speed.value_or(default_link_capacity_bps);
    const auto length = number_of(data, "length_km");
    given_lengths.push_back(length && *length >= 0 ? length : std::nullopt);
    network.links.push_back(link);
  }

  if (!has_plane_positions) place_from_neighbours(imported, network);
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    Link& link = network.links[i];
    const ImportedNode& a = imported[index(link.a)];
    const ImportedNode& b = imported[index(link.b)];
    if (given_lengths[i]) {
      link.length_km = *given_lengths[i];
    } else if (a.latitude_deg && b.latitude_deg && !has_plane_positions) {
      link.length_km = great_circle_km(*a.latitude_deg, *a.longitude_deg, *b.latitude_deg, *b.longitude_deg);
    } else {
      const Node& na = network.nodes[index(link.a)];
      const Node& nb = network.nodes[index(link.b)];
      link.length_km = plane_distance_km(na.x_km, na.y_km, nb.x_km, nb.y_km);
    }
  }
  if (links_without_speed > 0) {
    network.warnings.push_back(fmt::format("{} of {} links have no speed; they get the default capacity of {:g} Mbps",
                                           links_without_speed, network.links.size(), default_link_capacity_bps / kMbps));
  }
  if (graph->attribute("edgedefault").value_or("undirected") == "directed") {
    network.warnings.push_back("the graph is directed; every edge is taken as a full-duplex link");
  }
  return network;
}

Network import_graphml_file(const std::string& path, double default_link_capacity_bps) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw InputError(SourcePlace{path, 0, 0}, "is a directory; expected a GraphML file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourcePlace{path, 0, 0}, "cannot be read; expected a readable GraphML file");
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxGraphmlBytes) {
    throw InputError(SourcePlace{path, 0, 0}, fmt::format("is {} bytes; expected at most {}", size, kMaxGraphmlBytes));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return import_graphml_text(text.str(), path, default_link_capacity_bps);
}

namespace {

[[nodiscard]] std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string export_graphml(const Network& network) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n";
  out += "  <key id=\"label\" for=\"graph\" attr.name=\"label\" attr.type=\"string\"/>\n";
  out += "  <key id=\"role\" for=\"node\" attr.name=\"role\" attr.type=\"string\"/>\n";
  out += "  <key id=\"district\" for=\"node\" attr.name=\"district\" attr.type=\"string\"/>\n";
  out += "  <key id=\"x_km\" for=\"node\" attr.name=\"x_km\" attr.type=\"double\"/>\n";
  out += "  <key id=\"y_km\" for=\"node\" attr.name=\"y_km\" attr.type=\"double\"/>\n";
  out += "  <key id=\"switching_capacity_bps\" for=\"node\" attr.name=\"switching_capacity_bps\" attr.type=\"double\"/>\n";
  out += "  <key id=\"subscribers\" for=\"node\" attr.name=\"subscribers\" attr.type=\"long\"/>\n";
  out += "  <key id=\"medium\" for=\"edge\" attr.name=\"medium\" attr.type=\"string\"/>\n";
  out += "  <key id=\"length_km\" for=\"edge\" attr.name=\"length_km\" attr.type=\"double\"/>\n";
  out += "  <key id=\"capacity_bps\" for=\"edge\" attr.name=\"capacity_bps\" attr.type=\"double\"/>\n";
  out += "  <graph id=\"G\" edgedefault=\"undirected\">\n";
  out += fmt::format("    <data key=\"label\">{}</data>\n", escaped(network.name));
  for (const Node& node : network.nodes) {
    out += fmt::format("    <node id=\"{}\">\n", escaped(node.id));
    out += fmt::format("      <data key=\"role\">{}</data>\n", role_name(node.role));
    out += fmt::format("      <data key=\"district\">{}</data>\n", escaped(node.district));
    // {} writes the shortest text that reads back to the same double: the round trip is exact.
    out += fmt::format("      <data key=\"x_km\">{}</data>\n", node.x_km);
    out += fmt::format("      <data key=\"y_km\">{}</data>\n", node.y_km);
    out += fmt::format("      <data key=\"switching_capacity_bps\">{}</data>\n", node.switching_capacity_bps);
    out += fmt::format("      <data key=\"subscribers\">{}</data>\n", node.subscribers);
    out += "    </node>\n";
  }
  for (const Link& link : network.links) {
    out += fmt::format("    <edge id=\"{}\" source=\"{}\" target=\"{}\">\n", escaped(link.id),
                       escaped(network.nodes.at(index(link.a)).id), escaped(network.nodes.at(index(link.b)).id));
    out += fmt::format("      <data key=\"medium\">{}</data>\n", medium_name(link.medium));
    out += fmt::format("      <data key=\"length_km\">{}</data>\n", link.length_km);
    out += fmt::format("      <data key=\"capacity_bps\">{}</data>\n", link.capacity_bps);
    out += "    </edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

namespace {

[[nodiscard]] std::string dot_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

[[nodiscard]] std::string_view role_shape(Role role) {
  switch (role) {
    case Role::internet: return "doublecircle";
    case Role::gateway: return "diamond";
    case Role::core: return "box";
    case Role::idc: return "cylinder";
    case Role::ras: return "hexagon";
    case Role::aggregation: return "ellipse";
    case Role::access: return "point";
  }
  return "ellipse";
}

}  // namespace

std::string export_dot(const Network& network) {
  std::string out = fmt::format("graph {} {{\n  node [fontsize=8];\n", dot_quoted(network.name));
  for (const Node& node : network.nodes) {
    out += fmt::format("  {} [shape={}, pos=\"{},{}!\", role={}];\n", dot_quoted(node.id), role_shape(node.role),
                       node.x_km, node.y_km, role_name(node.role));
  }
  for (const Link& link : network.links) {
    out += fmt::format("  {} -- {} [label={}, style={}];\n", dot_quoted(network.nodes.at(index(link.a)).id),
                       dot_quoted(network.nodes.at(index(link.b)).id), dot_quoted(link.id),
                       link.medium == Medium::microwave ? "dashed" : "solid");
  }
  return out + "}\n";
}

}  // namespace citynet::topology
