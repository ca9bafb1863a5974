#include "cli/commands.hpp"
#include "core/error.hpp"

namespace citynet::cli {

void add_validate_command(CLI::App& app) {
  auto* sub = app.add_subcommand("validate", "(not built yet)");
  sub->callback([] { throw InputError("citynet validate: not built yet"); });
}

}  // namespace citynet::cli
