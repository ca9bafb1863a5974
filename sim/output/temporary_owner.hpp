#pragma once
// Temporaries beside an output say who made them, so that those of a killed run can be told
// from those of a run still writing. A temporary is named `<target>.tmp-<boot>-<pid>-<unique>`
// (boot: the start of this boot's id, /proc/sys/kernel/random/boot_id) and the process that
// writes it holds an flock on it for as long as it lives; the kernel drops the lock when the
// process dies, SIGKILL included. A temporary is stale when nobody holds its lock and its
// process is gone (another boot, or no process of that pid now): the pid covers the moment
// between creating a temporary and locking it, the lock covers writers whose pid means
// nothing here (another machine on a shared file system, another pid namespace). Where the
// file system has no locks, nothing is ever found stale.
#include <filesystem>
#include <string>

namespace citynet::output {

// "<target>.tmp-<boot>-<pid>-": how every temporary of this process beside `target` begins.
[[nodiscard]] std::string temporary_prefix(const std::filesystem::path& target);

// Holds the lock on a temporary (a file or a folder) until destroyed.
class TemporaryLock {
 public:
  explicit TemporaryLock(const std::filesystem::path& temporary);
  TemporaryLock(const TemporaryLock&) = delete;
  TemporaryLock& operator=(const TemporaryLock&) = delete;
  ~TemporaryLock();

 private:
  int descriptor_ = -1;
};

// Removes the temporaries beside `target` that runs now gone left behind. Names of another
// form (those of versions before this scheme, anything else) are left alone.
void remove_stale_temporaries(const std::filesystem::path& target) noexcept;

}  // namespace citynet::output
