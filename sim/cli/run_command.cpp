#include "cli/commands.hpp"
#include "core/error.hpp"

namespace citynet::cli {

void add_run_command(CLI::App& app) {
  auto* sub = app.add_subcommand("run", "(not built yet)");
  sub->callback([] { throw InputError("citynet run: not built yet"); });
}

}  // namespace citynet::cli
