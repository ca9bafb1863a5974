#include "cli/commands.hpp"
#include "core/error.hpp"

namespace citynet::cli {

void add_topo_command(CLI::App& app) {
  auto* sub = app.add_subcommand("topo", "(not built yet)");
  sub->callback([] { throw InputError("citynet topo: not built yet"); });
}

}  // namespace citynet::cli
