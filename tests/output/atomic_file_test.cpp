#include "output/atomic_file.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include <sched.h>
#include <sys/mount.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "output/temporary_owner.hpp"
#include "../scratch_folder.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class AtomicFileTest : public testing::ScratchFolderTest {
 protected:
  [[nodiscard]] std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(directory_), fs::directory_iterator{}));
  }
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(AtomicFileTest, WritesTheContentUnderTheTargetNameAndNothingElse) {
  const fs::path target = directory_ / "out.csv";
  write_file_atomically(target, [](std::ostream& out) { out << "a,b\n1,2\n"; });
  EXPECT_EQ(read_all(target), "a,b\n1,2\n");
  EXPECT_EQ(entries(), 1U) << "the temporary file must be gone after the rename";
}

TEST_F(AtomicFileTest, ReplacesAnExistingFileWhole) {
  const fs::path target = directory_ / "out.csv";
  std::ofstream(target) << "old content that is longer than the new one\n";
  write_file_atomically(target, [](std::ostream& out) { out << "new\n"; });
  EXPECT_EQ(read_all(target), "new\n");
}

TEST_F(AtomicFileTest, AWriterThatThrowsLeavesTheOldFileAndNoTemporary) {
  const fs::path target = directory_ / "out.csv";
  std::ofstream(target) << "old\n";
  EXPECT_THROW(write_file_atomically(target,
                                     [](std::ostream& out) {
                                       out << "half a fi";
                                       throw std::runtime_error("writer failed midway");
                                     }),
               std::runtime_error);
  EXPECT_EQ(read_all(target), "old\n");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicFileTest, AWriterThatThrowsCreatesNoTarget) {
  const fs::path target = directory_ / "out.csv";
  EXPECT_THROW(write_file_atomically(target, [](std::ostream&) { throw InputError("bad row"); }),
               InputError);
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(entries(), 0U);
}

TEST_F(AtomicFileTest, AMissingDirectoryIsAnInputErrorNamingThePath) {
  const fs::path target = directory_ / "no-such-directory" / "out.csv";
  try {
    write_file_atomically(target, [](std::ostream& out) { out << "x"; });
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(target.string()));
    EXPECT_THAT(error.what(), HasSubstr("expected a writable path"));
  }
  EXPECT_EQ(entries(), 0U);
}

constexpr FileMark kMark{"id,value\n", "a table"};

TEST_F(AtomicFileTest, AUserFileIsReplacedOnlyWhereItBeginsWithTheMarkOrIsEmpty) {
  const fs::path ours = directory_ / "ours.csv";
  const fs::path empty = directory_ / "empty.csv";
  const fs::path theirs = directory_ / "theirs.csv";
  std::ofstream(ours) << "id,value\n1,2\n";
  std::ofstream(empty).flush();
  std::ofstream(theirs) << "id,value,note\n";  // begins like the mark, but its first line is another
  const auto write = [](std::ostream& out) { out << "id,value\n3,4\n"; };
  write_user_file_atomically(ours, kMark, write);
  write_user_file_atomically(empty, kMark, write);
  EXPECT_EQ(read_all(ours), "id,value\n3,4\n");
  EXPECT_EQ(read_all(empty), "id,value\n3,4\n");
  try {
    write_user_file_atomically(theirs, kMark, write);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(theirs.string() + ": is not a file citynet wrote (its first line is not "
                                                          "\"id,value\"); expected a new file name, or a table"));
  }
  EXPECT_EQ(read_all(theirs), "id,value,note\n");
  EXPECT_EQ(entries(), 3U) << "no temporary left";
}

TEST_F(AtomicFileTest, AFolderOrALinkNamedAsAUserFileIsRefused) {
  fs::create_directories(directory_ / "folder");
  std::ofstream(directory_ / "real.csv") << "id,value\n";
  fs::create_symlink(directory_ / "real.csv", directory_ / "link.csv");
  EXPECT_THROW(check_citynet_may_replace_file(directory_ / "folder", kMark), InputError);
  EXPECT_THROW(check_citynet_may_replace_file(directory_ / "link.csv", kMark), InputError);
  EXPECT_THROW(check_citynet_may_replace_file("/dev/null", kMark), InputError);
}

TEST_F(AtomicFileTest, WritingAUserFileRemovesTheTemporaryOfAKilledWriter) {
  const fs::path target = directory_ / "fct.csv";
  // What a writer that was killed leaves: its temporary, named with its pid, now ended.
  const pid_t ended = ::fork();
  if (ended == 0) std::_Exit(0);
  ::waitpid(ended, nullptr, 0);
  std::string name = temporary_prefix(target);
  const std::string own = "-" + std::to_string(::getpid()) + "-";
  const fs::path left = name.substr(0, name.size() - own.size()) + "-" + std::to_string(ended) + "-0";
  std::ofstream(left) << "id,value\n1,";
  write_user_file_atomically(target, kMark, [](std::ostream& out) { out << "id,value\n"; });
  EXPECT_FALSE(fs::exists(left));
  EXPECT_EQ(entries(), 1U);
}

// A tmpfs of 64 kB at `mount_point`, mounted in a mount namespace of this test process's
// own, so that no other process sees it and it goes away with the process whatever happens.
// mounted() is false where mounting is not permitted (not root, or a container forbids it).
class SmallDisk {
 public:
  explicit SmallDisk(const fs::path& mount_point) : mount_point_(mount_point) {
    fs::create_directories(mount_point_);
    mounted_ = ::unshare(CLONE_NEWNS) == 0 && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
               ::mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=64k") == 0;
    if (!mounted_) why_not_ = std::strerror(errno);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  ~SmallDisk() {
    if (mounted_) ::umount(mount_point_.c_str());
  }
  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] const std::string& why_not() const { return why_not_; }

 private:
  fs::path mount_point_;
  bool mounted_ = false;
  std::string why_not_;
};

TEST_F(AtomicFileTest, AFullDiskIsSaidToBeFullAndLeavesNoTemporaryFile) {
  const fs::path disk_folder = directory_ / "small-disk";
  const SmallDisk disk(disk_folder);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << disk.why_not();
  const fs::path target = disk_folder / "fct.csv";
  try {
    // 1 MB, written from another thread as the replay writes its completion times: the
    // thread that sees the failure is not the one that made it.
    write_file_atomically(target, [](std::ostream& out) {
      std::thread writer([&out] {
        for (int row = 0; row < 1000; ++row) out << std::string(1023, 'x') << '\n';
      });
      writer.join();
    });
    ADD_FAILURE() << "1 MB fit on a 64 kB disk";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(target.string() + ": cannot write the file (disk full)"));
  }
  EXPECT_TRUE(fs::is_empty(disk_folder)) << "the temporary file is removed";
}

}  // namespace
}  // namespace citynet::output
