// `citynet run [SCENARIO] [--out DIR] [--seed N] [--duration D] [--quiet] [--plot]`: simulates a
// scenario (the built-in Tianjin 2005 when none is given) and writes its results folder
// (default results/<scenario>): the resolved scenario, the topology, the per-link time
// series and summary, the per-class and per-application summaries, a one-row summary; then
// prints the report. With --plot, scripts/plot.py then draws the figures and report.html
// into the same folder.
//
// The folder appears whole or not at all (output/results_folder.hpp): everything is
// written into a temporary folder beside it that replaces the old results only at the end.
// Ctrl-C (or a SIGTERM) sets a flag that the run checks at every arrival and sample; the run
// then stops, removes the temporary folder and exits with 128 + the signal (130 for
// Ctrl-C), leaving the previous results as they were.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/city_model.hpp"
#include "cli/city_run.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/scenario_options.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "metrics/run_metrics.hpp"
#include "output/results_csv.hpp"
#include "output/results_folder.hpp"
#include "output/run_report.hpp"
#include "output/terminal_report.hpp"
#include "scenario/load.hpp"
#include "scenario/resolved.hpp"

namespace citynet::cli {
namespace {

struct RunOptions {
  std::optional<std::string> scenario_path;
  std::optional<std::string> out_dir;
  ScenarioValueOptions values;
  bool quiet = false;
  bool plot = false;
};

// Runs the plotting script of this source tree on a results folder; the script finds a
// Python that has matplotlib and pandas, and says what is missing when none has.
void plot_results(const std::filesystem::path& folder) {
  const std::string script = std::string(CITYNET_SOURCE_DIR) + "/scripts/plot.py";
  const std::string folder_text = folder.string();
  char* const argv[] = {const_cast<char*>(script.c_str()), const_cast<char*>(folder_text.c_str()), nullptr};
  pid_t child = 0;
  if (posix_spawn(&child, script.c_str(), nullptr, nullptr, argv, environ) != 0) {
    throw InputError(fmt::format("citynet run --plot: cannot start {}", script));
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw InputError(fmt::format("citynet run --plot: {} failed; the results are written, the figures are not", script));
  }
}

[[nodiscard]] scenario::Scenario load(const RunOptions& options) {
  return load_scenario_option(options.scenario_path, options.values);
}

void write_results(const output::ResultsFolder& folder, const output::RunContext& context,
                   const metrics::RunMetrics& metrics, const output::RunReport& report) {
  folder.write("link_timeseries.csv",
               [&](std::ostream& out) { output::write_link_timeseries_csv(out, context, metrics); });
  folder.write("link_summary.csv", [&](std::ostream& out) { output::write_link_summary_csv(out, context, report); });
  folder.write("class_summary.csv", [&](std::ostream& out) { output::write_class_summary_csv(out, report); });
  folder.write("app_summary.csv", [&](std::ostream& out) { output::write_app_summary_csv(out, report); });
  folder.write("class_throughput_histogram.csv",
               [&](std::ostream& out) { output::write_class_throughput_histogram_csv(out, metrics); });
  folder.write("class_line_rate_share_histogram.csv",
               [&](std::ostream& out) { output::write_class_line_rate_share_histogram_csv(out, metrics); });
  folder.write("summary.csv", [&](std::ostream& out) { output::write_summary_csv(out, report); });
  folder.write("events.csv", [&](std::ostream& out) { output::write_events_csv(out, report); });
  folder.write("event_elements.csv", [&](std::ostream& out) { output::write_event_elements_csv(out, report); });
}

[[noreturn]] void stop_interrupted(output::ResultsFolder& folder) {
  folder.discard();
  fmt::print(stderr, "citynet run: interrupted; no results written\n");
  std::exit(InterruptGuard::exit_code());
}

void run(const RunOptions& options) {
  // Until the results are committed; the report and the plot after it can be stopped as usual.
  std::optional<InterruptGuard> interrupt;
  interrupt.emplace();
  const CityModel model = build_city_model(load(options));
  for (const std::string& warning : model.network.warnings) fmt::print(stderr, "warning: {}\n", warning);
  output::ResultsFolder folder(options.out_dir ? std::filesystem::path(*options.out_dir)
                                               : std::filesystem::path("results") / model.scenario.name,
                              "run");
  folder.write("scenario.yaml", [&](std::ostream& out) { out << scenario::to_resolved_yaml(model.scenario); });
  folder.write("topology_nodes.csv", [&](std::ostream& out) { output::write_topology_nodes_csv(out, model.network); });
  folder.write("topology_links.csv", [&](std::ostream& out) { output::write_topology_links_csv(out, model.network); });

  CityRunOptions run_options;
  run_options.show_progress = !options.quiet;
  run_options.stop_requested = [] { return InterruptGuard::requested(); };
  std::optional<CityRun> city_run;
  try {
    city_run.emplace(simulate_city(model, run_options));
  } catch (const RunStopped&) {
    stop_interrupted(folder);
  }
  write_results(folder, city_run->context(model), *city_run->metrics, city_run->report);
  if (InterruptGuard::requested()) stop_interrupted(folder);
  folder.commit();
  interrupt.reset();

  const output::RunTiming timing{city_run->wall_s, city_run->stats.end_s, model.scenario.simulation.warmup_s};
  fmt::print("{}", output::format_terminal_report(city_run->report, timing, model.network));
  fmt::print("Results: {}\n", folder.target().string());
  if (options.plot) plot_results(folder.target());
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Simulate a scenario (default: the built-in Tianjin 2005) and write its results");
  sub->add_option("SCENARIO", options->scenario_path, "the scenario YAML file (default: built-in Tianjin 2005)");
  sub->add_option("--out", options->out_dir, "the results folder to write (default: results/<scenario name>)");
  sub->add_option("--seed", options->values.seed, "the random seed (default: the scenario's)");
  sub->add_option("--duration", options->values.duration, "simulated time such as 24h or 90min (default: the scenario's)");
  sub->add_flag("--quiet", options->quiet, "print no progress on stderr");
  sub->add_flag("--plot", options->plot, "then draw the figures and report.html (scripts/plot.py)");
  sub->callback([options] { run(*options); });
}

}  // namespace citynet::cli
