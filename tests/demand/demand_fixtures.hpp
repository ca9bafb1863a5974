#pragma once
// Small demands and site lists built by hand, shared by the demand stage's tests.
#include <cstdint>
#include <string>
#include <vector>

#include "demand/site.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand::testing {

inline scenario::SubscriberClass make_class(std::string name, scenario::AccessKind access, double down_bps,
                                            double up_bps) {
  scenario::SubscriberClass c;
  c.name = std::move(name);
  c.access = access;
  c.down_bps = down_bps;
  c.up_bps = up_bps;
  return c;
}

inline scenario::Application make_elastic(std::string name, double sessions_per_day, double size_bytes,
                                          scenario::Direction direction = scenario::Direction::down) {
  scenario::Application a;
  a.name = std::move(name);
  a.kind = scenario::FlowKind::elastic;
  a.direction = direction;
  a.sessions_per_subscriber_day = sessions_per_day;
  a.size_bytes.kind = scenario::Distribution::Kind::exponential;
  a.size_bytes.mean = size_bytes;
  return a;
}

inline scenario::Application make_streaming(std::string name, double sessions_per_day, double rate_bps,
                                            double duration_s, scenario::Direction direction) {
  scenario::Application a;
  a.name = std::move(name);
  a.kind = scenario::FlowKind::streaming;
  a.direction = direction;
  a.sessions_per_subscriber_day = sessions_per_day;
  a.stream_rate_bps = rate_bps;
  a.duration_s.kind = scenario::Distribution::Kind::fixed;
  a.duration_s.mean = duration_s;
  return a;
}

inline Site make_site(std::uint32_t index, std::string district, double x_km, double y_km,
                      std::vector<std::int64_t> subscribers_by_class) {
  return Site{index, "site-" + std::to_string(index), std::move(district), x_km, y_km,
              std::move(subscribers_by_class)};
}

// The calibration's evening-peaked day (shared/calibration.md), hours 00..23.
inline const std::vector<double> kEveningDay = {0.82, 0.70, 0.60, 0.52, 0.47, 0.45, 0.46, 0.50,
                                               0.56, 0.62, 0.67, 0.70, 0.74, 0.74, 0.73, 0.74,
                                               0.76, 0.78, 0.80, 0.87, 0.95, 1.00, 0.98, 0.91};

// Two classes (ADSL 512k/128k and dial-up), web (down), P2P (both, part to peers) and
// video conferencing (streaming, both), over an evening profile.
inline scenario::Demand small_city_demand() {
  scenario::Demand demand;
  demand.profiles.push_back(scenario::DiurnalProfile{"evening", kEveningDay, {}});
  demand.default_profile = "evening";
  demand.classes.push_back(make_class("adsl-512k", scenario::AccessKind::adsl, 512e3, 128e3));
  demand.classes.push_back(make_class("dialup", scenario::AccessKind::dialup, 56e3, 33.6e3));
  demand.applications.push_back(make_elastic("web", 20, 150e3));
  auto p2p = make_elastic("p2p", 3, 5e6, scenario::Direction::both);
  p2p.classes = {"adsl-512k"};
  p2p.destinations = scenario::DestinationMix{0.5, 0.1, 0.4};
  demand.applications.push_back(p2p);
  demand.applications.push_back(make_streaming("video-conferencing", 0.5, 384e3, 600, scenario::Direction::both));
  return demand;
}

inline std::vector<Site> small_city_sites() {
  return {make_site(10, "Heping", 0, 0, {2000, 500}), make_site(11, "Heping", 1, 1, {1000, 0}),
          make_site(12, "Tanggu", 45, -10, {1500, 300}), make_site(13, "Wuqing", -30, 40, {800, 200})};
}

}  // namespace citynet::demand::testing
