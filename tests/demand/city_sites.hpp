#pragma once
// A site list for a whole scenario without the topology stage: one site per district at its
// centre, each class's city-wide count split over the class's districts (all when it names
// none) in proportion to households, largest remainders first so the totals are exact.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "demand/site.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand::testing {

inline bool class_lives_in(const scenario::SubscriberClass& c, const std::string& district) {
  return c.districts.empty() || std::find(c.districts.begin(), c.districts.end(), district) != c.districts.end();
}

// `scale` multiplies every count (a sample of the city for statistical checks).
inline std::vector<Site> district_sites(const scenario::Scenario& s, double scale = 1.0) {
  const auto& districts = s.city.districts;
  std::vector<Site> sites;
  for (std::uint32_t d = 0; d < districts.size(); ++d) {
    sites.push_back(Site{d, districts[d].name, districts[d].name, districts[d].x_km, districts[d].y_km,
                         std::vector<std::int64_t>(s.demand.classes.size(), 0)});
  }
  for (std::size_t c = 0; c < s.demand.classes.size(); ++c) {
    const auto& subscriber_class = s.demand.classes[c];
    double households = 0;
    for (const auto& district : districts) {
      if (class_lives_in(subscriber_class, district.name)) households += static_cast<double>(district.households);
    }
    const double count = std::round(static_cast<double>(subscriber_class.count) * scale);
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t assigned = 0;
    for (std::size_t d = 0; d < districts.size(); ++d) {
      if (!class_lives_in(subscriber_class, districts[d].name)) continue;
      const double share = count * static_cast<double>(districts[d].households) / households;
      sites[d].subscribers_by_class[c] = static_cast<std::int64_t>(std::floor(share));
      assigned += sites[d].subscribers_by_class[c];
      remainders.emplace_back(share - std::floor(share), d);
    }
    std::sort(remainders.begin(), remainders.end(), std::greater<>());
    for (std::size_t i = 0; assigned < static_cast<std::int64_t>(count) && i < remainders.size(); ++i, ++assigned) {
      sites[remainders[i].second].subscribers_by_class[c] += 1;
    }
  }
  return sites;
}

}  // namespace citynet::demand::testing
