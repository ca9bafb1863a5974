// `citynet topo [SCENARIO | FILE.graphml] [--export FILE.graphml|FILE.dot]`: the network's
// inventory (nodes per role, fiber and microwave, core switching, egress, access sites and
// their subscribers) and its single points of failure. An inventory, not a run: an imported
// backbone without an internet node or with several components is reported, not refused.
// `--cut-analysis [--out FILE.csv]` routes the busy hour around every single failure instead
// (cli/cut_report.hpp).
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/cut_report.hpp"
#include "core/error.hpp"
#include "output/atomic_file.hpp"
#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "topology/analysis.hpp"
#include "topology/build.hpp"
#include "topology/graphml.hpp"

namespace citynet::cli {

namespace {

using topology::Network;

// An export begins with a comment that says citynet wrote it, so that exporting again
// replaces it while the user's own GraphML or DOT file of the same name is refused. In
// GraphML the comment follows the XML declaration, which must come first.
inline constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
inline constexpr std::string_view kGraphmlExportMark =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by citynet topo --export -->\n";
inline constexpr std::string_view kDotExportMark = "// written by citynet topo --export\n";
static_assert(kGraphmlExportMark.substr(0, kXmlDeclaration.size()) == kXmlDeclaration);

struct TopoOptions {
  std::string input;        // empty: the built-in scenario
  std::string export_path;  // empty: no export
  bool cut_analysis = false;
  std::string out_path;     // --cut-analysis's CSV; empty: none
};

[[nodiscard]] std::string lowercase_extension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

[[nodiscard]] bool is_graphml(const std::string& path) {
  const std::string extension = lowercase_extension(path);
  return extension == ".graphml" || extension == ".xml";
}

[[nodiscard]] Network load_network(const std::string& input) {
  if (input.empty()) {
    const std::string name(scenario::builtin_scenario_name());
    return topology::build_network(scenario::load_scenario_text(scenario::builtin_scenario_text(), name));
  }
  if (is_graphml(input)) return topology::import_graphml_file(input, scenario::NetworkSpec{}.default_link_capacity_bps);
  return topology::build_network(scenario::load_scenario_file(input));
}

// Gbps at most: the city's figures are reported in Gbps (2,000 Gbps of core switching).
[[nodiscard]] std::string rate(double bps) {
  constexpr std::array<std::pair<double, const char*>, 3> kUnits = {{{1e9, "Gbps"}, {1e6, "Mbps"}, {1e3, "kbps"}}};
  for (const auto& [scale, unit] : kUnits) {
    if (bps >= scale) return fmt::format("{:.6g} {}", bps / scale, unit);
  }
  return fmt::format("{:.6g} bps", bps);
}

void print_inventory(const Network& network, const topology::Inventory& inventory) {
  fmt::print("network: {}\n", network.name);
  std::string roles;
  for (std::size_t r = 0; r < topology::kRoleCount; ++r) {
    roles += fmt::format("{}{} {}", r == 0 ? "" : ", ", topology::role_name(static_cast<topology::Role>(r)),
                         inventory.nodes_by_role[r]);
  }
  fmt::print("nodes: {} ({})\n", network.nodes.size(), roles);
  fmt::print("links: {}\n", network.links.size());
  fmt::print("fiber: {:.1f} km in {} links\n", inventory.fiber_km, inventory.fiber_links);
  fmt::print("microwave: {} links, {:.1f} km\n", inventory.microwave_links, inventory.microwave_km);
  fmt::print("core switching: {}\n", rate(inventory.core_switching_bps));
  fmt::print("egress: {} over {} links\n", rate(inventory.egress_bps), inventory.egress_links);
  fmt::print("access sites: {}\n", inventory.access_sites);
  fmt::print("subscribers: {}", inventory.subscribers);
  if (inventory.median_subscribers_per_site) {
    fmt::print(" (per access site: min {}, median {:g}, max {})", *inventory.min_subscribers_per_site,
               *inventory.median_subscribers_per_site, *inventory.max_subscribers_per_site);
  }
  fmt::print("\n");
  std::string sizes;
  for (std::size_t i = 0; i < inventory.component_sizes.size(); ++i) {
    sizes += fmt::format("{}{}", i == 0 ? "" : ", ", inventory.component_sizes[i]);
  }
  fmt::print("components: {} (nodes: {})\n", inventory.component_sizes.size(), sizes);
}

void print_single_points_of_failure(const Network& network) {
  const auto failures = topology::find_single_points_of_failure(network);
  const bool has_internet = std::any_of(network.nodes.begin(), network.nodes.end(),
                                        [](const topology::Node& n) { return n.role == topology::Role::internet; });
  if (failures.empty()) {
    fmt::print("single points of failure: none\n");
    return;
  }
  fmt::print("single points of failure: {} (cut off from {} if it fails)\n", failures.size(),
             has_internet ? "the internet node" : "the largest piece left of its component");
  for (const auto& failure : failures) {
    std::string what;
    if (failure.kind == topology::SinglePointOfFailure::Kind::node) {
      const topology::Node& node = network.nodes[failure.index];
      what = fmt::format("node {} ({})", node.id, topology::role_name(node.role));
    } else {
      const topology::Link& link = network.links[failure.index];
      what = fmt::format("link {} ({} - {})", link.id, network.nodes[topology::index(link.a)].id,
                         network.nodes[topology::index(link.b)].id);
    }
    fmt::print("  {}: {} subscribers, {} nodes\n", what, failure.subscribers_cut_off, failure.nodes_cut_off);
  }
}

[[nodiscard]] output::FileMark export_mark(const std::string& path) {
  if (lowercase_extension(path) == ".dot") return {kDotExportMark, "a DOT export"};
  return {kGraphmlExportMark, "a GraphML export"};
}

void export_network(const Network& network, const std::string& path) {
  const bool dot = lowercase_extension(path) == ".dot";
  const std::string text = dot ? topology::export_dot(network) : topology::export_graphml(network);
  // The mark holds the XML declaration: the export's own is left out.
  const std::size_t declaration = dot ? 0 : kXmlDeclaration.size();
  if (text.compare(0, declaration, kXmlDeclaration, 0, declaration) != 0) {
    throw std::logic_error("export_graphml no longer begins with the XML declaration");
  }
  const output::FileMark mark = export_mark(path);
  output::write_user_file_atomically(path, mark, [&](std::ostream& out) {
    out << mark.begins_with << std::string_view(text).substr(declaration);
  });
}

void run_topo(const TopoOptions& options) {
  if (!options.out_path.empty() && !options.cut_analysis) {
    throw InputError("--out: writes the cut analysis; expected it with --cut-analysis");
  }
  if (options.cut_analysis) {
    if (!options.export_path.empty()) throw InputError("--export: expected either --export or --cut-analysis");
    if (is_graphml(options.input)) {
      throw InputError(fmt::format("{}: a GraphML file has no demand; expected a scenario for --cut-analysis",
                                   options.input));
    }
    run_cut_analysis(options.input.empty() ? scenario::load_scenario_text(scenario::builtin_scenario_text(),
                                                                          std::string(scenario::builtin_scenario_name()))
                                           : scenario::load_scenario_file(options.input),
                     options.out_path);
    return;
  }
  if (!options.export_path.empty()) {
    const std::string extension = lowercase_extension(options.export_path);
    if (extension != ".graphml" && extension != ".dot") {
      throw InputError(fmt::format("--export {}: unknown format; expected a file name ending in .graphml or .dot",
                                   options.export_path));
    }
  }
  if (!options.export_path.empty()) output::check_citynet_may_replace_file(options.export_path, export_mark(options.export_path));
  const Network network = load_network(options.input);
  for (const std::string& warning : network.warnings) fmt::print(stderr, "warning: {}\n", warning);
  print_inventory(network, topology::take_inventory(network));
  print_single_points_of_failure(network);
  if (!options.export_path.empty()) export_network(network, options.export_path);
}

}  // namespace

void add_topo_command(CLI::App& app) {
  auto options = std::make_shared<TopoOptions>();
  auto* sub = app.add_subcommand("topo", "Print the network's inventory and single points of failure");
  sub->add_option("input", options->input,
                  "scenario YAML or GraphML file (default: the built-in Tianjin 2005 scenario)");
  sub->add_option("--export", options->export_path, "also write the network to FILE.graphml or FILE.dot");
  sub->add_flag("--cut-analysis", options->cut_analysis,
               "for every single link and node failure: subscribers disconnected and the worst utilization left "
               "at the busy hour, the most harmful first");
  sub->add_option("--out", options->out_path, "with --cut-analysis: write every row to FILE.csv");
  sub->callback([options] { run_topo(*options); });
}

}  // namespace citynet::cli
