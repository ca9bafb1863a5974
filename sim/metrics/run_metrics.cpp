#include "metrics/run_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <variant>

#include "core/units.hpp"

namespace citynet::metrics {
namespace {

inline constexpr double kPercentile5 = 0.05;
inline constexpr double kMedian = 0.5;
inline constexpr double kPercentile95 = 0.95;
inline constexpr double kHalf = 0.5;

[[nodiscard]] double offered_bits(const engine::Arrival& arrival) {
  if (const auto* elastic = std::get_if<engine::ElasticFlow>(&arrival.flow)) return elastic->size_bits;
  const auto& stream = std::get<engine::StreamFlow>(arrival.flow);
  return stream.rate_bps * stream.duration_s;
}

[[nodiscard]] std::optional<double> ratio(double numerator, double denominator) {
  if (!(denominator > 0)) return std::nullopt;
  return numerator / denominator;
}

// Nearest rank, as the histograms do.
[[nodiscard]] std::optional<double> percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))));
  return values[rank - 1];
}

}  // namespace

RunMetrics::RunMetrics(MetricsConfig config, PathResources path_resources)
    : config_(std::move(config)),
      path_resources_(std::move(path_resources)),
      resource_count_(config_.capacity_bps.size()),
      by_class_(config_.classes.size()),
      by_application_(config_.applications.size()) {
  if (!(config_.interval_s > 0)) throw std::invalid_argument("RunMetrics: interval_s must be > 0");
  for (std::uint32_t slot = 0; slot < config_.sites.size(); ++slot) {
    const std::uint32_t site = config_.sites[slot].site;
    if (site >= slot_of_site_.size()) slot_of_site_.resize(site + 1);
    slot_of_site_[site] = slot;
  }
  site_class_counts_.resize(hour_count() * config_.sites.size() * config_.classes.size());
}

std::size_t RunMetrics::hour_count() const {
  return static_cast<std::size_t>(std::ceil(config_.duration_s / kSecondsPerHour));
}

std::optional<std::size_t> RunMetrics::site_slot(std::uint32_t site) const {
  if (site >= slot_of_site_.size()) return std::nullopt;
  return slot_of_site_[site];
}

double RunMetrics::line_rate_bps(std::uint32_t subscriber_class, const FlowLabel& label) const {
  const ClassDescription& description = config_.classes.at(subscriber_class);
  return label.up ? description.up_bps : description.down_bps;
}

std::size_t RunMetrics::offered_slot(double start_s) const {
  return static_cast<std::size_t>(std::max(0.0, std::floor(start_s / config_.interval_s)));
}

template <typename Visit>
void RunMetrics::for_each(std::uint32_t subscriber_class, const FlowLabel& label, Visit visit) {
  if (subscriber_class < by_class_.size()) visit(by_class_[subscriber_class]);
  if (label.application < by_application_.size()) visit(by_application_[label.application]);
  visit(total_);
}

void RunMetrics::on_arrival(const engine::Arrival& arrival) {
  ++arrivals_;
  const double bits = offered_bits(arrival);
  const std::size_t slot = offered_slot(arrival.start_s);
  if ((slot + 1) * resource_count_ > offered_bits_.size()) offered_bits_.resize((slot + 1) * resource_count_, 0.0);
  const engine::PathId path = std::holds_alternative<engine::ElasticFlow>(arrival.flow)
                                  ? std::get<engine::ElasticFlow>(arrival.flow).path
                                  : std::get<engine::StreamFlow>(arrival.flow).path;
  for (const std::uint32_t resource : path_resources_(path)) offered_bits_[slot * resource_count_ + resource] += bits;

  if (!counted(arrival.start_s)) return;
  const auto hour = static_cast<std::size_t>(arrival.start_s / kSecondsPerHour);
  if (hour >= offered_bits_by_hour_.size()) offered_bits_by_hour_.resize(hour + 1, 0.0);
  offered_bits_by_hour_[hour] += bits;
  const FlowLabel label = decode_tag(arrival.tag);
  if (arrival.flow_class < config_.classes.size()) {
    const std::size_t index = (hour * config_.classes.size() + arrival.flow_class) * 2 + (label.up ? 1 : 0);
    if (index >= class_offered_bits_by_hour_.size()) {
      class_offered_bits_by_hour_.resize((hour + 1) * config_.classes.size() * 2, 0.0);
    }
    class_offered_bits_by_hour_[index] += bits;
  }
  const bool elastic = std::holds_alternative<engine::ElasticFlow>(arrival.flow);
  for_each(arrival.flow_class, label, [&](FlowStatistics& statistics) {
    ++statistics.flows;
    statistics.offered_bytes += bits / kBitsPerByte;
    if (!elastic) return;
    ++statistics.elastic_flows;
    statistics.elastic_offered_bytes += bits / kBitsPerByte;
  });
}

