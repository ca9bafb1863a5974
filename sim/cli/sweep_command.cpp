// `citynet sweep SWEEP.yaml [--out DIR] [--jobs J] [--max-rows N] [--quiet]`: runs a
// scenario at every point of a sweep file (scenario/sweep.hpp), each point replicated, and
// writes one row per (point, replication) to DIR/sweep.csv (default results/<sweep file
// name>/sweep.csv; output/sweep_csv.hpp).
//
// Rows are written in (point, replication) order as they finish, each one whole and
// flushed, so an interrupted sweep (Ctrl-C, a crash, --max-rows) keeps what it finished; run
// again, it skips those rows and the file ends byte for byte as an uninterrupted run's.
// Every row depends only on its point and replication (seed = replication_seed(the point's
// seed, replication)), so threads (--jobs) and MPI ranks (mpirun -np N, when built with
// CITYNET_MPI) change only who runs a row, never its bytes. Rows that finish early wait in
// memory for the ones before them.
//
// Every point's scenario is loaded before anything runs, so a bad value anywhere in the
// sweep is an error at once, before hours of simulation.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "cli/city_model.hpp"
#include "cli/city_run.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/sweep_effect.hpp"
#include "cli/sweep_ranks.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "output/results_folder.hpp"
#include "output/sweep_csv.hpp"
#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "scenario/sweep.hpp"

namespace citynet::cli {
namespace {

// A sweep of more rows than this would not finish in any useful time (a row is a run).
inline constexpr std::size_t kMaxRows = 10'000'000;
// How long the writer waits for a finished row before it looks at other ranks' messages.
inline constexpr std::chrono::milliseconds kPollInterval{20};
inline constexpr unsigned kMaxJobs = 256;
// What a sweep folder held before folders had a marker: such a folder is resumed too.
inline constexpr std::array<std::string_view, 1> kSweepFiles = {"sweep.csv"};

struct SweepOptions {
  std::string sweep_path;
  std::optional<std::string> out_dir;
  unsigned jobs = 1;
  std::optional<std::size_t> max_rows;
  bool quiet = false;
};

// The scenario of a point, as a sweep row runs it.
class PointScenarios {
 public:
  explicit PointScenarios(const scenario::Sweep& sweep) : sweep_(sweep) {
    if (sweep.scenario_path) {
      file_name_ = *sweep.scenario_path;
      base_ = scenario::load_scenario_file(*sweep.scenario_path);
    } else {
      file_name_ = std::string(scenario::builtin_scenario_name());
      base_ = scenario::load_scenario_text(scenario::builtin_scenario_text(), file_name_);
    }
  }

  [[nodiscard]] scenario::Scenario at(std::size_t point) const {
    const std::vector<scenario::ScenarioOverride> overrides = scenario::point_overrides(sweep_, point, base_);
    return sweep_.scenario_path ? scenario::load_scenario_file(*sweep_.scenario_path, overrides)
                                : scenario::load_scenario_text(scenario::builtin_scenario_text(), file_name_, overrides);
  }

 private:
  scenario::Sweep sweep_;  // a copy: the plan that holds this object moves
  std::string file_name_;
  scenario::Scenario base_;
};

// Row k is replication k % R of point k / R.
[[nodiscard]] output::SweepRowKey row_key(const scenario::Sweep& sweep, const std::vector<std::uint64_t>& point_seeds,
                                          std::size_t index) {
  output::SweepRowKey key;
  key.point = index / sweep.replications;
  key.replication = index % sweep.replications;
  key.seed = replication_seed(point_seeds[key.point], key.replication);
  for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
    key.axis_cells.push_back(scenario::axis_value_cell(sweep.axes[a], sweep.points[key.point].values[a]));
  }
  return key;
}

// Runs rows on `jobs` threads and hands each finished row to the calling thread.
class RowWorkers {
 public:
  using RunRow = std::function<std::string(std::size_t index, const std::atomic<bool>& stop)>;
  RowWorkers(std::vector<std::size_t> indices, unsigned jobs, RunRow run_row)
      : indices_(std::move(indices)), run_row_(std::move(run_row)) {
    const unsigned threads = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(indices_.size())));
    for (unsigned t = 0; t < threads && !indices_.empty(); ++t) threads_.emplace_back([this] { work(); });
  }
  ~RowWorkers() {
    stop_ = true;
    for (std::thread& thread : threads_) thread.join();
  }
  RowWorkers(const RowWorkers&) = delete;
  RowWorkers& operator=(const RowWorkers&) = delete;

  // Finished rows, waiting up to `timeout` for one; rethrows a row's error.
  [[nodiscard]] std::vector<std::pair<std::size_t, std::string>> take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    finished_signal_.wait_for(lock, timeout, [this] { return !finished_.empty() || error_; });
    if (error_) std::rethrow_exception(error_);
    std::vector<std::pair<std::size_t, std::string>> rows(finished_.begin(), finished_.end());
    finished_.clear();
    return rows;
  }
  void stop() { stop_ = true; }
  [[nodiscard]] std::size_t count() const { return indices_.size(); }

 private:
  void work() {
    while (!stop_) {
      const std::size_t next = next_.fetch_add(1);
      if (next >= indices_.size()) return;
      try {
        std::string row = run_row_(indices_[next], stop_);
        const std::lock_guard lock(mutex_);
        finished_.emplace_back(indices_[next], std::move(row));
      } catch (...) {
        const std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
        stop_ = true;
      }
      finished_signal_.notify_all();
    }
  }

  std::vector<std::size_t> indices_;
  RunRow run_row_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable finished_signal_;
  std::deque<std::pair<std::size_t, std::string>> finished_;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

