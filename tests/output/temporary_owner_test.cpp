#include "output/temporary_owner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "../scratch_folder.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;

const std::string kInfix = ".tmp-";
const std::string kAnotherBoot = "ffffffffffff";

class StaleTemporaryTest : public testing::ScratchFolderTest {
 protected:
  [[nodiscard]] fs::path target() const { return directory_ / "city"; }

  // This boot's part of a temporary's name, as temporary_prefix writes it.
  [[nodiscard]] std::string this_boot() const {
    const std::string prefix = temporary_prefix(target());
    const std::size_t start = target().string().size() + kInfix.size();
    return prefix.substr(start, prefix.find('-', start) - start);
  }
  // A temporary beside the target as process `pid` of boot `boot` names it.
  [[nodiscard]] fs::path temporary_of(const std::string& boot, pid_t pid, const std::string& unique) const {
    return make(target().string() + kInfix + boot + "-" + std::to_string(pid) + "-" + unique);
  }
  static fs::path make(const fs::path& folder) {
    fs::create_directories(folder);
    return folder;
  }
};

// A process that has ended: its pid is free until the system hands it out again.
pid_t ended_process() {
  const pid_t child = ::fork();
  if (child == 0) std::_Exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST_F(StaleTemporaryTest, ThoseOfAnEndedProcessOrAnotherBootAreRemoved) {
  const fs::path ended = temporary_of(this_boot(), ended_process(), "a1b2c3");
  const fs::path rebooted = temporary_of(kAnotherBoot, ::getpid(), "d4e5f6");
  remove_stale_temporaries(target());
  EXPECT_FALSE(fs::exists(ended));
  EXPECT_FALSE(fs::exists(rebooted));
}

TEST_F(StaleTemporaryTest, ThoseOfALiveProcessOrHeldByALockAndOtherNamesAreKept) {
  const fs::path live = temporary_of(this_boot(), ::getpid(), "a1b2c3");
  const fs::path locked = temporary_of(kAnotherBoot, ::getpid(), "d4e5f6");
  const TemporaryLock lock(locked);  // as a writer on another machine holds it
  const fs::path older_version = make(directory_ / "city.tmp-Ab12Cd");
  const fs::path other_target = make((directory_ / "town").string() + kInfix + kAnotherBoot + "-1-x");
  remove_stale_temporaries(target());
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(locked));
  EXPECT_TRUE(fs::exists(older_version)) << "a name without its writer is never judged";
  EXPECT_TRUE(fs::exists(other_target));
}

}  // namespace
}  // namespace citynet::output