void RunMetrics::on_elastic_completed(const engine::ElasticCompletion& completion) {
  if (!counted(completion.start_s)) return;
  const FlowLabel label = decode_tag(completion.tag);
  const double completion_s = completion.end_s - completion.start_s;
  const std::optional<double> throughput_bps = ratio(completion.size_bits, completion_s);
  const double line_bps = line_rate_bps(completion.flow_class, label);
  const std::optional<double> share = throughput_bps ? ratio(*throughput_bps, line_bps) : std::nullopt;
  for_each(completion.flow_class, label, [&](FlowStatistics& statistics) {
    ++statistics.elastic_completed;
    statistics.completed_bytes += completion.size_bits / kBitsPerByte;
    statistics.completion_s_sum += completion_s;
    if (throughput_bps) statistics.throughput.add(*throughput_bps);
    if (share) statistics.line_rate_share.add(*share);
  });
  const auto hour = static_cast<std::size_t>(completion.start_s / kSecondsPerHour);
  const std::optional<std::size_t> slot = site_slot(label.site);
  if (!share || !slot || hour >= hour_count() || completion.flow_class >= config_.classes.size()) return;
  SiteClassCount& count =
      site_class_counts_[(hour * config_.sites.size() + *slot) * config_.classes.size() + completion.flow_class];
  ++count.flows;
  if (*share < kHalf) ++count.under_half;
}

void RunMetrics::on_stream_admitted(const engine::StreamRecord& stream) {
  if (!counted(stream.start_s)) return;
  for_each(stream.flow_class, decode_tag(stream.tag), [](FlowStatistics& statistics) { ++statistics.streams_admitted; });
}

void RunMetrics::on_stream_blocked(const engine::StreamBlocked& blocked) {
  const engine::StreamRecord& stream = blocked.stream;
  if (!counted(stream.start_s)) return;
  const double bytes = stream.rate_bps * stream.duration_s / kBitsPerByte;
  for_each(stream.flow_class, decode_tag(stream.tag), [&](FlowStatistics& statistics) {
    ++statistics.streams_blocked;
    statistics.blocked_bytes += bytes;
  });
}

void RunMetrics::on_elastic_unfinished(const engine::ElasticUnfinished& unfinished) {
  if (!counted(unfinished.start_s)) return;
  in_flight_left_bytes_ += unfinished.remaining_bits / kBitsPerByte;
  in_flight_delivered_bytes_ += std::max(0.0, unfinished.size_bits - unfinished.remaining_bits) / kBitsPerByte;
}

void RunMetrics::on_sample(const engine::SampleTick& tick) {
  interval_start_s_.push_back(tick.start_s);
  interval_end_s_.push_back(tick.end_s);
  for (const engine::ResourceSample& sample : tick.resources) {
    carried_bits_.push_back(sample.elastic_bits + sample.stream_bits);
    sample_capacity_bps_.push_back(sample.capacity_bps);
    active_flows_.push_back(sample.active_elastic_flows + sample.active_streams);
    blocked_streams_.push_back(sample.streams_blocked);
  }
}

double RunMetrics::carried_bps(std::size_t k, std::uint32_t resource) const {
  const double window_s = interval_end_s_[k] - interval_start_s_[k];
  return window_s > 0 ? carried_bits_[k * resource_count_ + resource] / window_s : 0.0;
}

std::optional<double> RunMetrics::utilization(std::size_t k, std::uint32_t resource) const {
  return ratio(carried_bps(k, resource), sample_capacity_bps_[k * resource_count_ + resource]);
}

std::optional<double> RunMetrics::offered_load(std::size_t k, std::uint32_t resource) const {
  const double window_s = interval_end_s_[k] - interval_start_s_[k];
  const std::size_t index = k * resource_count_ + resource;
  const double bits = index < offered_bits_.size() ? offered_bits_[index] : 0.0;
  return ratio(bits, sample_capacity_bps_[index] * window_s);
}

