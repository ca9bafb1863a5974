#pragma once
// Distances on the city plane (km east and north of the centre) and on the globe (for
// imported networks that give latitude and longitude).
#include <cmath>
#include <numbers>

namespace citynet::topology {

inline constexpr double kEarthRadiusKm = 6371.0088;  // IUGG mean radius
inline constexpr double kDegreesPerHalfTurn = 180.0;

[[nodiscard]] inline double radians(double degrees) { return degrees * std::numbers::pi / kDegreesPerHalfTurn; }

[[nodiscard]] inline double plane_distance_km(double x1_km, double y1_km, double x2_km, double y2_km) {
  return std::hypot(x2_km - x1_km, y2_km - y1_km);
}

// Haversine: accurate for short and long arcs alike (no cancellation near 0).
[[nodiscard]] inline double great_circle_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double dlat = radians(lat2_deg - lat1_deg);
  const double dlon = radians(lon2_deg - lon1_deg);
  const double h = std::pow(std::sin(dlat / 2), 2) +
                   std::cos(radians(lat1_deg)) * std::cos(radians(lat2_deg)) * std::pow(std::sin(dlon / 2), 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::fmin(1.0, h)));
}

}  // namespace citynet::topology
