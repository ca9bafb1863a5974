#pragma once
// Failures in a scenario: scheduled events (a link cut, a corridor or radius of fiber cut,
// a node down, a rain fade over an area) and random failure rates for Monte Carlo runs.
//
// The reader checks units, ranges and times; link and node ids are checked when the events
// are resolved on the built network (topology/failure_events.hpp), because generated
// networks name their elements only when they are built. Times are seconds from the start
// of the run, which starts at midnight (so "21:00" and "21h" are the same time).
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace citynet::scenario {

// A point on the city plane, km east and north of the centre.
struct PlanePoint {
  double x_km = 0;
  double y_km = 0;
};

// Every fiber link whose segment comes within width/2 of the segment from → to (a backhoe
// along a road).
struct CorridorSpec {
  PlanePoint from;
  PlanePoint to;
  double width_km = 0;
};

// Every link of the medium concerned whose segment comes within radius_km of the point.
struct CircleSpec {
  PlanePoint around;
  double radius_km = 0;
};

// Microwave links faded by rain: those with an end in one of the districts, or whose
// segment comes within the circle; they keep capacity_fraction of their capacity.
struct FadeSpec {
  std::vector<std::string> districts;
  std::optional<CircleSpec> area;
  double capacity_fraction = 1;  // (0, 1)
};

struct FailureEventSpec {
  enum class Kind { cut_link, cut_corridor, cut_radius, node_down, fade };
  std::string name;
  double start_s = 0;
  double end_s = 0;  // > start_s; the end of the run when no duration is given
  Kind kind = Kind::cut_link;
  std::string element_id;      // cut_link: the link's id; node_down: the node's id
  CorridorSpec corridor;       // cut_corridor
  CircleSpec circle;           // cut_radius
  FadeSpec fade;               // fade
  SourcePlace place;           // the event
  SourcePlace element_place;   // where element_id was written, for unknown ids
  std::string element_path;    // its key path ("failures.events[2].node_down"), for messages
};

// Poisson failures over the run: every fiber link is cut at a rate proportional to its
// length and repaired after an exponential time; every node of the listed roles fails at
// its own rate. Zero rates: nothing fails at random.
struct RandomFailureSpec {
  double fiber_cuts_per_1000km_year = 0;
  double mean_fiber_repair_s = 8 * 3600.0;
  double node_failures_per_year = 0;
  double mean_node_repair_s = 4 * 3600.0;
  std::vector<std::string> node_roles{"gateway", "core", "aggregation"};  // role names
  SourcePlace place;
};

struct FailureSpec {
  std::vector<FailureEventSpec> events;
  RandomFailureSpec random;
  SourcePlace place;
};

}  // namespace citynet::scenario
