#include "output/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include <fmt/core.h>

#include "core/error.hpp"
#include "output/temporary_owner.hpp"
#include "core/user_text.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;

// Unique per process and call, so that concurrent writers of the same target (threads
// or processes) never share a temporary file.
[[nodiscard]] fs::path temporary_path_beside(const fs::path& path) {
  static std::atomic<unsigned> next_serial{0};
  return fs::path(temporary_prefix(path) + std::to_string(next_serial++));
}

void remove_quietly(const fs::path& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

[[noreturn]] void fail_to_write(const fs::path& path, const std::string& why) {
  throw InputError(SourcePlace{path.string(), 0, 0},
                   fmt::format("cannot write the file ({}); expected a writable path in an "
                               "existing directory",
                               why));
}

[[noreturn]] void refuse(const fs::path& path, const std::string& what, const FileMark& mark) {
  throw InputError(SourcePlace{path.string(), 0, 0},
                   fmt::format("{}; expected a new file name, or {} that citynet wrote (it replaces only those)", what,
                               mark.kind));
}

// `its first line is not "a,b"`, `its first lines are not "x" and "y"`.
[[nodiscard]] std::string not_the_mark(std::string_view mark) {
  std::string lines;
  std::size_t count = 0;
  while (!mark.empty()) {
    const std::size_t end = mark.find('\n');
    lines += fmt::format("{}\"{}\"", count++ == 0 ? "" : " and ", mark.substr(0, end));
    mark.remove_prefix(end == std::string_view::npos ? mark.size() : end + 1);
  }
  return fmt::format("its first {} not {}", count == 1 ? "line is" : "lines are", lines);
}

[[nodiscard]] bool begins_with(const fs::path& path, std::string_view mark) {
  std::ifstream in(path, std::ios::binary);
  std::string start(mark.size(), '\0');
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  return in.gcount() == static_cast<std::streamsize>(mark.size()) && start == mark;
}

void write_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write, const FileMark* mark) {
  const fs::path temporary = temporary_path_beside(path);
  std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
  if (!stream) fail_to_write(path, "cannot create a temporary file beside it");
  const TemporaryLock lock(temporary);
  try {
    write(stream);
    stream.flush();
    if (!stream) fail_to_write(path, write_failure_reason(stream));
    errno = 0;
    stream.close();
    if (stream.fail()) fail_to_write(path, write_failure_reason(errno));
    // The user may have put a file of their own there while citynet was writing.
    if (mark != nullptr) check_citynet_may_replace_file(path, *mark);
  } catch (...) {
    stream.close();
    remove_quietly(temporary);
    throw;
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    remove_quietly(temporary);
    fail_to_write(path, error.message());
  }
}

}  // namespace

void write_file_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  write_atomically(path, write, nullptr);
}

void check_citynet_may_replace_file(const fs::path& path, const FileMark& mark) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(path, error);
  if (error || status.type() == fs::file_type::not_found) return;  // new (or unreadable: the write will say)
  switch (status.type()) {
    case fs::file_type::regular: break;
    case fs::file_type::directory: refuse(path, "is a folder", mark);
    case fs::file_type::symlink: refuse(path, "is a symbolic link", mark);
    default: refuse(path, "is not a regular file", mark);
  }
  if (fs::file_size(path, error) == 0 && !error) return;
  if (!begins_with(path, mark.begins_with)) {
    refuse(path, fmt::format("is not a file citynet wrote ({})", not_the_mark(mark.begins_with)), mark);
  }
}

void write_user_file_atomically(const fs::path& path, const FileMark& mark,
                                const std::function<void(std::ostream&)>& write) {
  check_citynet_may_replace_file(path, mark);
  remove_stale_temporaries(path);
  write_atomically(path, write, &mark);
}

}  // namespace citynet::output
