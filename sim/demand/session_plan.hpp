#pragma once
// The session processes of a city: one non-homogeneous Poisson process per (site,
// subscriber class, application) with subscribers there and sessions to open. The arrival
// generator draws from this plan and the calibration summary integrates it, so the two
// agree by construction.
//
// A stream's rate in slot k of the day is
//
//   lambda_k = sessions_per_day * m_k / (sum_j m_j * slot_s)
//
// with m the diurnal multipliers (equal slots over 24 h), so a day carries exactly
// subscribers * sessions_per_subscriber_day sessions on average, shaped by the profile.
// The profile of a (class, application) is the application's, else the class's, else
// the demand's default, else a flat day.
#include <cstdint>
#include <vector>

#include "demand/site.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand {

inline constexpr int kHoursPerDay = 24;

struct SessionStream {
  std::uint32_t site = 0;              // position in the sites given to plan_sessions
  std::uint16_t subscriber_class = 0;  // index into Demand::classes
  std::uint16_t application = 0;       // index into Demand::applications
  std::uint32_t profile = 0;           // index into SessionPlan::profiles
  double sessions_per_day = 0;         // subscribers * sessions_per_subscriber_day
};

struct SessionPlan {
  // Multipliers over equal slots of 24 h: the demand's profiles in order, then a flat day
  // for pairs that name none.
  std::vector<std::vector<double>> profiles;
  std::vector<SessionStream> streams;
};

// Whether an application is offered to a class (an empty class list means every class).
[[nodiscard]] bool application_serves(const scenario::Application& application,
                                      const scenario::SubscriberClass& subscriber_class);

// How strongly each site draws an application's P2P sessions: its subscribers in the
// classes the application serves (the gravity model's masses).
[[nodiscard]] std::vector<double> peer_attraction(const scenario::Demand& demand,
                                                  const scenario::Application& application,
                                                  const std::vector<Site>& sites);

// Index into SessionPlan::profiles of the profile a (class, application) follows.
// InputError when a profile name is unknown.
[[nodiscard]] std::uint32_t profile_of(const scenario::Demand& demand,
                                       const scenario::SubscriberClass& subscriber_class,
                                       const scenario::Application& application);

// InputError for unknown profile or class names or a profile with no positive multiplier;
// std::invalid_argument when a site's subscribers_by_class is not aligned with the classes
// or two sites share an id.
[[nodiscard]] SessionPlan plan_sessions(const scenario::Demand& demand, const std::vector<Site>& sites);

// Fraction of a day's sessions that arrive in each hour 0..23 under a profile.
[[nodiscard]] std::vector<double> hourly_shares(const std::vector<double>& multipliers);

}  // namespace citynet::demand
