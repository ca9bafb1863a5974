#include "demand/session_plan.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

#include <fmt/core.h>

#include "core/error.hpp"

namespace citynet::demand {
namespace {

[[nodiscard]] std::uint32_t flat_profile(const scenario::Demand& demand) {
  return static_cast<std::uint32_t>(demand.profiles.size());
}

[[nodiscard]] std::uint32_t find_profile(const scenario::Demand& demand, const std::string& name,
                                         const SourcePlace& place, const std::string& owner) {
  for (std::size_t i = 0; i < demand.profiles.size(); ++i) {
    if (demand.profiles[i].name == name) return static_cast<std::uint32_t>(i);
  }
  throw InputError(place, fmt::format("{}: profile \"{}\" is not defined under demand.profiles",
                                      owner, name));
}

void check_profiles(const scenario::Demand& demand) {
  for (const auto& profile : demand.profiles) {
    const bool has_positive =
        std::any_of(profile.multipliers.begin(), profile.multipliers.end(), [](double m) { return m > 0; });
    if (!has_positive) {
      throw InputError(profile.place, fmt::format("profile \"{}\": expected at least one positive multiplier",
                                                  profile.name));
    }
  }
}

void check_application_classes(const scenario::Demand& demand) {
  for (const auto& application : demand.applications) {
    for (const auto& name : application.classes) {
      const bool known = std::any_of(demand.classes.begin(), demand.classes.end(),
                                     [&](const auto& c) { return c.name == name; });
      if (!known) {
        throw InputError(application.place,
                         fmt::format("application \"{}\": class \"{}\" is not defined under demand.classes",
                                     application.name, name));
      }
    }
  }
}

void check_sites(const scenario::Demand& demand, const std::vector<Site>& sites) {
  std::unordered_set<std::string_view> ids;
  for (const auto& site : sites) {
    // Ids key the sites' random streams: two sites of one id would draw the same sessions.
    if (!ids.insert(site.id).second) throw std::invalid_argument(fmt::format("site id \"{}\" is not unique", site.id));
    if (site.subscribers_by_class.size() != demand.classes.size()) {
      throw std::invalid_argument(fmt::format("site \"{}\": {} subscriber counts for {} classes", site.id,
                                              site.subscribers_by_class.size(), demand.classes.size()));
    }
  }
}

}  // namespace

bool application_serves(const scenario::Application& application, const scenario::SubscriberClass& subscriber_class) {
  return application.classes.empty() ||
         std::find(application.classes.begin(), application.classes.end(), subscriber_class.name) !=
             application.classes.end();
}

std::vector<double> peer_attraction(const scenario::Demand& demand, const scenario::Application& application,
                                    const std::vector<Site>& sites) {
  std::vector<double> attraction(sites.size(), 0.0);
  for (std::size_t s = 0; s < sites.size(); ++s) {
    for (std::size_t c = 0; c < demand.classes.size(); ++c) {
      if (application_serves(application, demand.classes[c])) {
        attraction[s] += static_cast<double>(std::max<std::int64_t>(sites[s].subscribers_by_class[c], 0));
      }
    }
  }
  return attraction;
}

std::uint32_t profile_of(const scenario::Demand& demand, const scenario::SubscriberClass& subscriber_class,
                         const scenario::Application& application) {
  if (!application.profile.empty()) {
    return find_profile(demand, application.profile, application.place, "application \"" + application.name + "\"");
  }
  if (!subscriber_class.profile.empty()) {
    return find_profile(demand, subscriber_class.profile, subscriber_class.place,
                        "class \"" + subscriber_class.name + "\"");
  }
  if (!demand.default_profile.empty()) {
    return find_profile(demand, demand.default_profile, SourcePlace{}, "demand.default_profile");
  }
  return flat_profile(demand);
}

SessionPlan plan_sessions(const scenario::Demand& demand, const std::vector<Site>& sites) {
  check_profiles(demand);
  check_application_classes(demand);
  check_sites(demand, sites);
  if (demand.classes.size() > std::numeric_limits<std::uint16_t>::max() ||
      demand.applications.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw InputError("demand: more than 65535 classes or applications");
  }
  SessionPlan plan;
  for (const auto& profile : demand.profiles) plan.profiles.push_back(profile.multipliers);
  plan.profiles.push_back({1.0});  // the flat day
  for (std::uint32_t s = 0; s < sites.size(); ++s) {
    for (std::uint16_t c = 0; c < demand.classes.size(); ++c) {
      const auto subscribers = sites[s].subscribers_by_class[c];
      if (subscribers <= 0) continue;
      for (std::uint16_t a = 0; a < demand.applications.size(); ++a) {
        const auto& application = demand.applications[a];
        if (application.sessions_per_subscriber_day <= 0) continue;
        if (!application_serves(application, demand.classes[c])) continue;
        plan.streams.push_back(SessionStream{
            s, c, a, profile_of(demand, demand.classes[c], application),
            static_cast<double>(subscribers) * application.sessions_per_subscriber_day});
      }
    }
  }
  return plan;
}

std::vector<double> hourly_shares(const std::vector<double>& multipliers) {
  // Slot k covers [k, k+1) * slot_h hours; each hour takes the overlapping part of each slot.
  const double total = std::accumulate(multipliers.begin(), multipliers.end(), 0.0);
  const double slot_h = kHoursPerDay / static_cast<double>(multipliers.size());
  std::vector<double> shares(kHoursPerDay, 0.0);
  for (std::size_t k = 0; k < multipliers.size(); ++k) {
    const double slot_start_h = static_cast<double>(k) * slot_h;
    const double slot_end_h = slot_start_h + slot_h;
    for (int h = static_cast<int>(slot_start_h); h < kHoursPerDay && h < slot_end_h; ++h) {
      const double overlap_h = std::min<double>(slot_end_h, h + 1) - std::max<double>(slot_start_h, h);
      if (overlap_h > 0) shares[h] += multipliers[k] * overlap_h / (slot_h * total);
    }
  }
  return shares;
}

}  // namespace citynet::demand