std::uint32_t RunMetrics::active_flows(std::size_t k, std::uint32_t resource) const {
  return active_flows_[k * resource_count_ + resource];
}

std::uint32_t RunMetrics::blocked_streams(std::size_t k, std::uint32_t resource) const {
  return blocked_streams_[k * resource_count_ + resource];
}

std::optional<std::size_t> RunMetrics::busy_hour() const {
  const double end_s = interval_end_s_.empty() ? config_.duration_s : interval_end_s_.back();
  std::optional<std::size_t> best;
  std::optional<std::size_t> first_partial;
  for (std::size_t hour = 0; hour < offered_bits_by_hour_.size(); ++hour) {
    const double start_s = static_cast<double>(hour) * kSecondsPerHour;
    if (start_s < config_.warmup_s) continue;
    if (start_s + kSecondsPerHour > end_s) {
      if (!first_partial && start_s < end_s) first_partial = hour;
      continue;
    }
    if (!best || offered_bits_by_hour_[hour] > offered_bits_by_hour_[*best]) best = hour;
  }
  return best ? best : first_partial;
}

std::pair<double, double> RunMetrics::hour_window_s(std::size_t hour) const {
  const double start_s = static_cast<double>(hour) * kSecondsPerHour;
  const double run_end_s = interval_end_s_.empty() ? config_.duration_s : interval_end_s_.back();
  return {start_s, std::min(start_s + kSecondsPerHour, run_end_s)};
}

WindowLoad RunMetrics::busy_hour_load(std::span<const std::uint32_t> resources) const {
  const std::optional<std::size_t> hour = busy_hour();
  if (!hour || resources.empty()) return {};
  const auto [start_s, end_s] = hour_window_s(*hour);
  double carried_bits = 0;
  double offered = 0;
  double capacity_bit_s = 0;  // capacity integrated over the window's intervals
  for (std::size_t k = 0; k < interval_count(); ++k) {
    // An interval belongs to the hour its start falls in.
    if (interval_start_s_[k] < start_s || interval_start_s_[k] >= end_s) continue;
    const double window_s = interval_end_s_[k] - interval_start_s_[k];
    for (const std::uint32_t resource : resources) {
      const std::size_t index = k * resource_count_ + resource;
      carried_bits += carried_bits_[index];
      if (index < offered_bits_.size()) offered += offered_bits_[index];
      capacity_bit_s += sample_capacity_bps_[index] * window_s;
    }
  }
  return WindowLoad{ratio(carried_bits, capacity_bit_s), ratio(offered, capacity_bit_s)};
}

ResourceSummary RunMetrics::resource_summary(std::uint32_t resource) const {
  ResourceSummary summary;
  const std::uint32_t one[] = {resource};
  const WindowLoad busy = busy_hour_load(one);
  summary.busy_hour_utilization = busy.utilization;
  summary.busy_hour_offered_load = busy.offered_load;
  std::vector<double> utilizations;
  for (std::size_t k = 0; k < interval_count(); ++k) {
    if (interval_start_s_[k] < config_.warmup_s) continue;
    const std::optional<double> used = utilization(k, resource);
    const std::optional<double> offered = offered_load(k, resource);
    if (used) utilizations.push_back(*used);
    if (offered) summary.max_offered_load = std::max(summary.max_offered_load.value_or(0.0), *offered);
    const bool congested = (used && *used >= config_.congestion_threshold) || (offered && *offered >= 1.0);
    if (congested) summary.hours_congested += (interval_end_s_[k] - interval_start_s_[k]) / kSecondsPerHour;
  }
  summary.p95_utilization = percentile(utilizations, kPercentile95);
  if (!utilizations.empty()) summary.max_utilization = *std::max_element(utilizations.begin(), utilizations.end());
  return summary;
}

