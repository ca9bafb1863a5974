#pragma once
// The flow-level discrete-event engine. Resources (link directions, switching nodes) are
// indices into a capacity vector; a path is an interned sequence of resource indices.
//
// Elastic flows carry a size and get the weighted max-min fair share (maxmin_solver.hpp)
// of the capacity that streams leave, each limited by its optional rate cap. Streaming
// flows carry a fixed rate and a duration; a stream is admitted iff on every resource of
// its path
//
//     streams_already_there_bps + rate_bps <= (1 - streaming_guard_share) * capacity_bps
//
// and otherwise blocked at the first resource of its path that fails the test.
//
// Flows with the same (path, cap, weight) form a group: they always have equal rates, so
// the group is solved as one variable and its flows share it as a processor-sharing queue
// in virtual time (each flow finishes when the group's per-flow service reaches its size;
// a min-heap of those finish points per group means a completion touches no other flow).
//
// Modes.
//  exact: the allocation is re-solved whenever an arrival, completion, stream or capacity
//    change could alter it, before simulated time advances past that instant (events at
//    one instant share one solve). Changes that provably leave it unchanged skip the solve:
//    a capped flow arriving where every resource of its path still has its cap free, a
//    flow leaving a path on which no resource is saturated.
//    A solve re-solves only a region of groups. Say a group's level is its per-flow rate
//    over its weight, and a resource is saturated when its flows leave nothing of it. The
//    region starts as the groups whose count changed and, on every resource that was
//    saturated and changed load or capacity, the groups with the largest level there. It
//    is solved alone on the capacity the other groups leave, then grown and solved again
//    while (b) on a resource that the last solve left saturated a region group changes
//    rate (the groups with the largest level there join), or (a) a resource that the
//    region's solve saturates at level L carries a group above L (it joins). When neither
//    holds, every flow has a bottleneck, which makes the allocation max-min. A flow outside
//    the region keeps its old bottleneck: its cap, or a saturated resource where its level
//    was the largest, whose load and capacity nothing changed (else by (b) or the start
//    rule the flow would be in the region). A region flow gets its cap or a resource its
//    solve saturates, where by (a) no outside flow has a larger level. The max-min
//    allocation is unique, so this is the one a solve of every group finds (done instead
//    when the rounds would solve more groups in all than there are), and completion
//    times are exact to floating point.
//  fast: the allocation is re-solved at most once per recompute_interval_s (on the grid of
//    its multiples, and only when something changed). In between, an arriving flow gets
//    min(cap, the least over its path of the largest of: the resource's free capacity, its
//    equal share by weight, the fair level the last solve found there); a leaving flow's
//    rate stays unused; stream changes wait for the next solve. Capacity may therefore be
//    overbooked, or left idle, for up to one interval. With recompute_interval_s = 0 fast
//    mode gives exact mode's allocation by another road: its solves keep the groups at
//    their cap as a fixed load and re-solve the others (all, when a fixed group would
//    exceed a fair level found). When the last solve saturated one resource B and every
//    other group is at its cap or crosses B, a solve first water-fills B alone and keeps
//    the result if no other resource would overflow and no fixed group on B has a cap
//    above B's new level (that is the max-min allocation, with B its only bottleneck);
//    the groups it holds at B's level then share one clock (bottleneck_clock.hpp), so a
//    level change moves one event rather than one per group. Measured against exact mode (fast_mode_validation_test), with
//    line-rate caps and a 0.1 s interval: mean 0.3% and p99 about 3% relative error in
//    completion time; on the 1,000,000-flow replay benchmark trace, 0.26% and 2.9% at
//    0.1 s, 1.1% and 14% at 0.5 s. The error grows where flows last no longer than an
//    interval.
//
// Capacity changes (failure, rain fade): a resource's capacity becomes the new value at
// the given time. If its streams no longer fit within (1 - guard) * capacity, the newest
// are dropped (reported and counted) until they fit. Elastic flows on a resource of
// capacity 0 get rate 0 and wait, without a completion, until capacity returns; a run
// without an end time stops when nothing else can happen, leaving them unfinished.
//
// Rerouting (failures and repairs): the engine knows no graph, so at each reroute point a
// Rerouter is asked, once per path that has active flows and in increasing path id order,
// which path those flows take now. The same path: nothing changes. Another path: elastic
// flows move to the group of (new path, cap, weight) keeping exactly the bits they have
// left; streams are admitted again on the new path, oldest first, against the admission
// test, and dropped (StreamEnded with dropped_at_resource, the first resource without
// room) where it fails. No path: elastic flows fail (on_elastic_failed) and streams are
// dropped (at the first resource of the old path without capacity, else its first).
// Every elastic arrival therefore ends exactly once: completed, failed, or unfinished
// when the run stops; every admitted stream ends, normally or dropped.
//
// Simultaneous events are ordered by (time, kind, sequence): sample tick, capacity change,
// completions and stream ends in the order they were scheduled, reroute point, then the
// arrival. The same input therefore gives bit-identical output.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <variant>
#include <vector>

