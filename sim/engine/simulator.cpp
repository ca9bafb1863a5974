#include "engine/simulator.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "core/huge_pages.hpp"
#include "engine/bottleneck_clock.hpp"
#include "engine/event_queue.hpp"
#include "engine/group_table.hpp"
#include "engine/indexed_heap.hpp"
#include "engine/maxmin_solver.hpp"
#include "engine/path_table.hpp"

namespace citynet::engine {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// A resource counts as saturated when its elastic load is within this share of its
// elastic capacity: loads are kept by adding and subtracting rates, so a resource the
// solver saturated sits within a few ulps of its capacity, far inside this margin.
constexpr double kSaturationTolerance = 1e-9;
// A flow whose finish point is within this share of its group's service is finished: the
// completion instant was computed from the same numbers, so they differ by rounding only.
constexpr double kCompletionTolerance = 1e-9;
// Stream admission compares sums of rates with capacity; N streams of C/N must fit in C.
constexpr double kAdmissionTolerance = 1e-9;
// A group's per-flow service is re-based to 0 above this many bits, so that finish points
// keep their precision however long the group lives.
constexpr double kRebaseServiceBits = 4294967296.0;
// A fixed group's cap level may exceed a resource's new fair level by this share before
// the partial solve is abandoned for a full one (rounding only).
constexpr double kLevelTolerance = 1e-9;
// Partial solves tried (each releasing the fixed groups that broke the last) before a
// solve releases every fixed group.
constexpr int kMaxPartialRounds = 3;
// After a solve whose targeted releases failed, this many failing solves go straight to a
// full solve.
constexpr int kTargetedPauseSolves = 16;
// Exact mode's region growth (see solve_region()). A group's rate that moves by no more
// than this share counts as unchanged, and an outside group's level may exceed the level at
// which the region saturates a resource it crosses by this share (both are rounding).
// Erring the other way only grows a region, so these are far below kLevelTolerance.
constexpr double kRegionTolerance = 1e-12;
struct FinishPoint {
  double service_bits = 0;  // the group's per-flow service at which the flow is done
  std::uint32_t flow = 0;
};

struct LaterFinish {
  bool operator()(const FinishPoint& a, const FinishPoint& b) const {
    if (a.service_bits != b.service_bits) return a.service_bits > b.service_bits;
    return a.flow > b.flow;
  }
};

// A group's flows by finish point, earliest first. Most groups hold a single flow, so the
// earliest is kept in the group itself and a completion of a lone flow reads no other memory;
// the others wait in a heap.
class FinishQueue {
 public:
  [[nodiscard]] bool empty() const { return !has_first_; }
  [[nodiscard]] const FinishPoint& front() const { return first_; }

  void push(FinishPoint point) {
    if (!has_first_) {
      first_ = point;
      has_first_ = true;
      return;
    }
    if (LaterFinish{}(first_, point)) std::swap(first_, point);
    rest_.push_back(point);
    std::push_heap(rest_.begin(), rest_.end(), LaterFinish{});
  }

  void pop() {
    if (rest_.empty()) {
      has_first_ = false;
      return;
    }
    std::pop_heap(rest_.begin(), rest_.end(), LaterFinish{});
    first_ = rest_.back();
    rest_.pop_back();
  }

  void clear() {
    has_first_ = false;
    rest_.clear();
  }

  // Moves every finish point `bits` back (the group's service was re-based).
  void shift_back(double bits) {
    first_.service_bits -= bits;
    for (FinishPoint& p : rest_) p.service_bits -= bits;
  }

  [[nodiscard]] std::vector<FinishPoint> earliest_first() const {
    std::vector<FinishPoint> points = rest_;
    if (has_first_) points.push_back(first_);
    std::sort(points.begin(), points.end(), [](const FinishPoint& a, const FinishPoint& b) { return LaterFinish{}(b, a); });
    return points;
  }

 private:
  FinishPoint first_;
  bool has_first_ = false;
  std::vector<FinishPoint> rest_;  // min-heap by LaterFinish
};

struct FlowRecord {
  std::uint64_t tag = 0;
  double start_s = 0;
  double size_bits = 0;
  std::uint32_t flow_class = 0;
};

// Flows of one (path, cap, weight): they share one rate and are served in virtual time.
// An arrival or a completion reads a group that has usually left the cache since it was last
// touched, so what they read fills the first 64 bytes and the group two whole cache lines.
struct alignas(64) Group {
  GroupKey key;
  std::uint32_t count = 0;
  std::uint32_t floating_position = kNone;
  double rate_bps = 0;         // per flow
  double service_bits = 0;     // per-flow service since the group (re)started
  double service_at_s = 0;     // when service_bits was last brought up to date
  bool scheduled = false;      // its completion is in the event queue
  bool fixed = false;          // at its cap and left out of partial solves (see solve())
  // On fast mode's bottleneck clock: then service_bits is the service when it joined, at
  // clock V = clock_v0, rate_bps is not kept, and it has no completion of its own.
  bool clocked = false;
  std::uint32_t active_position = kNone;
  FinishQueue finish_queue;
  double clock_v0 = 0;
  // Exact mode: whether its count changed since the last solve; whether it is in the region.
  bool count_changed = false;
  bool in_region = false;
  std::uint32_t fixed_position = kNone;  // in State::fixed_list while fixed
};
static_assert(sizeof(Group) == 128, "two cache lines");

// One active group on a resource: which hop of the group's path the resource is, and the
// group's level (per-flow rate over weight), kept here so that a scan of a resource's
// groups reads one array.
struct Crossing {
  std::uint32_t group = 0;
  std::uint32_t hop = 0;
  double level = 0;
};

// What happened to a resource since the last solve (exact mode), as bits.
enum ResourceChange : std::uint8_t {
  kCountChanged = 1,     // a group crossing it gained or lost flows, or appeared or left
  kCapacityChanged = 2,  // its elastic capacity changed where its groups' rates may follow
};

struct StreamSlot {
  StreamRecord record;
  std::uint64_t admitted_sequence = 0;
  bool active = false;
};

// A slot of `items` for a new entry: the last one freed, else a new one at the end.
template <class T>
std::uint32_t take_slot(std::vector<T>& items, std::vector<std::uint32_t>& free_slots) {
  if (free_slots.empty()) {
    items.emplace_back();
    return static_cast<std::uint32_t>(items.size() - 1);
  }
  const std::uint32_t slot = free_slots.back();
  free_slots.pop_back();
  return slot;
}

void require(bool condition, const char* what, double value) {
  if (!condition) throw std::invalid_argument(fmt::format("citynet engine: {} (got {})", what, value));
}

}  // namespace

struct Simulator::State {
  EngineConfig config;
  bool solve_at_every_instant = true;  // exact mode, or fast mode with interval 0

  // Paths, interned.
  std::vector<std::uint32_t> path_resources;
  std::vector<std::uint32_t> path_begin{0};
  PathTable path_ids;  // ids by resource sequence, stored in path_resources

  // Per resource.
  std::vector<double> capacity_bps;
  std::vector<double> stream_load_bps;
  std::vector<double> elastic_capacity_bps;  // capacity the streams leave, >= 0
  std::vector<double> elastic_load_bps;
  std::vector<double> accounted_at_s;
  std::vector<std::uint32_t> groups_crossing;
  std::vector<double> active_weight;  // fast mode: total weight of the elastic flows crossing
  // Fixed groups (see solve()): their load, how many cross, and the largest cap level any
  // of them has had since the last full solve.
  std::vector<double> fixed_load_bps;
  std::vector<std::uint32_t> fixed_groups;
  std::vector<double> fixed_max_cap_level;
  // The fixed groups, with what a check of their cap against a solve's levels reads, so
  // that the check does not visit the groups themselves.
  struct FixedGroup {
    std::uint32_t group;
    std::uint32_t path_begin;  // the path's resources in path_resources
    std::uint32_t path_end;
    double cap_level;
  };
  std::vector<FixedGroup> fixed_list;
  std::vector<std::uint32_t> violating_groups;  // scratch of release_violating()
  std::vector<double> residual_bps;  // elastic capacity less the fixed load, for the solver
  bool full_solve_needed = false;
  int targeted_pause = 0;  // see solve()
  // Fast mode's one-bottleneck solves (see solve_at_one_bottleneck()): the resource the last
  // solve saturated when it was the only one, else kNone; the level it saturated at when
  // that solve was one, and scratch per resource (the floating groups' weight and number
  // there, valid where stamped with the current epoch) and per floating group.
  std::uint32_t one_bottleneck = kNone;
  bool solved_at_one_bottleneck = false;
  double one_bottleneck_level = 0;
  std::uint64_t floating_epoch = 0;
  std::vector<std::uint64_t> floating_stamp;
  std::vector<double> floating_weight_on;
  std::vector<std::uint32_t> floating_groups_on;
  std::vector<double> floating_cap_load_on;
  std::vector<std::uint32_t> floating_resources;
  std::vector<std::uint8_t> floating_capped;
  std::vector<std::uint8_t> floating_on_bottleneck;
  // The floating groups the last one-bottleneck solve held at its level. They all cross
  // one_bottleneck: only a full solve changes it, and that takes every group off the clock
  // first. Per resource, the clocked groups' weight
  // and number there, kept as groups join and leave so that a solve need not walk their
  // paths, and the resources where that number is not 0.
  BottleneckClock clock;
  std::vector<double> clocked_weight_on;
  std::vector<std::uint32_t> clocked_groups_on;
  std::vector<std::uint32_t> clocked_resources;
  std::vector<std::uint32_t> clocked_resource_position;
  // The clocked groups that have a cap, by cap level: a solve that raises the level finds
  // those that now freeze at their cap without looking at the others. Those it took out
  // (put back if the solve is abandoned), and the floating groups a commit starts from.
  IndexedMinHeap clocked_by_cap_level;
  std::vector<std::uint32_t> capped_from_clock;
  std::vector<std::uint32_t> floating_at_commit;
  // Exact mode's region solves (see solve_region()). Per resource: the active groups
  // crossing it, whether the last solve left it saturated, what changed since, and scratch
  // of the current region (its groups there, their load before the solve, a rate change).
  bool region_solves = false;
  std::vector<std::vector<Crossing>> crossing;
  // By group: its slot in crossing[r] for each resource r of its path, in path order.
  std::vector<std::vector<std::uint32_t>> crossing_slots;
  std::vector<std::uint8_t> saturated_at_commit;
  std::vector<std::uint8_t> resource_changes;
  std::vector<std::uint32_t> changed_resources;
  std::vector<std::uint32_t> changed_groups;
  std::vector<std::uint32_t> region;
  std::vector<std::uint32_t> region_groups_on;
  std::vector<double> region_load_bps;
  std::vector<std::uint8_t> region_rate_changed;
  std::vector<ResourceSample> sample;  // counters of the current sample interval