[[nodiscard]] std::filesystem::path csv_path(const SweepOptions& options) {
  const std::filesystem::path folder =
      options.out_dir ? std::filesystem::path(*options.out_dir)
                      : std::filesystem::path("results") / std::filesystem::path(options.sweep_path).stem();
  return folder / "sweep.csv";
}

// What every rank knows before any row runs: the sweep, its points' seeds, the rows.
struct SweepPlan {
  scenario::Sweep sweep;
  std::unique_ptr<PointScenarios> scenarios;
  std::vector<std::uint64_t> point_seeds;
  std::size_t rows = 0;
  std::string header;
};

[[nodiscard]] SweepPlan plan_sweep(const SweepOptions& options) {
  SweepPlan plan;
  plan.sweep = scenario::load_sweep_file(options.sweep_path);
  plan.scenarios = std::make_unique<PointScenarios>(plan.sweep);
  for (std::size_t p = 0; p < plan.sweep.points.size(); ++p) {
    plan.point_seeds.push_back(plan.scenarios->at(p).simulation.seed);
  }
  check_sweep_changes_the_model(plan.sweep, [&](std::size_t point) { return plan.scenarios->at(point); });
  if (plan.sweep.points.size() > kMaxRows / plan.sweep.replications) {
    throw InputError(SourcePlace{options.sweep_path, 0, 0},
                     fmt::format("replications: {} points of {} replications are more than {} runs; expected fewer",
                                 plan.sweep.points.size(), plan.sweep.replications, kMaxRows));
  }
  plan.rows = plan.sweep.points.size() * plan.sweep.replications;
  std::vector<std::string> columns;
  for (const scenario::SweepAxis& axis : plan.sweep.axes) columns.push_back(scenario::axis_column(axis));
  plan.header = output::sweep_csv_header(columns);
  return plan;
}

[[nodiscard]] std::string run_row(const SweepPlan& plan, std::size_t index, const std::atomic<bool>& stop) {
  const output::SweepRowKey key = row_key(plan.sweep, plan.point_seeds, index);
  scenario::Scenario point_scenario = plan.scenarios->at(key.point);
  point_scenario.simulation.seed = key.seed;
  const CityModel model = build_city_model(std::move(point_scenario));
  CityRunOptions run_options;
  // A failed row elsewhere stops the others too.
  run_options.stop_requested = [&stop] { return InterruptGuard::requested() || stop; };
  const CityRun run = simulate_city(model, run_options);
  return output::sweep_csv_row(key, run.report);
}

// Rank 0: writes rows in order as they arrive, from its threads and from other ranks.
void write_rows(const SweepPlan& plan, const SweepRanks& ranks, RowWorkers& workers, output::SweepCsvFile& file,
                std::size_t end, const SweepOptions& options) {
  std::map<std::size_t, std::string> waiting;
  while (file.rows_done() < end) {
    for (auto& [index, row] : workers.take(kPollInterval)) waiting.emplace(index, std::move(row));
    while (auto received = ranks.try_receive_row()) waiting.emplace(received->first, std::move(received->second));
    while (!waiting.empty() && waiting.begin()->first == file.rows_done()) {
      file.append(waiting.begin()->second);
      waiting.erase(waiting.begin());
      if (!options.quiet) {
        const output::SweepRowKey key = row_key(plan.sweep, plan.point_seeds, file.rows_done() - 1);
        fmt::print(stderr, "sweep: row {}/{} (point {}, replication {})\n", file.rows_done(), plan.rows, key.point,
                   key.replication);
      }
    }
    if (InterruptGuard::requested()) return;
  }
}

