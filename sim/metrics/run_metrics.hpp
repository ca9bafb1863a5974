#pragma once
// What a run measures, gathered by observing the engine (design.md, Model and Outputs).
//
// Per resource and sample interval: carried bits (from the engine's samples), offered bits,
// active flows, streams blocked. The offered load of a resource in a window is the bits of
// the flows ARRIVING in the window that cross it (elastic: size; streaming: rate × duration)
// over capacity × window; a flow is counted in the interval its arrival falls in.
// Offered load ≥ 1 is overload: the backlog grows whatever the utilization says.
//
// Busy hour: of the whole clock hours after the warm-up, the one in which arriving flows
// offer the most bits in total (each flow once, wherever it goes). When no whole hour
// follows the warm-up, the first partial hour after it.
//
// Per subscriber class, per application and in total: flows and bytes offered, elastic
// throughput (size / completion time) absolute and as a share of the flow's line rate,
// mean completion time, streaming blocking. Flows arriving before the warm-up ends are
// left out of every summary (they are in the time series).
//
// Subscribers under half their line rate: for each (site, class), the median share of
// line rate of its elastic flows arriving in the busy hour (the nearest-rank median, the
// ceil(n/2)-th smallest) is under 1/2 when at least ceil(n/2) of those flows got under 1/2;
// a flow counts when it completes before the run ends. Site-classes with no elastic flow in the busy hour are
// left out; the rest are weighted by their subscribers.
//
// Busy-hour offered rate of a class, by direction (FlowLabel::up): the bits of its flows
// arriving in the busy hour over the hour's length (3600 s unless the run ends within it),
// the offered-load count above; per subscriber, over the class's subscribers at the sites.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/simulator.hpp"
#include "metrics/flow_label.hpp"
#include "metrics/histogram.hpp"

namespace citynet::metrics {

struct ClassDescription {
  std::string name;
  double down_bps = 0;  // line rate towards the subscriber
  double up_bps = 0;    // line rate from the subscriber
};

struct ApplicationDescription {
  std::string name;
  bool streaming = false;
};

struct SiteDescription {
  std::uint32_t site = 0;                          // as in FlowLabel::site
  std::vector<std::int64_t> subscribers_by_class;  // aligned with MetricsConfig::classes
};

struct MetricsConfig {
  std::vector<double> capacity_bps;  // by resource
  std::vector<ClassDescription> classes;
  std::vector<ApplicationDescription> applications;
  std::vector<SiteDescription> sites;
  double duration_s = 0;
  double warmup_s = 0;
  double interval_s = 0;               // the engine's sample interval, > 0
  double congestion_threshold = 0.9;   // utilization counted as congested
};

// The resources a path crosses (the engine's interned paths).
using PathResources = std::function<std::span<const std::uint32_t>(engine::PathId)>;

struct FlowSummary {
  std::string name;
  std::uint64_t flows = 0;            // arrivals after the warm-up, elastic and streaming
  double offered_bytes = 0;           // elastic sizes, streams' rate × duration
  std::uint64_t elastic_flows = 0;
  std::uint64_t elastic_completed = 0;
  std::optional<double> throughput_p5_bps, throughput_p50_bps, throughput_p95_bps;
  std::optional<double> line_rate_share_p5, line_rate_share_p50, line_rate_share_p95;
  std::optional<double> mean_completion_s;
  std::uint64_t streams = 0;          // admitted + blocked
  std::uint64_t streams_blocked = 0;
  std::optional<double> blocking_probability;
  // Subscriber classes only (see the header comment); empty for applications and when
  // no site-class had an elastic flow in the busy hour.
  std::optional<double> share_of_subscribers_under_half_line_rate;
  // Subscriber classes only: the class's subscribers at the sites and its busy-hour offered
  // rates (see the header comment); empty when there is no busy hour or no subscriber.
  std::uint64_t subscribers = 0;
  std::optional<double> busy_hour_offered_down_bps;
  std::optional<double> busy_hour_offered_up_bps;
  std::optional<double> busy_hour_offered_down_bps_per_subscriber;
};

struct ResourceSummary {
  std::optional<double> busy_hour_utilization;  // empty: no capacity, or no busy hour
  std::optional<double> busy_hour_offered_load;
  std::optional<double> p95_utilization;        // over intervals after the warm-up
  std::optional<double> max_utilization;
  std::optional<double> max_offered_load;
  double hours_congested = 0;  // intervals at or above the threshold, or offered load >= 1
};

// Bytes of the flows arriving after the warm-up that were not delivered by the end of the
// run, by why. A flow still in flight at the end counts what it had left to send, not its
// size: what it had delivered was served (RunMetrics::in_flight_delivered_bytes).
// Abandoned bytes (users giving up on slow flows) will be a fifth part once the model has
// impatience.
struct BytesNotServed {
  double in_flight_at_end_bytes = 0;  // what elastic flows still active at the end had left
  double failed_bytes = 0;   // no path: what failed elastic flows had left, and whole sessions that found none
  double dropped_bytes = 0;  // streams dropped by a capacity drop or a reroute: rate × the time they had left
  double blocked_bytes = 0;  // streams blocked at admission: rate × duration
  [[nodiscard]] double total_bytes() const { return in_flight_at_end_bytes + failed_bytes + dropped_bytes + blocked_bytes; }
};

struct WindowLoad {
  std::optional<double> utilization;  // carried bits / (capacity × window)
  std::optional<double> offered_load;
};

class RunMetrics final : public engine::Observer {
 public:
  RunMetrics(MetricsConfig config, PathResources path_resources);

