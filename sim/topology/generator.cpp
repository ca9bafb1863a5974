#include "topology/generator.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>
#include <queue>
#include <tuple>

#include <fmt/core.h>

#include "core/rng.hpp"
#include "topology/apportion.hpp"
#include "topology/geometry.hpp"

namespace citynet::topology {

namespace {

using scenario::AccessKind;
using scenario::District;
using scenario::GeneratorSpec;

inline constexpr int kKMeansRounds = 25;
inline constexpr double kExtraCoreRadiusKm = 2.0;  // cores beyond one per district ring the centre
inline constexpr double kDefaultDistrictRadiusKm = 1.0;  // a district given without an area
inline constexpr int kRedundantUplinks = 2;       // aggregation and IDC are dual-homed
inline constexpr int kMaxCoreNodes = 1000;        // a full mesh of more is not a city core
inline constexpr int kMaxGateways = 1000;
inline constexpr std::int64_t kMaxAccessSites = 2'000'000;
// The route over the radio must be longer than the fiber route by more than rounding.
inline constexpr double kFiberFirstMarginKm = 1e-6;

struct Point {
  double x_km = 0;
  double y_km = 0;
};

[[nodiscard]] double distance_km(const Point& p, const Point& q) { return plane_distance_km(p.x_km, p.y_km, q.x_km, q.y_km); }
[[nodiscard]] double cable_km(const Point& p, const Point& q) { return std::max(kMinimumCableKm, kCableRouteFactor * distance_km(p, q)); }

[[noreturn]] void refuse(const GeneratorSpec& spec, const std::string& message) { throw InputError(spec.place, message); }

void check_spec(const scenario::Scenario& scenario, const GeneratorSpec& spec) {
  if (scenario.city.districts.empty()) refuse(spec, "network.generate: the city has no districts; expected city.districts");
  if (spec.core_nodes < 1 || spec.core_nodes > kMaxCoreNodes) {
    refuse(spec, fmt::format("network.generate.core_nodes: {}; expected 1 to {}", spec.core_nodes, kMaxCoreNodes));
  }
  if (spec.gateways < 1 || spec.gateways > kMaxGateways) {
    refuse(spec, fmt::format("network.generate.gateways: {}; expected 1 to {}", spec.gateways, kMaxGateways));
  }
  if (spec.subscribers_per_access_site < 1) {
    refuse(spec, fmt::format("network.generate.subscribers_per_access_site: {}; expected at least 1",
                             spec.subscribers_per_access_site));
  }
  const std::array<std::pair<const char*, double>, 10> positive = {{{"fiber_length", spec.fiber_length_km},
                                                                   {"core_switching", spec.core_switching_bps},
                                                                   {"egress", spec.egress_bps},
                                                                   {"access_uplink", spec.access_uplink_bps},
                                                                   {"aggregation_uplink", spec.aggregation_uplink_bps},
                                                                   {"core_link", spec.core_link_bps},
                                                                   {"idc_link", spec.idc_link_bps},
                                                                   {"ras_link", spec.ras_link_bps},
                                                                   {"microwave_capacity", spec.microwave_capacity_bps},
                                                                   {"microwave_max_hop", spec.microwave_max_hop_km}}};
  for (const auto& [name, value] : positive) {
    if (!(value > 0) || !std::isfinite(value)) refuse(spec, fmt::format("network.generate.{}: {}; expected a positive value", name, value));
  }
}

class Builder {
 public:
  Builder(const scenario::Scenario& scenario, const GeneratorSpec& spec) : scenario_(scenario), spec_(spec) {
    network_.name = scenario.name;
  }

  Network build() {
    check_spec(scenario_, spec_);
    centre_ = household_centre();
    place_cores();
    add_core_links();
    add_gateways();
    add_idc();
    add_ras();
    add_aggregation();
    add_access_sites();
    attach_dialup();
    size_fiber();
    add_microwave();
    return std::move(network_);
  }

