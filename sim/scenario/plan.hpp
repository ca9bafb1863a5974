#pragma once
// Capacity plans: named sets of changes to the baseline scenario, and the unit costs that
// price them. Changes keep the place they were written, so a change naming an unknown path
// or node id is reported at FILE:LINE:COLUMN when it is applied.
//
// Three kinds of change, applied in this order whatever order they are written in:
//   settings  (`set`)       scenario values by key path; a generated network is then rebuilt
//                           from the changed targets (its random layout is the same);
//   network   (`scale`, `add_link`, `remove_link`, `add_gateway`) on the built network;
//   demand    (`move_subscribers`, `grow_subscribers`) on the subscribers of each site, so
//                           that moved or added subscribers stay where the network put them.
// Demand streams are keyed by site, class and application, so a plan that changes only the
// network leaves every flow's arrival, size and destination as it was (common random numbers).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace citynet::scenario {

enum class Medium;  // scenario.hpp

// Unit costs, in the scenario's currency. A unit that a plan's changes need but the model
// does not give leaves that plan's cost unknown, unless the plan states its cost.
struct CostModel {
  std::string currency;                          // empty: not named
  std::optional<double> egress_per_gbps;         // egress capacity added
  std::optional<double> core_switching_per_gbps; // switching capacity added to core nodes
  std::optional<double> fiber_per_km;            // fiber cable laid (new fiber links)
  std::optional<double> microwave_link;          // per microwave link added
  // Fiber link capacity added: a new fiber link's whole capacity, an existing one's increase
  // (egress links are priced by egress_per_gbps, radio by microwave_link).
  std::optional<double> link_capacity_per_gbps;
  std::optional<double> access_port;             // per subscriber moved to a class or added
  SourcePlace place;
};

// The layers a `scale` change can name (the same words as the link layers of the output).
inline constexpr std::array<std::string_view, 6> kPlanLayerNames{"egress", "core", "aggregation",
                                                                 "access", "idc",  "ras"};

// `set: {path: demand.applications[web-news].destinations.idc, value: 30%}`; the value is
// read in the unit of the path's key and kept in SI.
struct SetValue {
  std::string path;
  double value = 0;
};

// `scale: {layer: egress, factor: 2}` or `{medium: microwave, ...}`; neither: every link and
// every node's switching capacity.
struct ScaleCapacity {
  std::optional<std::string> layer;  // one of kPlanLayerNames
  std::optional<Medium> medium;
  double factor = 1;
};

struct AddLink {
  std::string id;
  std::string a;
  std::string b;
  Medium medium{};  // fiber (the first of scenario.hpp's Medium)
  double capacity_bps = 0;
  std::optional<double> length_km;  // empty: straight-line distance between the ends
};

struct RemoveLink {
  std::string id;
};

// A new gateway node beside an existing one, linked to `attach_to` nodes and to the
// internet node by an egress link.
struct AddGateway {
  std::string id;
  std::vector<std::string> attach_to;  // node ids
  double link_capacity_bps = 0;        // of each link to `attach_to`
  double egress_bps = 0;               // of its link to the internet node
  std::optional<double> switching_capacity_bps;
};

// `move_subscribers: {from: adsl-512k, to: lan-10m, share: 20%}`: at every site.
struct MoveSubscribers {
  std::string from_class;
  std::string to_class;
  double share = 0;
};

// `grow_subscribers: {factor: 1.3}`: every class (or the named ones) at every site.
struct GrowSubscribers {
  double factor = 1;
  std::vector<std::string> classes;  // empty: all
};

struct PlanChange {
  std::variant<SetValue, ScaleCapacity, AddLink, RemoveLink, AddGateway, MoveSubscribers, GrowSubscribers> change;
  std::string key_path;  // "plans[2].changes[0].add_link", for messages
  SourcePlace place;
};

struct Plan {
  std::string name;
  std::string description;
  std::optional<double> cost;  // as stated by the plan; empty: from the cost model
  std::vector<PlanChange> changes;
  SourcePlace place;
};

}  // namespace citynet::scenario
