#pragma once
// What a demand should carry, computed analytically (no sampling) from the session plan:
// expected bytes per day and busy-hour bit rates per class, per application and per
// destination, the applications' shares of bytes, and the busy-hour downstream per
// broadband subscriber. `citynet run` reports it; tests hold generated arrivals to it.
//
// Traffic is counted when its session arrives (design.md's offered load): a session's
// bytes are its mean size (elastic) or rate * mean duration / 8 (streaming, rate capped
// at the line rate), once per direction it sends in. The busy hour is the hour of the
// day with the most offered bits, down and up together.
#include <array>
#include <vector>

#include "demand/session_plan.hpp"
#include "demand/site.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand {

struct TrafficVolume {
  double sessions_per_day = 0;
  double down_bytes_per_day = 0;
  double up_bytes_per_day = 0;
  double busy_hour_down_bps = 0;  // mean offered rate over the busy hour
  double busy_hour_up_bps = 0;
};

struct CalibrationSummary {
  std::vector<TrafficVolume> by_class;        // aligned with Demand::classes
  std::vector<TrafficVolume> by_application;  // aligned with Demand::applications
  std::array<TrafficVolume, 3> by_destination{};  // indexed by DestinationKind
  TrafficVolume total;
  std::array<double, kHoursPerDay> down_bps_by_hour{};  // mean offered rate in each hour
  std::array<double, kHoursPerDay> up_bps_by_hour{};
  int busy_hour = 0;  // [0, 24)
  // Broadband lines: classes of access adsl, lan or cable.
  double broadband_subscribers = 0;
  double busy_hour_down_bps_per_broadband_subscriber = 0;  // broadband classes' traffic only
  std::vector<double> application_share_of_down_bytes;  // aligned with applications; sums to 1
  std::vector<double> application_share_of_up_bytes;
};

[[nodiscard]] bool is_broadband(scenario::AccessKind access);

// Mean bytes one session of the application sends in one direction it uses, for a
// subscriber of the class (streaming rates capped at the class's line rate that way).
[[nodiscard]] double mean_session_bytes(const scenario::Application& application,
                                        const scenario::SubscriberClass& subscriber_class, bool down);

// Same errors as plan_sessions.
[[nodiscard]] CalibrationSummary summarize_demand(const scenario::Demand& demand, const std::vector<Site>& sites);

}  // namespace citynet::demand
