#include "demand/gravity_model.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace citynet::demand {
namespace {

// Index of the first cumulative weight above u * total (u in (0, 1)).
[[nodiscard]] std::uint32_t draw_index(const std::vector<double>& cumulative, double u) {
  const double target = u * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  const auto last = static_cast<std::uint32_t>(cumulative.size() - 1);
  return std::min(static_cast<std::uint32_t>(it - cumulative.begin()), last);
}

struct Centroid {
  double x_km = 0;
  double y_km = 0;
};

}  // namespace

double deterrence(double distance_km) {
  return std::pow(1 + distance_km / kDeterrenceScaleKm, -kDeterrenceExponent);
}

GravityModel::GravityModel(const std::vector<Site>& sites, const std::vector<double>& attraction_by_site)
    : district_of_site_(sites.size()), attraction_by_site_(attraction_by_site) {
  std::unordered_map<std::string, std::uint32_t> district_index;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const auto [it, added] = district_index.try_emplace(sites[s].district, static_cast<std::uint32_t>(districts_.size()));
    if (added) districts_.push_back(sites[s].district);
    district_of_site_[s] = it->second;
  }
  const std::size_t n = districts_.size();
  sites_in_district_.resize(n);
  cumulative_attraction_in_district_.resize(n);
  Eigen::VectorXd attraction = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  std::vector<Centroid> weighted(n);
  std::vector<Centroid> plain(n);
  std::vector<double> site_count(n, 0.0);
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const std::uint32_t d = district_of_site_[s];
    const double a = attraction_by_site_[s];
    attraction(d) += a;
    total_attraction_ += a;
    weighted[d].x_km += a * sites[s].x_km;
    weighted[d].y_km += a * sites[s].y_km;
    plain[d].x_km += sites[s].x_km;
    plain[d].y_km += sites[s].y_km;
    site_count[d] += 1;
    if (a > 0) {
      sites_in_district_[d].push_back(static_cast<std::uint32_t>(s));
      const double previous = cumulative_attraction_in_district_[d].empty() ? 0 : cumulative_attraction_in_district_[d].back();
      cumulative_attraction_in_district_[d].push_back(previous + a);
    }
  }
  // A district without attraction still needs a position; its sites' plain mean serves.
  std::vector<Centroid> centroid(n);
  for (std::size_t d = 0; d < n; ++d) {
    const double a = attraction(static_cast<Eigen::Index>(d));
    centroid[d] = a > 0 ? Centroid{weighted[d].x_km / a, weighted[d].y_km / a}
                        : Centroid{plain[d].x_km / site_count[d], plain[d].y_km / site_count[d]};
  }
  const auto size = static_cast<Eigen::Index>(n);
  shares_ = Eigen::MatrixXd::Zero(size, size);
  for (Eigen::Index d = 0; d < size; ++d) {
    for (Eigen::Index e = 0; e < size; ++e) {
      const double distance_km = std::hypot(centroid[d].x_km - centroid[e].x_km, centroid[d].y_km - centroid[e].y_km);
      shares_(d, e) = attraction(e) * deterrence(distance_km);
    }
    const double row_sum = shares_.row(d).sum();
    if (row_sum > 0) shares_.row(d) /= row_sum;
  }
  cumulative_shares_.resize(n);
  for (Eigen::Index d = 0; d < size; ++d) {
    double running = 0;
    for (Eigen::Index e = 0; e < size; ++e) {
      running += shares_(d, e);
      cumulative_shares_[d].push_back(running);
    }
  }
}

Eigen::MatrixXd GravityModel::traffic_matrix(const Eigen::VectorXd& sessions_by_district) const {
  return sessions_by_district.asDiagonal() * shares_;
}

bool GravityModel::has_peer(std::uint32_t source_position) const {
  return total_attraction_ - attraction_by_site_[source_position] > 0;
}

std::uint32_t GravityModel::draw_site_in(std::uint32_t district, RandomStream& random) const {
  return sites_in_district_[district][draw_index(cumulative_attraction_in_district_[district], random.uniform01())];
}

std::uint32_t GravityModel::draw_peer(std::uint32_t source_position, RandomStream& random) const {
  const std::uint32_t source_district = district_of_site_[source_position];
  while (true) {
    const std::uint32_t district = draw_index(cumulative_shares_[source_district], random.uniform01());
    const std::uint32_t peer = draw_site_in(district, random);
    if (peer != source_position) return peer;
  }
}

}  // namespace citynet::demand
