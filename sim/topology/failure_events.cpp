#include "topology/failure_events.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include <fmt/core.h>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "scenario/names.hpp"
#include "scenario/yaml_reader.hpp"  // the did-you-mean of scenario messages
#include "topology/geometry.hpp"

namespace citynet::topology {
namespace {

using scenario::FailureEventSpec;

constexpr double kSecondsPerYear = 365 * 86400.0;
constexpr double kKmPerFiberRateUnit = 1000;  // rates are per 1,000 km of fiber
// Labels of the random streams of failures, apart from demand's streams: a plan that
// changes demand or capacity leaves the failures as they were.
constexpr std::string_view kFiberCutStream = "failures.fiber-cut";
constexpr std::string_view kNodeFailureStream = "failures.node";

[[nodiscard]] double link_distance_to_point_km(const Network& network, const Link& link, const scenario::PlanePoint& p) {
  const Node& a = network.nodes[index(link.a)];
  const Node& b = network.nodes[index(link.b)];
  return point_segment_distance_km(p.x_km, p.y_km, a.x_km, a.y_km, b.x_km, b.y_km);
}

[[nodiscard]] double link_distance_to_segment_km(const Network& network, const Link& link,
                                                 const scenario::CorridorSpec& corridor) {
  const Node& a = network.nodes[index(link.a)];
  const Node& b = network.nodes[index(link.b)];
  return segment_distance_km(a.x_km, a.y_km, b.x_km, b.y_km, corridor.from.x_km, corridor.from.y_km, corridor.to.x_km,
                             corridor.to.y_km);
}

[[nodiscard]] bool in_circle(const Network& network, const Link& link, const scenario::CircleSpec& circle) {
  return link_distance_to_point_km(network, link, circle.around) <= circle.radius_km;
}

template <typename Id>
[[nodiscard]] Id find_id(const std::unordered_map<std::string, Id>& ids, const std::vector<std::string_view>& names,
                         const FailureEventSpec& event, std::string_view what) {
  const auto it = ids.find(event.element_id);
  if (it != ids.end()) return it->second;
  const std::string path = event.element_path.empty() ? std::string() : event.element_path + ": ";
  throw InputError(event.element_place,
                   fmt::format("{}no {} \"{}\" in the network{}", path, what, event.element_id,
                               scenario::yaml::suggestion(event.element_id, names)));
}

// Alternating up and down times of one element: up for an exponential time of the given
// rate, down for an exponential repair time; an element fails only while it is up.
template <typename AddOutage>
void draw_outages(RandomStream& random, double rate_per_s, double mean_repair_s, double duration_s,
                  AddOutage add_outage) {
  if (!(rate_per_s > 0)) return;
  double t = 0;
  while (true) {
    t += -std::log(random.uniform01()) / rate_per_s;
    if (t >= duration_s) return;
    const double repair_s = -std::log(random.uniform01()) * mean_repair_s;
    add_outage(t, std::min(t + repair_s, duration_s));
    t += repair_s;
  }
}

}  // namespace

std::vector<FailureEvent> resolve_failures(const Network& network, const scenario::FailureSpec& spec,
                                           std::uint64_t seed, double duration_s) {
  std::unordered_map<std::string, LinkId> link_ids;
  std::unordered_map<std::string, NodeId> node_ids;
  std::vector<std::string_view> link_names;
  std::vector<std::string_view> node_names;
  for (std::uint32_t i = 0; i < network.links.size(); ++i) {
    link_ids.emplace(network.links[i].id, LinkId{i});
    link_names.push_back(network.links[i].id);
  }
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    node_ids.emplace(network.nodes[i].id, NodeId{i});
    node_names.push_back(network.nodes[i].id);
  }