 private:
  NodeId add_node(std::string id, Role role, const Point& at, std::string district = {}) {
    Node node;
    node.id = std::move(id);
    node.role = role;
    node.district = std::move(district);
    node.x_km = at.x_km;
    node.y_km = at.y_km;
    node.subscribers_by_class.assign(scenario_.demand.classes.size(), 0);
    network_.nodes.push_back(std::move(node));
    return NodeId{static_cast<std::uint32_t>(network_.nodes.size() - 1)};
  }

  [[nodiscard]] Point at(NodeId node) const {
    return {network_.nodes[index(node)].x_km, network_.nodes[index(node)].y_km};
  }

  LinkId add_link(std::string id, NodeId a, NodeId b, Medium medium, double capacity_bps) {
    Link link;
    link.id = std::move(id);
    link.a = a;
    link.b = b;
    link.medium = medium;
    link.capacity_bps = capacity_bps;
    link.length_km = medium == Medium::fiber ? cable_km(at(a), at(b)) : distance_km(at(a), at(b));
    network_.links.push_back(std::move(link));
    return LinkId{static_cast<std::uint32_t>(network_.links.size() - 1)};
  }

  [[nodiscard]] double weight(const District& district) const {
    return all_households_zero() ? 1.0 : static_cast<double>(std::max<std::int64_t>(district.households, 0));
  }
  [[nodiscard]] bool all_households_zero() const {
    return std::none_of(scenario_.city.districts.begin(), scenario_.city.districts.end(),
                        [](const District& d) { return d.households > 0; });
  }

  [[nodiscard]] Point household_centre() const {
    Point sum;
    double total = 0;
    for (const District& d : scenario_.city.districts) {
      sum.x_km += weight(d) * d.x_km;
      sum.y_km += weight(d) * d.y_km;
      total += weight(d);
    }
    return {sum.x_km / total, sum.y_km / total};
  }

  // Indices of `points` by distance to `from`, nearest first (ties: lower index).
  [[nodiscard]] static std::vector<std::size_t> nearest_first(const std::vector<Point>& points, const Point& from) {
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return distance_km(points[a], from) < distance_km(points[b], from);
    });
    return order;
  }

