#include "demand/calibration_summary.hpp"

#include <algorithm>

#include "core/units.hpp"
#include "demand/arrival.hpp"
#include "demand/distribution_sampler.hpp"

namespace citynet::demand {
namespace {

struct DailyBytes {
  double down = 0;
  double up = 0;
};

// Per-day expectations of one (class, application) pair summed over sites.
struct PairLoad {
  double sessions_per_day = 0;
  DailyBytes bytes;
  std::vector<double> hour_shares;
};

[[nodiscard]] double share_of(const scenario::DestinationMix& mix, DestinationKind kind) {
  const double total = mix.internet + mix.idc + mix.p2p;
  if (total <= 0) return kind == DestinationKind::internet ? 1.0 : 0.0;
  switch (kind) {
    case DestinationKind::internet:
      return mix.internet / total;
    case DestinationKind::idc:
      return mix.idc / total;
    case DestinationKind::site:
      return mix.p2p / total;
  }
  return 0;
}

[[nodiscard]] bool sends_down(scenario::Direction direction) { return direction != scenario::Direction::up; }
[[nodiscard]] bool sends_up(scenario::Direction direction) { return direction != scenario::Direction::down; }

void add_pair(TrafficVolume& volume, const PairLoad& load, int busy_hour, double fraction) {
  const double busy_share = load.hour_shares[busy_hour];
  volume.sessions_per_day += fraction * load.sessions_per_day;
  volume.down_bytes_per_day += fraction * load.bytes.down;
  volume.up_bytes_per_day += fraction * load.bytes.up;
  volume.busy_hour_down_bps += fraction * load.bytes.down * busy_share * kBitsPerByte / kSecondsPerHour;
  volume.busy_hour_up_bps += fraction * load.bytes.up * busy_share * kBitsPerByte / kSecondsPerHour;
}

[[nodiscard]] std::vector<double> shares(const std::vector<TrafficVolume>& volumes, double total,
                                         double TrafficVolume::*bytes) {
  std::vector<double> result;
  for (const auto& volume : volumes) result.push_back(total > 0 ? volume.*bytes / total : 0.0);
  return result;
}

}  // namespace

bool is_broadband(scenario::AccessKind access) {
  return access == scenario::AccessKind::adsl || access == scenario::AccessKind::lan ||
         access == scenario::AccessKind::cable;
}

double mean_session_bytes(const scenario::Application& application, const scenario::SubscriberClass& subscriber_class,
                          bool down) {
  if (application.kind == scenario::FlowKind::elastic) return distribution_mean(application.size_bytes);
  const double line_bps = down ? subscriber_class.down_bps : subscriber_class.up_bps;
  return std::min(application.stream_rate_bps, line_bps) * distribution_mean(application.duration_s) / kBitsPerByte;
}

CalibrationSummary summarize_demand(const scenario::Demand& demand, const std::vector<Site>& sites) {
  const SessionPlan plan = plan_sessions(demand, sites);
  const std::size_t application_count = demand.applications.size();
  std::vector<PairLoad> pairs(demand.classes.size() * application_count);
  for (const auto& stream : plan.streams) {
    PairLoad& load = pairs[stream.subscriber_class * application_count + stream.application];
    load.sessions_per_day += stream.sessions_per_day;
    if (load.hour_shares.empty()) load.hour_shares = hourly_shares(plan.profiles[stream.profile]);
  }
  CalibrationSummary summary;
  for (std::size_t c = 0; c < demand.classes.size(); ++c) {
    for (std::size_t a = 0; a < application_count; ++a) {
      PairLoad& load = pairs[c * application_count + a];
      if (load.sessions_per_day <= 0) continue;
      const auto& application = demand.applications[a];
      if (sends_down(application.direction)) {
        load.bytes.down = load.sessions_per_day * mean_session_bytes(application, demand.classes[c], true);
      }
      if (sends_up(application.direction)) {
        load.bytes.up = load.sessions_per_day * mean_session_bytes(application, demand.classes[c], false);
      }
      for (int h = 0; h < kHoursPerDay; ++h) {
        summary.down_bps_by_hour[h] += load.bytes.down * load.hour_shares[h] * kBitsPerByte / kSecondsPerHour;
        summary.up_bps_by_hour[h] += load.bytes.up * load.hour_shares[h] * kBitsPerByte / kSecondsPerHour;
      }
    }
  }
  for (int h = 1; h < kHoursPerDay; ++h) {
    const double best = summary.down_bps_by_hour[summary.busy_hour] + summary.up_bps_by_hour[summary.busy_hour];
    if (summary.down_bps_by_hour[h] + summary.up_bps_by_hour[h] > best) summary.busy_hour = h;
  }
  summary.by_class.resize(demand.classes.size());
  summary.by_application.resize(application_count);
  double broadband_busy_down_bps = 0;
  for (std::size_t c = 0; c < demand.classes.size(); ++c) {
    for (std::size_t a = 0; a < application_count; ++a) {
      const PairLoad& load = pairs[c * application_count + a];
      if (load.sessions_per_day <= 0) continue;
      add_pair(summary.by_class[c], load, summary.busy_hour, 1.0);
      add_pair(summary.by_application[a], load, summary.busy_hour, 1.0);
      add_pair(summary.total, load, summary.busy_hour, 1.0);
      for (auto kind : {DestinationKind::internet, DestinationKind::idc, DestinationKind::site}) {
        add_pair(summary.by_destination[static_cast<std::size_t>(kind)], load, summary.busy_hour,
                 share_of(demand.applications[a].destinations, kind));
      }
    }
    if (is_broadband(demand.classes[c].access)) broadband_busy_down_bps += summary.by_class[c].busy_hour_down_bps;
  }
  for (const auto& site : sites) {
    for (std::size_t c = 0; c < demand.classes.size(); ++c) {
      if (is_broadband(demand.classes[c].access)) {
        summary.broadband_subscribers += static_cast<double>(site.subscribers_by_class[c]);
      }
    }
  }
  if (summary.broadband_subscribers > 0) {
    summary.busy_hour_down_bps_per_broadband_subscriber = broadband_busy_down_bps / summary.broadband_subscribers;
  }
  summary.application_share_of_down_bytes =
      shares(summary.by_application, summary.total.down_bytes_per_day, &TrafficVolume::down_bytes_per_day);
  summary.application_share_of_up_bytes =
      shares(summary.by_application, summary.total.up_bytes_per_day, &TrafficVolume::up_bytes_per_day);
  return summary;
}

}  // namespace citynet::demand
