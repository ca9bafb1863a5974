// What failures cost, counted from the engine's reports.
#include "metrics/failure_metrics.hpp"

#include <gtest/gtest.h>

namespace citynet::metrics {
namespace {

TEST(FailureMetrics, CountsByInstantAndTheBitsFailedAndDroppedFlowsDidNotDeliver) {
  FailureMetrics failures(100);  // warm-up 100 s
  // 1000 bits, 400 left when it failed at 200 s: 400 not served.
  failures.on_elastic_failed(engine::ElasticFailed{1, 0, engine::PathId{0}, 150, 200, 400, 1000});
  // Arrived in the warm-up: counted, but its bits are not.
  failures.on_elastic_failed(engine::ElasticFailed{2, 0, engine::PathId{0}, 50, 200, 10, 20});
  // A 10 bit/s stream from 120 s for 100 s, dropped at 200 s: 20 s × 10 bit/s unserved.
  const engine::StreamRecord stream{3, 0, engine::PathId{0}, 120, 10, 100};
  failures.on_stream_ended(engine::StreamEnded{stream, 200, true, 4});
  failures.on_stream_ended(engine::StreamEnded{stream, 220, false, std::nullopt});  // ended normally
  failures.on_reroute_point(engine::ReroutePointDone{200, 5});
  failures.on_reroute_point(engine::ReroutePointDone{300, 2});

  EXPECT_EQ(failures.total().elastic_failed, 2u);
  EXPECT_EQ(failures.total().streams_dropped, 1u);
  EXPECT_EQ(failures.total().flows_rerouted, 7u);
  EXPECT_EQ(failures.failed_unserved_bits(), 400);
  EXPECT_EQ(failures.dropped_unserved_bits(), 200);
  ASSERT_EQ(failures.by_instant().size(), 2u);
  const FailureCounts& at_200 = failures.by_instant().at(200);
  EXPECT_EQ(at_200.elastic_failed, 2u);
  EXPECT_EQ(at_200.streams_dropped, 1u);
  EXPECT_EQ(at_200.flows_rerouted, 5u);
  EXPECT_EQ(failures.by_instant().at(300).flows_rerouted, 2u);
}

}  // namespace
}  // namespace citynet::metrics
