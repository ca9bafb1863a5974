#pragma once
// A scenario as plain values, every unit resolved to SI (bit/s, s, km, bytes). This is the
// contract between the YAML front end and every later stage: nothing after this knows YAML.
// Every element keeps the place it was read from, so later stages (topology's checks on
// ids and connectivity) can still report FILE:LINE:COLUMN.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "scenario/failure.hpp"
#include "scenario/growth.hpp"
#include "scenario/plan.hpp"

namespace citynet::scenario {

enum class Role { internet, gateway, core, idc, ras, aggregation, access };
enum class Medium { fiber, microwave };
enum class CoreTopology { ring, mesh };
enum class AccessKind { adsl, lan, cable, dialup, school, enterprise };
enum class FlowKind { elastic, streaming };
enum class Direction { down, up, both };
enum class SharingMode { exact, fast };

struct District {
  std::string name;
  std::string ring;  // central | binhai | suburban | outer: the city's own zoning
  double x_km = 0;   // east of the city centre
  double y_km = 0;   // north of the city centre
  double area_km2 = 0;
  std::int64_t households = 0;
  bool urban = false;  // covered by broadband wireless (microwave supplement and backup)
  SourcePlace place;
};

struct City {
  std::string name;
  std::vector<District> districts;
};

// Targets the generator sizes the city network to (design.md: the reported figures).
struct GeneratorSpec {
  double fiber_length_km = 0;        // all fiber cable, distribution included
  double core_switching_bps = 0;     // summed over core nodes
  double egress_bps = 0;             // summed over links to the internet node
  int core_nodes = 6;
  CoreTopology core_topology = CoreTopology::ring;
  int gateways = 2;
  std::int64_t subscribers_per_access_site = 2688;  // one DSLAM cabinet (MA5600)
  double access_uplink_bps = 1e9;
  double aggregation_uplink_bps = 10e9;
  double core_link_bps = 40e9;
  double idc_link_bps = 20e9;
  double ras_link_bps = 2.5e9;
  double microwave_capacity_bps = 155.52e6;  // STM-1 SDH radio
  double microwave_max_hop_km = 10;
  SourcePlace place;
};

struct NodeSpec {
  std::string id;
  Role role = Role::access;
  std::string district;  // empty when not given
  double x_km = 0;
  double y_km = 0;
  std::optional<double> switching_capacity_bps;  // empty: the node limits nothing
  std::int64_t subscribers = 0;
  SourcePlace place;
};

struct LinkSpec {
  std::string id;
  std::string a;
  std::string b;
  Medium medium = Medium::fiber;
  double capacity_bps = 0;             // per direction, full duplex
  std::optional<double> length_km;     // empty: straight-line distance between the ends
  SourcePlace place;
};

// Exactly one way in: `generate`, explicit `nodes`/`links`, or a GraphML `import`.
struct NetworkSpec {
  std::optional<GeneratorSpec> generate;
  std::vector<NodeSpec> nodes;
  std::vector<LinkSpec> links;
  std::optional<std::string> import_graphml;  // resolved relative to the scenario file
  double default_link_capacity_bps = 1e9;    // for imported links without a speed
  SourcePlace place;
};

// A distribution of a quantity in its SI unit (bytes or seconds).
struct Distribution {
  enum class Kind { fixed, exponential, lognormal, pareto };
  Kind kind = Kind::fixed;
  double mean = 0;                 // fixed, exponential, lognormal
  double sd = 0;                   // lognormal
  double alpha = 0;                // pareto shape
  double min = 0;                  // pareto scale (smallest value)
  std::optional<double> max;       // truncation, any kind
};

struct SubscriberClass {
  std::string name;
  AccessKind access = AccessKind::adsl;
  double down_bps = 0;
  double up_bps = 0;
  std::int64_t count = 0;              // city-wide
  std::vector<std::string> districts;  // empty: all, in proportion to households
  std::string profile;                 // diurnal profile name; empty: the demand default
  SourcePlace place;
};

struct DestinationMix {
  double internet = 1;  // through the egress
  double idc = 0;       // the local data center (local exchange)
  double p2p = 0;       // other subscribers in the city
};

struct Application {
  std::string name;
  FlowKind kind = FlowKind::elastic;
  Direction direction = Direction::down;
  double sessions_per_subscriber_day = 0;
  std::vector<std::string> classes;  // empty: every class
  Distribution size_bytes;           // elastic
  double stream_rate_bps = 0;        // streaming
  Distribution duration_s;           // streaming
  DestinationMix destinations;
  std::string profile;  // empty: the class's profile
  SourcePlace place;
};

struct DiurnalProfile {
  std::string name;
  std::vector<double> multipliers;  // equal slots over 24 h (24 = hourly), peak 1
  SourcePlace place;
};

struct Demand {
  std::vector<DiurnalProfile> profiles;
  std::string default_profile;
  std::vector<SubscriberClass> classes;
  std::vector<Application> applications;
};

struct Simulation {
  std::uint64_t seed = 1;
  double duration_s = 86400;
  double warmup_s = 3600;
  double interval_s = 300;
  SharingMode mode = SharingMode::fast;
  double recompute_interval_s = 1;
  double streaming_guard_share = 0.1;  // of each resource kept for elastic traffic
  double congestion_threshold = 0.9;   // utilization counted as congested
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;  // as given by the user, for messages
  City city;
  NetworkSpec network;
  Demand demand;
  Simulation simulation;
  std::vector<Plan> plans;   // empty: only the baseline
  CostModel costs;
  FailureSpec failures;      // empty: nothing fails
  std::optional<Growth> growth;  // empty: the scenario is one year (scenario/growth.hpp)
};

}  // namespace citynet::scenario