  std::vector<CapacityChange> capacity_changes;
  std::vector<double> reroute_points_s;
  Rerouter* rerouter = nullptr;

  // Groups and flows.
  std::vector<Group> groups;
  // A group's slot is taken back when its last flow leaves, so `groups` holds about as many
  // as are ever active at once and stays in cache; the key finds the active one.
  GroupTable active_group_by_key;
  std::vector<std::uint32_t> free_groups;
  // Slots that left the changed_groups of an unsolved instant: free again after the solve.
  std::vector<std::uint32_t> groups_freed_at_solve;
  std::vector<std::uint32_t> active_groups;
  std::vector<std::uint32_t> floating_groups;  // active groups neither fixed nor on the clock
  std::vector<FlowRecord> flows;
  std::vector<std::uint32_t> free_flows;
  std::vector<StreamSlot> streams;
  std::vector<std::uint32_t> free_streams;
  std::uint64_t active_flows = 0;
  std::uint64_t active_streams = 0;

  // Events.
  EventQueue events;
  std::uint64_t next_sequence = 0;
  std::optional<Arrival> pending_arrival;
  double last_arrival_s = 0;

  double now_s = 0;
  bool dirty = false;
  double next_recompute_s = kNever;
  double next_sample_s = kNever;
  double sample_start_s = 0;

  MaxMinSolver solver;
  std::vector<MaxMinSolver::Group> solver_groups;

  RunStats stats;
  Observer* observer = nullptr;
  bool has_run = false;

  State(std::vector<double> capacities, EngineConfig cfg) : config(cfg), capacity_bps(std::move(capacities)) {
    require(cfg.recompute_interval_s >= 0, "recompute_interval_s must be >= 0", cfg.recompute_interval_s);
    require(cfg.streaming_guard_share >= 0 && cfg.streaming_guard_share < 1,
            "streaming_guard_share must be in [0, 1)", cfg.streaming_guard_share);
    if (cfg.sample_interval_s) {
      require(*cfg.sample_interval_s > 0, "sample_interval_s must be > 0", *cfg.sample_interval_s);
    }
    for (double c : capacity_bps) require(c >= 0 && std::isfinite(c), "capacity must be finite and >= 0", c);
    solve_at_every_instant = cfg.mode == SharingMode::exact || cfg.recompute_interval_s == 0;
    const std::size_t n = capacity_bps.size();
    stream_load_bps.assign(n, 0);
    elastic_capacity_bps = capacity_bps;
    elastic_load_bps.assign(n, 0);
    accounted_at_s.assign(n, 0);
    groups_crossing.assign(n, 0);
    active_weight.assign(n, 0);
    fixed_load_bps.assign(n, 0);
    fixed_groups.assign(n, 0);
    fixed_max_cap_level.assign(n, 0);
    residual_bps.assign(n, 0);
    floating_stamp.assign(n, 0);
    floating_weight_on.assign(n, 0);
    floating_groups_on.assign(n, 0);
    floating_cap_load_on.assign(n, 0);
    clocked_weight_on.assign(n, 0);
    clocked_groups_on.assign(n, 0);
    clocked_resource_position.assign(n, kNone);
    region_solves = cfg.mode == SharingMode::exact;
    if (region_solves) {
      crossing.resize(n);
      saturated_at_commit.assign(n, 0);
      resource_changes.assign(n, 0);
      region_groups_on.assign(n, 0);
      region_load_bps.assign(n, 0);
      region_rate_changed.assign(n, 0);
    }
    sample.assign(n, ResourceSample{});
  }

  [[nodiscard]] std::span<const std::uint32_t> resources_of(std::uint32_t path) const {
    return {path_resources.data() + path_begin[path], path_resources.data() + path_begin[path + 1]};
  }

  // ---- accounting -------------------------------------------------------------------

  // Carried bits are integrated exactly: loads are constant between the changes that call this.
  void account(std::uint32_t r) {
    if (!config.sample_interval_s) return;  // nobody reads the bits
    const double dt = now_s - accounted_at_s[r];
    if (dt > 0) {
      sample[r].elastic_bits += elastic_load_bps[r] * dt;
      sample[r].stream_bits += stream_load_bps[r] * dt;
    }
    accounted_at_s[r] = now_s;
  }

  void add_elastic_load(std::span<const std::uint32_t> path, double delta_bps) {
    if (delta_bps == 0) return;
    for (std::uint32_t r : path) {
      account(r);
      elastic_load_bps[r] += delta_bps;
    }
  }

  [[nodiscard]] bool saturated(std::uint32_t r) const {
    return elastic_load_bps[r] >= elastic_capacity_bps[r] * (1 - kSaturationTolerance);
  }

  [[nodiscard]] bool any_saturated(std::span<const std::uint32_t> path) const {
    return std::any_of(path.begin(), path.end(), [&](std::uint32_t r) { return saturated(r); });
  }

  // ---- events -----------------------------------------------------------------------

  void push_event(double time_s, EventKind kind, std::uint32_t index) {
    events.schedule(Event{time_s, next_sequence++, index, kind});
  }

  void mark_dirty() {
    dirty = true;
    if (!solve_at_every_instant && next_recompute_s == kNever) {
      const double interval = config.recompute_interval_s;
      next_recompute_s = (std::floor(now_s / interval) + 1) * interval;
    }
  }

  // ---- groups -----------------------------------------------------------------------

  void advance_service(Group& g) {
    g.service_bits += g.rate_bps * (now_s - g.service_at_s);
    g.service_at_s = now_s;
    if (g.service_bits > kRebaseServiceBits) {
      g.finish_queue.shift_back(g.service_bits);
      g.service_bits = 0;
    }
  }

  // Moves the group's completion to what its rate and first finisher now give.
  void reschedule(std::uint32_t gi) {
    Group& g = groups[gi];
    if (g.count == 0 || g.rate_bps <= 0) {  // a flow at rate 0 waits for a solve
      if (g.scheduled) events.cancel(EventKind::completion, gi);
      g.scheduled = false;
      return;
    }
    const double remaining_bits = std::max(0.0, g.finish_queue.front().service_bits - g.service_bits);
    push_event(now_s + remaining_bits / g.rate_bps, EventKind::completion, gi);
    g.scheduled = true;
  }

  void set_rate(std::uint32_t gi, double rate_bps) {
    Group& g = groups[gi];
    advance_service(g);
    add_elastic_load(resources_of(g.key.path), (rate_bps - g.rate_bps) * g.count);
    g.rate_bps = rate_bps;
  }

  // The active group of `key`, or a free slot for it (count 0: the caller activates it).
  std::uint32_t group_for(const GroupKey& key) {
    std::uint32_t gi = active_group_by_key.find(key, [this](std::uint32_t g) -> const GroupKey& { return groups[g].key; });
    if (gi != GroupTable::kAbsent) return gi;
    gi = take_slot(groups, free_groups);
    groups[gi].key = key;
    active_group_by_key.insert(key, gi);
    return gi;
  }

  // After its last flow left: no longer active, no completion pending, its slot free. A
  // slot still listed in changed_groups waits for the solve that clears that list.
  void retire(std::uint32_t gi) {
    deactivate(gi);
    reschedule(gi);  // with no flow left: cancels the completion
    active_group_by_key.erase(groups[gi].key, gi);
    (groups[gi].count_changed ? groups_freed_at_solve : free_groups).push_back(gi);
  }

  void activate(std::uint32_t gi) {
    Group& g = groups[gi];
    g.active_position = static_cast<std::uint32_t>(active_groups.size());
    active_groups.push_back(gi);
    g.rate_bps = 0;
    g.service_bits = 0;
    g.service_at_s = now_s;
    g.fixed = false;
    add_floating(gi);
    for (std::uint32_t r : resources_of(g.key.path)) ++groups_crossing[r];
    if (region_solves) enter_crossings(gi);
    stats.peak_groups = std::max<std::uint64_t>(stats.peak_groups, active_groups.size());
  }

  void deactivate(std::uint32_t gi) {
    Group& g = groups[gi];
    const std::uint32_t last = active_groups.back();
    active_groups[g.active_position] = last;
    groups[last].active_position = g.active_position;
    active_groups.pop_back();
    g.active_position = kNone;
    if (g.fixed) {
      unfix(gi);
    } else {
      remove_floating(gi);
    }
    g.rate_bps = 0;
    if (region_solves) leave_crossings(gi);
    for (std::uint32_t r : resources_of(g.key.path)) {
      if (--groups_crossing[r] == 0) {
        account(r);
        elastic_load_bps[r] = 0;  // exactly: no drift survives an idle resource
        active_weight[r] = 0;
        if (region_solves) saturated_at_commit[r] = 0;  // nobody left to be bottlenecked there
      }
    }
  }

  void enter_crossings(std::uint32_t gi) {
    const auto path = resources_of(groups[gi].key.path);
    if (crossing_slots.size() < groups.size()) crossing_slots.resize(groups.size());
    std::vector<std::uint32_t>& slots = crossing_slots[gi];
    slots.resize(path.size());
    for (std::uint32_t hop = 0; hop < path.size(); ++hop) {
      std::vector<Crossing>& on = crossing[path[hop]];
      slots[hop] = static_cast<std::uint32_t>(on.size());
      on.push_back({gi, hop, level_of(gi)});
    }
  }

  // After the group's rate changed.
  void update_crossing_levels(std::uint32_t gi) {
    const auto path = resources_of(groups[gi].key.path);
    const double level = level_of(gi);
    const std::vector<std::uint32_t>& slots = crossing_slots[gi];
    for (std::uint32_t hop = 0; hop < path.size(); ++hop) crossing[path[hop]][slots[hop]].level = level;
  }

