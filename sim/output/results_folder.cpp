#include "output/results_folder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <fmt/core.h>

#include "core/error.hpp"
#include "core/user_text.hpp"
#include "output/atomic_file.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;

constexpr fs::perms kResultsFolderPermissions = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                                fs::perms::others_read | fs::perms::others_exec;

[[nodiscard]] InputError cannot(const fs::path& path, const std::string& what, int error) {
  return InputError(SourcePlace{path.string(), 0, 0},
                    fmt::format("cannot {}: {}; expected a folder that can be written", what, write_failure_reason(error)));
}

// mkdtemp: a fresh, unique name that no other run can take at the same time.
[[nodiscard]] fs::path make_temporary_beside(const fs::path& target, const char* suffix) {
  std::string pattern = target.string() + suffix;
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (::mkdtemp(name.data()) == nullptr) throw cannot(target, "create a temporary folder beside it", errno);
  // mkdtemp makes the folder private; results are for everyone who may read the parent.
  std::error_code ignored;
  fs::permissions(name.data(), kResultsFolderPermissions, ignored);
  return fs::path(name.data());
}

void remove_quietly(const fs::path& path) noexcept {
  std::error_code ignored;
  fs::remove_all(path, ignored);
}

}  // namespace

ResultsFolder::ResultsFolder(fs::path target) : target_(std::move(target)) {
  if (target_.has_parent_path()) {
    std::error_code error;
    fs::create_directories(target_.parent_path(), error);
    if (error) throw cannot(target_.parent_path(), "create the folder", error.value());
  }
  temporary_ = make_temporary_beside(target_, ".tmp-XXXXXX");
}

ResultsFolder::~ResultsFolder() {
  if (!committed_) discard();
}

void ResultsFolder::write(const std::string& file_name,
                          const std::function<void(std::ostream&)>& write_content) const {
  write_file_atomically(temporary_ / file_name, write_content);
}

void ResultsFolder::discard() noexcept { remove_quietly(temporary_); }

void ResultsFolder::commit() {
  std::error_code error;
  const bool exists = fs::exists(fs::symlink_status(target_, error));
  if (!exists) {
    if (std::rename(temporary_.c_str(), target_.c_str()) != 0) throw cannot(target_, "rename the results into place", errno);
    committed_ = true;
    return;
  }
  if (::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    remove_quietly(temporary_);  // now holds the old results
    return;
  }
  // No atomic exchange here: move the old folder aside, then the new one in.
  const fs::path old = make_temporary_beside(target_, ".old-XXXXXX");
  if (std::rename(target_.c_str(), old.c_str()) != 0) {
    remove_quietly(old);
    throw cannot(target_, "move the old results aside", errno);
  }
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const int rename_error = errno;
    std::rename(old.c_str(), target_.c_str());
    throw cannot(target_, "rename the results into place", rename_error);
  }
  committed_ = true;
  remove_quietly(old);
}

}  // namespace citynet::output