  // Household-weighted k-means over the district centres, started from the most populous.
  void place_cores() {
    const auto& districts = scenario_.city.districts;
    std::vector<std::size_t> by_size(districts.size());
    std::iota(by_size.begin(), by_size.end(), std::size_t{0});
    std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(districts[b].households, districts[a].name) < std::tie(districts[a].households, districts[b].name);
    });
    const auto k = static_cast<std::size_t>(spec_.core_nodes);
    std::vector<Point> cores;
    for (std::size_t i = 0; i < k && i < by_size.size(); ++i) cores.push_back({districts[by_size[i]].x_km, districts[by_size[i]].y_km});
    const std::size_t clustered = cores.size();
    for (int round = 0; round < kKMeansRounds && clustered > 1; ++round) {
      std::vector<Point> sum(clustered);
      std::vector<double> total(clustered, 0);
      for (const District& d : districts) {
        const std::size_t c = nearest_first(cores, {d.x_km, d.y_km}).front();
        sum[c].x_km += weight(d) * d.x_km;
        sum[c].y_km += weight(d) * d.y_km;
        total[c] += weight(d);
      }
      for (std::size_t c = 0; c < clustered; ++c) {
        if (total[c] > 0) cores[c] = {sum[c].x_km / total[c], sum[c].y_km / total[c]};
      }
    }
    const std::size_t extra = k - clustered;
    for (std::size_t e = 0; e < extra; ++e) {
      const double angle = 2 * std::numbers::pi * static_cast<double>(e) / static_cast<double>(extra);
      cores.push_back({centre_.x_km + kExtraCoreRadiusKm * std::cos(angle), centre_.y_km + kExtraCoreRadiusKm * std::sin(angle)});
    }
    // Equal shares, the last taking what rounding left, so the sum is the target.
    double given_bps = 0;
    for (std::size_t c = 0; c < k; ++c) {
      const NodeId node = add_node(fmt::format("core-{}", c + 1), Role::core, cores[c]);
      const double share = c + 1 < k ? spec_.core_switching_bps / static_cast<double>(k) : spec_.core_switching_bps - given_bps;
      network_.nodes[index(node)].switching_capacity_bps = share;
      given_bps += share;
      core_nodes_.push_back(node);
    }
    core_points_ = cores;
  }

  void add_core_links() {
    const std::size_t k = core_nodes_.size();
    if (k < 2) return;
    if (spec_.core_topology == scenario::CoreTopology::mesh || k == 2) {
      for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = i + 1; j < k; ++j) {
          add_link(fmt::format("core-{}-core-{}", i + 1, j + 1), core_nodes_[i], core_nodes_[j], Medium::fiber, spec_.core_link_bps);
        }
      }
      return;
    }
    std::vector<std::size_t> ring(k);
    std::iota(ring.begin(), ring.end(), std::size_t{0});
    const auto angle = [&](std::size_t c) {
      return std::atan2(core_points_[c].y_km - centre_.y_km, core_points_[c].x_km - centre_.x_km);
    };
    std::stable_sort(ring.begin(), ring.end(), [&](std::size_t a, std::size_t b) { return angle(a) < angle(b); });
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t a = ring[i];
      const std::size_t b = ring[(i + 1) % k];
      add_link(fmt::format("core-{}-core-{}", a + 1, b + 1), core_nodes_[a], core_nodes_[b], Medium::fiber, spec_.core_link_bps);
    }
  }

  void add_gateways() {
    internet_ = add_node("internet", Role::internet, centre_);
    const std::vector<std::size_t> central = nearest_first(core_points_, centre_);
    const auto g = static_cast<std::size_t>(spec_.gateways);
    double given_bps = 0;
    for (std::size_t i = 0; i < g; ++i) {
      const std::size_t core = central[i % central.size()];
      const NodeId gateway = add_node(fmt::format("gw-{}", i + 1), Role::gateway, core_points_[core]);
      const double share = i + 1 < g ? spec_.egress_bps / static_cast<double>(g) : spec_.egress_bps - given_bps;
      given_bps += share;
      add_link(fmt::format("gw-{}-internet", i + 1), gateway, internet_, Medium::fiber, share);
      add_link(fmt::format("gw-{}-core-{}", i + 1, core + 1), gateway, core_nodes_[core], Medium::fiber,
               std::max(spec_.core_link_bps, share));
    }
  }

  void add_idc() {
    const std::vector<std::size_t> central = nearest_first(core_points_, centre_);
    const NodeId idc = add_node("idc", Role::idc, core_points_[central.front()]);
    for (std::size_t i = 0; i < central.size() && i < static_cast<std::size_t>(kRedundantUplinks); ++i) {
      add_link(fmt::format("idc-core-{}", central[i] + 1), idc, core_nodes_[central[i]], Medium::fiber, spec_.idc_link_bps);
    }
  }

  void add_ras() {
    for (std::size_t c = 0; c < core_nodes_.size(); ++c) {
      const NodeId ras = add_node(fmt::format("ras-{}", c + 1), Role::ras, core_points_[c]);
      add_link(fmt::format("ras-{}-core-{}", c + 1, c + 1), ras, core_nodes_[c], Medium::fiber, spec_.ras_link_bps);
      // Dual-homed to the nearest other core too, so no single core cuts off its dial-up users.
      for (std::size_t other : nearest_first(core_points_, core_points_[c])) {
        if (other == c) continue;
        add_link(fmt::format("ras-{}-core-{}", c + 1, other + 1), ras, core_nodes_[other], Medium::fiber, spec_.ras_link_bps);
        break;
      }
      ras_nodes_.push_back(ras);
    }
  }

  void add_aggregation() {
    for (const District& d : scenario_.city.districts) {
      const NodeId agg = add_node("agg-" + d.name, Role::aggregation, {d.x_km, d.y_km}, d.name);
      aggregation_.push_back(agg);
      const std::vector<std::size_t> nearest = nearest_first(core_points_, {d.x_km, d.y_km});
      for (std::size_t i = 0; i < nearest.size() && i < static_cast<std::size_t>(kRedundantUplinks); ++i) {
        add_link(fmt::format("agg-{}-core-{}", d.name, nearest[i] + 1), agg, core_nodes_[nearest[i]], Medium::fiber,
                 spec_.aggregation_uplink_bps);
      }
    }
  }

  [[nodiscard]] std::size_t district_index(const scenario::SubscriberClass& c, const std::string& name) const {
    const auto& districts = scenario_.city.districts;
    for (std::size_t i = 0; i < districts.size(); ++i) {
      if (districts[i].name == name) return i;
    }
    throw InputError(c.place, fmt::format("class '{}' names unknown district '{}'; expected a district of city.districts",
                                          c.name, name));
  }

  // A class's city-wide count over its districts (all when it lists none) by households.
  [[nodiscard]] std::vector<std::int64_t> class_by_district(const scenario::SubscriberClass& c) const {
    const auto& districts = scenario_.city.districts;
    std::vector<double> weights(districts.size(), 0.0);
    if (c.districts.empty()) {
      for (std::size_t i = 0; i < districts.size(); ++i) weights[i] = weight(districts[i]);
    } else {
      std::vector<bool> listed(districts.size(), false);
      for (const std::string& name : c.districts) listed[district_index(c, name)] = true;
      const bool any_households = std::any_of(c.districts.begin(), c.districts.end(), [&](const std::string& name) {
        return districts[district_index(c, name)].households > 0;
      });
      for (std::size_t i = 0; i < districts.size(); ++i) {
        if (listed[i]) weights[i] = any_households ? static_cast<double>(std::max<std::int64_t>(districts[i].households, 0)) : 1.0;
      }
    }
    return apportion(c.count, weights);
  }

  void add_access_sites() {
    const auto& districts = scenario_.city.districts;
    const auto& classes = scenario_.demand.classes;
    // by_district[d][c]: broadband subscribers of class c in district d.
    std::vector<std::vector<std::int64_t>> by_district(districts.size(), std::vector<std::int64_t>(classes.size(), 0));
    for (std::size_t c = 0; c < classes.size(); ++c) {
      if (classes[c].access == AccessKind::dialup || classes[c].count <= 0) continue;
      const std::vector<std::int64_t> parts = class_by_district(classes[c]);
      for (std::size_t d = 0; d < districts.size(); ++d) by_district[d][c] = parts[d];
    }
    std::int64_t total_sites = 0;
    for (std::size_t d = 0; d < districts.size(); ++d) {
      const std::int64_t subscribers = std::accumulate(by_district[d].begin(), by_district[d].end(), std::int64_t{0});
      total_sites += (subscribers + spec_.subscribers_per_access_site - 1) / spec_.subscribers_per_access_site;
      if (total_sites > kMaxAccessSites) {
        refuse(spec_, fmt::format("network.generate.subscribers_per_access_site: {} makes more than {} access sites; "
                                  "expected a larger number per site",
                                  spec_.subscribers_per_access_site, kMaxAccessSites));
      }
    }
    for (std::size_t d = 0; d < districts.size(); ++d) add_district_sites(d, by_district[d]);
  }

  void add_district_sites(std::size_t d, const std::vector<std::int64_t>& per_class) {
    const District& district = scenario_.city.districts[d];
    const std::int64_t subscribers = std::accumulate(per_class.begin(), per_class.end(), std::int64_t{0});
    const std::int64_t sites = (subscribers + spec_.subscribers_per_access_site - 1) / spec_.subscribers_per_access_site;
    if (sites == 0) return;
    const double radius_km = district.area_km2 > 0 ? std::sqrt(district.area_km2 / std::numbers::pi) : kDefaultDistrictRadiusKm;
    const double served_area_km2 = (district.area_km2 > 0 ? district.area_km2 : std::numbers::pi * radius_km * radius_km) /
                                   static_cast<double>(sites);
    RandomStream random(derive_seed(scenario_.simulation.seed, {hash_name("topology.access"), hash_name(district.name)}));
    std::vector<NodeId> placed;
    for (std::int64_t s = 0; s < sites; ++s) {
      // Uniform over the district's disc: radius by the square root of a uniform draw.
      const double r = radius_km * std::sqrt(random.uniform01());
      const double angle = 2 * std::numbers::pi * random.uniform01();
      const Point where{district.x_km + r * std::cos(angle), district.y_km + r * std::sin(angle)};
      const NodeId site = add_node(fmt::format("acc-{}-{}", district.name, s + 1), Role::access, where, district.name);
      const LinkId uplink = add_link(fmt::format("acc-{}-{}-agg", district.name, s + 1), site, aggregation_[d],
                                     Medium::fiber, spec_.access_uplink_bps);
      access_uplinks_.push_back({uplink, served_area_km2});
      access_district_.push_back(d);
      placed.push_back(site);
    }
    // Each class over the district's sites, the remainders rotated by class so that site
    // totals stay within one subscriber per class of each other.
    for (std::size_t c = 0; c < per_class.size(); ++c) {
      std::vector<std::int64_t> parts = apportion(per_class[c], std::vector<double>(placed.size(), 1.0));
      std::rotate(parts.rbegin(), parts.rbegin() + static_cast<std::ptrdiff_t>(c % parts.size()), parts.rend());
      for (std::size_t s = 0; s < placed.size(); ++s) {
        Node& node = network_.nodes[index(placed[s])];
        node.subscribers_by_class[c] += parts[s];
        node.subscribers += parts[s];
      }
    }
  }

  // A dial-up call goes to the operator's city-wide access number, whose hunt group spreads
  // calls over the whole RAS pool: each RAS takes an equal share of every district's lines
  // (the remainders rotated by district), whatever core is nearest the district. Sending
  // each district to its nearest RAS instead loaded one RAS with every outer district.
  void attach_dialup() {
    const auto& districts = scenario_.city.districts;
    const auto& classes = scenario_.demand.classes;
    for (std::size_t c = 0; c < classes.size(); ++c) {
      if (classes[c].access != AccessKind::dialup || classes[c].count <= 0) continue;
      const std::vector<std::int64_t> by_district = class_by_district(classes[c]);
      for (std::size_t d = 0; d < districts.size(); ++d) {
        std::vector<std::int64_t> parts = apportion(by_district[d], std::vector<double>(ras_nodes_.size(), 1.0));
        std::rotate(parts.rbegin(), parts.rbegin() + static_cast<std::ptrdiff_t>(d % parts.size()), parts.rend());
        for (std::size_t r = 0; r < ras_nodes_.size(); ++r) {
          Node& ras = network_.nodes[index(ras_nodes_[r])];
          ras.subscribers_by_class[c] += parts[r];
          ras.subscribers += parts[r];
        }
      }
    }
  }

  void size_fiber() {
    double backbone_km = 0;
    for (const Link& link : network_.links) backbone_km += link.length_km;
    const double plant_km = spec_.fiber_length_km - backbone_km;
    if (plant_km < 0) {
      refuse(spec_, fmt::format("network.generate.fiber_length: {:.1f} km is less than the {:.1f} km of cable the "
                                "generated backbone needs; expected at least {:.1f} km",
                                spec_.fiber_length_km, backbone_km, backbone_km));
    }
    double served_km2 = 0;
    for (const auto& [link, area_km2] : access_uplinks_) served_km2 += area_km2;
    if (served_km2 <= 0) {
      refuse(spec_, "network.generate.fiber_length: the city has no broadband subscribers, so no access site can carry "
                    "the distribution fiber; expected subscriber classes with counts");
    }
    const double plant_km_per_km2 = plant_km / served_km2;
    for (const auto& [link, area_km2] : access_uplinks_) network_.links[index(link)].length_km += plant_km_per_km2 * area_km2;
  }

  // Fiber distance from every node to the internet node.
  [[nodiscard]] std::vector<double> fiber_distance_to_internet() const {
    std::vector<std::vector<std::pair<std::uint32_t, double>>> adjacency(network_.nodes.size());
    for (const Link& link : network_.links) {
      if (link.medium != Medium::fiber) continue;
      adjacency[index(link.a)].push_back({index(link.b), link.length_km});
      adjacency[index(link.b)].push_back({index(link.a), link.length_km});
    }
    std::vector<double> distance(network_.nodes.size(), std::numeric_limits<double>::infinity());
    using Entry = std::pair<double, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    distance[index(internet_)] = 0;
    queue.emplace(0.0, index(internet_));
    while (!queue.empty()) {
      const auto [d, u] = queue.top();
      queue.pop();
      if (d > distance[u]) continue;
      for (const auto& [v, length] : adjacency[u]) {
        if (d + length < distance[v]) {
          distance[v] = d + length;
          queue.emplace(distance[v], v);
        }
      }
    }
    return distance;
  }

  void add_microwave() {
    const std::vector<double> fiber_km = fiber_distance_to_internet();
    std::vector<NodeId> hubs(core_nodes_);
    hubs.insert(hubs.end(), aggregation_.begin(), aggregation_.end());
    std::vector<Point> hub_points;
    for (NodeId hub : hubs) hub_points.push_back(at(hub));
    for (std::size_t s = 0; s < access_uplinks_.size(); ++s) {
      const std::size_t d = access_district_[s];
      if (!scenario_.city.districts[d].urban) continue;
      const NodeId site = network_.links[index(access_uplinks_[s].first)].a;
      const double site_km = fiber_km[index(site)];
      std::optional<std::size_t> chosen;
      for (std::size_t h : nearest_first(hub_points, at(site))) {
        if (hubs[h] == aggregation_[d]) continue;
        if (!chosen) chosen = h;  // the nearest, if none keeps fiber first
        if (distance_km(at(site), hub_points[h]) + fiber_km[index(hubs[h])] > site_km + kFiberFirstMarginKm) {
          chosen = h;
          break;
        }
      }
      if (chosen) add_radio_path(site, hubs[*chosen]);
    }
  }

  void add_radio_path(NodeId site, NodeId hub) {
    const Point from = at(site);
    const Point to = at(hub);
    const int hops = std::max(1, static_cast<int>(std::ceil(distance_km(from, to) / spec_.microwave_max_hop_km)));
    const std::string name = network_.nodes[index(site)].id;  // a copy: add_node reallocates
    const std::string district = network_.nodes[index(site)].district;
    NodeId previous = site;
    for (int h = 1; h < hops; ++h) {
      const double t = static_cast<double>(h) / hops;
      const Point relay_at{from.x_km + t * (to.x_km - from.x_km), from.y_km + t * (to.y_km - from.y_km)};
      const NodeId relay = add_node(fmt::format("mw-relay-{}-{}", name, h), Role::aggregation, relay_at, district);
      add_link(fmt::format("mw-{}-{}", name, h), previous, relay, Medium::microwave, spec_.microwave_capacity_bps);
      previous = relay;
    }
    add_link(fmt::format("mw-{}-{}", name, hops), previous, hub, Medium::microwave, spec_.microwave_capacity_bps);
  }

  const scenario::Scenario& scenario_;
  const GeneratorSpec& spec_;
  Network network_;
  Point centre_;
  std::vector<Point> core_points_;
  std::vector<NodeId> core_nodes_;
  std::vector<NodeId> ras_nodes_;
  std::vector<NodeId> aggregation_;  // by district index
  NodeId internet_{};
  std::vector<std::pair<LinkId, double>> access_uplinks_;  // uplink, served area km²
  std::vector<std::size_t> access_district_;               // aligned with access_uplinks_
};

}  // namespace

Network generate_network(const scenario::Scenario& scenario) {
  if (!scenario.network.generate) throw InputError(scenario.network.place, "network: no generate block; expected network.generate");
  return Builder(scenario, *scenario.network.generate).build();
}

}  // namespace citynet::topology
