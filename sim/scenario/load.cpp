#include "scenario/load.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <new>
#include <unordered_map>

#include <fmt/core.h>

#include "core/units.hpp"
#include "scenario/growth_reader.hpp"
#include "scenario/names.hpp"
#include "scenario/plan_reader.hpp"
#include "scenario/yaml_reader.hpp"

namespace citynet::scenario {
namespace {

using yaml::Field;
using yaml::MapView;

// An application's destination fractions must sum to 1 within this (they are written
// with a few decimals, or as percentages).
constexpr double kFractionSumTolerance = 1e-6;
// A diurnal profile is relative to its busy slot, whose multiplier is 1 within this.
constexpr double kProfilePeakTolerance = 1e-9;
// A profile has at most one slot per minute of the day.
constexpr std::size_t kMaxProfileSlots = 1440;
constexpr std::size_t kHoursPerDay = 24;
// The profile used when a scenario names none: every hour alike.
constexpr std::string_view kFlatProfileName = "flat";

// Limits that keep a valid-looking file from asking for a run that never ends: each is far
// beyond any city (the largest has a few million households) and any useful run.
constexpr std::int64_t kMaxPeople = 1'000'000'000;        // households or subscribers
constexpr double kMaxSessionsPerDay = 100'000;             // more than one a second
constexpr double kMaxDurationS = 366 * kSecondsPerDay;     // a year
constexpr double kMaxIntervalsPerRun = 1e6;                // metrics samples per resource
constexpr double kMinRecomputeIntervalS = 1e-3;            // fast mode's bound

struct Context {
  std::string file;
  // Folder of the scenario file, for relative `import` paths; empty for text in memory.
  std::filesystem::path base_dir;
  bool check_files = false;
};

template <typename Enum, std::size_t N>
[[nodiscard]] Enum read_enum(const Field& field, const std::array<std::string_view, N>& names) {
  return static_cast<Enum>(yaml::read_choice(field, names));
}

[[nodiscard]] SourcePlace place_here(const Field& field) {
  SourcePlace place = yaml::place_of(*field.file, field.node);
  return place.line == 0 ? field.place : place;
}

[[nodiscard]] int read_positive_int(const Field& field, std::int64_t largest) {
  const std::int64_t value = yaml::read_count(field);
  if (value < 1 || value > largest) {
    yaml::fail(field, fmt::format("{} is out of range; expected a whole number from 1 to {}", value, largest));
  }
  return static_cast<int>(value);
}

// Households or subscribers: a count no city exceeds.
[[nodiscard]] std::int64_t read_people(const Field& field) {
  const std::int64_t value = yaml::read_count(field);
  if (value > kMaxPeople) {
    yaml::fail(field, fmt::format("{} is more than any city holds; expected at most {}", value, kMaxPeople));
  }
  return value;
}

[[nodiscard]] double read_fraction_below_one(const Field& field) {
  const double value = yaml::read_quantity(field, Quantity::fraction);
  if (value >= 1) yaml::fail(field, fmt::format("{} leaves nothing; expected a fraction below 1", format_number(value)));
  return value;
}

[[nodiscard]] double read_fraction_above_zero(const Field& field) {
  const double value = yaml::read_quantity(field, Quantity::fraction);
  if (value <= 0) yaml::fail(field, "0 is not above zero; expected a fraction above 0 and at most 1");
  return value;
}

// Names seen so far in one list, to report duplicates with the place of the first.
class UniqueNames {
 public:
  explicit UniqueNames(std::string_view what) : what_(what) {}
  void add(const Field& field, const std::string& name) {
    const auto [it, inserted] = first_line_.emplace(name, place_here(field).line);
    if (!inserted) {
      yaml::fail(field, fmt::format("\"{}\" is already used at line {}; expected unique {}", yaml::shown(name),
                                    it->second, what_));
    }
    names_.push_back(name);
  }
  [[nodiscard]] bool contains(const std::string& name) const { return first_line_.contains(name); }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  std::string what_;
  std::unordered_map<std::string, std::size_t> first_line_;
  std::vector<std::string> names_;
};

// Names defined in one place (districts, profiles, classes), looked up by hash: files can
// hold many thousands of them, and every reference is checked.
class NameIndex {
 public:
  explicit NameIndex(std::vector<std::string> names) : names_(std::move(names)) {
    for (std::size_t i = 0; i < names_.size(); ++i) position_.emplace(names_[i], i);
  }
  [[nodiscard]] bool contains(const std::string& name) const { return position_.contains(name); }
  [[nodiscard]] std::size_t position(const std::string& name) const { return position_.at(name); }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> position_;
};

// A reference to a name defined elsewhere (a link end, a class, a district, a profile).
void check_reference(const Field& field, const std::string& name, const std::vector<std::string>& known,
                     std::string_view what) {
  std::vector<std::string_view> candidates(known.begin(), known.end());
  if (const auto match = yaml::closest_match(name, candidates)) {
    yaml::fail(field, fmt::format("unknown {} \"{}\"; did you mean \"{}\"?", what, yaml::shown(name),
                                  yaml::shown(*match)));
  }
  if (known.empty()) yaml::fail(field, fmt::format("unknown {} \"{}\"; none are defined", what, yaml::shown(name)));
  yaml::fail(field, fmt::format("unknown {} \"{}\"; expected one that is defined", what, yaml::shown(name)));
}

void check_reference(const Field& field, const std::string& name, const NameIndex& known, std::string_view what) {
  if (!known.contains(name)) check_reference(field, name, known.names(), what);
}

[[nodiscard]] std::string stem_of(const std::string& file) {
  const std::string stem = std::filesystem::path(file).stem().string();
  return stem.empty() ? std::string("scenario") : stem;
}

// ---- city ----

[[nodiscard]] District read_district(const Field& field) {
  static constexpr std::array<std::string_view, 7> kKeys{"name",     "ring",       "x_km", "y_km",
                                                         "area_km2", "households", "urban"};
  const MapView map(field, kKeys);
  District district;
  district.place = place_here(field);
  district.name = yaml::read_name(map.at("name", "the district's name"));
  district.ring = kRingNames[0];
  if (auto ring = map.get("ring")) district.ring = kRingNames[yaml::read_choice(*ring, kRingNames)];
  if (auto x = map.get("x_km")) district.x_km = yaml::read_number(*x);
  if (auto y = map.get("y_km")) district.y_km = yaml::read_number(*y);
  const Field area = map.at("area_km2", "the district's area in km2");
  district.area_km2 = yaml::read_number(area);
  if (district.area_km2 <= 0) yaml::fail(area, "the area is not above zero; expected an area in km2 above 0");
  district.households = read_people(map.at("households", "the number of households"));
  if (auto urban = map.get("urban")) district.urban = yaml::read_bool(*urban);
  return district;
}

[[nodiscard]] City read_city(const Field& field) {
  static constexpr std::array<std::string_view, 2> kKeys{"name", "districts"};
  const MapView map(field, kKeys);
  City city;
  city.name = yaml::read_name(map.at("name", "the city's name"));
  if (auto districts = map.get("districts")) {
    UniqueNames names("district names");
    for (const Field& item : yaml::read_list(*districts)) {
      District district = read_district(item);
      names.add(item, district.name);
      city.districts.push_back(std::move(district));
    }
  }
  return city;
}

[[nodiscard]] NameIndex district_index(const City& city) {
  std::vector<std::string> names;
  for (const District& district : city.districts) names.push_back(district.name);
  return NameIndex(std::move(names));
}

// ---- network ----

constexpr std::int64_t kMaxCoreNodes = 1000;
constexpr std::int64_t kMaxGateways = 1000;

[[nodiscard]] GeneratorSpec read_generator(const Field& field, const City& city) {
  static constexpr std::array<std::string_view, 14> kKeys{
      "fiber_length", "core_switching",     "egress",      "core_nodes", "core_topology",
      "gateways",     "subscribers_per_access_site", "access_uplink", "aggregation_uplink",
      "core_link",    "idc_link",           "ras_link",    "microwave_capacity", "microwave_max_hop"};
  const MapView map(field, kKeys);
  if (city.districts.empty()) {
    yaml::fail(field, "generating a network needs districts; expected city.districts with at least one district");
  }
  GeneratorSpec spec;
  spec.place = place_here(field);
  spec.fiber_length_km = yaml::read_positive_quantity(map.at("fiber_length", "a length such as 20000km"), Quantity::length);
  spec.core_switching_bps =
      yaml::read_positive_quantity(map.at("core_switching", "a rate such as 2000Gbps"), Quantity::rate);
  spec.egress_bps = yaml::read_positive_quantity(map.at("egress", "a rate such as 60Gbps"), Quantity::rate);
  if (auto f = map.get("core_nodes")) spec.core_nodes = read_positive_int(*f, kMaxCoreNodes);
  if (auto f = map.get("core_topology")) spec.core_topology = read_enum<CoreTopology>(*f, kCoreTopologyNames);
  if (auto f = map.get("gateways")) spec.gateways = read_positive_int(*f, kMaxGateways);
  if (auto f = map.get("subscribers_per_access_site")) {
    spec.subscribers_per_access_site = read_positive_int(*f, std::numeric_limits<int>::max());
  }
  const auto rate = [&](std::string_view key, double& target) {
    if (auto f = map.get(key)) target = yaml::read_positive_quantity(*f, Quantity::rate);
  };
  rate("access_uplink", spec.access_uplink_bps);
  rate("aggregation_uplink", spec.aggregation_uplink_bps);
  rate("core_link", spec.core_link_bps);
  rate("idc_link", spec.idc_link_bps);
  rate("ras_link", spec.ras_link_bps);
  rate("microwave_capacity", spec.microwave_capacity_bps);
  if (auto f = map.get("microwave_max_hop")) {
    spec.microwave_max_hop_km = yaml::read_positive_quantity(*f, Quantity::length);
  }
  return spec;
}

constexpr std::array<std::string_view, 7> kNodeKeys{"id", "role", "district", "x_km", "y_km",
                                                    "switching_capacity", "subscribers"};

// `city` without districts (a topology file) leaves district names as plain labels.
[[nodiscard]] NodeSpec read_node(const Field& field, const City& city, const NameIndex& districts) {
  const MapView map(field, kNodeKeys);
  NodeSpec node;
  node.place = place_here(field);
  node.id = yaml::read_name(map.at("id", "the node's id"));
  if (auto f = map.get("role")) node.role = read_enum<Role>(*f, kRoleNames);
  if (auto f = map.get("district")) {
    node.district = yaml::read_name(*f);
    if (!city.districts.empty()) {
      check_reference(*f, node.district, districts, "district");
      // A node placed in a district sits at its centre unless given coordinates.
      const District& district = city.districts[districts.position(node.district)];
      node.x_km = district.x_km;
      node.y_km = district.y_km;
    }
  }
  if (auto f = map.get("x_km")) node.x_km = yaml::read_number(*f);
  if (auto f = map.get("y_km")) node.y_km = yaml::read_number(*f);
  if (auto f = map.get("switching_capacity")) {
    node.switching_capacity_bps = yaml::read_positive_quantity(*f, Quantity::rate);
  }
  if (auto f = map.get("subscribers")) node.subscribers = read_people(*f);
  return node;
}

constexpr std::array<std::string_view, 6> kLinkKeys{"id", "a", "b", "medium", "capacity", "length_km"};

[[nodiscard]] LinkSpec read_link(const Field& field, const UniqueNames& node_ids) {
  const MapView map(field, kLinkKeys);
  LinkSpec link;
  link.place = place_here(field);
  const Field a = map.at("a", "the id of the node at one end");
  const Field b = map.at("b", "the id of the node at the other end");
  link.a = yaml::read_name(a);
  link.b = yaml::read_name(b);
  // Explicit topologies can be large: look ids up by hash, list them only for a message.
  if (!node_ids.contains(link.a)) check_reference(a, link.a, node_ids.names(), "node");
  if (!node_ids.contains(link.b)) check_reference(b, link.b, node_ids.names(), "node");
  if (link.a == link.b) yaml::fail(b, fmt::format("the link returns to \"{}\"; expected two different nodes", yaml::shown(link.a)));
  link.id = map.has("id") ? yaml::read_name(*map.get("id")) : link.a + "-" + link.b;
  if (auto f = map.get("medium")) link.medium = read_enum<Medium>(*f, kMediumNames);
  link.capacity_bps = yaml::read_positive_quantity(map.at("capacity", "a rate such as 1Gbps"), Quantity::rate);
  if (auto f = map.get("length_km")) {
    const double length_km = yaml::read_number(*f);
    if (length_km < 0) yaml::fail(*f, fmt::format("{} is negative; expected a length in km of 0 or more", length_km));
    link.length_km = length_km;
  }
  return link;
}

void read_nodes_and_links(const MapView& map, const City& city, NetworkSpec& network) {
  const Field nodes = map.at("nodes", "the list of nodes that the links join");
  const Field links = map.at("links", "the list of links between the nodes");
  UniqueNames node_ids("node ids");
  const NameIndex districts = district_index(city);
  for (const Field& item : yaml::read_list(nodes)) {
    NodeSpec node = read_node(item, city, districts);
    node_ids.add(item, node.id);
    network.nodes.push_back(std::move(node));
  }
  UniqueNames link_ids("link ids");
  for (const Field& item : yaml::read_list(links)) {
    LinkSpec link = read_link(item, node_ids);
    link_ids.add(item, link.id);
    network.links.push_back(std::move(link));
  }
}

[[nodiscard]] std::string resolve_import(const Field& field, const Context& context) {
  const std::string given = yaml::read_name(field);
  std::filesystem::path path(given);
  if (path.is_relative() && !context.base_dir.empty()) path = (context.base_dir / path).lexically_normal();
  if (context.check_files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      yaml::fail(field, fmt::format("\"{}\" is not a readable file; expected a GraphML file (a path relative to the "
                                    "scenario's folder)",
                                    yaml::shown(given)));
    }
  }
  return path.string();
}

[[nodiscard]] NetworkSpec read_network(const Field& field, const City& city, const Context& context) {
  static constexpr std::array<std::string_view, 5> kKeys{"generate", "nodes", "links", "import",
                                                         "default_link_capacity"};
  const MapView map(field, kKeys);
  NetworkSpec network;
  network.place = place_here(field);
  const bool generate = map.has("generate");
  const bool explicit_lists = map.has("nodes") || map.has("links");
  const bool import = map.has("import");
  const int ways = int{generate} + int{explicit_lists} + int{import};
  if (ways != 1) {
    yaml::fail(field, fmt::format("{} ways to make the network; expected exactly one of generate, nodes with links, "
                                  "or import",
                                  ways));
  }
  if (auto f = map.get("default_link_capacity")) {
    network.default_link_capacity_bps = yaml::read_positive_quantity(*f, Quantity::rate);
  }
  if (generate) network.generate = read_generator(*map.get("generate"), city);
  if (explicit_lists) read_nodes_and_links(map, city, network);
  if (import) network.import_graphml = resolve_import(*map.get("import"), context);
  return network;
}

// ---- demand ----

[[nodiscard]] DiurnalProfile read_profile(const std::string& name, const Field& field) {
  DiurnalProfile profile;
  profile.name = name;
  profile.place = place_here(field);
  const std::vector<Field> slots = yaml::read_list(field);
  if (slots.empty() || slots.size() > kMaxProfileSlots) {
    yaml::fail(field, fmt::format("{} multipliers; expected 1 to {} (24 for hourly)", slots.size(), kMaxProfileSlots));
  }
  for (const Field& slot : slots) {
    const double multiplier = yaml::read_number(slot);
    if (multiplier < 0) yaml::fail(slot, fmt::format("{} is negative; expected a multiplier of 0 or more", multiplier));
    profile.multipliers.push_back(multiplier);
  }
  const double peak = *std::max_element(profile.multipliers.begin(), profile.multipliers.end());
  if (std::fabs(peak - 1.0) > kProfilePeakTolerance) {
    yaml::fail(field, fmt::format("the largest multiplier is {}; expected the busy slot to be 1 (profiles are "
                                  "relative to the busy hour)",
                                  format_number(peak)));
  }
  return profile;
}

[[nodiscard]] NameIndex profile_index(const Demand& demand) {
  std::vector<std::string> names;
  for (const DiurnalProfile& profile : demand.profiles) names.push_back(profile.name);
  return NameIndex(std::move(names));
}

[[nodiscard]] NameIndex class_index(const Demand& demand) {
  std::vector<std::string> names;
  for (const SubscriberClass& subscriber_class : demand.classes) names.push_back(subscriber_class.name);
  return NameIndex(std::move(names));
}

// What references in classes and applications are checked against.
struct DemandNames {
  NameIndex districts;
  NameIndex profiles;
};

constexpr std::array<std::string_view, 7> kClassKeys{"name", "access", "down", "up", "count", "districts", "profile"};

[[nodiscard]] SubscriberClass read_class(const Field& field, const DemandNames& known) {
  const MapView map(field, kClassKeys);
  SubscriberClass subscriber_class;
  subscriber_class.place = place_here(field);
  subscriber_class.name = yaml::read_name(map.at("name", "the class's name"));
  subscriber_class.access = read_enum<AccessKind>(map.at("access", "the access kind such as adsl"), kAccessKindNames);
  subscriber_class.down_bps = yaml::read_positive_quantity(map.at("down", "the line's downstream rate"), Quantity::rate);
  subscriber_class.up_bps = yaml::read_positive_quantity(map.at("up", "the line's upstream rate"), Quantity::rate);
  subscriber_class.count = read_people(map.at("count", "the number of subscribers in the city"));
  if (auto f = map.get("districts")) {
    UniqueNames listed("districts in the list");
    for (const Field& item : yaml::read_list(*f)) {
      const std::string name = yaml::read_name(item);
      check_reference(item, name, known.districts, "district");
      listed.add(item, name);
    }
    subscriber_class.districts = listed.names();
  }
  if (auto f = map.get("profile")) {
    subscriber_class.profile = yaml::read_name(*f);
    check_reference(*f, subscriber_class.profile, known.profiles, "profile");
  }
  return subscriber_class;
}

[[nodiscard]] double read_distribution_value(const MapView& map, std::string_view key, Quantity quantity) {
  return yaml::read_positive_quantity(map.at(key, quantity_example(quantity)), quantity);
}

// `150kB` (fixed) or {distribution, mean, sd, alpha, min, max}, in bytes or seconds.
[[nodiscard]] Distribution read_distribution(const Field& field, Quantity quantity) {
  Distribution distribution;
  if (field.node.IsScalar()) {
    distribution.mean = yaml::read_positive_quantity(field, quantity);
    return distribution;
  }
  static constexpr std::array<std::string_view, 6> kKeys{"distribution", "mean", "sd", "alpha", "min", "max"};
  const MapView map(field, kKeys);
  distribution.kind = read_enum<Distribution::Kind>(
      map.at("distribution", "one of fixed, exponential, lognormal, pareto"), kDistributionNames);
  using Kind = Distribution::Kind;
  const auto uses = [&](std::string_view key) {
    if (key == "distribution") return true;
    switch (distribution.kind) {
      case Kind::fixed: return key == "mean";
      case Kind::exponential: return key == "mean" || key == "max";
      case Kind::lognormal: return key == "mean" || key == "sd" || key == "max";
      case Kind::pareto: return key == "alpha" || key == "min" || key == "max";
    }
    return false;
  };
  for (const auto& [key, value] : map.entries()) {
    if (!uses(key)) {
      const Field key_place{value.file, YAML::Node(), value.path, value.place};
      yaml::fail(key_place, fmt::format("\"{}\" does not apply to a {} distribution; expected only its own parameters "
                                    "(fixed: mean; exponential: mean, max; lognormal: mean, sd, max; pareto: alpha, "
                                    "min, max)",
                                    key, to_string(distribution.kind)));
    }
  }
  if (distribution.kind == Kind::pareto) {
    const Field alpha = map.at("alpha", "the Pareto shape such as 1.2");
    distribution.alpha = yaml::read_number(alpha);
    if (distribution.alpha <= 0) yaml::fail(alpha, "the shape is not above zero; expected alpha above 0");
    distribution.min = read_distribution_value(map, "min", quantity);
  } else {
    distribution.mean = read_distribution_value(map, "mean", quantity);
  }
  if (distribution.kind == Kind::lognormal) distribution.sd = read_distribution_value(map, "sd", quantity);
  if (auto f = map.get("max")) {
    distribution.max = yaml::read_positive_quantity(*f, quantity);
    const double floor = distribution.kind == Kind::pareto ? distribution.min : distribution.mean;
    if (*distribution.max <= floor) {
      yaml::fail(*f, fmt::format("max is not above the {}; expected a truncation above it",
                                 distribution.kind == Kind::pareto ? "min" : "mean"));
    }
  } else if (distribution.kind == Kind::pareto && distribution.alpha <= 1) {
    yaml::fail(map.self(), "a Pareto alpha of 1 or less has no finite mean; expected alpha above 1 or a max");
  }
  return distribution;
}

[[nodiscard]] DestinationMix read_destinations(const Field& field) {
  static constexpr std::array<std::string_view, 3> kKeys{"internet", "idc", "p2p"};
  const MapView map(field, kKeys);
  DestinationMix mix{0, 0, 0};
  if (auto f = map.get("internet")) mix.internet = yaml::read_quantity(*f, Quantity::fraction);
  if (auto f = map.get("idc")) mix.idc = yaml::read_quantity(*f, Quantity::fraction);
  if (auto f = map.get("p2p")) mix.p2p = yaml::read_quantity(*f, Quantity::fraction);
  const double sum = mix.internet + mix.idc + mix.p2p;
  if (std::fabs(sum - 1.0) > kFractionSumTolerance) {
    yaml::fail(field, fmt::format("the fractions sum to {}; expected internet + idc + p2p = 1", format_number(sum)));
  }
  return mix;
}

constexpr std::array<std::string_view, 10> kApplicationKeys{"name",    "kind", "direction", "sessions_per_day",
                                                            "classes", "size", "rate",      "duration",
                                                            "destinations", "profile"};

[[nodiscard]] Application read_application(const Field& field, const NameIndex& classes,
                                           const NameIndex& profiles) {
  const MapView map(field, kApplicationKeys);
  Application application;
  application.place = place_here(field);
  application.name = yaml::read_name(map.at("name", "the application's name"));
  application.kind = read_enum<FlowKind>(map.at("kind", "elastic or streaming"), kFlowKindNames);
  if (auto f = map.get("direction")) application.direction = read_enum<Direction>(*f, kDirectionNames);
  const Field sessions = map.at("sessions_per_day", "the sessions per subscriber per day");
  application.sessions_per_subscriber_day = yaml::read_number(sessions);
  if (application.sessions_per_subscriber_day < 0 || application.sessions_per_subscriber_day > kMaxSessionsPerDay) {
    yaml::fail(sessions, fmt::format("{} is out of range; expected sessions per subscriber per day from 0 to {}",
                                     format_number(application.sessions_per_subscriber_day),
                                     format_number(kMaxSessionsPerDay)));
  }
  if (auto f = map.get("classes")) {
    UniqueNames listed("classes in the list");
    for (const Field& item : yaml::read_list(*f)) {
      const std::string name = yaml::read_name(item);
      check_reference(item, name, classes, "class");
      listed.add(item, name);
    }
    application.classes = listed.names();
  }
  if (application.kind == FlowKind::elastic) {
    for (const std::string_view key : {"rate", "duration"}) {
      if (auto f = map.get(key)) yaml::fail(*f, fmt::format("an elastic application has no {}; expected a size only", key));
    }
    application.size_bytes = read_distribution(map.at("size", "the flow size such as 150kB"), Quantity::size);
  } else {
    if (auto f = map.get("size")) yaml::fail(*f, "a streaming application has no size; expected a rate and a duration");
    application.stream_rate_bps =
        yaml::read_positive_quantity(map.at("rate", "the stream's rate such as 2Mbps"), Quantity::rate);
    application.duration_s =
        read_distribution(map.at("duration", "the stream's duration such as 30min"), Quantity::duration);
  }
  if (auto f = map.get("destinations")) application.destinations = read_destinations(*f);
  if (auto f = map.get("profile")) {
    application.profile = yaml::read_name(*f);
    check_reference(*f, application.profile, profiles, "profile");
  }
  return application;
}

[[nodiscard]] Demand read_demand(const Field& field, const City& city) {
  static constexpr std::array<std::string_view, 4> kKeys{"default_profile", "profiles", "classes", "applications"};
  const MapView map(field, kKeys);
  Demand demand;
  if (auto f = map.get("profiles")) {
    for (const auto& [name, value] : yaml::read_named_entries(*f)) demand.profiles.push_back(read_profile(name, value));
  }
  if (demand.profiles.empty()) {
    demand.profiles.push_back(DiurnalProfile{std::string(kFlatProfileName), std::vector<double>(kHoursPerDay, 1.0),
                                             place_here(field)});
  }
  demand.default_profile = demand.profiles.front().name;
  if (auto f = map.get("default_profile")) {
    demand.default_profile = yaml::read_name(*f);
    check_reference(*f, demand.default_profile, profile_index(demand), "profile");
  }
  const DemandNames known{district_index(city), profile_index(demand)};
  if (auto f = map.get("classes")) {
    UniqueNames names("class names");
    for (const Field& item : yaml::read_list(*f)) {
      SubscriberClass subscriber_class = read_class(item, known);
      names.add(item, subscriber_class.name);
      demand.classes.push_back(std::move(subscriber_class));
    }
  }
  if (auto f = map.get("applications")) {
    UniqueNames names("application names");
    const NameIndex classes = class_index(demand);
    for (const Field& item : yaml::read_list(*f)) {
      Application application = read_application(item, classes, known.profiles);
      names.add(item, application.name);
      demand.applications.push_back(std::move(application));
    }
  }
  return demand;
}

// ---- simulation ----

[[nodiscard]] Simulation read_simulation(const Field& field) {
  static constexpr std::array<std::string_view, 8> kKeys{"seed",     "duration",           "warmup",
                                                         "interval", "mode",               "recompute_interval",
                                                         "streaming_guard", "congestion_threshold"};
  const MapView map(field, kKeys);
  Simulation simulation;
  if (auto f = map.get("seed")) simulation.seed = yaml::read_seed(*f);
  if (auto f = map.get("duration")) {
    simulation.duration_s = yaml::read_positive_quantity(*f, Quantity::duration);
    if (simulation.duration_s > kMaxDurationS) {
      yaml::fail(*f, fmt::format("the run is longer than a year; expected a duration of at most {}",
                                 format_duration(kMaxDurationS)));
    }
  }
  if (auto f = map.get("warmup")) {
    simulation.warmup_s = yaml::read_non_negative_quantity(*f, Quantity::duration);
    if (simulation.warmup_s >= simulation.duration_s) {
      yaml::fail(*f, fmt::format("the warm-up is not shorter than the duration ({}); expected a shorter warm-up",
                                 format_duration(simulation.duration_s)));
    }
  } else {
    simulation.warmup_s = std::min(simulation.warmup_s, simulation.duration_s / 2);
  }
  if (auto f = map.get("interval")) {
    simulation.interval_s = yaml::read_positive_quantity(*f, Quantity::duration);
    if (simulation.duration_s / simulation.interval_s > kMaxIntervalsPerRun) {
      yaml::fail(*f, fmt::format("the run would have more than {} intervals; expected an interval of at least {}",
                                 format_number(kMaxIntervalsPerRun),
                                 format_duration(simulation.duration_s / kMaxIntervalsPerRun)));
    }
    if (simulation.interval_s > simulation.duration_s) {
      yaml::fail(*f, fmt::format("the interval is longer than the duration ({}); expected a shorter interval",
                                 format_duration(simulation.duration_s)));
    }
  } else {
    simulation.interval_s = std::min(simulation.interval_s, simulation.duration_s);
  }
  if (auto f = map.get("mode")) simulation.mode = read_enum<SharingMode>(*f, kSharingModeNames);
  if (auto f = map.get("recompute_interval")) {
    simulation.recompute_interval_s = yaml::read_positive_quantity(*f, Quantity::duration);
    if (simulation.recompute_interval_s < kMinRecomputeIntervalS) {
      yaml::fail(*f, fmt::format("the interval is too short to finish; expected at least {}",
                                 format_duration(kMinRecomputeIntervalS)));
    }
  }
  if (auto f = map.get("streaming_guard")) simulation.streaming_guard_share = read_fraction_below_one(*f);
  if (auto f = map.get("congestion_threshold")) simulation.congestion_threshold = read_fraction_above_zero(*f);
  return simulation;
}

// ---- the whole file ----

[[nodiscard]] Scenario read_scenario(const YAML::Node& root, const Context& context) {
  const Field top{&context.file, root, "", SourcePlace{context.file, 1, 1}};
  if (root.IsNull() || !root.IsDefined()) {
    yaml::fail(top, "the file is empty; expected a mapping with name, city, network, demand, simulation");
  }
  static constexpr std::array<std::string_view, 11> kKeys{"name",       "description", "citynet_version", "city",
                                                          "network",    "demand",      "simulation",      "plans",
                                                          "costs",      "failures",    "growth"};
  const MapView map(top, kKeys);
  Scenario scenario;
  scenario.source_file = context.file;
  scenario.name = map.has("name") ? yaml::read_name(*map.get("name")) : stem_of(context.file);
  if (auto f = map.get("description")) scenario.description = yaml::read_string(*f);
  if (auto f = map.get("citynet_version")) (void)yaml::read_string(*f);  // informational, written by `run`
  if (auto f = map.get("city")) scenario.city = read_city(*f);
  if (scenario.city.name.empty()) scenario.city.name = scenario.name;
  scenario.network = read_network(map.at("network", "the network: generate, nodes with links, or import"),
                                  scenario.city, context);
  const YAML::Node empty_demand(YAML::NodeType::Map);
  scenario.demand = read_demand(map.has("demand") ? *map.get("demand") : Field{&context.file, empty_demand, "demand",
                                                                                place_here(top)},
                                scenario.city);
  const YAML::Node empty_simulation(YAML::NodeType::Map);
  scenario.simulation = read_simulation(map.has("simulation") ? *map.get("simulation")
                                                              : Field{&context.file, empty_simulation, "simulation",
                                                                      place_here(top)});
  if (auto f = map.get("costs")) scenario.costs = read_costs(*f);
  if (auto f = map.get("plans")) scenario.plans = read_plans(*f, scenario);
  if (auto f = map.get("failures")) scenario.failures = read_failures(*f, scenario);
  if (auto f = map.get("growth")) scenario.growth = read_growth(*f, scenario);
  return scenario;
}

// yaml-cpp may throw its own exceptions from node access on malformed input; whatever
// escapes is turned into one InputError line so that no input ends in a crash.
template <typename Read>
[[nodiscard]] auto guarded(const std::string& file, Read read) -> decltype(read()) {
  try {
    return read();
  } catch (const InputError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const YAML::Exception& e) {
    throw InputError(SourcePlace{file, 0, 0}, fmt::format("cannot read the YAML ({}); expected a valid scenario", e.msg));
  }
}

[[nodiscard]] Scenario load(std::string_view text, const Context& context,
                            std::span<const ScenarioOverride> overrides = {}) {
  return guarded(context.file, [&] {
    YAML::Node root = yaml::parse_document(text, context.file);
    const std::vector<AppliedOverride> applied = apply_overrides(root, overrides);
    try {
      return read_scenario(root, context);
    } catch (const InputError& error) {
      throw at_override(error, applied);
    }
  });
}

}  // namespace