  [[nodiscard]] double level_of(std::uint32_t gi) const { return groups[gi].rate_bps / groups[gi].key.weight; }

  void leave_crossings(std::uint32_t gi) {
    const auto path = resources_of(groups[gi].key.path);
    const std::vector<std::uint32_t>& slots = crossing_slots[gi];
    for (std::uint32_t hop = 0; hop < path.size(); ++hop) {
      std::vector<Crossing>& on = crossing[path[hop]];
      const Crossing last = on.back();
      on[slots[hop]] = last;
      crossing_slots[last.group][last.hop] = slots[hop];
      on.pop_back();
    }
  }

  // ---- what changed since the last solve (exact mode) -------------------------------

  void note_resource(std::uint32_t r, ResourceChange change) {
    if (resource_changes[r] == 0) changed_resources.push_back(r);
    resource_changes[r] |= change;
  }

  // A group gained or lost flows (or appeared): its path's loads moved.
  void note_count_changed(std::uint32_t gi) {
    Group& g = groups[gi];
    if (!g.count_changed) {
      g.count_changed = true;
      changed_groups.push_back(gi);
    }
    for (std::uint32_t r : resources_of(g.key.path)) note_resource(r, kCountChanged);
  }

  // Load or capacity moved on `r` without a solve, leaving every rate right: a resource
  // that is now full counts as saturated, so that the next solve treats it as a possible
  // bottleneck (erring that way only makes a region larger).
  void note_still_fits(std::uint32_t r) {
    if (saturated(r)) saturated_at_commit[r] = 1;
  }

  // ---- the allocation ---------------------------------------------------------------

  void add_floating(std::uint32_t gi) {
    groups[gi].floating_position = static_cast<std::uint32_t>(floating_groups.size());
    floating_groups.push_back(gi);
  }

  void remove_floating(std::uint32_t gi) {
    Group& g = groups[gi];
    const std::uint32_t last = floating_groups.back();
    floating_groups[g.floating_position] = last;
    groups[last].floating_position = g.floating_position;
    floating_groups.pop_back();
    g.floating_position = kNone;
  }

  // A group at its cap joins the fixed load of its resources.
  void fix(std::uint32_t gi) {
    Group& g = groups[gi];
    g.fixed = true;
    const double cap_level = g.key.cap_bps / g.key.weight;
    g.fixed_position = static_cast<std::uint32_t>(fixed_list.size());
    fixed_list.push_back({gi, path_begin[g.key.path], path_begin[g.key.path + 1], cap_level});
    for (std::uint32_t r : resources_of(g.key.path)) {
      fixed_load_bps[r] += g.rate_bps * g.count;
      ++fixed_groups[r];
      fixed_max_cap_level[r] = std::max(fixed_max_cap_level[r], cap_level);
    }
  }

  // Takes a fixed group's load out again (the group keeps its rate until the next solve).
  void unfix(std::uint32_t gi) {
    Group& g = groups[gi];
    g.fixed = false;
    const FixedGroup last = fixed_list.back();
    fixed_list[g.fixed_position] = last;
    groups[last.group].fixed_position = g.fixed_position;
    fixed_list.pop_back();
    g.fixed_position = kNone;
    for (std::uint32_t r : resources_of(g.key.path)) {
      fixed_load_bps[r] -= g.rate_bps * g.count;
      if (--fixed_groups[r] == 0) fixed_load_bps[r] = 0;  // exactly: no drift survives
    }
  }

  // The max-min allocation: exact mode re-solves a region around what changed, fast mode
  // keeps the groups at their cap fixed and re-solves the others.
  void solve() {
    if (region_solves) {
      solve_region();
    } else {
      solve_partial();
    }
    dirty = false;
    full_solve_needed = false;
    next_recompute_s = kNever;
    ++stats.recomputations;
  }

  // Fast mode's max-min allocation, partial when possible. A group the last solve left at
  // its cap is "fixed": as long as it stays at its cap, its load is a constant that the
  // other groups share around. So only the floating groups are solved, on the capacity the fixed ones
  // leave. The result is the max-min allocation of the whole problem iff no fixed group
  // crosses a resource this solve saturates at a level below that group's cap level (then
  // every flow still has a bottleneck: fixed ones their cap, floating ones a saturated
  // resource where nobody has a larger share). If that check fails, only the fixed groups
  // that break it are released (those whose cap level exceeds the level this solve found on
  // a resource of their path) and the floating groups are solved again; after
  // kMaxPartialRounds such rounds everything is re-solved (and the next failing solves go
  // straight to that, see kTargetedPauseSolves). A released group is simply solved
  // with the others, so whichever way it ends the result is the unique max-min allocation.
  void solve_partial() {
    if (!full_solve_needed && solve_at_one_bottleneck()) return;
    solved_at_one_bottleneck = false;
    take_all_off_clock();
    if (full_solve_needed) release_fixed();
    bool complete = solve_floating();
    if (!complete && targeted_pause > 0) {
      --targeted_pause;
    } else {
      for (int round = 1; round < kMaxPartialRounds && !complete; ++round) {
        // The check uses fixed_max_cap_level, an upper bound; when no group breaks it,
        // release_violating() has made it exact and the last solve's result stands.
        complete = release_violating() == 0 || solve_floating();
      }
      // Where targeted releases keep failing (much uncapped traffic), skip them for a while.
      if (!complete) targeted_pause = kTargetedPauseSolves;
    }
    if (!complete) {
      release_fixed();
      complete = solve_floating();
      assert(complete);
      (void)complete;
    }
    commit_floating();
    note_one_bottleneck();
  }

  // Remembers the resource this solve saturated if it was the only one: the next solve
  // tries it as everybody's bottleneck first.
  void note_one_bottleneck() {
    one_bottleneck = kNone;
    for (std::uint32_t r : solver.touched()) {
      if (solver.saturation_level(r) == kUnbounded) continue;
      if (one_bottleneck != kNone) {
        one_bottleneck = kNone;
        return;
      }
      one_bottleneck = r;
    }
  }

  // The level at which the last solve saturated `r`; kUnbounded where it did not.
  [[nodiscard]] double saturation_level(std::uint32_t r) const {
    if (!solved_at_one_bottleneck) return solver.saturation_level(r);
    return r == one_bottleneck ? one_bottleneck_level : kUnbounded;
  }

  // Fast mode's common case, solved without the solver: one resource B saturates, every
  // floating group that crosses it has it as bottleneck or freezes at its cap, and every
  // floating group that does not cross it runs at its cap. Then with L, B's fair level,
  //     sum over capped groups on B of w_g * cap_level_g + L * (sum of the others' w_g) = residual_B
  // which is what progressive filling finds, provided no other resource would carry more
  // than it has (checked with every group on B at L, an upper bound, with a margin so that
  // a second saturated resource goes to the full solve) and no fixed group on B has a cap
  // level above L (else it would have to be released). When a check fails nothing has
  // changed and the caller solves in full. This costs one pass over the floating groups'
  // paths instead of a solve, which matters because with line-rate caps most solves find
  // one saturated link (the egress) holding hundreds of groups, while the groups that
  // arrived elsewhere since the last solve simply take their cap.
  bool solve_at_one_bottleneck() {
    const std::uint32_t b = one_bottleneck;
    if (b == kNone || (floating_groups.empty() && clock.empty())) return false;
    if (!weigh_floating_groups(b)) return false;
    const std::optional<double> level = fair_level_at(b);
    const bool holds = level && fits_elsewhere(b, *level) &&
                       (fixed_groups[b] == 0 || *level * (1 + kLevelTolerance) >= fixed_max_cap_level[b]);
    if (!holds) {
      put_capped_back_on_clock();
      return false;
    }
    commit_at_one_bottleneck(*level);
    ++stats.one_bottleneck_solves;
    solved_at_one_bottleneck = true;
    one_bottleneck_level = *level;
    return true;
  }

  // Sums per resource the weight of the floating groups (those on b's clock included, whose
  // sums are kept) that cross `b` and the cap load of those that do not; false when one of
  // the latter has no cap.
  bool weigh_floating_groups(std::uint32_t b) {
    ++floating_epoch;
    floating_resources.assign(clocked_resources.begin(), clocked_resources.end());
    for (std::uint32_t r : clocked_resources) {
      floating_stamp[r] = floating_epoch;
      floating_weight_on[r] = clocked_weight_on[r];
      floating_groups_on[r] = clocked_groups_on[r];
      floating_cap_load_on[r] = 0;
    }
    floating_capped.assign(floating_groups.size(), 0);
    floating_on_bottleneck.assign(floating_groups.size(), 1);
    for (std::size_t i = 0; i < floating_groups.size(); ++i) {
      const Group& g = groups[floating_groups[i]];
      const auto path = resources_of(g.key.path);
      const bool crosses_b = std::find(path.begin(), path.end(), b) != path.end();
      if (!crosses_b && g.key.cap_bps == kNever) return false;
      floating_capped[i] = crosses_b ? 0 : 1;
      floating_on_bottleneck[i] = crosses_b ? 1 : 0;
      for (std::uint32_t r : path) {
        if (floating_stamp[r] != floating_epoch) {
          floating_stamp[r] = floating_epoch;
          floating_weight_on[r] = 0;
          floating_groups_on[r] = 0;
          floating_cap_load_on[r] = 0;
          floating_resources.push_back(r);
        }
        if (crosses_b) {
          floating_weight_on[r] += g.count * g.key.weight;
          ++floating_groups_on[r];
        } else {
          floating_cap_load_on[r] += g.count * g.key.cap_bps;
        }
      }
    }
    return true;
  }