namespace citynet::engine {

enum class PathId : std::uint32_t {};
[[nodiscard]] constexpr std::uint32_t index(PathId id) { return static_cast<std::uint32_t>(id); }

enum class SharingMode { exact, fast };

struct EngineConfig {
  SharingMode mode = SharingMode::exact;
  double recompute_interval_s = 0.5;            // fast mode: longest time between solves, >= 0
  double streaming_guard_share = 0;             // of each resource kept from streams, [0, 1)
  std::optional<double> sample_interval_s;      // empty: no sample ticks; else > 0
};

struct ElasticFlow {
  PathId path{};
  double size_bits = 0;                 // >= 0; 0 completes at its start
  std::optional<double> rate_cap_bps;   // empty: only the resources limit it; else > 0
  double weight = 1;                    // > 0
};

struct StreamFlow {
  PathId path{};
  double rate_bps = 0;     // > 0
  double duration_s = 0;   // >= 0
};

struct Arrival {
  double start_s = 0;
  std::uint64_t tag = 0;          // the caller's id, handed back in every observation
  std::uint32_t flow_class = 0;   // the caller's class index, handed back likewise
  std::variant<ElasticFlow, StreamFlow> flow;
};

// Arrivals in nondecreasing start_s, pulled one at a time so that no caller has to hold
// every flow in memory.
class ArrivalSource {
 public:
  virtual ~ArrivalSource() = default;
  virtual std::optional<Arrival> next() = 0;
};

// Replays a vector; sorts it by start time (stable, so equal starts keep their order).
class VectorArrivalSource final : public ArrivalSource {
 public:
  explicit VectorArrivalSource(std::vector<Arrival> arrivals);
  std::optional<Arrival> next() override;

 private:
  std::vector<Arrival> arrivals_;
  std::size_t next_ = 0;
};

struct CapacityChange {
  double at_s = 0;
  std::uint32_t resource = 0;
  double capacity_bps = 0;  // >= 0
};

struct ElasticCompletion {
  std::uint64_t tag = 0;
  std::uint32_t flow_class = 0;
  PathId path{};
  double start_s = 0;
  double end_s = 0;
  double size_bits = 0;
};

struct StreamRecord {
  std::uint64_t tag = 0;
  std::uint32_t flow_class = 0;
  PathId path{};
  double start_s = 0;
  double rate_bps = 0;
  double duration_s = 0;  // as requested
};

// An elastic flow left without a path at a reroute point.
struct ElasticFailed {
  std::uint64_t tag = 0;
  std::uint32_t flow_class = 0;
  PathId path{};  // the path it was on
  double start_s = 0;
  double at_s = 0;
  double remaining_bits = 0;  // not delivered
  double size_bits = 0;
};

// An elastic flow still active when the run stopped, and what it had left to send then.
struct ElasticUnfinished {
  std::uint64_t tag = 0;
  std::uint32_t flow_class = 0;
  PathId path{};
  double start_s = 0;
  double remaining_bits = 0;  // not delivered by the stop
  double size_bits = 0;
};

// What one reroute point moved (flows that failed or were dropped are reported one by one).
struct ReroutePointDone {
  double at_s = 0;
  std::uint64_t flows_rerouted = 0;  // elastic flows and streams now on another path
};

struct StreamBlocked {
  StreamRecord stream;
  std::uint32_t blocking_resource = 0;  // the first resource of the path without room
};

struct StreamEnded {
  StreamRecord stream;
  double end_s = 0;
  bool dropped = false;  // ended early by a capacity drop or a reroute
  // The resource without room for it, when dropped (empty only for a path of no resources
  // left without a route).
  std::optional<std::uint32_t> dropped_at_resource;
};

// One resource over one sample interval (start_s, end_s].
struct ResourceSample {
  double elastic_bits = 0;                 // carried by elastic flows in the interval
  double stream_bits = 0;                  // carried by streams in the interval
  std::uint32_t active_elastic_flows = 0;  // at end_s
  std::uint32_t active_streams = 0;        // at end_s
  std::uint32_t streams_blocked = 0;       // blocked here in the interval
  std::uint32_t streams_dropped = 0;       // dropped here in the interval
  double capacity_bps = 0;                 // at end_s
};

struct SampleTick {
  double start_s = 0;
  double end_s = 0;
  std::span<const ResourceSample> resources;  // indexed by resource; valid during the call
};

// What the caller learns. Every method has an empty default so an observer overrides only
// what it needs. Calls come in simulated-time order.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_arrival(const Arrival&) {}
  virtual void on_elastic_completed(const ElasticCompletion&) {}
  virtual void on_stream_admitted(const StreamRecord&) {}
  virtual void on_stream_blocked(const StreamBlocked&) {}
  virtual void on_stream_ended(const StreamEnded&) {}
  virtual void on_elastic_failed(const ElasticFailed&) {}
  // Once per flow still active when the run stops, after the last sample.
  virtual void on_elastic_unfinished(const ElasticUnfinished&) {}
  virtual void on_reroute_point(const ReroutePointDone&) {}
  virtual void on_sample(const SampleTick&) {}
};

