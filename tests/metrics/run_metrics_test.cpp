// RunMetrics observing the real engine on one- and two-link networks whose loads, busy
// hours, throughputs and blocking are worked out by hand.
#include "metrics/run_metrics.hpp"

#include <cstdint>
#include <optional>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/simulator.hpp"
#include "metrics/flow_label.hpp"
#include "metrics/histogram.hpp"

namespace citynet::metrics {
namespace {

constexpr double kTolerance = 1e-9;
constexpr double kHour_s = 3600;
constexpr double kLink_bps = 1e6;
constexpr std::uint32_t kSite = 7;
constexpr std::uint16_t kWeb = 0;
constexpr std::uint16_t kVideo = 1;
constexpr std::uint32_t kAdsl = 0;
constexpr double kFastRecompute_s = 0.1;  // fast mode only

MetricsConfig one_link_config(double duration_s, double warmup_s, double interval_s) {
  MetricsConfig config;
  config.capacity_bps = {kLink_bps};
  config.classes = {ClassDescription{"adsl", kLink_bps, kLink_bps / 2}};
  config.applications = {ApplicationDescription{"web", false}, ApplicationDescription{"video", true}};
  config.sites = {SiteDescription{kSite, {100}}};
  config.duration_s = duration_s;
  config.warmup_s = warmup_s;
  config.interval_s = interval_s;
  return config;
}

engine::Arrival elastic(double start_s, double size_bits, std::optional<double> cap_bps = kLink_bps) {
  return engine::Arrival{start_s, encode_tag(FlowLabel{kSite, kWeb, false}), kAdsl,
                         engine::ElasticFlow{engine::PathId{0}, size_bits, cap_bps, 1.0}};
}

engine::Arrival stream(double start_s, double rate_bps, double duration_s) {
  return engine::Arrival{start_s, encode_tag(FlowLabel{kSite, kVideo, false}), kAdsl,
                         engine::StreamFlow{engine::PathId{0}, rate_bps, duration_s}};
}

// Runs `arrivals` on one link of 1 Mbit/s (in exact mode unless told) and returns the metrics.
struct OneLinkRun {
  OneLinkRun(const MetricsConfig& config, std::vector<engine::Arrival> arrivals,
             engine::SharingMode mode = engine::SharingMode::exact)
      : simulator({kLink_bps}, engine::EngineConfig{mode, kFastRecompute_s, 0, config.interval_s}),
        metrics(config, [this](engine::PathId path) { return simulator.path(path); }) {
    const std::uint32_t link[] = {0};
    (void)simulator.add_path(link);
    engine::VectorArrivalSource source(std::move(arrivals));
    stats = simulator.run(source, metrics, config.duration_s);
  }
  engine::Simulator simulator;
  RunMetrics metrics;
  engine::RunStats stats;
};

TEST(FlowLabel, TagRoundTripsSiteApplicationAndDirection) {
  const FlowLabel label{123456, 42, true};
  const FlowLabel back = decode_tag(encode_tag(label));
  EXPECT_EQ(back.site, label.site);
  EXPECT_EQ(back.application, label.application);
  EXPECT_TRUE(back.up);
}

TEST(Histogram, PercentilesOfEqualValuesAreExact) {
  RateHistogram rates;
  for (int i = 0; i < 10; ++i) rates.add(512e3);
  EXPECT_DOUBLE_EQ(*rates.percentile(0.05), 512e3);
  EXPECT_DOUBLE_EQ(*rates.percentile(0.95), 512e3);
}

TEST(Histogram, NearestRankPercentileIsWithinOneBin) {
  ShareHistogram shares;
  for (int i = 1; i <= 100; ++i) shares.add(i / 100.0);
  // Nearest rank: p5 is the 5th smallest (0.05), the median the 50th (0.5).
  EXPECT_NEAR(*shares.percentile(0.05), 0.05, kShareBinWidth);
  EXPECT_NEAR(*shares.percentile(0.5), 0.5, kShareBinWidth);
  EXPECT_NEAR(*shares.percentile(1.0), 1.0, kShareBinWidth);
}

TEST(Histogram, NoValuesGiveNoPercentile) { EXPECT_FALSE(RateHistogram().percentile(0.5).has_value()); }

TEST(RunMetrics, OfferedLoadAndUtilizationOfOneFlowInItsInterval) {
  // 2 Mbit on 1 Mbit/s: offered and carried in the first 10 s interval, 2e6 / (1e6 * 10).
  OneLinkRun run(one_link_config(20, 0, 10), {elastic(1, 2e6)});
  ASSERT_EQ(run.metrics.interval_count(), 2U);
  EXPECT_NEAR(*run.metrics.offered_load(0, 0), 0.2, kTolerance);
  EXPECT_NEAR(*run.metrics.utilization(0, 0), 0.2, kTolerance);
  EXPECT_NEAR(run.metrics.carried_bps(0, 0), 2e5, kTolerance);
  EXPECT_NEAR(*run.metrics.offered_load(1, 0), 0.0, kTolerance);
}

TEST(RunMetrics, OfferedLoadCountsAFlowWhereItArrivesEvenIfCarriedLater) {
  // 15 Mbit arriving at 5 s: carried from 5 s to 20 s over two intervals, offered in the first.
  OneLinkRun run(one_link_config(20, 0, 10), {elastic(5, 15e6)});
  EXPECT_NEAR(*run.metrics.offered_load(0, 0), 1.5, kTolerance);  // overload
  EXPECT_NEAR(*run.metrics.utilization(0, 0), 0.5, kTolerance);
  EXPECT_NEAR(*run.metrics.utilization(1, 0), 1.0, kTolerance);
}

TEST(RunMetrics, BusyHourIsTheWholeHourAfterWarmUpWithMostOfferedBits) {
  // Hour 0 is warm-up (it offers the most, and does not count); hour 2 offers more than hour 1.
  OneLinkRun run(one_link_config(3 * kHour_s, kHour_s, 600),
                 {elastic(10, 900e6), elastic(kHour_s + 10, 100e6), elastic(2 * kHour_s + 10, 300e6)});
  ASSERT_TRUE(run.metrics.busy_hour().has_value());
  EXPECT_EQ(*run.metrics.busy_hour(), 2U);
  const std::uint32_t link[] = {0};
  // 300 Mbit at 1 Mbit/s: 300 s of the busy hour's 3600.
  EXPECT_NEAR(*run.metrics.busy_hour_load(link).utilization, 300.0 / kHour_s, kTolerance);
  EXPECT_NEAR(*run.metrics.busy_hour_load(link).offered_load, 300.0 / kHour_s, kTolerance);
}

TEST(RunMetrics, FlowsBeforeTheWarmUpAreLeftOutOfSummaries) {
  OneLinkRun run(one_link_config(2 * kHour_s, kHour_s, 600), {elastic(10, 1e6), elastic(kHour_s + 10, 2e6)});
  const FlowSummary total = run.metrics.total_summary();
  EXPECT_EQ(total.flows, 1U);
  EXPECT_NEAR(total.offered_bytes, 2e6 / 8, kTolerance);
  EXPECT_EQ(total.elastic_completed, 1U);
  EXPECT_NEAR(*total.mean_completion_s, 2.0, kTolerance);
}

TEST(RunMetrics, ThroughputOfTwoFlowsSharingALinkIsHalfTheLineRate) {
  // Two equal flows on 1 Mbit/s with 1 Mbit/s lines: 0.5 Mbit/s each, 2 s for 1 Mbit.
  OneLinkRun run(one_link_config(kHour_s, 0, 600), {elastic(0, 1e6), elastic(0, 1e6)});
  const FlowSummary web = run.metrics.application_summaries()[kWeb];
  EXPECT_NEAR(*web.throughput_p50_bps, 5e5, kTolerance * 5e5);
  EXPECT_NEAR(*web.line_rate_share_p50, 0.5, kTolerance);
  EXPECT_NEAR(*web.mean_completion_s, 2.0, kTolerance);
}

TEST(RunMetrics, SubscribersUnderHalfTheirLineWhenTheMedianFlowIs) {
  // Half the line rate is not under half; a third is.
  OneLinkRun halves(one_link_config(kHour_s, 0, 600), {elastic(0, 1e6), elastic(0, 1e6)});
  EXPECT_NEAR(*halves.metrics.share_of_subscribers_under_half_line_rate(), 0.0, kTolerance);
  OneLinkRun thirds(one_link_config(kHour_s, 0, 600), {elastic(0, 1e6), elastic(0, 1e6), elastic(0, 1e6)});
  EXPECT_NEAR(*thirds.metrics.share_of_subscribers_under_half_line_rate(), 1.0, kTolerance);
  EXPECT_NEAR(*thirds.metrics.class_summaries()[kAdsl].share_of_subscribers_under_half_line_rate, 1.0, kTolerance);
}

TEST(RunMetrics, StreamThatDoesNotFitIsBlockedAndItsBytesAreNotServed) {
  // Two 0.6 Mbit/s streams on 1 Mbit/s at once: the second is blocked.
  OneLinkRun run(one_link_config(kHour_s, 0, 600), {stream(0, 6e5, 100), stream(1, 6e5, 100)});
  const FlowSummary video = run.metrics.application_summaries()[kVideo];
  EXPECT_EQ(video.streams, 2U);
  EXPECT_EQ(video.streams_blocked, 1U);
  EXPECT_NEAR(*video.blocking_probability, 0.5, kTolerance);
  EXPECT_NEAR(run.metrics.bytes_not_served().blocked_bytes, 6e5 * 100 / 8, kTolerance);
  EXPECT_EQ(run.metrics.bytes_not_served().in_flight_at_end_bytes, 0.0);
  EXPECT_EQ(run.metrics.blocked_streams(0, 0), 1U);
}

TEST(RunMetrics, ClassBusyHourOfferedRatesAreItsBitsArrivingInTheBusyHourByDirection) {
  // Hour 0 offers 100 Mbit; hour 1 offers 300 Mbit down (elastic), a 100 kbit/s stream of
  // 1000 s down (100 Mbit, counted where it arrives) and 60 Mbit up: hour 1 is busy. The
  // class has 100 + 50 subscribers at two sites.
  MetricsConfig config = one_link_config(2 * kHour_s, 0, 600);
  config.sites.push_back(SiteDescription{kSite + 1, {50}});
  engine::Arrival upload = elastic(kHour_s + 20, 60e6);
  upload.tag = encode_tag(FlowLabel{kSite, kWeb, true});
  OneLinkRun run(config, {elastic(10, 100e6), elastic(kHour_s + 10, 300e6), stream(kHour_s + 15, 1e5, 1000), upload});
  ASSERT_EQ(run.metrics.busy_hour(), std::optional<std::size_t>(1));
  const FlowSummary adsl = run.metrics.class_summaries()[kAdsl];
  EXPECT_EQ(adsl.subscribers, 150U);
  EXPECT_NEAR(*adsl.busy_hour_offered_down_bps, 400e6 / kHour_s, kTolerance);
  EXPECT_NEAR(*adsl.busy_hour_offered_up_bps, 60e6 / kHour_s, kTolerance);
  EXPECT_NEAR(*adsl.busy_hour_offered_down_bps_per_subscriber, 400e6 / kHour_s / 150, kTolerance);
}

TEST(RunMetrics, ClassBusyHourOfferedRatesAreEmptyWithoutABusyHour) {
  // The whole run is warm-up: no busy hour, no rate; the subscribers are still counted.
  OneLinkRun run(one_link_config(kHour_s, kHour_s, 600), {elastic(10, 1e6)});
  const FlowSummary adsl = run.metrics.class_summaries()[kAdsl];
  EXPECT_EQ(adsl.subscribers, 100U);
  EXPECT_FALSE(adsl.busy_hour_offered_down_bps.has_value());
  EXPECT_FALSE(adsl.busy_hour_offered_down_bps_per_subscriber.has_value());
}

TEST(RunMetrics, BytesNotServedIsNeverNegativeWhenEveryFlowCompletes) {
  // 0.3, 0.2 and 0.1 bytes arrive in that order and, capped at 1 bit/s, complete in the
  // reverse one. Summed in those orders the sizes differ by a rounding (0.6 against
  // 0.6000000000000001): the naive difference is negative, nothing is unserved.
  const double bytes[] = {0.3, 0.2, 0.1};
  ASSERT_LT((bytes[0] + bytes[1]) + bytes[2] - ((bytes[2] + bytes[1]) + bytes[0]), 0.0);
  OneLinkRun run(one_link_config(kHour_s, 0, 600), {elastic(0, bytes[0] * 8, 1.0), elastic(0.1, bytes[1] * 8, 1.0),
                                                    elastic(0.2, bytes[2] * 8, 1.0)});
  ASSERT_EQ(run.metrics.total_summary().elastic_completed, 3U);
  EXPECT_EQ(run.metrics.bytes_not_served().total_bytes(), 0.0);
}

TEST(RunMetrics, HoursCongestedCountIntervalsAtTheThresholdOrOverloaded) {
  // 10 Mbit arriving at 0 on 1 Mbit/s with 5 s intervals: the first interval is overloaded
  // (offered 2), the second full (utilization 1), the rest idle: 10 s congested.
  OneLinkRun run(one_link_config(60, 0, 5), {elastic(0, 10e6)});
  const ResourceSummary summary = run.metrics.resource_summary(0);
  EXPECT_NEAR(summary.hours_congested, 10.0 / kHour_s, kTolerance);
  EXPECT_NEAR(*summary.max_utilization, 1.0, kTolerance);
  EXPECT_NEAR(*summary.max_offered_load, 2.0, kTolerance);
}

TEST(RunMetrics, FlowsInFlightAtTheEndOfAnUncongestedRunCountWhatTheyHadLeftAndNothingElse) {
  // On 1 Mbit/s, two 20 Mbit flows capped at 100 kbit/s arrive at 0 and 40 s, a 0.1 Mbit
  // flow at 10 s (done in 1 s) and a 200 kbit/s stream at 20 s (admitted): at most 40% of
  // the link is used and the arrivals offer it 0.46 of its capacity. At 100 s the run stops
  // with the big flows in flight; they had sent 100 kbit/s × 100 s and × 60 s, so 10 and
  // 14 Mbit are left. Nothing failed, was dropped
  // or blocked. Before the split, bytes not served counted those flows at their whole size
  // (elastic offered − completed + blocked): what they had left plus what they had sent.
  constexpr double kCap_bps = 1e5;
  constexpr double kSize_bits = 20e6;
  for (const engine::SharingMode mode : {engine::SharingMode::exact, engine::SharingMode::fast}) {
    OneLinkRun run(one_link_config(100, 0, 600),
                   {elastic(0, kSize_bits, kCap_bps), elastic(10, 1e5), stream(20, 2e5, 30),
                    elastic(40, kSize_bits, kCap_bps)},
                   mode);
    ASSERT_EQ(run.stats.unfinished_elastic_flows, 2U);
    EXPECT_EQ(run.metrics.resource_summary(0).hours_congested, 0.0);
    const BytesNotServed unserved = run.metrics.bytes_not_served();
    EXPECT_EQ(unserved.blocked_bytes, 0.0);
    EXPECT_EQ(unserved.failed_bytes, 0.0);
    EXPECT_EQ(unserved.dropped_bytes, 0.0);
    EXPECT_NEAR(unserved.in_flight_at_end_bytes, (10e6 + 14e6) / 8, kTolerance * kSize_bits);
    EXPECT_EQ(unserved.total_bytes(), unserved.in_flight_at_end_bytes);
    EXPECT_NEAR(run.metrics.in_flight_delivered_bytes(), (10e6 + 6e6) / 8, kTolerance * kSize_bits);
    const double old_total_bytes = 2 * kSize_bits / 8;
    EXPECT_NEAR(unserved.total_bytes() + run.metrics.in_flight_delivered_bytes(), old_total_bytes,
                kTolerance * kSize_bits);
  }
}

TEST(RunMetrics, FlowsInFlightThatArrivedInTheWarmUpAreNotCounted) {
  // A 20 Mbit flow at 100 kbit/s, arriving in a 60 s warm-up: left out, as its
  // offered bytes are.
  OneLinkRun run(one_link_config(100, 60, 600), {elastic(0, 20e6, 1e5)});
  ASSERT_EQ(run.stats.unfinished_elastic_flows, 1U);
  EXPECT_EQ(run.metrics.bytes_not_served().in_flight_at_end_bytes, 0.0);
}

}  // namespace
}  // namespace citynet::metrics
