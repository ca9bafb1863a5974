#pragma once
// Demand growth over the years (`growth:`): the scenario is the first year of a horizon, and
// each later year is the scenario with its subscriber classes, applications and plans carried
// forward by these assumptions. What a year's scenario holds is computed by the planning stage
// (planning/growth_year.hpp); this is only what the file says, checked against the scenario.
//
//   growth:
//     first_year: 2005                  # the scenario itself
//     last_year: 2010
//     classes:                          # per class: its count a year on
//       adsl-1m: {count: 30%}           #   a yearly rate (negative: a decline), compounded
//       lan-10m: {count: {2006: 1200, 2007: 1500, ...}}   # or the count of every later year
//     migrations:                       # each year, after the counts grow: a share of one
//       - {from: dialup, to: adsl-1m, share: 20%}         #   class moves to another
//     applications:
//       web: {sessions_per_day: 10%, size: 25%}   # yearly growth per subscriber, per flow
//       iptv: {start: 2008, rate: 5%}             # none before 2008; streams' rate grows
//     plans:                            # plans of `plans:` in force from a year on
//       - {plan: egress-x2, from: 2008}
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace citynet::scenario {

struct ClassGrowth {
  std::string name;
  double count_yearly_rate = 0;               // 0.3: 30% more each year; used when counts is empty
  std::vector<std::int64_t> count_by_year;    // first_year + 1 .. last_year; empty: by the rate
  SourcePlace place;
};

struct Migration {
  std::string from_class;
  std::string to_class;
  double yearly_share = 0;  // of `from`'s subscribers, in [0, 1]
  SourcePlace place;
};

struct ApplicationGrowth {
  std::string name;
  double sessions_yearly_rate = 0;  // sessions per subscriber and day
  double size_yearly_rate = 0;      // elastic flows' size distribution, scaled
  double rate_yearly_rate = 0;      // streams' rate
  std::optional<int> start_year;    // empty: from the first year; else no sessions before it
  SourcePlace place;
};

struct PlanFromYear {
  std::string plan;  // a name of `plans:`
  int from_year = 0;
  SourcePlace place;
};

struct Growth {
  int first_year = 0;
  int last_year = 0;
  std::vector<ClassGrowth> classes;             // only the classes that change
  std::vector<Migration> migrations;            // in the order written, applied in that order
  std::vector<ApplicationGrowth> applications;  // only the applications that change
  std::vector<PlanFromYear> plans;              // applied in the order written
  SourcePlace place;
};

}  // namespace citynet::scenario