FlowSummary RunMetrics::summarize(const std::string& name, const FlowStatistics& statistics) const {
  FlowSummary summary;
  summary.name = name;
  summary.flows = statistics.flows;
  summary.offered_bytes = statistics.offered_bytes;
  summary.elastic_flows = statistics.elastic_flows;
  summary.elastic_completed = statistics.elastic_completed;
  summary.throughput_p5_bps = statistics.throughput.percentile(kPercentile5);
  summary.throughput_p50_bps = statistics.throughput.percentile(kMedian);
  summary.throughput_p95_bps = statistics.throughput.percentile(kPercentile95);
  summary.line_rate_share_p5 = statistics.line_rate_share.percentile(kPercentile5);
  summary.line_rate_share_p50 = statistics.line_rate_share.percentile(kMedian);
  summary.line_rate_share_p95 = statistics.line_rate_share.percentile(kPercentile95);
  if (statistics.elastic_completed > 0) {
    summary.mean_completion_s = statistics.completion_s_sum / static_cast<double>(statistics.elastic_completed);
  }
  summary.streams = statistics.streams_admitted + statistics.streams_blocked;
  summary.streams_blocked = statistics.streams_blocked;
  summary.blocking_probability =
      ratio(static_cast<double>(statistics.streams_blocked), static_cast<double>(summary.streams));
  return summary;
}

std::vector<FlowSummary> RunMetrics::class_summaries() const {
  std::vector<FlowSummary> summaries;
  for (std::uint32_t c = 0; c < by_class_.size(); ++c) {
    summaries.push_back(summarize(config_.classes[c].name, by_class_[c]));
    summaries.back().share_of_subscribers_under_half_line_rate = under_half_share(c);
    add_busy_hour_rates(c, summaries.back());
  }
  return summaries;
}

void RunMetrics::add_busy_hour_rates(std::uint32_t subscriber_class, FlowSummary& summary) const {
  for (const SiteDescription& site : config_.sites) {
    summary.subscribers += static_cast<std::uint64_t>(site.subscribers_by_class.at(subscriber_class));
  }
  const std::optional<std::size_t> hour = busy_hour();
  if (!hour) return;
  const auto [start_s, end_s] = hour_window_s(*hour);
  const std::size_t index = (*hour * config_.classes.size() + subscriber_class) * 2;
  const auto bits = [&](std::size_t up) {
    return index + up < class_offered_bits_by_hour_.size() ? class_offered_bits_by_hour_[index + up] : 0.0;
  };
  summary.busy_hour_offered_down_bps = ratio(bits(0), end_s - start_s);
  summary.busy_hour_offered_up_bps = ratio(bits(1), end_s - start_s);
  if (summary.busy_hour_offered_down_bps && summary.subscribers > 0) {
    summary.busy_hour_offered_down_bps_per_subscriber =
        *summary.busy_hour_offered_down_bps / static_cast<double>(summary.subscribers);
  }
}

std::vector<FlowSummary> RunMetrics::application_summaries() const {
  std::vector<FlowSummary> summaries;
  for (std::size_t a = 0; a < by_application_.size(); ++a) {
    summaries.push_back(summarize(config_.applications[a].name, by_application_[a]));
  }
  return summaries;
}

FlowSummary RunMetrics::total_summary() const {
  FlowSummary summary = summarize("all", total_);
  summary.share_of_subscribers_under_half_line_rate = under_half_share(std::nullopt);
  return summary;
}

BytesNotServed RunMetrics::bytes_not_served() const {
  BytesNotServed bytes;
  bytes.in_flight_at_end_bytes = in_flight_left_bytes_;
  bytes.blocked_bytes = total_.blocked_bytes;
  return bytes;
}

std::optional<double> RunMetrics::share_of_subscribers_under_half_line_rate() const {
  return under_half_share(std::nullopt);
}

std::optional<double> RunMetrics::under_half_share(std::optional<std::uint32_t> only_class) const {
  const std::optional<std::size_t> hour = busy_hour();
  if (!hour || *hour >= hour_count()) return std::nullopt;
  double subscribers = 0;
  double under_half = 0;
  const std::size_t classes = config_.classes.size();
  for (std::size_t slot = 0; slot < config_.sites.size(); ++slot) {
    for (std::uint32_t c = 0; c < classes; ++c) {
      if (only_class && c != *only_class) continue;
      const SiteClassCount& count = site_class_counts_[(*hour * config_.sites.size() + slot) * classes + c];
      if (count.flows == 0) continue;
      const auto weight = static_cast<double>(config_.sites[slot].subscribers_by_class.at(c));
      subscribers += weight;
      // The median (the ceil(n/2)-th smallest, as nearest rank) is under 1/2 iff at least
      // that many flows are.
      if (2 * std::uint64_t{count.under_half} >= count.flows) under_half += weight;
    }
  }
  return ratio(under_half, subscribers);
}

}  // namespace citynet::metrics
