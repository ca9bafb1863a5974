#pragma once
// A Tianjin-like city for the topology tests, built in C++ so the tests do not depend on the
// YAML front end: the six central districts (urban), the Binhai districts and a few suburban
// and outer ones, households and areas from the calibration notes, positions in km from
// Heping by compass direction.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.hpp"

namespace citynet::topology::testing {

inline scenario::District district(std::string name, double x_km, double y_km, double area_km2,
                                   std::int64_t households, bool urban) {
  scenario::District d;
  d.name = std::move(name);
  d.x_km = x_km;
  d.y_km = y_km;
  d.area_km2 = area_km2;
  d.households = households;
  d.urban = urban;
  d.place = {"city.yaml", 1, 1};
  return d;
}

inline scenario::SubscriberClass subscriber_class(std::string name, scenario::AccessKind access, std::int64_t count,
                                                  std::vector<std::string> districts = {}) {
  scenario::SubscriberClass c;
  c.name = std::move(name);
  c.access = access;
  c.count = count;
  c.districts = std::move(districts);
  c.place = {"city.yaml", 40, 5};
  return c;
}

// 2005 figures: 20,000 km of fiber, 2,000 Gbps of core switching, 60 Gbps of egress.
inline scenario::Scenario tianjin_like(std::uint64_t seed = 1) {
  scenario::Scenario s;
  s.name = "tianjin-like";
  s.source_file = "city.yaml";
  s.simulation.seed = seed;
  s.city.name = "Tianjin";
  s.city.districts = {
      district("Heping", 0, 0, 10.0, 132'800, true),       district("Hedong", 4, 0.5, 39.6, 266'500, true),
      district("Hexi", 2.5, -4, 38.0, 273'800, true),      district("Nankai", -4, -1.5, 38.6, 293'900, true),
      district("Hebei", 1, 4, 29.6, 237'300, true),        district("Hongqiao", -3, 3.5, 21.3, 207'800, true),
      district("Tanggu", 45, -10, 782, 190'300, false),    district("Dongli", 14, 2, 478, 120'000, false),
      district("Xiqing", -15, -5, 566, 125'000, false),    district("Wuqing", -25, 35, 1574, 260'000, false),
      district("Ji County", 10, 95, 1593, 250'000, false),
  };
  scenario::GeneratorSpec spec;
  spec.fiber_length_km = 20'000;
  spec.core_switching_bps = 2000e9;
  spec.egress_bps = 60e9;
  spec.place = {"city.yaml", 20, 3};
  s.network.generate = spec;
  s.network.place = {"city.yaml", 19, 1};
  s.demand.classes = {
      subscriber_class("adsl-512k", scenario::AccessKind::adsl, 350'000),
      subscriber_class("adsl-1m", scenario::AccessKind::adsl, 200'000),
      subscriber_class("lan-10m", scenario::AccessKind::lan, 100'000,
                       {"Heping", "Hedong", "Hexi", "Nankai", "Hebei", "Hongqiao"}),
      subscriber_class("school", scenario::AccessKind::school, 1'500),
      subscriber_class("dialup", scenario::AccessKind::dialup, 2'000'000),
  };
  return s;
}

}  // namespace citynet::topology::testing