  // Water-fills `b` alone: the level L at which it saturates. The floating groups on it
  // that freeze at their cap first are marked in floating_capped, the clocked ones taken out
  // to capped_from_clock; empty when they all freeze (b does not saturate).
  std::optional<double> fair_level_at(std::uint32_t b) {
    capped_from_clock.clear();
    double free_bps = std::max(0.0, elastic_capacity_bps[b] - fixed_load_bps[b]);
    double weight = floating_weight_on[b];
    std::uint32_t uncapped = floating_groups_on[b];
    if (uncapped == 0) return std::nullopt;
    double level = free_bps / weight;
    const auto freeze = [&](const Group& g) {
      free_bps -= g.count * g.key.cap_bps;
      weight -= g.count * g.key.weight;
      return --uncapped > 0;
    };
    // Each pass freezes the groups whose cap level the level has reached; that only raises
    // the level, so a few passes settle it.
    for (bool froze = true; froze;) {
      froze = false;
      for (std::size_t i = 0; i < floating_groups.size(); ++i) {
        const Group& g = groups[floating_groups[i]];
        if (floating_capped[i] != 0 || g.key.cap_bps / g.key.weight > level) continue;
        floating_capped[i] = 1;
        froze = true;
        if (!freeze(g)) return std::nullopt;
      }
      while (!clocked_by_cap_level.empty() && clocked_by_cap_level.first_key() <= level) {
        const std::uint32_t gi = clocked_by_cap_level.first_item();
        clocked_by_cap_level.remove(gi);
        capped_from_clock.push_back(gi);
        froze = true;
        if (!freeze(groups[gi])) return std::nullopt;
      }
      // Rounding may push the quotient a hair below; the level never falls.
      if (froze) level = std::max(level, free_bps / weight);
    }
    return level;
  }

  // After an abandoned one-bottleneck solve.
  void put_capped_back_on_clock() {
    for (std::uint32_t gi : capped_from_clock) clocked_by_cap_level.place(gi, cap_level_of(groups[gi]));
    capped_from_clock.clear();
  }

  [[nodiscard]] static double cap_level_of(const Group& g) { return g.key.cap_bps / g.key.weight; }

  // Whether every resource but `b` keeps room for the floating groups, those on b at
  // `level` and the others at their cap.
  [[nodiscard]] bool fits_elsewhere(std::uint32_t b, double level) const {
    return std::all_of(floating_resources.begin(), floating_resources.end(), [&](std::uint32_t r) {
      const double residual = std::max(0.0, elastic_capacity_bps[r] - fixed_load_bps[r]);
      const double most_bps = level * floating_weight_on[r] + floating_cap_load_on[r];
      return r == b || most_bps < residual * (1 - kLevelTolerance);
    });
  }

  // Sets the rates fair_level_at() found: capped groups at their cap (they become fixed),
  // the others at weight * level on b's clock; the loads follow from the per-resource sums.
  // Afterwards every group is fixed or on the clock.
  void commit_at_one_bottleneck(double level) {
    clock.advance(now_s);
    floating_at_commit.assign(floating_groups.begin(), floating_groups.end());
    for (std::uint32_t gi : capped_from_clock) {
      take_off_clock(gi, false);
      fix_at_cap(gi, true);
    }
    capped_from_clock.clear();
    for (std::size_t i = 0; i < floating_at_commit.size(); ++i) {
      const std::uint32_t gi = floating_at_commit[i];
      if (floating_capped[i] == 0) {
        put_on_clock(gi);
      } else {
        fix_at_cap(gi, floating_on_bottleneck[i] != 0);
      }
    }
    assert(floating_groups.empty());
    for (std::uint32_t r : floating_resources) {
      account(r);
      const double floating_load_bps = floating_groups_on[r] == 0 ? 0.0 : level * floating_weight_on[r];
      elastic_load_bps[r] = fixed_load_bps[r] + floating_load_bps;
    }
    clock.set_level(level);
    schedule_clock();
  }

  // A floating group frozen at its cap by a one-bottleneck solve; one on the bottleneck
  // leaves the solve's per-resource sums.
  void fix_at_cap(std::uint32_t gi, bool on_bottleneck) {
    Group& g = groups[gi];
    if (g.key.cap_bps != g.rate_bps) {
      advance_service(g);
      g.rate_bps = g.key.cap_bps;
      reschedule(gi);
    }
    if (on_bottleneck) {
      for (std::uint32_t r : resources_of(g.key.path)) {
        floating_weight_on[r] -= g.count * g.key.weight;
        --floating_groups_on[r];
      }
    }
    remove_floating(gi);
    fix(gi);
  }

  // ---- fast mode's bottleneck clock -------------------------------------------------

  // Where on the clock the group's first flow finishes.
  [[nodiscard]] double clock_finish_v(const Group& g) const {
    return g.clock_v0 + (g.finish_queue.front().service_bits - g.service_bits) / g.key.weight;
  }

  // A floating group at the clock's level leaves its own completion for the clock's, and
  // the floating list for the clock's sums.
  void put_on_clock(std::uint32_t gi) {
    Group& g = groups[gi];
    advance_service(g);  // at its rate until now
    if (g.scheduled) events.cancel(EventKind::completion, gi);
    g.scheduled = false;
    g.clocked = true;
    g.clock_v0 = clock.v();
    clock.place(gi, clock_finish_v(g));
    remove_floating(gi);
    if (g.key.cap_bps < kNever) clocked_by_cap_level.place(gi, cap_level_of(g));
    for (std::uint32_t r : resources_of(g.key.path)) {
      clocked_weight_on[r] += g.count * g.key.weight;
      if (clocked_groups_on[r]++ == 0) {
        clocked_resource_position[r] = static_cast<std::uint32_t>(clocked_resources.size());
        clocked_resources.push_back(r);
      }
    }
  }

  // The group's weight leaves the clocked sums (with its count before any change).
  void leave_clocked_sums(const Group& g) {
    for (std::uint32_t r : resources_of(g.key.path)) {
      clocked_weight_on[r] -= g.count * g.key.weight;
      if (--clocked_groups_on[r] > 0) continue;
      clocked_weight_on[r] = 0;  // exactly: no drift survives
      const std::uint32_t last = clocked_resources.back();
      clocked_resources[clocked_resource_position[r]] = last;
      clocked_resource_position[last] = clocked_resource_position[r];
      clocked_resources.pop_back();
      clocked_resource_position[r] = kNone;
    }
  }

  // Back to a rate and a service of its own, as of now; its own completion is scheduled
  // unless the caller will.
  void take_off_clock(std::uint32_t gi, bool schedule_own) {
    Group& g = groups[gi];
    clock.advance(now_s);
    clock.remove(gi);
    leave_clocked_sums(g);
    if (clocked_by_cap_level.holds(gi)) clocked_by_cap_level.remove(gi);
    add_floating(gi);
    g.clocked = false;
    g.service_bits += g.key.weight * (clock.v() - g.clock_v0);
    g.service_at_s = now_s;
    g.rate_bps = g.key.weight * clock.level();
    if (schedule_own) reschedule(gi);
  }

  // Moves V and every finish point on the clock back to 0, as advance_service() does for a
  // group's service, so that they keep their precision however long the clock runs.
  void rebase_clock() {
    const double by = clock.v();
    clock.shift_back(by);
    clock.for_each_group([&](std::uint32_t gi) { groups[gi].clock_v0 -= by; });
  }

  void take_all_off_clock() {
    while (!clock.empty()) take_off_clock(clock.first_group(), true);
    clock.restart_if_empty();
    events.cancel(EventKind::clock_finish, 0);
  }

  void schedule_clock() {
    clock.advance(now_s);
    if (clock.v() > kRebaseServiceBits) rebase_clock();
    const double at_s = clock.first_finish_s();
    if (at_s == kNever) {
      events.cancel(EventKind::clock_finish, 0);
    } else {
      push_event(at_s, EventKind::clock_finish, 0);
    }
  }

  // The groups whose first flow is due complete as on their own completion event, and go
  // back on the clock if flows remain (their rate has not changed).
  void on_clock_finish() {
    clock.advance(now_s);
    for (bool first = true; !clock.empty(); first = false) {
      const double left_v = clock.first_finish_v() - clock.v();
      const double tolerance = kCompletionTolerance * std::max(std::abs(clock.first_finish_v()), 1.0);
      if (left_v > tolerance && now_s + left_v / clock.level() != now_s) break;
      if (!first) ++stats.events_processed;  // one per group, as on their own events
      const std::uint32_t gi = clock.first_group();
      const std::uint32_t count_before = groups[gi].count;
      take_off_clock(gi, false);
      on_group_completion(gi);
      const Group& g = groups[gi];
      // A group that completed nothing (rounding) keeps the completion it scheduled.
      if (g.count > 0 && g.count < count_before) put_on_clock(gi);
    }
    clock.restart_if_empty();
    schedule_clock();
  }

  void release_fixed() {
    for (std::uint32_t gi : active_groups) {
      if (groups[gi].fixed) {
        groups[gi].fixed = false;
        groups[gi].fixed_position = kNone;
        add_floating(gi);
      }
    }
    fixed_list.clear();
    std::fill(fixed_load_bps.begin(), fixed_load_bps.end(), 0.0);
    std::fill(fixed_groups.begin(), fixed_groups.end(), 0u);
    std::fill(fixed_max_cap_level.begin(), fixed_max_cap_level.end(), 0.0);
  }

  // After a failed partial solve: releases the fixed groups whose cap level exceeds the level
  // at which the solve saturated a resource of their path, and recomputes fixed_max_cap_level
  // exactly for the groups that stay fixed. Returns how many were released.
  std::size_t release_violating() {
    std::fill(fixed_max_cap_level.begin(), fixed_max_cap_level.end(), 0.0);
    violating_groups.clear();
    // The paths lie anywhere in memory: each is asked of the cache a few groups ahead.
    constexpr std::size_t kPrefetchAhead = 8;
    for (std::size_t i = 0; i < fixed_list.size(); ++i) {
      if (i + kPrefetchAhead < fixed_list.size()) {
        __builtin_prefetch(path_resources.data() + fixed_list[i + kPrefetchAhead].path_begin);
      }
      const FixedGroup& f = fixed_list[i];
      const std::span<const std::uint32_t> path(path_resources.data() + f.path_begin, path_resources.data() + f.path_end);
      const bool violates = std::any_of(path.begin(), path.end(), [&](std::uint32_t r) {
        const double level = solver.saturation_level(r);
        return level < kUnbounded && level * (1 + kLevelTolerance) < f.cap_level;
      });
      if (violates) {
        violating_groups.push_back(f.group);
      } else {
        for (std::uint32_t r : path) fixed_max_cap_level[r] = std::max(fixed_max_cap_level[r], f.cap_level);
      }
    }
    // Released in the order of active_groups, as a full solve releases: the floating list's
    // order is the order in which the solver sums, and the fixed loads' in which they fall.
    std::sort(violating_groups.begin(), violating_groups.end(),
              [&](std::uint32_t x, std::uint32_t y) { return groups[x].active_position < groups[y].active_position; });
    for (std::uint32_t gi : violating_groups) {
      unfix(gi);
      add_floating(gi);
    }
    return violating_groups.size();
  }