Scenario load_scenario_file(const std::string& path) {
  const std::string text = yaml::read_text_file(path);
  Context context{path, std::filesystem::path(path).parent_path(), true};
  return load(text, context);
}

Scenario load_scenario_text(std::string_view yaml_text, const std::string& file_name) {
  return load(yaml_text, Context{file_name, {}, false});
}

Scenario load_scenario_file(const std::string& path, std::span<const ScenarioOverride> overrides) {
  const std::string text = yaml::read_text_file(path);
  return load(text, Context{path, std::filesystem::path(path).parent_path(), true}, overrides);
}

Scenario load_scenario_text(std::string_view yaml_text, const std::string& file_name,
                            std::span<const ScenarioOverride> overrides) {
  return load(yaml_text, Context{file_name, {}, false}, overrides);
}

NetworkSpec load_topology_file(const std::string& path) {
  const std::string text = yaml::read_text_file(path);
  return guarded(path, [&] {
    const YAML::Node root = yaml::parse_document(text, path);
    const Field top{&path, root, "", SourcePlace{path, 1, 1}};
    if (root.IsNull() || !root.IsDefined()) yaml::fail(top, "the file is empty; expected a mapping with nodes and links");
    static constexpr std::array<std::string_view, 3> kKeys{"name", "nodes", "links"};
    const MapView map(top, kKeys);
    if (auto f = map.get("name")) (void)yaml::read_name(*f);
    NetworkSpec network;
    network.place = place_here(top);
    read_nodes_and_links(map, City{}, network);
    return network;
  });
}

}  // namespace citynet::scenario
