// `citynet compare [SCENARIO] [--replications R] [--jobs J] [--out DIR] [--duration D] [--quiet]`:
// runs the baseline and every plan of the scenario R times and writes compare.csv (default
// folder results/<scenario>-compare): per plan and metric the mean with its 95% interval,
// the paired difference from the baseline with its 95% interval, and the cost per unit of
// improvement where that difference is significant; and compare_replications.csv, every
// run's values with its seed. Then prints plans against the key metrics, the best of each
// marked, and each plan's cost per unit of improvement or "not significant".
//
// Replication r runs with the seed derive_seed(scenario seed, r) — replication 0 with the
// scenario's own seed, so it is `citynet run` — for the baseline and every plan alike:
// common random numbers, so that the paired differences show the plan and not the dice.
// J threads take (plan, replication) runs in turn; each result is stored by its index, so
// compare.csv is byte-identical whatever J. Ctrl-C stops every run and writes nothing.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "cli/city_model.hpp"
#include "cli/city_run.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/plan_model.hpp"
#include "cli/scenario_options.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "output/plan_comparison.hpp"
#include "output/results_folder.hpp"
#include "scenario/load.hpp"
#include "scenario/resolved.hpp"

namespace citynet::cli {
namespace {

inline constexpr int kMaxReplications = 1000;
inline constexpr int kMaxJobs = 256;
inline constexpr std::chrono::seconds kProgressEvery{5};

struct CompareOptions {
  std::optional<std::string> scenario_path;
  std::optional<std::string> out_dir;
  std::optional<std::string> duration;
  int replications = 5;
  int jobs = 1;
  bool quiet = false;
};

struct PlanModel {
  std::string name;
  CityModel model;
  std::optional<double> cost;
};

[[nodiscard]] scenario::Scenario load(const CompareOptions& options) {
  return load_scenario_option(options.scenario_path, ScenarioValueOptions{std::nullopt, options.duration});
}

// The runs of every (plan, replication) on `jobs` threads; results by index.
class ReplicationRunner {
 public:
  ReplicationRunner(const std::vector<PlanModel>& plans, int replications, bool show_progress)
      : plans_(plans),
        replications_(static_cast<std::size_t>(replications)),
        show_progress_(show_progress),
        values_(plans.size() * replications_) {}

  // Returns false when interrupted; rethrows the first error of any run.
  [[nodiscard]] bool run(int jobs) {
    start_ = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back([this] { work(); });
    {
      std::unique_lock lock(mutex_);
      auto last_print = start_;
      while (done_ + failed_ < total() && !stopping()) {
        changed_.wait_for(lock, kProgressEvery);
        const auto now = std::chrono::steady_clock::now();
        if (show_progress_ && now - last_print >= kProgressEvery) {
          print_progress();
          last_print = now;
        }
      }
    }
    for (std::thread& thread : threads) thread.join();
    if (first_error_) std::rethrow_exception(first_error_);
    return !InterruptGuard::requested();
  }

  [[nodiscard]] output::PlanResults results(std::size_t plan) const {
    output::PlanResults results{plans_[plan].name, plans_[plan].cost, {}, {}};
    for (std::size_t r = 0; r < replications_; ++r) {
      results.values.push_back(values_[plan * replications_ + r]);
      results.seeds.push_back(seed(plan, r));
    }
    return results;
  }

 private:
  [[nodiscard]] std::size_t total() const { return values_.size(); }
  [[nodiscard]] std::uint64_t seed(std::size_t plan, std::size_t replication) const {
    return replication_seed(plans_[plan].model.scenario.simulation.seed, replication);
  }
  [[nodiscard]] bool stopping() const { return InterruptGuard::requested() || error_seen_.load(); }

  // Replication-major order, so that the first results of every plan come early.
  void work() {
    while (!stopping()) {
      const std::size_t task = next_.fetch_add(1);
      if (task >= total()) return;
      const std::size_t plan = task % plans_.size();
      const std::size_t replication = task / plans_.size();
      try {
        CityModel model = plans_[plan].model;
        model.scenario.simulation.seed = seed(plan, replication);
        CityRunOptions options;
        options.stop_requested = [this] { return stopping(); };
        const CityRun run = simulate_city(model, options);
        values_[plan * replications_ + replication] = output::metric_values(run.report);
        const std::lock_guard lock(mutex_);
        ++done_;
      } catch (const RunStopped&) {
        return;
      } catch (...) {
        const std::lock_guard lock(mutex_);
        if (!first_error_) first_error_ = std::current_exception();
        error_seen_ = true;
        ++failed_;
      }
      changed_.notify_all();
    }
  }

  void print_progress() const {
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (done_ == 0) {
      fmt::print(stderr, "compare: 0 of {} runs done, {:.0f} s\n", total(), wall_s);
      return;
    }
    const double eta_s = wall_s * static_cast<double>(total() - done_) / static_cast<double>(done_);
    fmt::print(stderr, "compare: {} of {} runs done, {:.0f} s, ETA {:.0f} s\n", done_, total(), wall_s, eta_s);
  }

