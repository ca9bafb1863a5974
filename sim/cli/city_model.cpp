#include "cli/city_model.hpp"

#include <algorithm>
#include <utility>

#include <fmt/core.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "metrics/flow_label.hpp"
#include "cli/failure_timeline.hpp"
#include "topology/build.hpp"

namespace citynet::cli {
namespace {

using topology::NodeId;

[[nodiscard]] std::optional<NodeId> first_node(const topology::Network& network, topology::Role role) {
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role == role) return NodeId{i};
  }
  return std::nullopt;
}

[[nodiscard]] bool has_subscribers(const topology::Node& node) {
  return std::any_of(node.subscribers_by_class.begin(), node.subscribers_by_class.end(),
                     [](std::int64_t count) { return count > 0; });
}

[[nodiscard]] engine::SharingMode engine_mode(scenario::SharingMode mode) {
  return mode == scenario::SharingMode::exact ? engine::SharingMode::exact : engine::SharingMode::fast;
}

}  // namespace

CityModel build_city_model(scenario::Scenario scenario) {
  CityModel model;
  model.network = topology::build_network(scenario);
  model.scenario = std::move(scenario);
  model.sites = subscriber_sites(model.network);
  model.internet = first_node(model.network, topology::Role::internet);
  model.idc = first_node(model.network, topology::Role::idc);
  return model;
}

std::vector<demand::Site> subscriber_sites(const topology::Network& network) {
  std::vector<demand::Site> sites;
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    const topology::Node& node = network.nodes[i];
    if (!has_subscribers(node)) continue;
    sites.push_back(demand::Site{i, node.id, node.district, node.x_km, node.y_km, node.subscribers_by_class});
  }
  return sites;
}

engine::EngineConfig engine_config(const scenario::Simulation& simulation) {
  engine::EngineConfig config;
  config.mode = engine_mode(simulation.mode);
  config.recompute_interval_s = simulation.recompute_interval_s;
  config.streaming_guard_share = simulation.streaming_guard_share;
  config.sample_interval_s = simulation.interval_s;
  return config;
}

metrics::MetricsConfig metrics_config(const CityModel& model, const routing::ResourceIndex& resources) {
  metrics::MetricsConfig config;
  config.capacity_bps = resources.capacities_bps();
  for (const scenario::SubscriberClass& c : model.scenario.demand.classes) {
    config.classes.push_back(metrics::ClassDescription{c.name, c.down_bps, c.up_bps});
  }
  for (const scenario::Application& a : model.scenario.demand.applications) {
    config.applications.push_back(metrics::ApplicationDescription{a.name, a.kind == scenario::FlowKind::streaming});
  }
  for (const demand::Site& site : model.sites) {
    config.sites.push_back(metrics::SiteDescription{site.index, site.subscribers_by_class});
  }
  const scenario::Simulation& simulation = model.scenario.simulation;
  config.duration_s = simulation.duration_s;
  config.warmup_s = simulation.warmup_s;
  config.interval_s = simulation.interval_s;
  config.congestion_threshold = simulation.congestion_threshold;
  return config;
}

std::vector<output::LinkDirection> link_directions(const routing::ResourceIndex& resources) {
  std::vector<output::LinkDirection> directions;
  for (std::uint32_t id = 0; id < resources.size(); ++id) {
    const routing::Resource& resource = resources.resource(id);
    if (resource.kind != routing::ResourceKind::link_direction) continue;
    directions.push_back(output::LinkDirection{id, resource.link, resource.from, resource.to});
  }
  return directions;
}

std::vector<std::uint32_t> core_switching_resources(const topology::Network& network,
                                                    const routing::ResourceIndex& resources) {
  std::vector<std::uint32_t> core;
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role != topology::Role::core) continue;
    if (const std::optional<routing::ResourceId> resource = resources.node(NodeId{i})) core.push_back(*resource);
  }
  return core;
}

CityArrivals::CityArrivals(const CityModel& model, CityRoutes& routes, const FailureTimeline& timeline)
    : model_(model),
      routes_(routes),
      timeline_(timeline),
      generator_(model.scenario.demand, model.sites, model.scenario.simulation.seed,
                 model.scenario.simulation.duration_s),
      far_end_paths_(model.network.nodes.size()) {}

