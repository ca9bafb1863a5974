#pragma once
// Where the peer of a P2P session sits: a gravity model over districts.
//
// Sites are grouped by district; a district's attraction A_e is the sum of its sites'
// attractions (subscribers of the classes the application is offered to), and its
// position is the attraction-weighted centroid of its sites. A session from a site in
// district d goes to district e with probability
//
//   P(e | d) = A_e f(r_de) / sum_e' A_e' f(r_de'),   f(r) = (1 + r / r0)^-beta,
//
// r_de the distance between centroids (0 within a district), then to a site of e in
// proportion to its attraction. The source site itself is never its own peer: a draw
// that lands on it is repeated, which gives exactly P(j | i) ∝ A_j f(r_ij) over j != i.
//
// The deterrence is deliberately mild: the P2P overlays of 2005 chose peers without
// regard to geography, but a citywide operator's peers were somewhat more often near
// (shared aggregation, the same local ISP). r0 and beta are estimates.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/rng.hpp"
#include "demand/site.hpp"

namespace citynet::demand {

inline constexpr double kDeterrenceScaleKm = 20.0;  // r0: distance at which f has fallen to 1/2^beta
inline constexpr double kDeterrenceExponent = 1.0;  // beta

[[nodiscard]] double deterrence(double distance_km);

class GravityModel {
 public:
  // attraction_by_site is aligned with sites and non-negative.
  GravityModel(const std::vector<Site>& sites, const std::vector<double>& attraction_by_site);

  // District names in order of first appearance among the sites.
  [[nodiscard]] const std::vector<std::string>& districts() const { return districts_; }
  // Row d: the probability that a session from district d chooses district e (before the
  // source site is excluded). Rows of districts no site can reach are zero.
  [[nodiscard]] const Eigen::MatrixXd& district_shares() const { return shares_; }
  // Expected district-to-district sessions given the sessions each district originates.
  [[nodiscard]] Eigen::MatrixXd traffic_matrix(const Eigen::VectorXd& sessions_by_district) const;
  [[nodiscard]] std::uint32_t district_of(std::uint32_t site_position) const { return district_of_site_[site_position]; }

  // Whether a site other than the source has attraction, i.e. draw_peer terminates.
  [[nodiscard]] bool has_peer(std::uint32_t source_position) const;
  // A peer for a session from the site at source_position (positions index the sites).
  [[nodiscard]] std::uint32_t draw_peer(std::uint32_t source_position, RandomStream& random) const;

 private:
  [[nodiscard]] std::uint32_t draw_site_in(std::uint32_t district, RandomStream& random) const;

  std::vector<std::string> districts_;
  std::vector<std::uint32_t> district_of_site_;
  std::vector<double> attraction_by_site_;
  double total_attraction_ = 0;
  Eigen::MatrixXd shares_;
  std::vector<std::vector<double>> cumulative_shares_;  // per district row, for drawing
  std::vector<std::vector<std::uint32_t>> sites_in_district_;
  std::vector<std::vector<double>> cumulative_attraction_in_district_;
};

}  // namespace citynet::demand
