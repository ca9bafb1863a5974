#pragma once
// Every file citynet writes appears whole or not at all: the content goes to a temporary
// file in the same directory (so that the final rename stays on one file system and is
// atomic on POSIX), and only a complete, flushed file is renamed over the target. A
// failure at any point removes the temporary file and leaves an existing target untouched.
#include <filesystem>
#include <functional>
#include <ostream>

namespace citynet::output {

// Calls `write` with a stream to a temporary file beside `path`, then renames it to
// `path`. Exceptions thrown by `write` propagate after the temporary file is removed. A
// path that cannot be written (missing directory, no permission, full disk) is an
// InputError naming the path.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

}  // namespace citynet::output
