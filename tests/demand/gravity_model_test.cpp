#include "demand/gravity_model.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "demand_fixtures.hpp"

namespace citynet::demand {
namespace {

using namespace citynet::demand::testing;

constexpr double kExact = 1e-12;
constexpr double kStandardErrors = 5.0;

// District A: sites 0 (attraction 60) and 1 (40) at the centre; district B: site 2 (300)
// 20 km east, where f(20 km) = (1 + 20/20)^-1 = 1/2.
std::vector<Site> two_district_sites() {
  return {make_site(100, "A", 0, 0, {60}), make_site(101, "A", 0, 0, {40}), make_site(102, "B", 20, 0, {300})};
}
const std::vector<double> kAttraction = {60, 40, 300};

TEST(Deterrence, IsOneAtNoDistanceAndHalvesAtTheScaleDistance) {
  EXPECT_EQ(deterrence(0), 1.0);
  EXPECT_NEAR(deterrence(kDeterrenceScaleKm), std::pow(2.0, -kDeterrenceExponent), kExact);
  EXPECT_GT(deterrence(5), deterrence(50));
}

TEST(GravityModel, DistrictSharesAreAttractionTimesDeterrenceNormalisedPerRow) {
  // Row A: (100 * 1, 300 * 1/2) / 250 = (0.4, 0.6); row B: (100 * 1/2, 300 * 1) / 350.
  const GravityModel model(two_district_sites(), kAttraction);
  ASSERT_EQ(model.districts(), (std::vector<std::string>{"A", "B"}));
  const Eigen::MatrixXd& shares = model.district_shares();
  EXPECT_NEAR(shares(0, 0), 0.4, kExact);
  EXPECT_NEAR(shares(0, 1), 0.6, kExact);
  EXPECT_NEAR(shares(1, 0), 50.0 / 350, kExact);
  EXPECT_NEAR(shares(1, 1), 300.0 / 350, kExact);
}

TEST(GravityModel, TrafficMatrixSpreadsEachDistrictsSessionsByItsRow) {
  const GravityModel model(two_district_sites(), kAttraction);
  Eigen::VectorXd origin(2);
  origin << 1000, 700;
  const Eigen::MatrixXd traffic = model.traffic_matrix(origin);
  EXPECT_NEAR(traffic(0, 1), 600, 1e-9);
  EXPECT_NEAR(traffic(1, 0), 100, 1e-9);
  EXPECT_NEAR(traffic.row(1).sum(), 700, 1e-9) << "a row carries what its district originates";
}

TEST(GravityModel, PeersFollowAttractionAndDeterrenceAndExcludeTheSource) {
  // From site 0: P(site 1) ∝ 40 * 1, P(site 2) ∝ 300 * 1/2, P(site 0) = 0:
  // 40/190 and 150/190.
  const GravityModel model(two_district_sites(), kAttraction);
  RandomStream random(7);
  constexpr int kDraws = 200'000;
  std::vector<double> counts(3, 0.0);
  for (int i = 0; i < kDraws; ++i) counts[model.draw_peer(0, random)] += 1;
  EXPECT_EQ(counts[0], 0.0);
  const double p1 = 40.0 / 190;
  EXPECT_NEAR(counts[1] / kDraws, p1, kStandardErrors * std::sqrt(p1 * (1 - p1) / kDraws));
  EXPECT_NEAR(counts[2] / kDraws, 1 - p1, kStandardErrors * std::sqrt(p1 * (1 - p1) / kDraws));
}

TEST(GravityModel, ASiteWithoutAttractionIsNeverAPeer) {
  const std::vector<double> attraction = {60, 0, 300};
  const GravityModel model(two_district_sites(), attraction);
  RandomStream random(11);
  for (int i = 0; i < 10'000; ++i) ASSERT_EQ(model.draw_peer(0, random), 2U);
}

TEST(GravityModel, ALoneSiteHasNoPeer) {
  const GravityModel model({make_site(0, "A", 0, 0, {10}), make_site(1, "B", 5, 5, {0})}, {10, 0});
  EXPECT_FALSE(model.has_peer(0));
  EXPECT_TRUE(model.has_peer(1));
}

}  // namespace
}  // namespace citynet::demand
