#pragma once
// `citynet topo --cut-analysis [SCENARIO] [--out FILE.csv]`: the busy hour's load routed
// around every single link and node failure (routing/cut_analysis.hpp), the most harmful
// first, in the terminal and as CSV.
#include <string>

#include "scenario/scenario.hpp"

namespace citynet::cli {

// Prints the top rows; writes every row to `csv_path` (atomically) unless it is empty.
// InputError when the network has no internet node, or demand goes to a data center the
// network lacks.
void run_cut_analysis(scenario::Scenario scenario, const std::string& csv_path);

}  // namespace citynet::cli