  // Solves the floating groups on what the fixed ones leave. Returns false, changing
  // nothing, when the fixed groups would have to be re-solved too.
  bool solve_floating() {
    solver_groups.clear();
    for (std::uint32_t gi : floating_groups) {
      const Group& g = groups[gi];
      const auto path = resources_of(g.key.path);
      for (std::uint32_t r : path) residual_bps[r] = std::max(0.0, elastic_capacity_bps[r] - fixed_load_bps[r]);
      solver_groups.push_back({path, g.count * g.key.weight, g.key.cap_bps / g.key.weight});
    }
    solver.solve(residual_bps, solver_groups);
    for (std::uint32_t r : solver.touched()) {
      const double level = solver.saturation_level(r);
      if (fixed_groups[r] > 0 && level < kUnbounded && level * (1 + kLevelTolerance) < fixed_max_cap_level[r]) {
        return false;
      }
    }
    return true;
  }

  // Takes the rates of the last solve_floating(); the groups at their cap become fixed.
  void commit_floating() {
    for (std::uint32_t r : solver.touched()) {
      account(r);
      elastic_load_bps[r] = fixed_load_bps[r];
    }
    for (std::size_t i = 0; i < floating_groups.size(); ++i) {
      const std::uint32_t gi = floating_groups[i];
      Group& g = groups[gi];
      const double rate_bps = solver.capped(i) ? g.key.cap_bps : g.key.weight * solver.level(i);
      for (std::uint32_t r : resources_of(g.key.path)) elastic_load_bps[r] += rate_bps * g.count;
      if (rate_bps != g.rate_bps) {
        advance_service(g);
        g.rate_bps = rate_bps;
        reschedule(gi);
      }
    }
    // The capped ones become fixed; the floating list keeps the rest in order.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < floating_groups.size(); ++i) {
      const std::uint32_t gi = floating_groups[i];
      if (solver.capped(i)) {
        groups[gi].floating_position = kNone;
        fix(gi);
      } else {
        groups[gi].floating_position = static_cast<std::uint32_t>(kept);
        floating_groups[kept++] = gi;
      }
    }
    floating_groups.resize(kept);
  }

  // Exact mode: the max-min allocation, re-solving only a region of groups around what
  // changed (the header comment says why the result is the unique max-min allocation).
  // The region starts as the groups whose count changed and, on each resource that was
  // saturated and changed load or capacity, the groups with the largest level there (the
  // others have their bottleneck elsewhere). Each round solves the region alone on what
  // the other groups leave, then grows it by the groups it could have moved:
  //  (b) on a resource that the last solve left saturated, where a region group changes
  //      rate, the groups with the largest level (they may have it as bottleneck);
  //  (a) on a resource that the region's solve saturates, the groups whose level exceeds
  //      the level found there (their rate must come down).
  // A region that stops growing is committed; when the rounds would solve more groups in
  // all than there are, every group is solved at once instead.
  void solve_region() {
    region.clear();
    bool whole = full_solve_needed;
    if (!whole) {
      for (std::uint32_t gi : changed_groups) {
        if (groups[gi].active_position != kNone) add_to_region(gi);
      }
      for (std::uint32_t r : changed_resources) {
        if (saturated_at_commit[r] || (resource_changes[r] & kCapacityChanged)) add_most_served(r);
      }
      // The rounds may solve as many groups in all as one solve of every group.
      std::size_t solved = 0;
      while (true) {
        if (solved + region.size() > active_groups.size()) {
          whole = true;
          break;
        }
        solve_region_alone();
        solved += region.size();
        if (!grow_region()) break;
        clear_region_scratch();
      }
    }
    if (whole) {
      clear_region_scratch();
      for (std::uint32_t gi : active_groups) add_to_region(gi);
      solve_region_alone();
      ++stats.full_solves;
    }
    commit_region();
    for (std::uint32_t gi : region) groups[gi].in_region = false;
    for (std::uint32_t gi : changed_groups) groups[gi].count_changed = false;
    for (std::uint32_t r : changed_resources) resource_changes[r] = 0;
    changed_groups.clear();
    free_groups.insert(free_groups.end(), groups_freed_at_solve.begin(), groups_freed_at_solve.end());
    groups_freed_at_solve.clear();
    changed_resources.clear();
  }

  void add_to_region(std::uint32_t gi) {
    if (groups[gi].in_region) return;
    groups[gi].in_region = true;
    region.push_back(gi);
  }

  // Adds the groups with the largest level on `r` (within rounding): the only ones that
  // can have `r` as their bottleneck.
  void add_most_served(std::uint32_t r) {
    double top = 0;
    for (const Crossing& c : crossing[r]) top = std::max(top, c.level);
    for (const Crossing& c : crossing[r]) {
      if (c.level >= top * (1 - kLevelTolerance)) add_to_region(c.group);
    }
  }

  // The load on `r` of the groups outside the region, before the solve.
  [[nodiscard]] double outside_load_bps(std::uint32_t r) const {
    if (region_groups_on[r] == crossing[r].size()) return 0;  // exactly: no drift left over
    return std::max(0.0, elastic_load_bps[r] - region_load_bps[r]);
  }

  [[nodiscard]] double solved_rate_bps(std::size_t i) const {
    const Group& g = groups[region[i]];
    return solver.capped(i) ? g.key.cap_bps : g.key.weight * solver.level(i);
  }

  // Solves the region's groups on the capacity the others leave (residual_bps).
  void solve_region_alone() {
    solver_groups.clear();
    for (std::uint32_t gi : region) {
      const Group& g = groups[gi];
      for (std::uint32_t r : resources_of(g.key.path)) {
        ++region_groups_on[r];
        region_load_bps[r] += g.rate_bps * g.count;
      }
    }
    for (std::uint32_t gi : region) {
      const Group& g = groups[gi];
      const auto path = resources_of(g.key.path);
      for (std::uint32_t r : path) residual_bps[r] = std::max(0.0, elastic_capacity_bps[r] - outside_load_bps(r));
      solver_groups.push_back({path, g.count * g.key.weight, g.key.cap_bps / g.key.weight});
    }
    solver.solve(residual_bps, solver_groups);
    stats.groups_solved += region.size();
  }

  // Adds to the region the groups the last solve_region_alone() may have moved (see
  // solve_region()). Returns whether it added any.
  bool grow_region() {
    for (std::size_t i = 0; i < region.size(); ++i) {
      const Group& g = groups[region[i]];
      if (std::abs(solved_rate_bps(i) - g.rate_bps) <= kRegionTolerance * g.rate_bps) continue;
      for (std::uint32_t r : resources_of(g.key.path)) region_rate_changed[r] = 1;
    }
    const std::size_t size_before = region.size();
    for (std::uint32_t r : solver.touched()) {
      if (region_groups_on[r] == crossing[r].size()) continue;  // nobody outside
      const bool changed = region_rate_changed[r] || resource_changes[r] != 0;
      if (changed && saturated_at_commit[r]) add_most_served(r);
      const double level = solver.saturation_level(r);
      if (level == kUnbounded) continue;
      for (const Crossing& c : crossing[r]) {
        if (c.level > level * (1 + kRegionTolerance)) add_to_region(c.group);
      }
    }
    return region.size() > size_before;
  }

  void clear_region_scratch() {
    for (std::uint32_t r : solver.touched()) {
      region_groups_on[r] = 0;
      region_load_bps[r] = 0;
      region_rate_changed[r] = 0;
    }
  }

  // Takes the rates of the last solve_region_alone(): loads of the resources it touched are
  // the outside groups' plus the region's new ones.
  void commit_region() {
    for (std::uint32_t r : solver.touched()) {
      account(r);
      elastic_load_bps[r] = outside_load_bps(r);
    }
    for (std::size_t i = 0; i < region.size(); ++i) {
      const std::uint32_t gi = region[i];
      Group& g = groups[gi];
      const double rate_bps = solved_rate_bps(i);
      for (std::uint32_t r : resources_of(g.key.path)) elastic_load_bps[r] += rate_bps * g.count;
      if (rate_bps != g.rate_bps) {
        advance_service(g);
        g.rate_bps = rate_bps;
        update_crossing_levels(gi);
        reschedule(gi);
      }
    }
    for (std::uint32_t r : solver.touched()) saturated_at_commit[r] = saturated(r) ? 1 : 0;
    clear_region_scratch();
  }

  // What a new flow of weight w can take at once on its path (its weight already counted in
  // active_weight): on each resource the most of its free capacity, its equal share by
  // weight, and the fair level the last solve found there.
  [[nodiscard]] double available_bps(std::span<const std::uint32_t> path, double weight) const {
    double available = kNever;
    for (std::uint32_t r : path) {
      const double free_bps = std::max(0.0, elastic_capacity_bps[r] - elastic_load_bps[r]);
      const double share_bps = elastic_capacity_bps[r] * weight / active_weight[r];
      const double level = saturation_level(r);
      const double fair_bps = level < kUnbounded ? weight * level : 0.0;
      available = std::min(available, std::max({free_bps, share_bps, fair_bps}));
    }
    return available;
  }

  // ---- the clock --------------------------------------------------------------------

  void advance_to(double time_s) {
    if (time_s > now_s && dirty && solve_at_every_instant) solve();
    now_s = std::max(now_s, time_s);
  }

  void emit_sample() {
    for (std::uint32_t r = 0; r < capacity_bps.size(); ++r) {
      account(r);
      sample[r].active_elastic_flows = 0;
      sample[r].capacity_bps = capacity_bps[r];
    }
    for (std::uint32_t gi : active_groups) {
      for (std::uint32_t r : resources_of(groups[gi].key.path)) sample[r].active_elastic_flows += groups[gi].count;
    }
    observer->on_sample(SampleTick{sample_start_s, now_s, sample});
    for (ResourceSample& s : sample) {
      s.elastic_bits = 0;
      s.stream_bits = 0;
      s.streams_blocked = 0;
      s.streams_dropped = 0;
    }
    sample_start_s = now_s;
  }

  // Emits the sample ticks that fall at or before `horizon_s`.
  void fire_samples(double horizon_s) {
    while (next_sample_s <= horizon_s) {
      advance_to(next_sample_s);
      emit_sample();
      next_sample_s += *config.sample_interval_s;
    }
  }

  // ---- handlers ---------------------------------------------------------------------

  void complete_now(const Arrival& a, const ElasticFlow& f) {
    ++stats.elastic_completed;
    observer->on_elastic_completed(ElasticCompletion{a.tag, a.flow_class, f.path, a.start_s, a.start_s, f.size_bits});
  }

  void on_elastic_arrival(const Arrival& a, const ElasticFlow& f) {
    require(index(f.path) + 1 < path_begin.size(), "unknown path id", index(f.path));
    require(f.size_bits >= 0 && std::isfinite(f.size_bits), "size_bits must be finite and >= 0", f.size_bits);
    require(f.weight > 0 && std::isfinite(f.weight), "weight must be finite and > 0", f.weight);
    if (f.rate_cap_bps) require(*f.rate_cap_bps > 0, "rate_cap_bps must be > 0", *f.rate_cap_bps);
    ++stats.elastic_arrivals;
    const auto path = resources_of(index(f.path));
    if (f.size_bits == 0 || (path.empty() && !f.rate_cap_bps)) {
      complete_now(a, f);  // nothing to send, or nothing to slow it down
      return;
    }
    const std::uint32_t gi = group_for(GroupKey{index(f.path), f.rate_cap_bps.value_or(kNever), f.weight});
    if (groups[gi].count == 0) activate(gi);
    if (groups[gi].clocked) take_off_clock(gi, true);
    Group& g = groups[gi];
    advance_service(g);

    const std::uint32_t slot = take_slot(flows, free_flows);
    flows[slot] = FlowRecord{a.tag, a.start_s, f.size_bits, a.flow_class};
    const double finish_bits = g.service_bits + f.size_bits;
    // The group's scheduled completion stays right if its rate and its first finisher stay.
    const bool new_first = g.finish_queue.empty() || finish_bits < g.finish_queue.front().service_bits;
    const double rate_before_bps = g.rate_bps;
    const bool was_scheduled = g.scheduled;
    g.finish_queue.push({finish_bits, slot});
    ++g.count;
    ++active_flows;
    if (!solve_at_every_instant) {
      for (std::uint32_t r : path) active_weight[r] += g.key.weight;
    }
    stats.peak_active_elastic_flows = std::max(stats.peak_active_elastic_flows, active_flows);

    // A capped flow that fits everywhere on its path at its cap changes no other flow's
    // bottleneck (every resource it touches stays within capacity), so it simply runs at
    // its cap. The group must itself be at its cap, else its path holds a bottleneck.
    const double cap_bps = g.key.cap_bps;
    const bool group_at_cap = g.count == 1 || g.rate_bps == cap_bps;
    const bool fits = cap_bps < kNever && group_at_cap && !dirty &&
                      std::all_of(path.begin(), path.end(), [&](std::uint32_t r) {
                        return elastic_load_bps[r] + cap_bps <= elastic_capacity_bps[r];
                      });
    if (fits) {
      add_elastic_load(path, cap_bps);
      g.rate_bps = cap_bps;
      if (region_solves) {
        update_crossing_levels(gi);
        for (std::uint32_t r : path) note_still_fits(r);
      } else if (g.fixed) {
        for (std::uint32_t r : path) fixed_load_bps[r] += cap_bps;
      } else if (g.count == 1) {
        remove_floating(gi);  // a new group at its cap is fixed at once
        fix(gi);
      }
    } else if (region_solves) {
      add_elastic_load(path, g.rate_bps);  // its siblings' rate until this instant's solve
      note_count_changed(gi);
      mark_dirty();
    } else {
      if (g.fixed) {
        --g.count;  // unfix what was fixed: the flows before this one
        unfix(gi);
        ++g.count;
        add_floating(gi);
      }
      mark_dirty();
      if (!solve_at_every_instant) {
        // Until the next solve: the newcomer takes what its path offers, its siblings keep
        // theirs. It first joins at their rate, as set_rate scales by the new count.
        add_elastic_load(path, g.rate_bps);
        const double extra_bps = std::min(cap_bps, available_bps(path, g.key.weight));
        const double old_total_bps = g.rate_bps * (g.count - 1);
        set_rate(gi, (old_total_bps + extra_bps) / g.count);
      }
    }
    if (!was_scheduled || new_first || g.rate_bps != rate_before_bps) reschedule(gi);
  }

  void on_group_completion(std::uint32_t gi) {
    Group& g = groups[gi];
    advance_service(g);
    const double service = g.service_bits;
    std::uint32_t finished = 0;
    while (!g.finish_queue.empty()) {
      const FinishPoint top = g.finish_queue.front();
      const double tolerance = kCompletionTolerance * std::max(std::abs(top.service_bits), 1.0);
      // Also due when what is left is too small to move the clock.
      const bool due = top.service_bits <= service + tolerance ||
                       now_s + (top.service_bits - service) / g.rate_bps == now_s;
      if (!due) break;
      g.finish_queue.pop();
      const FlowRecord& flow = flows[top.flow];
      ++stats.elastic_completed;
      observer->on_elastic_completed(
          ElasticCompletion{flow.tag, flow.flow_class, PathId{g.key.path}, flow.start_s, now_s, flow.size_bits});
      free_flows.push_back(top.flow);
      ++finished;
    }
    if (finished == 0) {  // rounding scheduled it a hair early; try again at the right time
      reschedule(gi);
      return;
    }
    const auto path = resources_of(g.key.path);
    // A leaving flow changes nobody's rate when no resource of its path is saturated.
    const bool unchanged = g.rate_bps == g.key.cap_bps && !any_saturated(path);
    add_elastic_load(path, -g.rate_bps * finished);
    if (g.fixed) {
      for (std::uint32_t r : path) fixed_load_bps[r] -= g.rate_bps * finished;
    }
    if (!solve_at_every_instant) {
      for (std::uint32_t r : path) active_weight[r] -= g.key.weight * finished;
    }
    g.count -= finished;
    active_flows -= finished;
    if (!unchanged) {
      if (region_solves) note_count_changed(gi);
      mark_dirty();
    }
    if (g.count == 0) {
      retire(gi);
    } else {
      reschedule(gi);
    }
  }

  void on_stream_arrival(const Arrival& a, const StreamFlow& s) {
    require(index(s.path) + 1 < path_begin.size(), "unknown path id", index(s.path));
    require(s.rate_bps > 0 && std::isfinite(s.rate_bps), "stream rate_bps must be finite and > 0", s.rate_bps);
    require(s.duration_s >= 0 && std::isfinite(s.duration_s), "stream duration_s must be finite and >= 0",
            s.duration_s);
    const StreamRecord record{a.tag, a.flow_class, s.path, a.start_s, s.rate_bps, s.duration_s};
    if (const std::optional<std::uint32_t> r = no_room(resources_of(index(s.path)), s.rate_bps)) {
      ++stats.streams_blocked;
      ++sample[*r].streams_blocked;
      observer->on_stream_blocked(StreamBlocked{record, *r});
      return;
    }
    ++stats.streams_admitted;
    observer->on_stream_admitted(record);
    occupy_stream(record, next_sequence);
  }

  // The first resource of `path` where a stream of `rate_bps` does not fit, if any.
  [[nodiscard]] std::optional<std::uint32_t> no_room(std::span<const std::uint32_t> path, double rate_bps) const {
    const double usable_share = 1 - config.streaming_guard_share;
    for (std::uint32_t r : path) {
      const double limit_bps = usable_share * capacity_bps[r];
      if (stream_load_bps[r] + rate_bps > limit_bps * (1 + kAdmissionTolerance)) return r;
    }
    return std::nullopt;
  }

  // Puts an admitted stream on its path until its end; `admitted_sequence` orders drops.
  void occupy_stream(const StreamRecord& record, std::uint64_t admitted_sequence) {
    const auto path = resources_of(index(record.path));
    const std::uint32_t slot = take_slot(streams, free_streams);
    StreamSlot& st = streams[slot];
    st.record = record;
    st.admitted_sequence = admitted_sequence;
    st.active = true;
    bool unchanged = !dirty;
    bool region_unchanged = true;
    for (std::uint32_t r : path) {
      account(r);
      stream_load_bps[r] += record.rate_bps;
      ++sample[r].active_streams;
      elastic_capacity_bps[r] = std::max(0.0, capacity_bps[r] - stream_load_bps[r]);
      // Less room changes nothing while the elastic flows there still fit.
      const bool fits = elastic_load_bps[r] <= elastic_capacity_bps[r];
      unchanged = unchanged && fits;
      if (!region_solves) continue;
      if (fits) {
        note_still_fits(r);
      } else {
        note_resource(r, kCapacityChanged);
        region_unchanged = false;
      }
    }
    if (region_solves) {
      if (!region_unchanged) mark_dirty();
    } else if (!unchanged) {
      full_solve_needed = true;  // fixed groups may no longer fit
      mark_dirty();
    }
    ++active_streams;
    stats.peak_active_streams = std::max(stats.peak_active_streams, active_streams);
    push_event(record.start_s + record.duration_s, EventKind::stream_end, slot);
  }

  void release_stream(std::uint32_t slot) {
    StreamSlot& st = streams[slot];
    const auto path = resources_of(index(st.record.path));
    if (region_solves) {
      for (std::uint32_t r : path) {
        if (saturated_at_commit[r] || saturated(r)) {  // more room where flows may be bottlenecked
          note_resource(r, kCapacityChanged);
          mark_dirty();
        }
      }
    } else if (any_saturated(path)) {
      mark_dirty();  // more room where elastic flows are bottlenecked
    }
    for (std::uint32_t r : path) {
      account(r);
      if (--sample[r].active_streams == 0) {
        stream_load_bps[r] = 0;  // exactly: no drift survives an idle resource
      } else {
        stream_load_bps[r] -= st.record.rate_bps;
      }
      elastic_capacity_bps[r] = std::max(0.0, capacity_bps[r] - stream_load_bps[r]);
    }
    st.active = false;
    events.cancel(EventKind::stream_end, slot);  // when dropped before its end
    free_streams.push_back(slot);
    --active_streams;
  }

  void on_stream_end(std::uint32_t slot) {
    const StreamRecord record = streams[slot].record;
    release_stream(slot);
    ++stats.streams_ended;
    observer->on_stream_ended(StreamEnded{record, now_s, false, std::nullopt});
  }

  void on_capacity_change(const CapacityChange& change) {
    const std::uint32_t r = change.resource;
    account(r);
    capacity_bps[r] = change.capacity_bps;
    const double limit_bps = (1 - config.streaming_guard_share) * capacity_bps[r] * (1 + kAdmissionTolerance);
    if (stream_load_bps[r] > limit_bps) drop_streams(r, limit_bps);
    elastic_capacity_bps[r] = std::max(0.0, capacity_bps[r] - stream_load_bps[r]);
    if (region_solves) {
      note_resource(r, kCapacityChanged);
    } else {
      full_solve_needed = true;
    }
    mark_dirty();
  }

  // Newest first, until the streams on `r` fit within `limit_bps`. Capacity changes are
  // rare, so a scan of the active streams is cheaper than keeping per-resource lists.
  void drop_streams(std::uint32_t r, double limit_bps) {
    std::vector<std::uint32_t> on_resource;
    for (std::uint32_t slot = 0; slot < streams.size(); ++slot) {
      if (!streams[slot].active) continue;
      const auto path = resources_of(index(streams[slot].record.path));
      if (std::find(path.begin(), path.end(), r) != path.end()) on_resource.push_back(slot);
    }
    std::sort(on_resource.begin(), on_resource.end(), [&](std::uint32_t a, std::uint32_t b) {
      return streams[a].admitted_sequence > streams[b].admitted_sequence;
    });
    for (std::uint32_t slot : on_resource) {
      if (stream_load_bps[r] <= limit_bps) break;
      const StreamRecord record = streams[slot].record;
      release_stream(slot);
      ++stats.streams_dropped;
      ++sample[r].streams_dropped;
      observer->on_stream_ended(StreamEnded{record, now_s, true, r});
    }
  }

  // ---- rerouting --------------------------------------------------------------------

  struct DetachedFlow {
    std::uint32_t flow = 0;  // slot in `flows`
    double remaining_bits = 0;
    double cap_bps = kNever;
    double weight = 1;
  };

  struct DetachedStream {
    StreamRecord record;
    std::uint64_t admitted_sequence = 0;
  };

  // Flows that leave one path, and where they go (empty: nowhere).
  struct Move {
    std::uint32_t from = 0;
    std::optional<std::uint32_t> to;
    std::vector<DetachedFlow> elastic;
    std::vector<DetachedStream> streams;
  };

  // Every path's decision is taken, and every moving flow taken off, before any flow is put
  // back: a flow moved onto a path that itself moves must not move twice.
  void on_reroute_point() {
    ++stats.reroute_points;
    take_all_off_clock();
    std::vector<std::uint32_t> busy_paths;
    for (std::uint32_t gi : active_groups) busy_paths.push_back(groups[gi].key.path);
    for (const StreamSlot& st : streams) {
      if (st.active) busy_paths.push_back(index(st.record.path));
    }
    std::sort(busy_paths.begin(), busy_paths.end());
    busy_paths.erase(std::unique(busy_paths.begin(), busy_paths.end()), busy_paths.end());
    std::vector<Move> moves;
    for (std::uint32_t p : busy_paths) {
      const std::optional<PathId> to = rerouter->reroute(PathId{p}, now_s);
      if (to) require(index(*to) + 1 < path_begin.size(), "reroute to an unknown path id", index(*to));
      if (to && index(*to) == p) continue;
      moves.push_back(Move{p, to ? std::optional<std::uint32_t>(index(*to)) : std::nullopt, {}, {}});
    }
    const std::uint64_t rerouted_before = stats.flows_rerouted;
    const std::vector<std::uint32_t> groups_by_key = active_groups_by_key();
    for (Move& move : moves) detach(move, groups_by_key);
    for (const Move& move : moves) {
      for (const DetachedFlow& d : move.elastic) {
        if (move.to) {
          attach(*move.to, d);
          ++stats.flows_rerouted;
        } else {
          fail(move.from, d);
        }
      }
      for (const DetachedStream& d : move.streams) readmit(move, d);
    }
    observer->on_reroute_point(ReroutePointDone{now_s, stats.flows_rerouted - rerouted_before});
    if (moves.empty()) return;
    full_solve_needed = true;
    mark_dirty();
    // Moved flows wait for no grid point: the instant's solve gives them their rates.
    if (!solve_at_every_instant) solve();
  }

  void detach(Move& move, std::span<const std::uint32_t> groups_by_key) {
    const auto first = std::partition_point(groups_by_key.begin(), groups_by_key.end(),
                                            [&](std::uint32_t gi) { return groups[gi].key.path < move.from; });
    for (auto it = first; it != groups_by_key.end() && groups[*it].key.path == move.from; ++it) {
      detach_group(*it, move.elastic);
    }
    std::vector<std::uint32_t> slots;
    for (std::uint32_t slot = 0; slot < streams.size(); ++slot) {
      if (streams[slot].active && index(streams[slot].record.path) == move.from) slots.push_back(slot);
    }
    std::sort(slots.begin(), slots.end(), [&](std::uint32_t a, std::uint32_t b) {
      return streams[a].admitted_sequence < streams[b].admitted_sequence;  // oldest first
    });
    for (std::uint32_t slot : slots) {
      move.streams.push_back(DetachedStream{streams[slot].record, streams[slot].admitted_sequence});
      release_stream(slot);
    }
  }

  // The active groups by (path, cap, weight): an order that does not depend on which slots
  // the groups hold.
  [[nodiscard]] std::vector<std::uint32_t> active_groups_by_key() const {
    std::vector<std::uint32_t> sorted = active_groups;
    std::sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) {
      const GroupKey& x = groups[a].key;
      const GroupKey& y = groups[b].key;
      if (x.path != y.path) return x.path < y.path;
      return x.cap_bps != y.cap_bps ? x.cap_bps < y.cap_bps : x.weight < y.weight;
    });
    return sorted;
  }

  // Takes every flow off a group, keeping what each has left to send.
  void detach_group(std::uint32_t gi, std::vector<DetachedFlow>& out) {
    Group& g = groups[gi];
    advance_service(g);
    for (const FinishPoint& p : g.finish_queue.earliest_first()) {
      out.push_back(DetachedFlow{p.flow, std::max(0.0, p.service_bits - g.service_bits), g.key.cap_bps, g.key.weight});
    }
    const auto path = resources_of(g.key.path);
    add_elastic_load(path, -g.rate_bps * g.count);
    if (g.fixed) {
      for (std::uint32_t r : path) fixed_load_bps[r] -= g.rate_bps * g.count;
    }
    if (!solve_at_every_instant) {
      for (std::uint32_t r : path) active_weight[r] -= g.key.weight * g.count;
    }
    active_flows -= g.count;
    g.count = 0;
    g.finish_queue.clear();
    retire(gi);
  }

  // Puts a detached flow on `path`, at its group's rate until the solve of this instant.
  void attach(std::uint32_t path, const DetachedFlow& d) {
    const auto resources = resources_of(path);
    if (resources.empty() && d.cap_bps == kNever) {  // nothing to slow it down: done now
      const FlowRecord& flow = flows[d.flow];
      ++stats.elastic_completed;
      observer->on_elastic_completed(
          ElasticCompletion{flow.tag, flow.flow_class, PathId{path}, flow.start_s, now_s, flow.size_bits});
      free_flows.push_back(d.flow);
      return;
    }
    const std::uint32_t gi = group_for(GroupKey{path, d.cap_bps, d.weight});
    if (groups[gi].count == 0) activate(gi);
    if (groups[gi].clocked) take_off_clock(gi, true);
    Group& g = groups[gi];
    advance_service(g);
    g.finish_queue.push({g.service_bits + d.remaining_bits, d.flow});
    ++g.count;
    ++active_flows;
    add_elastic_load(resources, g.rate_bps);
    if (g.fixed) {
      for (std::uint32_t r : resources) fixed_load_bps[r] += g.rate_bps;
    }
    if (!solve_at_every_instant) {
      for (std::uint32_t r : resources) active_weight[r] += g.key.weight;
    }
    stats.peak_active_elastic_flows = std::max(stats.peak_active_elastic_flows, active_flows);
    reschedule(gi);
  }

  void fail(std::uint32_t old_path, const DetachedFlow& d) {
    const FlowRecord& flow = flows[d.flow];
    ++stats.elastic_failed;
    observer->on_elastic_failed(ElasticFailed{flow.tag, flow.flow_class, PathId{old_path}, flow.start_s, now_s,
                                              d.remaining_bits, flow.size_bits});
    free_flows.push_back(d.flow);
  }

  // What each flow still active at the stop had left: an observer counting bytes not served
  // tells those apart from the bytes the flow had already delivered.
  void report_unfinished() {
    if (active_flows == 0) return;
    take_all_off_clock();
    for (std::uint32_t gi : active_groups) {
      Group& g = groups[gi];
      advance_service(g);
      for (const FinishPoint& p : g.finish_queue.earliest_first()) {
        const FlowRecord& flow = flows[p.flow];
        observer->on_elastic_unfinished(ElasticUnfinished{flow.tag, flow.flow_class, PathId{g.key.path}, flow.start_s,
                                                          std::max(0.0, p.service_bits - g.service_bits),
                                                          flow.size_bits});
      }
    }
  }

  void readmit(const Move& move, const DetachedStream& d) {
    StreamRecord record = d.record;
    std::optional<std::uint32_t> at_resource;
    if (move.to) {
      record.path = PathId{*move.to};
      at_resource = no_room(resources_of(*move.to), record.rate_bps);
      if (!at_resource) {
        occupy_stream(record, d.admitted_sequence);
        ++stats.flows_rerouted;
        return;
      }
    } else {
      // No path: blame the first resource of the old one that has lost its capacity.
      const auto old = resources_of(move.from);
      const auto down = std::find_if(old.begin(), old.end(), [&](std::uint32_t r) { return capacity_bps[r] == 0; });
      if (down != old.end()) {
        at_resource = *down;
      } else if (!old.empty()) {
        at_resource = old.front();
      }
    }
    ++stats.streams_dropped;
    if (at_resource) ++sample[*at_resource].streams_dropped;
    observer->on_stream_ended(StreamEnded{record, now_s, true, at_resource});
  }

  void on_arrival(const Arrival& a) {
    observer->on_arrival(a);
    if (const auto* elastic = std::get_if<ElasticFlow>(&a.flow)) {
      on_elastic_arrival(a, *elastic);
    } else {
      on_stream_arrival(a, std::get<StreamFlow>(a.flow));
    }
  }

  void pull_arrival(ArrivalSource& source) {
    pending_arrival = source.next();
    if (!pending_arrival) return;
    const double start_s = pending_arrival->start_s;
    require(std::isfinite(start_s) && start_s >= 0, "arrival start_s must be finite and >= 0", start_s);
    require(start_s >= last_arrival_s, "arrivals must come in nondecreasing start_s", start_s);
    last_arrival_s = start_s;
    prefetch_arrival(*pending_arrival);
  }

  // What an elastic arrival reads first, its group's entry in the table and its path, asked
  // for while the events before it are handled.
  void prefetch_arrival(const Arrival& a) const {
    const auto* f = std::get_if<ElasticFlow>(&a.flow);
    if (f == nullptr || index(f->path) + 1 >= path_begin.size()) return;
    active_group_by_key.prefetch(GroupKey{index(f->path), f->rate_cap_bps.value_or(kNever), f->weight});
    __builtin_prefetch(path_resources.data() + path_begin[index(f->path)]);
  }

  // The group of the next completion has usually left the cache since it was scheduled;
  // asking for it now overlaps the wait with handling this event.
  void prefetch_next_completion() const {
    if (events.empty()) return;
    const Event next = events.top();
    if (next.kind != EventKind::completion) return;
    const auto* group = reinterpret_cast<const char*>(&groups[next.index]);
    __builtin_prefetch(group);
    __builtin_prefetch(group + 64);
  }

  void handle(const Event& e) {
    switch (e.kind) {
      case EventKind::capacity_change: on_capacity_change(capacity_changes[e.index]); break;
      case EventKind::completion:
        groups[e.index].scheduled = false;
        on_group_completion(e.index);
        break;
      case EventKind::stream_end: on_stream_end(e.index); break;
      case EventKind::clock_finish: on_clock_finish(); break;
      case EventKind::reroute: on_reroute_point(); break;
    }
  }

  RunStats run(ArrivalSource& source, Observer& obs, std::optional<double> until_s, Rerouter* rr) {
    if (has_run) throw std::logic_error("citynet engine: a Simulator runs once");
    if (!reroute_points_s.empty() && rr == nullptr) {
      throw std::invalid_argument("citynet engine: reroute points need a Rerouter");
    }
    has_run = true;
    observer = &obs;
    rerouter = rr;
    if (config.sample_interval_s) next_sample_s = *config.sample_interval_s;
    for (std::uint32_t i = 0; i < capacity_changes.size(); ++i) {
      push_event(capacity_changes[i].at_s, EventKind::capacity_change, i);
    }
    for (std::uint32_t i = 0; i < reroute_points_s.size(); ++i) {
      push_event(reroute_points_s[i], EventKind::reroute, i);
    }
    pull_arrival(source);
    while (true) {
      const double event_s = events.empty() ? kNever : events.top().time_s;
      const double arrival_s = pending_arrival ? pending_arrival->start_s : kNever;
      const double next_s = std::min(event_s, arrival_s);
      if (dirty && solve_at_every_instant && next_s > now_s) {
        solve();  // may schedule completions before next_s
        continue;
      }
      // A pending fast-mode solve keeps the run alive (it may start waiting flows); sample
      // ticks do not.
      const double wake_s = std::min(next_s, next_recompute_s);
      if (wake_s == kNever || (until_s && wake_s > *until_s)) break;
      fire_samples(wake_s);
      advance_to(wake_s);
      if (next_recompute_s < next_s) {  // after the events of its own instant
        solve();
        continue;
      }
      ++stats.events_processed;
      if (event_s <= arrival_s) {
        const Event e = events.top();
        events.pop();
        prefetch_next_completion();
        handle(e);
      } else {
        const Arrival a = std::move(*pending_arrival);
        pull_arrival(source);
        on_arrival(a);
      }
    }
    const double stop_s = until_s ? std::max(*until_s, now_s) : now_s;
    fire_samples(stop_s);
    advance_to(stop_s);
    if (config.sample_interval_s && now_s > sample_start_s) emit_sample();
    report_unfinished();
    stats.unfinished_elastic_flows = active_flows;
    stats.unfinished_streams = active_streams;
    stats.end_s = now_s;
    return stats;
  }
};