// Asked at a reroute point which path the flows of `old_path` take from `at_s` on. It may
// intern new paths (Simulator::add_path) during the call. Empty: no path is left.
class Rerouter {
 public:
  virtual ~Rerouter() = default;
  virtual std::optional<PathId> reroute(PathId old_path, double at_s) = 0;
};

struct RunStats {
  std::uint64_t events_processed = 0;   // arrivals, completions, stream ends, capacity changes
  std::uint64_t elastic_arrivals = 0;
  std::uint64_t elastic_completed = 0;
  std::uint64_t streams_admitted = 0;
  std::uint64_t streams_blocked = 0;
  std::uint64_t streams_dropped = 0;     // by capacity changes and reroutes
  std::uint64_t elastic_failed = 0;      // left without a path at a reroute point
  std::uint64_t flows_rerouted = 0;      // elastic flows and streams moved to another path
  std::uint64_t reroute_points = 0;
  std::uint64_t recomputations = 0;     // max-min solves
  std::uint64_t full_solves = 0;        // exact mode: solves of every group (others solve a region)
  std::uint64_t groups_solved = 0;      // exact mode: groups solved, over all solves and their rounds
  std::uint64_t one_bottleneck_solves = 0;  // fast mode: solves of one saturated resource, without the solver
  std::uint64_t peak_active_elastic_flows = 0;
  std::uint64_t peak_active_streams = 0;
  std::uint64_t peak_groups = 0;
  std::uint64_t unfinished_elastic_flows = 0;  // still active when the run stopped
  std::uint64_t streams_ended = 0;             // at the end of their duration
  std::uint64_t unfinished_streams = 0;        // still on when the run stopped
  double end_s = 0;                             // simulated time when the run stopped
};

class Simulator {
 public:
  Simulator(std::vector<double> capacity_bps, EngineConfig config);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;
  Simulator(Simulator&&) noexcept;
  Simulator& operator=(Simulator&&) noexcept;

  // Interns a path: the same resource sequence always yields the same id. Resources must
  // exist and must not repeat.
  [[nodiscard]] PathId add_path(std::span<const std::uint32_t> resources);
  // The ids add_path would give each path in turn, for many paths at once: room for them is
  // made once, and the repeat check needs no copy of each path.
  [[nodiscard]] std::vector<PathId> add_paths(std::span<const std::span<const std::uint32_t>> paths);
  [[nodiscard]] std::span<const std::uint32_t> path(PathId id) const;
  [[nodiscard]] std::size_t path_count() const;
  [[nodiscard]] std::size_t resource_count() const;

  // Before run(); changes may come in any order.
  void add_capacity_change(const CapacityChange& change);
  // Before run(); the Rerouter given to run() is asked at each (see the header comment).
  void add_reroute_point(double at_s);

  // Runs from time 0 until no event remains or, when `until_s` is given, until that time
  // (flows still active then are left unfinished). Sample ticks fall at multiples of the
  // sample interval; a last, shorter sample closes at the stop time. A Simulator runs once.
  // Throws std::invalid_argument for arrivals before time 0 or out of time order, unknown
  // paths and values outside the ranges stated above, and when reroute points were added
  // without a rerouter.
  RunStats run(ArrivalSource& arrivals, Observer& observer, std::optional<double> until_s = {},
               Rerouter* rerouter = nullptr);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace citynet::engine
