#include "demand/busy_hour_load.hpp"

#include <algorithm>
#include <optional>

#include "core/units.hpp"
#include "demand/calibration_summary.hpp"
#include "demand/gravity_model.hpp"
#include "demand/session_plan.hpp"

namespace citynet::demand {
namespace {

struct Rates {
  double down_bps = 0;
  double up_bps = 0;
};

// The chance that each site is the peer of a session from each other site, for one
// application: row i sums to 1 over j != i (or is zero when i has no peer).
[[nodiscard]] std::vector<std::vector<double>> peer_shares(const scenario::Demand& demand,
                                                           const scenario::Application& application,
                                                           const std::vector<Site>& sites) {
  const std::vector<double> attraction = peer_attraction(demand, application, sites);
  const GravityModel model(sites, attraction);
  std::vector<double> district_attraction(model.districts().size(), 0.0);
  for (std::uint32_t s = 0; s < sites.size(); ++s) district_attraction[model.district_of(s)] += attraction[s];
  std::vector<std::vector<double>> shares(sites.size(), std::vector<double>(sites.size(), 0.0));
  for (std::uint32_t i = 0; i < sites.size(); ++i) {
    double total = 0;
    for (std::uint32_t j = 0; j < sites.size(); ++j) {
      const std::uint32_t e = model.district_of(j);
      if (j == i || district_attraction[e] <= 0) continue;
      shares[i][j] = model.district_shares()(model.district_of(i), e) * attraction[j] / district_attraction[e];
      total += shares[i][j];
    }
    for (double& share : shares[i]) share = total > 0 ? share / total : 0.0;
  }
  return shares;
}

}  // namespace

BusyHourLoads busy_hour_loads(const scenario::Demand& demand, const std::vector<Site>& sites) {
  const SessionPlan plan = plan_sessions(demand, sites);
  BusyHourLoads result;
  result.busy_hour = summarize_demand(demand, sites).busy_hour;
  std::vector<std::vector<double>> busy_share_by_profile;
  for (const auto& profile : plan.profiles) busy_share_by_profile.push_back(hourly_shares(profile));
  std::vector<Rates> internet(sites.size());
  std::vector<Rates> idc(sites.size());
  std::vector<std::vector<Rates>> peers(sites.size());
  std::vector<std::optional<std::vector<std::vector<double>>>> peer_shares_by_application(demand.applications.size());
  for (const SessionStream& stream : plan.streams) {
    const auto& application = demand.applications[stream.application];
    const auto& subscriber_class = demand.classes[stream.subscriber_class];
    const double sessions_per_s =
        stream.sessions_per_day * busy_share_by_profile[stream.profile][result.busy_hour] / kSecondsPerHour;
    Rates rates;
    if (application.direction != scenario::Direction::up) {
      rates.down_bps = sessions_per_s * mean_session_bytes(application, subscriber_class, true) * kBitsPerByte;
    }
    if (application.direction != scenario::Direction::down) {
      rates.up_bps = sessions_per_s * mean_session_bytes(application, subscriber_class, false) * kBitsPerByte;
    }
    const auto& mix = application.destinations;
    const double total = mix.internet + mix.idc + mix.p2p;
    const double internet_share = total > 0 ? mix.internet / total : 1.0;
    const double idc_share = total > 0 ? mix.idc / total : 0.0;
    const double p2p_share = total > 0 ? mix.p2p / total : 0.0;
    internet[stream.site].down_bps += internet_share * rates.down_bps;
    internet[stream.site].up_bps += internet_share * rates.up_bps;
    idc[stream.site].down_bps += idc_share * rates.down_bps;
    idc[stream.site].up_bps += idc_share * rates.up_bps;
    if (p2p_share <= 0) continue;
    auto& shares = peer_shares_by_application[stream.application];
    if (!shares) shares = peer_shares(demand, application, sites);
    auto& row = peers[stream.site];
    if (row.empty()) row.resize(sites.size());
    for (std::size_t j = 0; j < sites.size(); ++j) {
      const double share = p2p_share * (*shares)[stream.site][j];
      row[j].down_bps += share * rates.down_bps;
      row[j].up_bps += share * rates.up_bps;
    }
  }
  const auto add = [&](std::uint32_t site, DestinationKind kind, std::uint32_t peer, const Rates& rates) {
    if (rates.down_bps > 0 || rates.up_bps > 0) result.loads.push_back({site, kind, peer, rates.down_bps, rates.up_bps});
  };
  for (std::uint32_t s = 0; s < sites.size(); ++s) {
    add(s, DestinationKind::internet, 0, internet[s]);
    add(s, DestinationKind::idc, 0, idc[s]);
    for (std::uint32_t j = 0; j < peers[s].size(); ++j) add(s, DestinationKind::site, j, peers[s][j]);
  }
  return result;
}

}  // namespace citynet::demand
