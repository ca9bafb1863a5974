#include "cli/commands.hpp"
#include "core/error.hpp"

namespace citynet::cli {

void add_replay_command(CLI::App& app) {
  auto* sub = app.add_subcommand("replay", "(not built yet)");
  sub->callback([] { throw InputError("citynet replay: not built yet"); });
}

}  // namespace citynet::cli
