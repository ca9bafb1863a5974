#include "output/temporary_owner.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <fmt/core.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

namespace citynet::output {
namespace {

namespace fs = std::filesystem;

// Hex digits of the boot id kept in a name: enough that two boots never share them.
constexpr std::size_t kBootDigits = 12;
constexpr std::string_view kTemporaryInfix = ".tmp-";

[[nodiscard]] std::string read_boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  std::string digits;
  for (const char c : id) {
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0 && digits.size() < kBootDigits) digits += c;
  }
  return digits.size() == kBootDigits ? digits : std::string(kBootDigits, '0');
}

[[nodiscard]] const std::string& boot_id() {
  static const std::string id = read_boot_id();
  return id;
}

[[nodiscard]] bool process_exists(long pid) {
  if (pid <= 0) return true;  // not a process of ours to judge
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The writer of a temporary named "<boot>-<pid>-<unique>" after the infix, if it has that form.
struct Writer {
  std::string boot;
  long pid = 0;
};

[[nodiscard]] bool parse_writer(std::string_view rest, Writer& writer) {
  if (rest.size() < kBootDigits + 1 || rest[kBootDigits] != '-') return false;
  writer.boot = std::string(rest.substr(0, kBootDigits));
  rest.remove_prefix(kBootDigits + 1);
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), writer.pid);
  return error == std::errc{} && end != rest.data() + rest.size() && *end == '-';
}

// Nobody holds its lock. A temporary that cannot be opened or locked is not judged stale.
[[nodiscard]] bool lock_is_free(const fs::path& temporary) {
  const int descriptor = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (descriptor < 0) return false;
  const bool free = ::flock(descriptor, LOCK_EX | LOCK_NB) == 0;
  ::close(descriptor);
  return free;
}

}  // namespace

std::string temporary_prefix(const fs::path& target) {
  return fmt::format("{}{}{}-{}-", target.string(), kTemporaryInfix, boot_id(), ::getpid());
}

TemporaryLock::TemporaryLock(const fs::path& temporary)
    : descriptor_(::open(temporary.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) {
  if (descriptor_ >= 0 && ::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
    ::close(descriptor_);
    descriptor_ = -1;
  }
}

TemporaryLock::~TemporaryLock() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void remove_stale_temporaries(const fs::path& target) noexcept {
  const std::string start = target.filename().string() + std::string(kTemporaryInfix);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    Writer writer;
    if (name.compare(0, start.size(), start) != 0 || !parse_writer(std::string_view(name).substr(start.size()), writer)) {
      continue;
    }
    const bool writer_gone = writer.boot != boot_id() || !process_exists(writer.pid);
    if (writer_gone && lock_is_free(it->path())) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

}  // namespace citynet::output