  void on_arrival(const engine::Arrival& arrival) override;
  void on_elastic_completed(const engine::ElasticCompletion& completion) override;
  void on_stream_admitted(const engine::StreamRecord& stream) override;
  void on_stream_blocked(const engine::StreamBlocked& blocked) override;
  void on_elastic_unfinished(const engine::ElasticUnfinished& unfinished) override;
  void on_sample(const engine::SampleTick& tick) override;

  [[nodiscard]] const MetricsConfig& config() const { return config_; }
  [[nodiscard]] std::uint64_t arrivals() const { return arrivals_; }

  // The time series: interval k of the engine's samples.
  [[nodiscard]] std::size_t interval_count() const { return interval_start_s_.size(); }
  [[nodiscard]] double interval_start_s(std::size_t k) const { return interval_start_s_[k]; }
  [[nodiscard]] double interval_end_s(std::size_t k) const { return interval_end_s_[k]; }
  [[nodiscard]] double carried_bps(std::size_t k, std::uint32_t resource) const;
  [[nodiscard]] std::optional<double> utilization(std::size_t k, std::uint32_t resource) const;
  [[nodiscard]] std::optional<double> offered_load(std::size_t k, std::uint32_t resource) const;
  [[nodiscard]] std::uint32_t active_flows(std::size_t k, std::uint32_t resource) const;
  [[nodiscard]] std::uint32_t blocked_streams(std::size_t k, std::uint32_t resource) const;

  // Hour h covers [h·3600 s, (h+1)·3600 s) of the run.
  [[nodiscard]] std::optional<std::size_t> busy_hour() const;
  [[nodiscard]] ResourceSummary resource_summary(std::uint32_t resource) const;
  // Resources taken together (the egress, the core): their bits over their summed capacity.
  [[nodiscard]] WindowLoad busy_hour_load(std::span<const std::uint32_t> resources) const;

  [[nodiscard]] std::vector<FlowSummary> class_summaries() const;
  [[nodiscard]] std::vector<FlowSummary> application_summaries() const;
  [[nodiscard]] FlowSummary total_summary() const;
  // The distributions behind a class's percentiles: its elastic flows completed after the
  // warm-up. subscriber_class indexes config().classes.
  [[nodiscard]] const RateHistogram& class_throughput(std::uint32_t subscriber_class) const {
    return by_class_.at(subscriber_class).throughput;
  }
  [[nodiscard]] const ShareHistogram& class_line_rate_share(std::uint32_t subscriber_class) const {
    return by_class_.at(subscriber_class).line_rate_share;
  }
  // In flight at the end and blocked, after the warm-up; failed and dropped bytes are
  // FailureMetrics' (0 here).
  [[nodiscard]] BytesNotServed bytes_not_served() const;
  // What the elastic flows still active at the end had delivered by then (their sizes are
  // this plus in_flight_at_end_bytes).
  [[nodiscard]] double in_flight_delivered_bytes() const { return in_flight_delivered_bytes_; }
  [[nodiscard]] std::optional<double> share_of_subscribers_under_half_line_rate() const;

 private:
  struct FlowStatistics {
    std::uint64_t flows = 0;
    double offered_bytes = 0;
    std::uint64_t elastic_flows = 0;
    double elastic_offered_bytes = 0;
    std::uint64_t elastic_completed = 0;
    double completed_bytes = 0;
    double completion_s_sum = 0;
    RateHistogram throughput;
    ShareHistogram line_rate_share;
    std::uint64_t streams_admitted = 0;
    std::uint64_t streams_blocked = 0;
    double blocked_bytes = 0;
  };

  // Elastic flows of one (hour, site, class): how many, and how many under half their line.
  struct SiteClassCount {
    std::uint32_t flows = 0;
    std::uint32_t under_half = 0;
  };

  [[nodiscard]] bool counted(double start_s) const { return start_s >= config_.warmup_s; }
  [[nodiscard]] double line_rate_bps(std::uint32_t subscriber_class, const FlowLabel& label) const;
  [[nodiscard]] std::size_t offered_slot(double start_s) const;
  [[nodiscard]] std::size_t hour_count() const;
  [[nodiscard]] std::optional<std::size_t> site_slot(std::uint32_t site) const;
  [[nodiscard]] std::pair<double, double> hour_window_s(std::size_t hour) const;
  template <typename Visit>
  void for_each(std::uint32_t subscriber_class, const FlowLabel& label, Visit visit);
  [[nodiscard]] FlowSummary summarize(const std::string& name, const FlowStatistics& statistics) const;
  [[nodiscard]] std::optional<double> under_half_share(std::optional<std::uint32_t> only_class) const;
  void add_busy_hour_rates(std::uint32_t subscriber_class, FlowSummary& summary) const;

  MetricsConfig config_;
  PathResources path_resources_;
  std::size_t resource_count_;

  std::vector<double> interval_start_s_;
  std::vector<double> interval_end_s_;
  // Indexed [interval × resources + resource].
  std::vector<double> carried_bits_;
  std::vector<double> sample_capacity_bps_;
  std::vector<std::uint32_t> active_flows_;
  std::vector<std::uint32_t> blocked_streams_;
  std::vector<double> offered_bits_;  // by arrival interval, grown as arrivals come

  std::vector<double> offered_bits_by_hour_;  // every arrival once, after the warm-up
  // After the warm-up, [(hour × classes + class) × 2 + up].
  std::vector<double> class_offered_bits_by_hour_;
  std::uint64_t arrivals_ = 0;

  std::vector<FlowStatistics> by_class_;
  std::vector<FlowStatistics> by_application_;
  FlowStatistics total_;
  double in_flight_left_bytes_ = 0;
  double in_flight_delivered_bytes_ = 0;

  std::vector<std::optional<std::uint32_t>> slot_of_site_;  // by site id; empty: not a site
  std::vector<SiteClassCount> site_class_counts_;  // [(hour × sites + slot) × classes + class]
};

}  // namespace citynet::metrics
