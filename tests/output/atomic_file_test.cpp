#include "output/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
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

}  // namespace
}  // namespace citynet::output
