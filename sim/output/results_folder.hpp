#pragma once
// A results folder that appears whole or not at all. Files are written into a temporary
// folder beside the target (output/temporary_owner.hpp, each file itself written to a
// temporary name and renamed); commit() then puts the folder in the target's place in one
// step, exchanging it with an existing folder (renameat2 RENAME_EXCHANGE) and removing the
// old one, so that a reader sees the old results or the new, never a mixture. Where the
// exchange is not supported, the old folder is first moved aside. A folder that is never
// committed (an error, an interrupted run) is removed by the destructor; one left by a
// killed run is removed by the next run that writes the same target.
//
// citynet replaces only what it made: every results folder holds a marker file,
// `.citynet-results`, naming the command and the version that wrote it. A target that
// exists is replaced only if it is an empty folder or a folder whose marker names a command
// that writes results folders (run, compare); a file, a link, a folder of other content or
// a sweep's folder is refused (InputError) before anything is written, and left as it was.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace citynet::output {

class TemporaryLock;

// The marker's name, in every folder citynet writes (results folders and sweep folders).
inline constexpr std::string_view kFolderMarkerName = ".citynet-results";

// The command named by `folder`'s marker ("run", "sweep"), if the folder has one.
[[nodiscard]] std::optional<std::string> folder_marker_command(const std::filesystem::path& folder);

// A folder a command fills in place (sweep appends to its sweep.csv). Usable when it does not
// exist, is empty, holds the marker of `command`, or holds nothing but `legacy_files` (what
// `command` wrote before folders had markers); else InputError naming it. Creates the folder
// and writes the marker if missing.
void claim_folder(const std::filesystem::path& folder, std::string_view command,
                  std::span<const std::string_view> legacy_files);

class ResultsFolder {
 public:
  // Checks that the target may be replaced, removes stale temporaries beside it, creates the
  // temporary folder (and the target's parent) with the marker of `command` ("run").
  // InputError when it cannot.
  ResultsFolder(std::filesystem::path target, std::string_view command);
  ResultsFolder(const ResultsFolder&) = delete;
  ResultsFolder& operator=(const ResultsFolder&) = delete;
  ~ResultsFolder();

  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  [[nodiscard]] const std::filesystem::path& temporary() const { return temporary_; }

  // Writes `file_name` inside the temporary folder, atomically.
  void write(const std::string& file_name, const std::function<void(std::ostream&)>& write_content) const;
  // Replaces the target with the temporary folder, if the target may still be replaced.
  // InputError when it cannot.
  void commit();
  // Removes the temporary folder now (the destructor would).
  void discard() noexcept;

 private:
  std::filesystem::path target_;    // as the user wrote it, for messages
  std::filesystem::path location_;  // absolute, without a trailing "/" or "."
  std::filesystem::path temporary_;
  std::unique_ptr<TemporaryLock> lock_;
  bool committed_ = false;
};

}  // namespace citynet::output
