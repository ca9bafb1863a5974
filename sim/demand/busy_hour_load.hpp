#pragma once
// The mean offered load of every site at the busy hour, by far end: what a static
// analysis routes instead of simulating sessions (`citynet topo --cut-analysis`).
//
// A (site, class, application) stream opens sessions_per_day * share of the busy hour /
// 3600 sessions a second; each carries its mean bytes per direction it sends in
// (calibration_summary.hpp's mean_session_bytes), split over the application's
// destinations. P2P traffic goes to every other site j in proportion to the gravity
// model's chance that j is the peer: P(j | i) ∝ A_j f(r_ij), j != i. Summed over sites,
// the loads equal the calibration summary's busy-hour rates by destination.
#include <cstdint>
#include <vector>

#include "demand/arrival.hpp"
#include "demand/site.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand {

struct BusyHourLoad {
  std::uint32_t site = 0;  // position in the sites
  DestinationKind kind = DestinationKind::internet;
  std::uint32_t peer = 0;  // position of the peer site; meaningful only when kind == site
  double down_bps = 0;     // from the far end to the site
  double up_bps = 0;       // from the site to the far end
};

struct BusyHourLoads {
  int busy_hour = 0;
  // By site, then internet, idc, and peers in order of position; only non-zero loads.
  std::vector<BusyHourLoad> loads;
};

// Same errors as plan_sessions.
[[nodiscard]] BusyHourLoads busy_hour_loads(const scenario::Demand& demand, const std::vector<Site>& sites);

}  // namespace citynet::demand