VectorArrivalSource::VectorArrivalSource(std::vector<Arrival> arrivals) : arrivals_(std::move(arrivals)) {
  std::stable_sort(arrivals_.begin(), arrivals_.end(),
                   [](const Arrival& a, const Arrival& b) { return a.start_s < b.start_s; });
}

std::optional<Arrival> VectorArrivalSource::next() {
  if (next_ == arrivals_.size()) return std::nullopt;
  return arrivals_[next_++];
}

Simulator::Simulator(std::vector<double> capacity_bps, EngineConfig config)
    : state_(std::make_unique<State>(std::move(capacity_bps), config)) {}
Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;
Simulator& Simulator::operator=(Simulator&&) noexcept = default;

PathId Simulator::add_path(std::span<const std::uint32_t> resources) {
  State& s = *state_;
  const auto resources_of = [&s](std::uint32_t id) { return s.resources_of(id); };
  if (const std::optional<std::uint32_t> known = s.path_ids.find(resources, resources_of)) return PathId{*known};
  // Only a new path needs checking: every interned one passed.
  for (std::uint32_t r : resources) require(r < s.capacity_bps.size(), "path names an unknown resource", r);
  std::vector<std::uint32_t> sorted(resources.begin(), resources.end());
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw std::invalid_argument("citynet engine: a path must not cross a resource twice");
  }
  const auto id = static_cast<std::uint32_t>(s.path_begin.size() - 1);
  s.path_ids.add(resources, id);
  s.path_resources.insert(s.path_resources.end(), resources.begin(), resources.end());
  s.path_begin.push_back(static_cast<std::uint32_t>(s.path_resources.size()));
  return PathId{id};
}