// Other ranks: send each finished row to rank 0.
void send_rows(const SweepRanks& ranks, RowWorkers& workers) {
  std::size_t sent = 0;
  while (sent < workers.count() && !InterruptGuard::requested()) {
    for (const auto& [index, row] : workers.take(kPollInterval)) {
      ranks.send_row(index, row);
      ++sent;
    }
  }
}

void sweep(const SweepOptions& options) {
  SweepRanks ranks;
  std::optional<InterruptGuard> interrupt;  // until the rows are written
  interrupt.emplace();
  // Reading the sweep and opening sweep.csv: every rank reads the same files, so every rank
  // meets the same error; only rank 0 says it.
  constexpr std::size_t kFailed = static_cast<std::size_t>(-1);
  std::optional<SweepPlan> plan;
  std::optional<output::SweepCsvFile> file;
  std::size_t done = kFailed;
  std::exception_ptr setup_error;
  try {
    plan.emplace(plan_sweep(options));
    if (ranks.rank() == 0) {
      // A folder of other content is refused: sweep.csv would land among the user's files.
      output::claim_folder(csv_path(options).parent_path(), "sweep", kSweepFiles);
      file.emplace(csv_path(options), plan->header, plan->rows,
                   [&](std::size_t k) { return output::sweep_csv_row_start(row_key(plan->sweep, plan->point_seeds, k)); });
      done = file->rows_done();
    }
  } catch (...) {
    setup_error = std::current_exception();
  }
  done = ranks.broadcast(done);
  if (done == kFailed || !plan) {
    if (ranks.rank() == 0) std::rethrow_exception(setup_error);
    // Rank 0 met the same error and says it; a rank alone in its error says it and ends all.
    if (done != kFailed) {
      try {
        std::rethrow_exception(setup_error);
      } catch (const std::exception& e) {
        fmt::print(stderr, "{}\n", e.what());
      }
      ranks.abort(kExitInputError);
    }
    ranks.finish_and_exit(kExitInputError);
  }
  const std::size_t end = options.max_rows ? std::min(plan->rows, done + *options.max_rows) : plan->rows;
  std::vector<std::size_t> mine;
  for (std::size_t k = done; k < end; ++k) {
    if ((k - done) % static_cast<std::size_t>(ranks.size()) == static_cast<std::size_t>(ranks.rank())) mine.push_back(k);
  }
  if (ranks.rank() == 0 && !options.quiet) {
    fmt::print(stderr, "sweep: {} points x {} replications = {} rows; {} already in {}; running {} on {} rank(s)\n",
               plan->sweep.points.size(), plan->sweep.replications, plan->rows, done, csv_path(options).string(),
               end - done, ranks.size());
  }
  try {
    RowWorkers workers(std::move(mine), options.jobs, [&](std::size_t k, const std::atomic<bool>& stop) { return run_row(*plan, k, stop); });
    if (ranks.rank() == 0) {
      write_rows(*plan, ranks, workers, *file, end, options);
    } else {
      send_rows(ranks, workers);
    }
  } catch (const RunStopped&) {
    // Interrupted: the rows written so far stay.
  } catch (const std::exception& e) {
    if (ranks.size() == 1) throw;
    fmt::print(stderr, "{}{}\n", dynamic_cast<const InputError*>(&e) ? "" : "citynet: internal error: ", e.what());
    ranks.abort(dynamic_cast<const InputError*>(&e) ? kExitInputError : kExitInternalError);
  }
  const bool interrupted = InterruptGuard::requested();
  interrupt.reset();
  if (interrupted) {
    if (ranks.rank() == 0) {
      fmt::print(stderr, "citynet sweep: interrupted; {} of {} rows in {}; run again to resume\n", file->rows_done(),
                 plan->rows, csv_path(options).string());
    }
    if (ranks.size() > 1) ranks.abort(InterruptGuard::exit_code());
    std::exit(InterruptGuard::exit_code());
  }
  if (ranks.rank() == 0) {
    fmt::print("Sweep: {} of {} rows in {}\n", file->rows_done(), plan->rows, csv_path(options).string());
  }
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  auto* sub = app.add_subcommand("sweep", "Run a scenario over a grid or list of values; one row per point and "
                                          "replication in sweep.csv (resumes an interrupted sweep)");
  sub->add_option("SWEEP", options->sweep_path, "the sweep YAML file")->required();
  sub->add_option("--out", options->out_dir, "the folder of sweep.csv (default: results/<sweep file name>)");
  sub->add_option("--jobs", options->jobs, "rows run at once in this process (default: 1)")
      ->check(CLI::Range(1u, kMaxJobs));
  sub->add_option("--max-rows", options->max_rows, "stop after this many new rows (run again to resume)")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--quiet", options->quiet, "print no progress on stderr");
  sub->callback([options] { sweep(*options); });
}

}  // namespace citynet::cli