  const std::vector<PlanModel>& plans_;
  std::size_t replications_;
  bool show_progress_;
  std::vector<std::vector<std::optional<double>>> values_;  // [plan × replications + r]
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> error_seen_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::exception_ptr first_error_;
  std::chrono::steady_clock::time_point start_;
};

void check_options(const CompareOptions& options) {
  if (options.replications < 1 || options.replications > kMaxReplications) {
    throw InputError(fmt::format("--replications: {} is out of range; expected 1 to {}", options.replications,
                                 kMaxReplications));
  }
  if (options.jobs < 1 || options.jobs > kMaxJobs) {
    throw InputError(fmt::format("--jobs: {} is out of range; expected 1 to {}", options.jobs, kMaxJobs));
  }
}

void compare(const CompareOptions& options) {
  check_options(options);
  std::optional<InterruptGuard> interrupt;  // until the results are committed
  interrupt.emplace();

  std::vector<PlanModel> plans;
  plans.push_back(PlanModel{"baseline", build_city_model(load(options)), 0.0});
  const CityModel& baseline = plans.front().model;
  for (const std::string& warning : baseline.network.warnings) fmt::print(stderr, "warning: {}\n", warning);
  for (const scenario::Plan& plan : baseline.scenario.plans) {
    CityModel model = build_plan_model(plans.front().model, plan);
    const std::optional<double> cost = plan_cost(plans.front().model.scenario.costs, plans.front().model, model, plan);
    plans.push_back(PlanModel{plan.name, std::move(model), cost});
  }
  if (!options.quiet) {
    fmt::print(stderr, "compare: {} plans and the baseline, {} replications, {} runs on {} threads\n",
               plans.size() - 1, options.replications, plans.size() * static_cast<std::size_t>(options.replications),
               options.jobs);
  }

  // Before the runs, so that a folder citynet may not replace is refused before hours of work.
  const scenario::Scenario& scenario = plans.front().model.scenario;
  output::ResultsFolder folder(options.out_dir ? std::filesystem::path(*options.out_dir)
                                               : std::filesystem::path("results") / (scenario.name + "-compare"),
                               "compare");
  ReplicationRunner runner(plans, options.replications, !options.quiet);
  if (!runner.run(options.jobs)) {
    folder.discard();
    fmt::print(stderr, "citynet compare: interrupted; no results written\n");
    std::exit(InterruptGuard::exit_code());
  }
  std::vector<output::PlanResults> results;
  for (std::size_t p = 0; p < plans.size(); ++p) results.push_back(runner.results(p));
  const std::vector<output::ComparisonRow> rows = output::compare_plans(results);

  folder.write("compare.csv",
               [&](std::ostream& out) { output::write_compare_csv(out, rows, scenario.costs.currency); });
  folder.write("compare_replications.csv",
               [&](std::ostream& out) { output::write_compare_replications_csv(out, results); });
  for (const PlanModel& plan : plans) {
    folder.write("scenario-" + plan.name + ".yaml",
                 [&](std::ostream& out) { out << scenario::to_resolved_yaml(plan.model.scenario); });
  }
  if (InterruptGuard::requested()) {
    folder.discard();
    fmt::print(stderr, "citynet compare: interrupted; no results written\n");
    std::exit(InterruptGuard::exit_code());
  }
  folder.commit();
  interrupt.reset();

  fmt::print("Plans of {} against the baseline: {} replication{} each, mean ± half-width of the 95% interval{}\n",
             scenario.name, options.replications, options.replications == 1 ? "" : "s",
             options.replications == 1 ? " (one replication: no interval)" : "");
  fmt::print("{}", output::format_compare_table(rows, scenario.costs.currency));
  fmt::print("* best of the column (cost: the cheapest plan). [low, high]: the 95% interval, cut where it reached "
             "past the metric's range (a share stays in 0-100%, the others at or above 0)\n");
  const std::string cost_per_gain = output::format_cost_per_gain(rows, scenario.costs.currency);
  if (!cost_per_gain.empty()) {
    fmt::print("Cost per unit of improvement, where the paired difference from the baseline is significant at 95%:\n{}",
               cost_per_gain);
  }
  fmt::print("Paired differences in compare.csv, each replication's values in compare_replications.csv\nResults: {}\n",
             folder.target().string());
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  auto* sub = app.add_subcommand("compare", "Run the baseline and every plan of a scenario and compare them");
  sub->add_option("SCENARIO", options->scenario_path, "the scenario YAML file (default: built-in Tianjin 2005)");
  sub->add_option("--replications", options->replications, "runs of each plan, seeds derived from the scenario's")
      ->default_val(5);
  sub->add_option("--jobs", options->jobs, "runs at once, on as many threads")->default_val(1);
  sub->add_option("--out", options->out_dir, "the folder to write (default: results/<scenario name>-compare)");
  sub->add_option("--duration", options->duration, "simulated time such as 24h or 90min (default: the scenario's)");
  sub->add_flag("--quiet", options->quiet, "print no progress on stderr");
  sub->callback([options] { compare(*options); });
}

}  // namespace citynet::cli
