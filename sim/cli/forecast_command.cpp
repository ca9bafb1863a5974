// `citynet forecast [SCENARIO] [--replications R] [--jobs J] [--out DIR] [--duration D] [--quiet]`:
// runs every year of the scenario's growth horizon (scenario/growth.hpp) R times and writes
// forecast.csv, first_congested.csv and each year's resolved scenario (default folder
// results/<scenario>-forecast), then prints a year-by-year table and what runs out first
// (planning/forecast.hpp).
//
// A year is the scenario carried forward by its growth (scenario/growth_year.hpp), with the
// plans in force that year applied to its network. Replication r of every year runs with the
// seed replication_seed(scenario seed, r), as `compare` does; demand draws from one stream
// per (site, class, application), so a stream that growth leaves unchanged draws the same
// numbers every year (common random numbers). J threads take (year, replication) runs in
// turn and each result is stored by its index, so the files are byte-identical whatever J.
// Ctrl-C stops every run and writes nothing.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cli/city_model.hpp"
#include "cli/city_run.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/plan_model.hpp"
#include "cli/scenario_options.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "output/results_folder.hpp"
#include "planning/class_hour_rates.hpp"
#include "planning/forecast.hpp"
#include "scenario/resolved.hpp"

namespace citynet::cli {
namespace {

inline constexpr int kMaxReplications = 1000;
inline constexpr int kMaxJobs = 256;
inline constexpr std::chrono::seconds kProgressEvery{5};

struct ForecastOptions {
  std::optional<std::string> scenario_path;
  std::optional<std::string> out_dir;
  std::optional<std::string> duration;
  int replications = 3;
  int jobs = 1;
  bool quiet = false;
};

struct YearModel {
  int year = 0;
  CityModel model;
};

void check_options(const ForecastOptions& options) {
  if (options.replications < 1 || options.replications > kMaxReplications) {
    throw InputError(fmt::format("--replications: {} is out of range; expected 1 to {}", options.replications,
                                 kMaxReplications));
  }
  if (options.jobs < 1 || options.jobs > kMaxJobs) {
    throw InputError(fmt::format("--jobs: {} is out of range; expected 1 to {}", options.jobs, kMaxJobs));
  }
}

[[nodiscard]] scenario::Scenario load(const ForecastOptions& options) {
  scenario::Scenario loaded =
      load_scenario_option(options.scenario_path, ScenarioValueOptions{std::nullopt, options.duration});
  if (!loaded.growth) {
    throw InputError(SourcePlace{loaded.source_file, 1, 1},
                     "scenario: no `growth:` section; expected one with first_year and last_year to forecast "
                     "(scenarios/README.md)");
  }
  return loaded;
}

// Each year's scenario and network, with the plans in force that year, in year order.
[[nodiscard]] std::vector<YearModel> year_models(const scenario::Scenario& loaded) {
  std::vector<YearModel> years;
  for (int year = loaded.growth->first_year; year <= loaded.growth->last_year; ++year) {
    years.push_back(YearModel{year, build_year_model(loaded, year)});
  }
  return years;
}

// The runs of every (year, replication) on `jobs` threads; samples stored by index.
class ForecastRuns {
 public:
  ForecastRuns(const std::vector<YearModel>& years, int replications, bool show_progress)
      : years_(years),
        replications_(static_cast<std::size_t>(replications)),
        show_progress_(show_progress),
        samples_(years.size() * replications_) {}

  // False when interrupted; rethrows the error of the lowest-numbered thread that failed.
  [[nodiscard]] bool run(int jobs) {
    start_ = std::chrono::steady_clock::now();
    last_print_ = start_;
    run_in_parallel(static_cast<std::size_t>(jobs), [this](std::size_t) { work(); });
    return !InterruptGuard::requested();
  }

  [[nodiscard]] std::span<const std::vector<planning::ForecastSample>> year(std::size_t y) const {
    return std::span(samples_).subspan(y * replications_, replications_);
  }

 private:
  [[nodiscard]] bool stopping() const { return InterruptGuard::requested() || failed_.load(); }

  // Replication-major order, so that every year has a first result early.
  void work() {
    while (!stopping()) {
      const std::size_t task = next_.fetch_add(1);
      if (task >= samples_.size()) return;
      const std::size_t y = task % years_.size();
      const std::size_t replication = task / years_.size();
      try {
        CityModel model = years_[y].model;
        model.scenario.simulation.seed = replication_seed(years_[y].model.scenario.simulation.seed, replication);
        std::vector<metrics::ClassDescription> classes;
        for (const scenario::SubscriberClass& c : model.scenario.demand.classes) {
          classes.push_back(metrics::ClassDescription{c.name, c.down_bps, c.up_bps});
        }
        planning::ClassHourRates rates(std::move(classes), model.scenario.simulation.warmup_s);
        CityRunOptions options;
        options.stop_requested = [this] { return stopping(); };
        options.also_observe = &rates;
        const CityRun run = simulate_city(model, options);
        samples_[y * replications_ + replication] = planning::forecast_samples(run.report, model.network, rates);
      } catch (const RunStopped&) {
        return;
      } catch (...) {
        failed_ = true;
        throw;
      }
      note_done();
    }
  }