std::optional<engine::PathId> CityArrivals::route(NodeId from, NodeId to) {
  const std::optional<engine::PathId> path = routes_.route(routing_, from, to);
  if (!path && routing_ == 0) {
    throw InputError(SourcePlace{model_.scenario.source_file, 0, 0},
                     fmt::format("no route from \"{}\" to \"{}\"; expected every subscriber site to reach the "
                                 "internet, the data center and the other sites",
                                 model_.network.nodes.at(topology::index(from)).id,
                                 model_.network.nodes.at(topology::index(to)).id));
  }
  return path;
}

std::optional<engine::PathId> CityArrivals::path_of(const demand::Arrival& arrival) {
  const NodeId subscriber{arrival.source_site};
  std::optional<NodeId> far_end;
  switch (arrival.destination.kind) {
    case demand::DestinationKind::internet: far_end = model_.internet; break;
    case demand::DestinationKind::idc: far_end = model_.idc; break;
    case demand::DestinationKind::site: far_end = NodeId{arrival.destination.site}; break;
  }
  if (!far_end) {
    const scenario::Application& application = model_.scenario.demand.applications.at(arrival.application);
    throw InputError(application.place,
                     fmt::format("application \"{}\" sends to the {}, but the network has no node of role {}; "
                                 "expected such a node or no share for it",
                                 application.name,
                                 arrival.destination.kind == demand::DestinationKind::idc ? "data center" : "internet",
                                 arrival.destination.kind == demand::DestinationKind::idc ? "idc" : "internet"));
  }
  if (arrival.destination.kind != demand::DestinationKind::site) return far_end_path(arrival, *far_end);
  return arrival.direction == demand::FlowDirection::down ? route(*far_end, subscriber) : route(subscriber, *far_end);
}

std::optional<engine::PathId> CityArrivals::far_end_path(const demand::Arrival& arrival, NodeId far_end) {
  const bool up = arrival.direction == demand::FlowDirection::up;
  const std::size_t slot = static_cast<std::size_t>(arrival.destination.kind) * 2 + (up ? 1 : 0);
  std::optional<std::optional<engine::PathId>>& cached = far_end_paths_.at(arrival.source_site)[slot];
  if (!cached) {
    const NodeId subscriber{arrival.source_site};
    cached = up ? route(subscriber, far_end) : route(far_end, subscriber);
  }
  return *cached;
}

// Arrivals come in time order, so the state only moves forward.
void CityArrivals::enter_state_at(double t_s) {
  while (state_ + 1 < timeline_.states.size() && timeline_.states[state_ + 1].start_s <= t_s) ++state_;
  const std::size_t routing = timeline_.states[state_].routing;
  if (routing == routing_) return;
  routing_ = routing;
  for (auto& paths : far_end_paths_) paths.fill(std::nullopt);
}

std::optional<engine::Arrival> CityArrivals::next() {
  std::optional<demand::Arrival> drawn;
  std::optional<engine::PathId> path;
  while (!path) {
    drawn = generator_.next();
    if (!drawn) return std::nullopt;
    enter_state_at(drawn->start_s);
    path = path_of(*drawn);
    if (path) break;
    if (failed_sessions_.by_state.size() < timeline_.states.size()) {
      failed_sessions_.by_state.resize(timeline_.states.size(), 0);
    }
    ++failed_sessions_.by_state[state_];
    if (drawn->start_s >= model_.scenario.simulation.warmup_s) {
      failed_sessions_.bits_after_warmup += drawn->kind == scenario::FlowKind::elastic
                                                ? drawn->size_bytes * kBitsPerByte
                                                : drawn->rate_bps * drawn->duration_s;
    }
  }
  engine::Arrival arrival;
  arrival.start_s = drawn->start_s;
  arrival.flow_class = drawn->subscriber_class;
  arrival.tag = metrics::encode_tag(
      metrics::FlowLabel{drawn->source_site, drawn->application, drawn->direction == demand::FlowDirection::up});
  if (drawn->kind == scenario::FlowKind::elastic) {
    arrival.flow = engine::ElasticFlow{*path, drawn->size_bytes * kBitsPerByte, drawn->line_rate_bps, 1.0};
  } else {
    arrival.flow = engine::StreamFlow{*path, drawn->rate_bps, drawn->duration_s};
  }
  return arrival;
}

}  // namespace citynet::cli
