#include "output/results_folder.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <fmt/core.h>

#include "core/error.hpp"
#include "core/version.hpp"
#include "core/user_text.hpp"
#include "output/atomic_file.hpp"
#include "output/temporary_owner.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;

constexpr fs::perms kResultsFolderPermissions = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                                fs::perms::others_read | fs::perms::others_exec;
constexpr std::string_view kMarkerFirstLine = "citynet results folder";
constexpr std::string_view kMarkerCommandPrefix = "command: citynet ";
// The commands whose folders are replaced whole; a sweep's folder is resumed, never replaced.
constexpr std::array<std::string_view, 3> kReplacedWhole = {"run", "compare", "forecast"};
constexpr std::string_view kExpectedFolder =
    "expected a new folder, an empty one, or a results folder citynet wrote (it replaces only those)";

[[nodiscard]] InputError cannot(const fs::path& path, const std::string& what, int error) {
  return InputError(SourcePlace{path.string(), 0, 0},
                    fmt::format("cannot {}: {}; expected a folder that can be written", what, write_failure_reason(error)));
}

[[nodiscard]] InputError refuse(const fs::path& shown, const std::string& what, std::string_view expected) {
  return InputError(SourcePlace{shown.string(), 0, 0}, fmt::format("{}; {}", what, expected));
}

[[nodiscard]] std::string marker_text(std::string_view command) {
  return fmt::format("{}\n{}{}\nversion: {}\ncitynet may replace this folder whole when it writes here again; it replaces no folder without this file\n",
                     kMarkerFirstLine, kMarkerCommandPrefix, command, kVersion);
}

void write_marker(const fs::path& folder, std::string_view command) {
  write_file_atomically(folder / kFolderMarkerName, [&](std::ostream& out) { out << marker_text(command); });
}

// "/a/b/." and "/a/b/" name the folder "/a/b": the temporary goes beside it, not inside.
[[nodiscard]] fs::path location_of(const fs::path& target) {
  fs::path location = fs::absolute(target).lexically_normal();
  if (!location.has_filename() && location != location.root_path()) location = location.parent_path();
  return location;
}

// The current folder, or one that holds it: replacing it would pull the floor from under
// the shell that runs citynet.
[[nodiscard]] bool holds_current_folder(const fs::path& location) {
  std::error_code error;
  const fs::path here = fs::current_path(error);
  const fs::path real = fs::weakly_canonical(location, error);
  if (error) return false;
  const fs::path relative = here.lexically_relative(real);
  return !relative.empty() && *relative.begin() != "..";
}

[[nodiscard]] bool is_empty_folder(const fs::path& folder) {
  std::error_code error;
  return fs::is_empty(folder, error) && !error;
}

[[nodiscard]] std::string other_content() {
  return fmt::format("holds files citynet did not write (it has no {})", kFolderMarkerName);
}

void check_may_replace(const fs::path& location, const fs::path& shown) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(location, error);
  if (status.type() == fs::file_type::not_found) return;
  if (status.type() == fs::file_type::symlink) throw refuse(shown, "is a symbolic link", kExpectedFolder);
  if (status.type() == fs::file_type::regular) throw refuse(shown, "is a file", kExpectedFolder);
  if (status.type() != fs::file_type::directory) throw refuse(shown, "is not a folder", kExpectedFolder);
  if (holds_current_folder(location)) throw refuse(shown, "is or holds the current folder", kExpectedFolder);
  if (is_empty_folder(location)) return;
  const std::optional<std::string> command = folder_marker_command(location);
  if (!command) throw refuse(shown, other_content(), kExpectedFolder);
  if (std::find(kReplacedWhole.begin(), kReplacedWhole.end(), *command) == kReplacedWhole.end()) {
    throw refuse(shown, fmt::format("holds what citynet {} wrote, which is kept", *command), kExpectedFolder);
  }
}

// mkdtemp: a fresh, unique name that no other run can take at the same time.
[[nodiscard]] fs::path make_temporary_beside(const fs::path& target, const std::string& prefix) {
  std::string pattern = prefix + "XXXXXX";
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

std::optional<std::string> folder_marker_command(const fs::path& folder) {
  const fs::path marker = folder / kFolderMarkerName;
  std::error_code error;
  if (!fs::is_regular_file(fs::symlink_status(marker, error))) return std::nullopt;
  std::ifstream in(marker, std::ios::binary);
  std::string first;
  std::string second;
  if (!std::getline(in, first) || first != kMarkerFirstLine || !std::getline(in, second)) return std::nullopt;
  if (second.compare(0, kMarkerCommandPrefix.size(), kMarkerCommandPrefix) != 0) return std::nullopt;
  return second.substr(kMarkerCommandPrefix.size());
}

void claim_folder(const fs::path& folder, std::string_view command, std::span<const std::string_view> legacy_files) {
  const std::string expected = fmt::format(
      "expected a new folder, an empty one, or a folder of citynet {} (the one it resumes)", command);
  std::error_code error;
  const fs::file_status status = fs::status(folder, error);
  if (status.type() == fs::file_type::not_found) {
    fs::create_directories(folder, error);
    if (error) throw cannot(folder, "create the folder", error.value());
    write_marker(folder, command);
    return;
  }
  if (status.type() != fs::file_type::directory) throw refuse(folder, "is not a folder", expected);
  if (const std::optional<std::string> marked = folder_marker_command(folder)) {
    if (*marked == command) return;
    throw refuse(folder, fmt::format("holds what citynet {} wrote", *marked), expected);
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (std::find(legacy_files.begin(), legacy_files.end(), name) == legacy_files.end()) {
      throw refuse(folder, other_content(), expected);
    }
  }
  write_marker(folder, command);
}

ResultsFolder::ResultsFolder(fs::path target, std::string_view command)
    : target_(std::move(target)), location_(location_of(target_)) {
  check_may_replace(location_, target_);
  std::error_code error;
  fs::create_directories(location_.parent_path(), error);
  if (error) throw cannot(target_.parent_path(), "create the folder", error.value());
  remove_stale_temporaries(location_);
  temporary_ = make_temporary_beside(target_, temporary_prefix(location_));
  lock_ = std::make_unique<TemporaryLock>(temporary_);
  write_marker(temporary_, command);
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
  // Checked again: the user may have put something there while the run went on.
  check_may_replace(location_, target_);
  std::error_code error;
  const bool exists = fs::exists(fs::symlink_status(location_, error));
  if (!exists) {
    if (std::rename(temporary_.c_str(), location_.c_str()) != 0) throw cannot(target_, "rename the results into place", errno);
    committed_ = true;
    lock_.reset();
    return;
  }
  if (::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, location_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    lock_.reset();
    remove_quietly(temporary_);  // now holds the old results
    return;
  }
  // No atomic exchange here: move the old folder aside, then the new one in.
  const fs::path old = make_temporary_beside(target_, location_.string() + ".old-");
  if (std::rename(location_.c_str(), old.c_str()) != 0) {
    remove_quietly(old);
    throw cannot(target_, "move the old results aside", errno);
  }
  if (std::rename(temporary_.c_str(), location_.c_str()) != 0) {
    const int rename_error = errno;
    std::rename(old.c_str(), location_.c_str());
    throw cannot(target_, "rename the results into place", rename_error);
  }
  committed_ = true;
  lock_.reset();
  remove_quietly(old);
}

}  // namespace citynet::output