  std::vector<FailureEvent> events;
  for (const FailureEventSpec& spec_event : spec.events) {
    FailureEvent event{spec_event.name, spec_event.start_s, std::min(spec_event.end_s, duration_s), {}, {}, {}};
    for (std::uint32_t i = 0; i < network.links.size(); ++i) {
      const Link& link = network.links[i];
      const bool fiber = link.medium == Medium::fiber;
      switch (spec_event.kind) {
        case FailureEventSpec::Kind::cut_corridor:
          if (fiber && link_distance_to_segment_km(network, link, spec_event.corridor) <= spec_event.corridor.width_km / 2) {
            event.links_down.push_back(LinkId{i});
          }
          break;
        case FailureEventSpec::Kind::cut_radius:
          if (fiber && in_circle(network, link, spec_event.circle)) event.links_down.push_back(LinkId{i});
          break;
        case FailureEventSpec::Kind::fade: {
          if (fiber) break;
          const auto& districts = spec_event.fade.districts;
          const auto in_districts = [&](NodeId node) {
            return std::find(districts.begin(), districts.end(), network.nodes[index(node)].district) != districts.end();
          };
          const bool faded = spec_event.fade.area ? in_circle(network, link, *spec_event.fade.area)
                                                  : in_districts(link.a) || in_districts(link.b);
          if (faded) event.links_faded.emplace_back(LinkId{i}, spec_event.fade.capacity_fraction);
          break;
        }
        default: break;
      }
    }
    if (spec_event.kind == FailureEventSpec::Kind::cut_link) {
      event.links_down.push_back(find_id(link_ids, link_names, spec_event, "link"));
    }
    if (spec_event.kind == FailureEventSpec::Kind::node_down) {
      event.nodes_down.push_back(find_id(node_ids, node_names, spec_event, "node"));
    }
    if (event.start_s < duration_s) events.push_back(std::move(event));
  }

  struct Outage {
    double start_s = 0;
    double end_s = 0;
    bool is_node = false;
    std::uint32_t element = 0;
  };
  std::vector<Outage> outages;
  const scenario::RandomFailureSpec& random = spec.random;
  for (std::uint32_t i = 0; i < network.links.size(); ++i) {
    const Link& link = network.links[i];
    if (link.medium != Medium::fiber) continue;
    const double rate_per_s =
        random.fiber_cuts_per_1000km_year * link.length_km / kKmPerFiberRateUnit / kSecondsPerYear;
    RandomStream stream(derive_seed(seed, {hash_name(kFiberCutStream), hash_name(link.id)}));
    draw_outages(stream, rate_per_s, random.mean_fiber_repair_s, duration_s,
                 [&](double start_s, double end_s) { outages.push_back({start_s, end_s, false, i}); });
  }
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    const Node& node = network.nodes[i];
    const auto& roles = random.node_roles;
    if (std::find(roles.begin(), roles.end(), scenario::to_string(node.role)) == roles.end()) continue;
    RandomStream stream(derive_seed(seed, {hash_name(kNodeFailureStream), hash_name(node.id)}));
    draw_outages(stream, random.node_failures_per_year / kSecondsPerYear, random.mean_node_repair_s, duration_s,
                 [&](double start_s, double end_s) { outages.push_back({start_s, end_s, true, i}); });
  }
  std::sort(outages.begin(), outages.end(), [](const Outage& x, const Outage& y) {
    if (x.start_s != y.start_s) return x.start_s < y.start_s;
    if (x.is_node != y.is_node) return !x.is_node;
    return x.element < y.element;
  });
  std::size_t fiber_cuts = 0;
  std::size_t node_failures = 0;
  for (const Outage& outage : outages) {
    FailureEvent event;
    event.start_s = outage.start_s;
    event.end_s = outage.end_s;
    if (outage.is_node) {
      event.name = fmt::format("random node failure {} ({})", ++node_failures, network.nodes[outage.element].id);
      event.nodes_down.push_back(NodeId{outage.element});
    } else {
      event.name = fmt::format("random fiber cut {} ({})", ++fiber_cuts, network.links[outage.element].id);
      event.links_down.push_back(LinkId{outage.element});
    }
    events.push_back(std::move(event));
  }

  std::stable_sort(events.begin(), events.end(), [](const FailureEvent& x, const FailureEvent& y) {
    if (x.start_s != y.start_s) return x.start_s < y.start_s;
    return x.name < y.name;
  });
  return events;
}

}  // namespace citynet::topology
