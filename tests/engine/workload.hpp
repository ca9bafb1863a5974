#pragma once
// A workload for tests that compare engine modes and the reference: the network, the
// arrivals, the capacity changes, and the elastic flows again in the reference's terms.
#include <cstdint>
#include <map>
#include <vector>

#include "engine/simulator.hpp"
#include "recording_observer.hpp"
#include "reference/reference_simulator.hpp"

namespace citynet::engine::test_support {

struct Workload {
  std::vector<double> capacity_bps;
  std::vector<std::vector<std::uint32_t>> paths;
  std::vector<Arrival> arrivals;  // tag = index; elastic and streams
  std::vector<CapacityChange> changes;
  std::vector<reference::Flow> elastic;  // the elastic arrivals, for the reference
  std::vector<std::uint64_t> elastic_tags;
};

struct Outcome {
  std::map<std::uint64_t, double> end_by_tag;
  RunStats stats;
};

inline Outcome run(const Workload& w, EngineConfig config) {
  Simulator sim(w.capacity_bps, config);
  for (const auto& path : w.paths) (void)sim.add_path(path);
  for (const CapacityChange& change : w.changes) sim.add_capacity_change(change);
  VectorArrivalSource source(w.arrivals);
  RecordingObserver observer;
  Outcome outcome;
  outcome.stats = sim.run(source, observer);
  outcome.end_by_tag = observer.end_by_tag;
  return outcome;
}

}  // namespace citynet::engine::test_support