  void note_done() {
    const std::lock_guard lock(mutex_);
    ++done_;
    const auto now = std::chrono::steady_clock::now();
    if (!show_progress_ || now - last_print_ < kProgressEvery) return;
    last_print_ = now;
    const double wall_s = std::chrono::duration<double>(now - start_).count();
    const double eta_s = wall_s * static_cast<double>(samples_.size() - done_) / static_cast<double>(done_);
    fmt::print(stderr, "forecast: {} of {} runs done, {:.0f} s, ETA {:.0f} s\n", done_, samples_.size(), wall_s,
               eta_s);
  }

  const std::vector<YearModel>& years_;
  std::size_t replications_;
  bool show_progress_;
  std::vector<std::vector<planning::ForecastSample>> samples_;  // [year × replications + r]
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

[[noreturn]] void exit_interrupted() {
  fmt::print(stderr, "citynet forecast: interrupted; no results written\n");
  std::exit(InterruptGuard::exit_code());
}

void forecast(const ForecastOptions& options) {
  check_options(options);
  std::optional<InterruptGuard> interrupt;  // until the results are committed
  interrupt.emplace();

  const scenario::Scenario loaded = load(options);
  const std::vector<YearModel> years = year_models(loaded);
  for (const std::string& warning : years.front().model.network.warnings) fmt::print(stderr, "warning: {}\n", warning);
  if (!options.quiet) {
    fmt::print(stderr, "forecast: {} to {}, {} replication{} a year, {} runs on {} threads\n",
               loaded.growth->first_year, loaded.growth->last_year, options.replications,
               options.replications == 1 ? "" : "s",
               years.size() * static_cast<std::size_t>(options.replications), options.jobs);
  }
  // Before the runs, so that a folder citynet may not replace is refused before hours of work.
  output::ResultsFolder folder(options.out_dir ? std::filesystem::path(*options.out_dir)
                                               : std::filesystem::path("results") / (loaded.name + "-forecast"),
                               "forecast");
  ForecastRuns runs(years, options.replications, !options.quiet);
  if (!runs.run(options.jobs)) {
    folder.discard();
    exit_interrupted();
  }

  std::vector<planning::ForecastRow> rows;
  for (std::size_t y = 0; y < years.size(); ++y) {
    std::vector<planning::ForecastRow> year_rows = planning::summarize_year(years[y].year, runs.year(y));
    rows.insert(rows.end(), year_rows.begin(), year_rows.end());
  }
  const std::vector<planning::FirstCongested> scopes =
      planning::first_congested(rows, loaded.simulation.congestion_threshold);

  folder.write("forecast.csv", [&](std::ostream& out) { planning::write_forecast_csv(out, rows); });
  folder.write("first_congested.csv", [&](std::ostream& out) { planning::write_first_congested_csv(out, scopes); });
  for (const YearModel& year : years) {
    folder.write(fmt::format("scenario-{}.yaml", year.year),
                 [&](std::ostream& out) { out << scenario::to_resolved_yaml(year.model.scenario); });
  }
  if (InterruptGuard::requested()) {
    folder.discard();
    exit_interrupted();
  }
  folder.commit();
  interrupt.reset();

  fmt::print("Forecast of {}, {} to {}: {} replication{} a year{}\n", loaded.name, loaded.growth->first_year,
             loaded.growth->last_year, options.replications, options.replications == 1 ? "" : "s",
             options.replications == 1 ? " (one replication: no interval)" : ", 95% intervals in forecast.csv");
  fmt::print("{}", planning::format_forecast_report(rows, scopes, loaded.growth->first_year, loaded.growth->last_year));
  fmt::print("Results: {}\n", folder.target().string());
}

}  // namespace

void add_forecast_command(CLI::App& app) {
  auto options = std::make_shared<ForecastOptions>();
  auto* sub = app.add_subcommand("forecast", "Run every year of a scenario's growth horizon and say what runs out when");
  sub->add_option("SCENARIO", options->scenario_path, "the scenario YAML file, with a growth section");
  sub->add_option("--replications", options->replications, "runs of each year, seeds derived from the scenario's")
      ->default_val(3);
  sub->add_option("--jobs", options->jobs, "runs at once, on as many threads")->default_val(1);
  sub->add_option("--out", options->out_dir, "the folder to write (default: results/<scenario name>-forecast)");
  sub->add_option("--duration", options->duration, "simulated time of each run such as 24h (default: the scenario's)");
  sub->add_flag("--quiet", options->quiet, "print no progress on stderr");
  sub->callback([options] { forecast(*options); });
}

}  // namespace citynet::cli
