#pragma once
// Distances on the city plane (km east and north of the centre) and on the globe (for
// imported networks that give latitude and longitude).
#include <algorithm>
#include <cmath>
#include <numbers>

namespace citynet::topology {

inline constexpr double kEarthRadiusKm = 6371.0088;  // IUGG mean radius
inline constexpr double kDegreesPerHalfTurn = 180.0;

[[nodiscard]] inline double radians(double degrees) { return degrees * std::numbers::pi / kDegreesPerHalfTurn; }

[[nodiscard]] inline double plane_distance_km(double x1_km, double y1_km, double x2_km, double y2_km) {
  return std::hypot(x2_km - x1_km, y2_km - y1_km);
}

// Distance from point p to the segment a-b (a point when a == b).
[[nodiscard]] inline double point_segment_distance_km(double px, double py, double ax, double ay, double bx,
                                                      double by) {
  const double dx = bx - ax;
  const double dy = by - ay;
  const double length2 = dx * dx + dy * dy;
  const double t = length2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0) : 0.0;
  return plane_distance_km(px, py, ax + t * dx, ay + t * dy);
}

// Distance between the segments a-b and c-d: 0 when they cross, else the least of the
// endpoint-to-segment distances.
[[nodiscard]] inline double segment_distance_km(double ax, double ay, double bx, double by, double cx, double cy,
                                                double dx, double dy) {
  const auto side = [](double ox, double oy, double px, double py, double qx, double qy) {
    return (px - ox) * (qy - oy) - (py - oy) * (qx - ox);
  };
  const double d1 = side(cx, cy, dx, dy, ax, ay);
  const double d2 = side(cx, cy, dx, dy, bx, by);
  const double d3 = side(ax, ay, bx, by, cx, cy);
  const double d4 = side(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 0;
  return std::min({point_segment_distance_km(ax, ay, cx, cy, dx, dy), point_segment_distance_km(bx, by, cx, cy, dx, dy),
                   point_segment_distance_km(cx, cy, ax, ay, bx, by), point_segment_distance_km(dx, dy, ax, ay, bx, by)});
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
