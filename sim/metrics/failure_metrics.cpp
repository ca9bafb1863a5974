#include "metrics/failure_metrics.hpp"

#include <algorithm>

namespace citynet::metrics {

void FailureMetrics::on_elastic_failed(const engine::ElasticFailed& failed) {
  ++total_.elastic_failed;
  ++by_instant_[failed.at_s].elastic_failed;
  if (failed.start_s < warmup_s_) return;
  failed_unserved_bits_ += failed.remaining_bits;
}

void FailureMetrics::on_stream_ended(const engine::StreamEnded& ended) {
  if (!ended.dropped) return;
  ++total_.streams_dropped;
  ++by_instant_[ended.end_s].streams_dropped;
  const engine::StreamRecord& stream = ended.stream;
  if (stream.start_s >= warmup_s_) {
    dropped_unserved_bits_ += stream.rate_bps * std::max(0.0, stream.start_s + stream.duration_s - ended.end_s);
  }
}

void FailureMetrics::on_reroute_point(const engine::ReroutePointDone& done) {
  total_.flows_rerouted += done.flows_rerouted;
  if (done.flows_rerouted > 0) by_instant_[done.at_s].flows_rerouted += done.flows_rerouted;
}

}  // namespace citynet::metrics
