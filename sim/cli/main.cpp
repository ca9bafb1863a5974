#include <cstdio>
#include <exception>
#include <new>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "cli/commands.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"citynet: a flow-level simulator of a citywide broadband network"};
  app.set_version_flag("--version", "citynet " CITYNET_VERSION);
  app.require_subcommand(1);
  citynet::cli::add_validate_command(app);
  citynet::cli::add_topo_command(app);
  citynet::cli::add_replay_command(app);
  citynet::cli::add_run_command(app);
  citynet::cli::add_compare_command(app);
  citynet::cli::add_sweep_command(app);
  citynet::cli::add_forecast_command(app);
  for (CLI::App* sub : app.get_subcommands({})) sub->set_version_flag("--version", "citynet " CITYNET_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? citynet::kExitOk : citynet::kExitInputError;
  } catch (const citynet::InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return citynet::kExitInputError;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "citynet: out of memory\n");
    return citynet::kExitInternalError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "citynet: internal error: {}\n", e.what());
    return citynet::kExitInternalError;
  }
  return citynet::kExitOk;
}
