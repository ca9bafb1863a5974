#pragma once
// What failures cost in a run, gathered by observing the engine: elastic flows that failed
// (no path left), streams dropped (by a capacity drop or a reroute without room), flows
// rerouted, and the bits those flows did not deliver. Counted at the instant they happen,
// so that each can be put down to the failure that starts or ends then. Bits not
// delivered count for flows that arrived after the warm-up, as RunMetrics' bytes do.
#include <cstdint>
#include <map>

#include "engine/simulator.hpp"

namespace citynet::metrics {

struct FailureCounts {
  std::uint64_t elastic_failed = 0;
  std::uint64_t streams_dropped = 0;
  std::uint64_t flows_rerouted = 0;
};

class FailureMetrics final : public engine::Observer {
 public:
  explicit FailureMetrics(double warmup_s) : warmup_s_(warmup_s) {}

  void on_elastic_failed(const engine::ElasticFailed& failed) override;
  void on_stream_ended(const engine::StreamEnded& ended) override;
  void on_reroute_point(const engine::ReroutePointDone& done) override;

  [[nodiscard]] const FailureCounts& total() const { return total_; }
  [[nodiscard]] const std::map<double, FailureCounts>& by_instant() const { return by_instant_; }
  // What failed elastic flows had left when they failed.
  [[nodiscard]] double failed_unserved_bits() const { return failed_unserved_bits_; }
  // Dropped streams' rate × the time they had left.
  [[nodiscard]] double dropped_unserved_bits() const { return dropped_unserved_bits_; }

 private:
  double warmup_s_;
  FailureCounts total_;
  std::map<double, FailureCounts> by_instant_;
  double failed_unserved_bits_ = 0;
  double dropped_unserved_bits_ = 0;
};

}  // namespace citynet::metrics
