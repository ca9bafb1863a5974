#include "output/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <fstream>
#include <system_error>

#include <fmt/core.h>
#include <unistd.h>

#include "core/error.hpp"
#include "core/user_text.hpp"

namespace citynet::output {
namespace {

// Unique per process and call, so that concurrent writers of the same target (threads
// or processes) never share a temporary file.
[[nodiscard]] std::filesystem::path temporary_path_beside(const std::filesystem::path& path) {
  static std::atomic<unsigned> next_serial{0};
  std::filesystem::path temporary = path;
  temporary += fmt::format(".tmp-{}-{}", ::getpid(), next_serial++);
  return temporary;
}

void remove_quietly(const std::filesystem::path& path) {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

[[noreturn]] void fail_to_write(const std::filesystem::path& path, const std::string& why) {
  throw InputError(SourcePlace{path.string(), 0, 0},
                   fmt::format("cannot write the file ({}); expected a writable path in an "
                               "existing directory",
                               why));
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path temporary = temporary_path_beside(path);
  std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
  if (!stream) fail_to_write(path, "cannot create a temporary file beside it");
  try {
    write(stream);
    stream.flush();
    if (!stream) fail_to_write(path, write_failure_reason(stream));
    errno = 0;
    stream.close();
    if (stream.fail()) fail_to_write(path, write_failure_reason(errno));
  } catch (...) {
    stream.close();
    remove_quietly(temporary);
    throw;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    remove_quietly(temporary);
    fail_to_write(path, error.message());
  }
}

}  // namespace citynet::output
