#pragma once
// A results folder that appears whole or not at all. Files are written into a temporary
// folder beside the target (`<target>.tmp-XXXXXX`, each file itself written to a temporary
// name and renamed); commit() then puts the folder in the target's place in one step,
// exchanging it with an existing folder (renameat2 RENAME_EXCHANGE) and removing the old
// one, so that a reader sees the old results or the new, never a mixture. Where the
// exchange is not supported, the old folder is first moved aside. A folder that is never
// committed (an error, an interrupted run) is removed by the destructor.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace citynet::output {

class ResultsFolder {
 public:
  // Creates the temporary folder (and the target's parent). InputError when it cannot.
  explicit ResultsFolder(std::filesystem::path target);
  ResultsFolder(const ResultsFolder&) = delete;
  ResultsFolder& operator=(const ResultsFolder&) = delete;
  ~ResultsFolder();

  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  [[nodiscard]] const std::filesystem::path& temporary() const { return temporary_; }

  // Writes `file_name` inside the temporary folder, atomically.
  void write(const std::string& file_name, const std::function<void(std::ostream&)>& write_content) const;
  // Replaces the target with the temporary folder. InputError when it cannot.
  void commit();
  // Removes the temporary folder now (the destructor would).
  void discard() noexcept;

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool committed_ = false;
};

}  // namespace citynet::output
