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

// What each finding of `harness` now gives: an InputError whose message starts at the file.
void expect_every_finding_refused(std::string_view harness) {
  const FuzzTarget& target = fuzz_target(harness);
  const std::vector<fs::path> findings = files_in(fs::path(CITYNET_TEST_DATA) / "fuzz_regressions" / harness);
  for (const fs::path& finding : findings) {
    SCOPED_TRACE(finding.string());
    try {
      target.read(contents_of(finding), target.file_name);
      ADD_FAILURE() << "accepted; expected an InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string_view(e.what()).substr(0, target.file_name.size()), target.file_name) << e.what();
    }
  }
}

TEST(FuzzRegressions, EveryScenarioFindingIsAnInputErrorAtTheFile) { expect_every_finding_refused("scenario"); }
TEST(FuzzRegressions, EveryGraphmlFindingIsAnInputErrorAtTheFile) { expect_every_finding_refused("graphml"); }
TEST(FuzzRegressions, EveryFlowTraceFindingIsAnInputErrorAtTheFile) { expect_every_finding_refused("flow_trace"); }
TEST(FuzzRegressions, EverySweepFindingIsAnInputErrorAtTheFile) { expect_every_finding_refused("sweep"); }

// The committed seeds are the harnesses' starting points; each must be read as a user's
// file is (accepted, or refused with an InputError), or the fuzzer would start from a crash.
TEST(FuzzRegressions, EverySeedIsAcceptedOrRefusedAsAUserError) {
  for (const FuzzTarget& target : fuzz_targets()) {
    for (const fs::path& seed : files_in(fs::path(CITYNET_SOURCE_DIR) / "fuzz" / "corpus" / target.name)) {
      SCOPED_TRACE(seed.string());
      try {
        target.read(contents_of(seed), target.file_name);
      } catch (const InputError&) {
      }
    }
  }
}

}  // namespace
}  // namespace citynet::fuzz
