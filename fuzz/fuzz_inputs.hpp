#pragma once
// The four kinds of file a user hands citynet, each read as citynet reads it before anything
// runs. The libFuzzer harnesses (fuzz/*_fuzzer.cpp) and the regression test of their
// findings (tests/fuzz/) call the same functions.
//
//   scenario    `citynet validate`: load the scenario, build its network, resolve its
//               failures, build each plan (cli/scenario_check.hpp)
//   graphml     `citynet topo FILE.graphml`'s import (also a scenario's `network.import`)
//   flow_trace  `citynet replay`'s flow trace, read whole and again through a 7-byte read
//               buffer so that rows cross the buffer's end: both reads must give the same
//               trace or the same error
//   sweep       `citynet sweep`'s plan: the sweep file, its base scenario (resolved against
//               the folder of the file name) and the scenarios of its first three points and
//               its last, each with its sweep.csv cells
//
// A reader returns when citynet accepts the text and throws InputError when it refuses it,
// as `citynet` would with exit code 2. Anything else (another exception, a crash, a
// sanitizer report, a hang) is a bug; FuzzInconsistency is thrown where two ways of reading
// the same text disagree.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace citynet::fuzz {

class FuzzInconsistency : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// A harness: its name (fuzz/<name>_fuzzer.cpp, fuzz/corpus/<name>/,
// tests/data/fuzz_regressions/<name>/), its reader and the file name its inputs are given.
struct FuzzTarget {
  std::string_view name;
  void (*read)(std::string_view text, const std::string& file_name);
  std::string file_name;
};

// One per harness; the GraphML and flow-trace ones link only the readers' stages
// (fuzz/file_inputs.cpp), the others the cli (fuzz/scenario_inputs.cpp).
[[nodiscard]] FuzzTarget scenario_target();
[[nodiscard]] FuzzTarget graphml_target();
[[nodiscard]] FuzzTarget flow_trace_target();
[[nodiscard]] FuzzTarget sweep_target();

// All four, for the regression test.
[[nodiscard]] const std::vector<FuzzTarget>& fuzz_targets();
[[nodiscard]] const FuzzTarget& fuzz_target(std::string_view name);

}  // namespace citynet::fuzz
