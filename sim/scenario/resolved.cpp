#include "scenario/resolved.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "core/version.hpp"
#include "scenario/names.hpp"
#include "scenario/units.hpp"

namespace citynet::scenario {
namespace {

// Every value goes out as text formatted here, so that it reads back to the same double.
void put(YAML::Emitter& out, std::string_view key, const std::string& value) {
  out << YAML::Key << std::string(key) << YAML::Value << value;
}
void put(YAML::Emitter& out, std::string_view key, std::string_view value) { put(out, key, std::string(value)); }
void put_number(YAML::Emitter& out, std::string_view key, double value) { put(out, key, format_number(value)); }
void put_count(YAML::Emitter& out, std::string_view key, std::int64_t value) { put(out, key, fmt::format("{}", value)); }
void put_names(YAML::Emitter& out, std::string_view key, const std::vector<std::string>& names) {
  out << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& name : names) out << name;
  out << YAML::EndSeq;
}

void put_city(YAML::Emitter& out, const City& city) {
  out << YAML::Key << "city" << YAML::Value << YAML::BeginMap;
  put(out, "name", city.name);
  out << YAML::Key << "districts" << YAML::Value << YAML::BeginSeq;
  for (const District& district : city.districts) {
    out << YAML::Flow << YAML::BeginMap;
    put(out, "name", district.name);
    put(out, "ring", district.ring);
    put_number(out, "x_km", district.x_km);
    put_number(out, "y_km", district.y_km);
    put_number(out, "area_km2", district.area_km2);
    put_count(out, "households", district.households);
    out << YAML::Key << "urban" << YAML::Value << district.urban;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

void put_generator(YAML::Emitter& out, const GeneratorSpec& spec) {
  out << YAML::Key << "generate" << YAML::Value << YAML::BeginMap;
  put(out, "fiber_length", format_length(spec.fiber_length_km));
  put(out, "core_switching", format_rate(spec.core_switching_bps));
  put(out, "egress", format_rate(spec.egress_bps));
  put_count(out, "core_nodes", spec.core_nodes);
  put(out, "core_topology", to_string(spec.core_topology));
  put_count(out, "gateways", spec.gateways);
  put_count(out, "subscribers_per_access_site", spec.subscribers_per_access_site);
  put(out, "access_uplink", format_rate(spec.access_uplink_bps));
  put(out, "aggregation_uplink", format_rate(spec.aggregation_uplink_bps));
  put(out, "core_link", format_rate(spec.core_link_bps));
  put(out, "idc_link", format_rate(spec.idc_link_bps));
  put(out, "ras_link", format_rate(spec.ras_link_bps));
  put(out, "microwave_capacity", format_rate(spec.microwave_capacity_bps));
  put(out, "microwave_max_hop", format_length(spec.microwave_max_hop_km));
  out << YAML::EndMap;
}

void put_nodes_and_links(YAML::Emitter& out, const NetworkSpec& network) {
  out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
  for (const NodeSpec& node : network.nodes) {
    out << YAML::Flow << YAML::BeginMap;
    put(out, "id", node.id);
    put(out, "role", to_string(node.role));
    if (!node.district.empty()) put(out, "district", node.district);
    put_number(out, "x_km", node.x_km);
    put_number(out, "y_km", node.y_km);
    if (node.switching_capacity_bps) put(out, "switching_capacity", format_rate(*node.switching_capacity_bps));
    put_count(out, "subscribers", node.subscribers);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
  for (const LinkSpec& link : network.links) {
    out << YAML::Flow << YAML::BeginMap;
    put(out, "id", link.id);
    put(out, "a", link.a);
    put(out, "b", link.b);
    put(out, "medium", to_string(link.medium));
    put(out, "capacity", format_rate(link.capacity_bps));
    if (link.length_km) put_number(out, "length_km", *link.length_km);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void put_network(YAML::Emitter& out, const NetworkSpec& network) {
  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  if (network.generate) put_generator(out, *network.generate);
  if (network.import_graphml) put(out, "import", *network.import_graphml);
  if (!network.generate && !network.import_graphml) put_nodes_and_links(out, network);
  put(out, "default_link_capacity", format_rate(network.default_link_capacity_bps));
  out << YAML::EndMap;
}

void put_distribution(YAML::Emitter& out, std::string_view key, const Distribution& distribution, Quantity quantity) {
  out << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginMap;
  put(out, "distribution", to_string(distribution.kind));
  if (distribution.kind == Distribution::Kind::pareto) {
    put_number(out, "alpha", distribution.alpha);
    put(out, "min", format_quantity(quantity, distribution.min));
  } else {
    put(out, "mean", format_quantity(quantity, distribution.mean));
  }
  if (distribution.kind == Distribution::Kind::lognormal) put(out, "sd", format_quantity(quantity, distribution.sd));
  if (distribution.max) put(out, "max", format_quantity(quantity, *distribution.max));
  out << YAML::EndMap;
}

void put_class(YAML::Emitter& out, const SubscriberClass& subscriber_class) {
  out << YAML::Flow << YAML::BeginMap;
  put(out, "name", subscriber_class.name);
  put(out, "access", to_string(subscriber_class.access));
  put(out, "down", format_rate(subscriber_class.down_bps));
  put(out, "up", format_rate(subscriber_class.up_bps));
  put_count(out, "count", subscriber_class.count);
  if (!subscriber_class.districts.empty()) put_names(out, "districts", subscriber_class.districts);
  if (!subscriber_class.profile.empty()) put(out, "profile", subscriber_class.profile);
  out << YAML::EndMap;
}

void put_application(YAML::Emitter& out, const Application& application) {
  out << YAML::BeginMap;
  put(out, "name", application.name);
  put(out, "kind", to_string(application.kind));
  put(out, "direction", to_string(application.direction));
  put_number(out, "sessions_per_day", application.sessions_per_subscriber_day);
  if (!application.classes.empty()) put_names(out, "classes", application.classes);
  if (application.kind == FlowKind::elastic) {
    put_distribution(out, "size", application.size_bytes, Quantity::size);
  } else {
    put(out, "rate", format_rate(application.stream_rate_bps));
    put_distribution(out, "duration", application.duration_s, Quantity::duration);
  }
  out << YAML::Key << "destinations" << YAML::Value << YAML::Flow << YAML::BeginMap;
  put_number(out, "internet", application.destinations.internet);
  put_number(out, "idc", application.destinations.idc);
  put_number(out, "p2p", application.destinations.p2p);
  out << YAML::EndMap;
  if (!application.profile.empty()) put(out, "profile", application.profile);
  out << YAML::EndMap;
}

void put_demand(YAML::Emitter& out, const Demand& demand) {
  out << YAML::Key << "demand" << YAML::Value << YAML::BeginMap;
  put(out, "default_profile", demand.default_profile);
  out << YAML::Key << "profiles" << YAML::Value << YAML::BeginMap;
  for (const DiurnalProfile& profile : demand.profiles) {
    out << YAML::Key << profile.name << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const double multiplier : profile.multipliers) out << format_number(multiplier);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  out << YAML::Key << "classes" << YAML::Value << YAML::BeginSeq;
  for (const SubscriberClass& subscriber_class : demand.classes) put_class(out, subscriber_class);
  out << YAML::EndSeq;
  out << YAML::Key << "applications" << YAML::Value << YAML::BeginSeq;
  for (const Application& application : demand.applications) put_application(out, application);
  out << YAML::EndSeq << YAML::EndMap;
}

void put_simulation(YAML::Emitter& out, const Simulation& simulation) {
  out << YAML::Key << "simulation" << YAML::Value << YAML::BeginMap;
  put(out, "seed", fmt::format("{}", simulation.seed));
  put(out, "duration", format_duration(simulation.duration_s));
  put(out, "warmup", format_duration(simulation.warmup_s));
  put(out, "interval", format_duration(simulation.interval_s));
  put(out, "mode", to_string(simulation.mode));
  put(out, "recompute_interval", format_duration(simulation.recompute_interval_s));
  put_number(out, "streaming_guard", simulation.streaming_guard_share);
  put_number(out, "congestion_threshold", simulation.congestion_threshold);
  out << YAML::EndMap;
}

void put_point(YAML::Emitter& out, std::string_view key, const PlanePoint& point) {
  out << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginSeq << format_number(point.x_km)
      << format_number(point.y_km) << YAML::EndSeq;
}

void put_failure_event(YAML::Emitter& out, const FailureEventSpec& event) {
  out << YAML::BeginMap;
  put(out, "name", event.name);
  put(out, "at", format_duration(event.start_s));
  put(out, "duration", format_duration(event.end_s - event.start_s));
  using Kind = FailureEventSpec::Kind;
  switch (event.kind) {
    case Kind::cut_link:
      out << YAML::Key << "cut" << YAML::Value << YAML::Flow << YAML::BeginMap;
      put(out, "link", event.element_id);
      out << YAML::EndMap;
      break;
    case Kind::cut_corridor:
      out << YAML::Key << "cut" << YAML::Value << YAML::BeginMap << YAML::Key << "corridor" << YAML::Value
          << YAML::Flow << YAML::BeginMap;
      put_point(out, "from", event.corridor.from);
      put_point(out, "to", event.corridor.to);
      put(out, "width", format_length(event.corridor.width_km));
      out << YAML::EndMap << YAML::EndMap;
      break;
    case Kind::cut_radius:
      out << YAML::Key << "cut" << YAML::Value << YAML::Flow << YAML::BeginMap;
      put(out, "radius", format_length(event.circle.radius_km));
      put_point(out, "around", event.circle.around);
      out << YAML::EndMap;
      break;
    case Kind::node_down: put(out, "node_down", event.element_id); break;
    case Kind::fade:
      out << YAML::Key << "fade" << YAML::Value << YAML::BeginMap;
      if (event.fade.area) {
        out << YAML::Key << "area" << YAML::Value << YAML::Flow << YAML::BeginMap;
        put_point(out, "around", event.fade.area->around);
        put(out, "radius", format_length(event.fade.area->radius_km));
        out << YAML::EndMap;
      } else {
        put_names(out, "districts", event.fade.districts);
      }
      put_number(out, "to", event.fade.capacity_fraction);
      out << YAML::EndMap;
      break;
  }
  out << YAML::EndMap;
}

// Written only when something fails, so scenarios without failures resolve as before.
void put_failures(YAML::Emitter& out, const FailureSpec& failures) {
  const RandomFailureSpec& random = failures.random;
  if (failures.events.empty() && random.fiber_cuts_per_1000km_year == 0 && random.node_failures_per_year == 0) return;
  out << YAML::Key << "failures" << YAML::Value << YAML::BeginMap;
  if (!failures.events.empty()) {
    out << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
    for (const FailureEventSpec& event : failures.events) put_failure_event(out, event);
    out << YAML::EndSeq;
  }
  out << YAML::Key << "random" << YAML::Value << YAML::BeginMap;
  put_number(out, "fiber_cuts_per_1000km_year", random.fiber_cuts_per_1000km_year);
  put(out, "mean_repair", format_duration(random.mean_fiber_repair_s));
  put_number(out, "node_failures_per_year", random.node_failures_per_year);
  put(out, "mean_node_repair", format_duration(random.mean_node_repair_s));
  put_names(out, "node_roles", random.node_roles);
  out << YAML::EndMap << YAML::EndMap;
}

}  // namespace

std::string to_resolved_yaml(const Scenario& scenario) {
  YAML::Emitter out;
  out << YAML::Comment(fmt::format("Resolved scenario: every default filled in (citynet {})", kVersion));
  out << YAML::BeginMap;
  put(out, "name", scenario.name);
  put(out, "description", scenario.description);
  put(out, "citynet_version", kVersion);
  put_city(out, scenario.city);
  put_network(out, scenario.network);
  put_demand(out, scenario.demand);
  put_simulation(out, scenario.simulation);
  put_failures(out, scenario.failures);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace citynet::scenario
