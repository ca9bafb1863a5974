// Every finding of the fuzz harnesses (tests/data/fuzz_regressions/HARNESS/, one input per
// file) goes through the harness's own entry (fuzz/fuzz_inputs.hpp), here built with the
// normal compiler: each must now be refused as a user error naming the file, not crash,
// abort or throw anything else.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "fuzz/fuzz_inputs.hpp"

namespace citynet::fuzz {
namespace {

namespace fs = std::filesystem;

[[nodiscard]] std::vector<fs::path> files_in(const fs::path& folder) {
  std::vector<fs::path> files;
  if (!fs::is_directory(folder)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

[[nodiscard]] std::string contents_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// Every finding, with the harness that found it, now gives an InputError whose message
// starts at the file (none so far: the folders fill as the campaigns find things).
TEST(FuzzRegressions, EveryFindingIsAnInputErrorAtTheFile) {
  for (const FuzzTarget& target : fuzz_targets()) {
    for (const fs::path& finding : files_in(fs::path(CITYNET_TEST_DATA) / "fuzz_regressions" / target.name)) {
      SCOPED_TRACE(finding.string());
      try {
        target.read(contents_of(finding), target.file_name);
        ADD_FAILURE() << "accepted; expected an InputError";
      } catch (const InputError& e) {
        EXPECT_EQ(std::string_view(e.what()).substr(0, target.file_name.size()), target.file_name) << e.what();
      }
    }
  }
}

// The committed seeds are the harnesses' starting points and must stay what they were
// written to be: a seed named refused-* is refused with an InputError at the file, every
// other seed (the shipped scenarios and sweeps among them) is accepted.
TEST(FuzzRegressions, EverySeedIsAcceptedUnlessNamedRefused) {
  for (const FuzzTarget& target : fuzz_targets()) {
    for (const fs::path& seed : files_in(fs::path(CITYNET_SOURCE_DIR) / "fuzz" / "corpus" / target.name)) {
      SCOPED_TRACE(seed.string());
      const bool refused = seed.filename().string().starts_with("refused-");
      try {
        target.read(contents_of(seed), target.file_name);
        EXPECT_FALSE(refused) << "accepted; expected an InputError";
      } catch (const InputError& e) {
        EXPECT_TRUE(refused) << e.what();
        EXPECT_EQ(std::string_view(e.what()).substr(0, target.file_name.size()), target.file_name) << e.what();
      }
    }
  }
}

// found/ holds what campaigns added to the seeds (libFuzzer's -merge=1, named by their
// hash): mostly broken files, each accepted or refused as a user error (a sweep's error may
// name the scenario file it points to, so the message's file is not checked here).
TEST(FuzzRegressions, EverySeedACampaignFoundIsReadAsAUserFile) {
  for (const FuzzTarget& target : fuzz_targets()) {
    for (const fs::path& seed : files_in(fs::path(CITYNET_SOURCE_DIR) / "fuzz" / "corpus" / target.name / "found")) {
      SCOPED_TRACE(seed.string());
      try {
        target.read(contents_of(seed), target.file_name);
      } catch (const InputError& e) {
        EXPECT_FALSE(std::string_view(e.what()).empty());
      }
    }
  }
}

}  // namespace
}  // namespace citynet::fuzz
