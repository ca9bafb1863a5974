#pragma once
// Each subcommand registers itself on the application; main wires them and turns user
// errors into one line and exit code 2.
#include <CLI/CLI.hpp>

namespace citynet::cli {

void add_validate_command(CLI::App& app);
void add_topo_command(CLI::App& app);
void add_replay_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_forecast_command(CLI::App& app);

}  // namespace citynet::cli