std::vector<PathId> Simulator::add_paths(std::span<const std::span<const std::uint32_t>> paths) {
  State& s = *state_;
  std::size_t resource_count = 0;
  for (const std::span<const std::uint32_t> resources : paths) resource_count += resources.size();
  s.path_resources.reserve(s.path_resources.size() + resource_count);
  // A replay interns hundreds of thousands of paths: megabytes first touched here.
  advise_huge_pages(s.path_resources.data() + s.path_resources.size(), resource_count * sizeof(std::uint32_t));
  s.path_begin.reserve(s.path_begin.size() + paths.size());
  s.path_ids.reserve(s.path_begin.size() - 1 + paths.size());
  const auto resources_of = [&s](std::uint32_t id) { return s.resources_of(id); };
  // The number (from 1) of the last new path that crossed each resource: a path crosses a
  // resource twice exactly when it finds its own number there.
  std::vector<std::uint32_t> last_crossed_by(s.capacity_bps.size(), 0);
  // Each path's hash first, so that the table slot of a path a few ahead can be fetched
  // while this one is interned.
  constexpr std::size_t kPathsFetchedAhead = 8;
  std::vector<std::uint32_t> hashes;
  hashes.reserve(paths.size());
  for (const std::span<const std::uint32_t> resources : paths) hashes.push_back(PathTable::hash(resources));
  std::vector<PathId> ids;
  ids.reserve(paths.size());
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (k + kPathsFetchedAhead < paths.size()) s.path_ids.prefetch(hashes[k + kPathsFetchedAhead]);
    const std::span<const std::uint32_t> resources = paths[k];
    if (const std::optional<std::uint32_t> known = s.path_ids.find(resources, hashes[k], resources_of)) {
      ids.push_back(PathId{*known});
      continue;
    }
    const auto number = static_cast<std::uint32_t>(k + 1);
    for (std::uint32_t r : resources) {
      require(r < s.capacity_bps.size(), "path names an unknown resource", r);
      if (last_crossed_by[r] == number) throw std::invalid_argument("citynet engine: a path must not cross a resource twice");
      last_crossed_by[r] = number;
    }
    const auto id = static_cast<std::uint32_t>(s.path_begin.size() - 1);
    s.path_ids.add_hashed(hashes[k], id);
    s.path_resources.insert(s.path_resources.end(), resources.begin(), resources.end());
    s.path_begin.push_back(static_cast<std::uint32_t>(s.path_resources.size()));
    ids.push_back(PathId{id});
  }
  return ids;
}

std::span<const std::uint32_t> Simulator::path(PathId id) const { return state_->resources_of(index(id)); }
std::size_t Simulator::path_count() const { return state_->path_begin.size() - 1; }
std::size_t Simulator::resource_count() const { return state_->capacity_bps.size(); }

void Simulator::add_capacity_change(const CapacityChange& change) {
  require(change.resource < state_->capacity_bps.size(), "capacity change names an unknown resource",
          change.resource);
  require(change.capacity_bps >= 0 && std::isfinite(change.capacity_bps), "capacity must be finite and >= 0",
          change.capacity_bps);
  require(change.at_s >= 0 && std::isfinite(change.at_s), "capacity change time must be finite and >= 0",
          change.at_s);
  state_->capacity_changes.push_back(change);
}

void Simulator::add_reroute_point(double at_s) {
  require(at_s >= 0 && std::isfinite(at_s), "reroute point time must be finite and >= 0", at_s);
  state_->reroute_points_s.push_back(at_s);
}

RunStats Simulator::run(ArrivalSource& arrivals, Observer& observer, std::optional<double> until_s,
                        Rerouter* rerouter) {
  return state_->run(arrivals, observer, until_s, rerouter);
}

}  // namespace citynet::engine
