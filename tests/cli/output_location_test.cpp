// Where citynet writes, end to end: an output location is replaced only if citynet made it
// (a results folder with its .citynet-results marker, a file that begins as citynet's files
// of that kind do, an empty folder); anything else is refused with exit code 2 and left as it
// was, before any simulation runs. The temporary folder of a killed run is removed by the
// next run that writes to the same place.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "citynet_process.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::testing::ProcessResult;
using citynet::testing::read_all;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr int kExitInputError = 2;
// How long a killed run gets to create its temporary folder (the default city builds in
// well under a second).
constexpr std::chrono::seconds kTemporaryFolderTimeout{20};
constexpr std::chrono::milliseconds kPollInterval{20};

std::string source(const std::string& file) { return std::string(CITYNET_SOURCE_DIR) + "/" + file; }
std::string small_town() { return source("scenarios/small-town.yaml"); }
// The small town for two simulated hours: a results folder in a fraction of a second.
std::string quick_run(const fs::path& out) {
  return "run " + small_town() + " --quiet --duration 2h --out '" + out.string() + "'";
}

// Every file under `folder` with its content: what "left as it was" compares.
std::map<std::string, std::string> contents(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) files[fs::relative(entry.path(), folder).string()] = read_all(entry.path());
  }
  return files;
}

bool has_temporary_beside(const fs::path& target) {
  const std::string start = target.filename().string() + ".tmp-";
  for (const auto& entry : fs::directory_iterator(target.parent_path())) {
    if (entry.path().filename().string().rfind(start, 0) == 0) return true;
  }
  return false;
}

class OutputLocationTest : public citynet::testing::CitynetProcessTest {
 protected:
  // A folder of the user's own: notes and a scenario.
  [[nodiscard]] fs::path users_folder() const {
    const fs::path folder = directory_ / "mydocs";
    fs::create_directories(folder / "drafts");
    std::ofstream(folder / "notes.txt") << "my notes\n";
    std::ofstream(folder / "drafts" / "town.yaml") << "name: my town\n";
    return folder;
  }
};

TEST_F(OutputLocationTest, AnExistingFileIsRefusedAndUntouched) {
  const fs::path file = directory_ / "existing.txt";
  std::ofstream(file) << "the user's text\n";
  const ProcessResult result = citynet(quick_run(file));
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(file.string() + ": is a file; expected a new folder"));
  EXPECT_EQ(read_all(file), "the user's text\n");
  EXPECT_FALSE(has_temporary_beside(file));
}

TEST_F(OutputLocationTest, AFolderCitynetDidNotWriteIsRefusedAndUntouched) {
  const fs::path folder = users_folder();
  const auto before = contents(folder);
  const ProcessResult result = citynet(quick_run(folder));
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("holds files citynet did not write (it has no .citynet-results)"));
  EXPECT_EQ(contents(folder), before);
  EXPECT_FALSE(has_temporary_beside(folder));
}

TEST_F(OutputLocationTest, TheCurrentFolderIsRefusedWithAClearMessageAndUntouched) {
  const fs::path folder = users_folder();
  const auto before = contents(folder);
  const fs::path log = directory_ / "output.txt";
  const std::string command = "cd '" + folder.string() + "' && " + CITYNET_BINARY + " run " + small_town() +
                              " --quiet --duration 2h --out . > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kExitInputError) << read_all(log);
  EXPECT_THAT(read_all(log), StartsWith(".: is or holds the current folder; expected a new folder"));
  EXPECT_THAT(read_all(log), Not(HasSubstr("Is a directory")));
  EXPECT_EQ(contents(folder), before);
}

TEST_F(OutputLocationTest, AFolderCitynetWroteIsReplacedWholeAndNamesTheCommand) {
  const fs::path out = directory_ / "town";
  ASSERT_EQ(citynet(quick_run(out)).exit_code, 0);
  std::ofstream(out / "stale.csv") << "left from an earlier run\n";
  const ProcessResult result = citynet(quick_run(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_FALSE(fs::exists(out / "stale.csv")) << "the folder is replaced as a whole";
  EXPECT_TRUE(fs::exists(out / "summary.csv"));
  const std::string marker = read_all(out / ".citynet-results");
  EXPECT_THAT(marker, StartsWith("citynet results folder\ncommand: citynet run\nversion: "));
}

TEST_F(OutputLocationTest, AnEmptyFolderIsUsed) {
  const fs::path out = directory_ / "empty";
  fs::create_directories(out);
  const ProcessResult result = citynet(quick_run(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(fs::exists(out / "summary.csv"));
}

TEST_F(OutputLocationTest, TheTemporaryFolderOfAKilledRunIsRemovedByTheNextRun) {
  const fs::path out = directory_ / "city";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The default city for a day: still running when it is killed.
    std::freopen("/dev/null", "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    ::execl(CITYNET_BINARY, CITYNET_BINARY, "run", "--quiet", "--out", out.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + kTemporaryFolderTimeout;
  while (!has_temporary_beside(out) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(kPollInterval);
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(has_temporary_beside(out)) << "a killed run leaves its temporary folder";

  const ProcessResult result = citynet(quick_run(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_FALSE(has_temporary_beside(out));
  EXPECT_TRUE(fs::exists(out / "summary.csv"));
}

TEST_F(OutputLocationTest, CompareRefusesAFolderCitynetDidNotWriteBeforeItRuns) {
  const fs::path folder = users_folder();
  const auto before = contents(folder);
  const ProcessResult result =
      citynet("compare " + small_town() + " --quiet --replications 1 --duration 2h --out '" + folder.string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("holds files citynet did not write"));
  EXPECT_EQ(contents(folder), before);
}

TEST_F(OutputLocationTest, ARunDoesNotReplaceASweepsFolder) {
  const fs::path out = directory_ / "sweep";
  ASSERT_EQ(citynet("sweep " + source("scenarios/sweeps/small-town.yaml") + " --quiet --max-rows 1 --out " +
                    out.string())
                .exit_code,
            0);
  const auto before = contents(out);
  const ProcessResult result = citynet(quick_run(out));
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("holds what citynet sweep wrote"));
  EXPECT_EQ(contents(out), before);
}

TEST_F(OutputLocationTest, SweepRefusesAFolderOfOtherContent) {
  const fs::path folder = users_folder();
  const auto before = contents(folder);
  const ProcessResult result =
      citynet("sweep " + source("scenarios/sweeps/small-town.yaml") + " --quiet --out '" + folder.string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("holds files citynet did not write"));
  EXPECT_EQ(contents(folder), before);
}

TEST_F(OutputLocationTest, SweepResumesAFolderWrittenBeforeFoldersHadAMarker) {
  const fs::path out = directory_ / "sweep";
  const std::string sweep = "sweep " + source("scenarios/sweeps/small-town.yaml") + " --quiet --max-rows 1 --out " +
                            out.string();
  ASSERT_EQ(citynet(sweep).exit_code, 0);
  ASSERT_TRUE(fs::remove(out / ".citynet-results"));
  const ProcessResult result = citynet(sweep);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(read_all(out / "sweep.csv"), HasSubstr("\n0,1,")) << "the second row, appended";
  EXPECT_THAT(read_all(out / ".citynet-results"), HasSubstr("command: citynet sweep\n"));
}

TEST_F(OutputLocationTest, ReplayReplacesTheCompletionTimesItWroteAndRefusesAnotherFile) {
  const fs::path flows = directory_ / "flows.csv";
  std::ofstream(flows) << "id,start_s,src,dst,size_bytes,max_rate_bps\n1,0,a,b,1000000,\n";
  const fs::path fct = directory_ / "fct.csv";
  const std::string replay = "replay --quiet --topology " + source("tests/data/replay/line.yaml") + " --flows " +
                             flows.string() + " --out " + fct.string();
  ASSERT_EQ(citynet(replay).exit_code, 0);
  const std::string first = read_all(fct);
  ASSERT_EQ(citynet(replay).exit_code, 0) << "its own file is replaced";
  EXPECT_EQ(read_all(fct), first);

  std::ofstream(fct) << "the user's measurements\n";
  const ProcessResult result = citynet(replay);
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output,
              StartsWith(fct.string() + ": is not a file citynet wrote (its first line is not \"id,start_s,end_s,"));
  EXPECT_EQ(read_all(fct), "the user's measurements\n");
}

TEST_F(OutputLocationTest, TopoExportReplacesItsOwnExportAndRefusesTheUsersGraphml) {
  const fs::path graphml = directory_ / "network.graphml";
  const std::string export_graphml = "topo " + small_town() + " --export " + graphml.string();
  ASSERT_EQ(citynet(export_graphml).exit_code, 0);
  EXPECT_THAT(read_all(graphml), StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by citynet"));
  const ProcessResult read_back = citynet("topo " + graphml.string());
  EXPECT_EQ(read_back.exit_code, 0) << "the export still reads as GraphML: " << read_back.output;
  ASSERT_EQ(citynet(export_graphml).exit_code, 0) << "its own export is replaced";

  const std::string users = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml><!-- drawn by hand --></graphml>\n";
  std::ofstream(graphml, std::ios::trunc) << users;
  const ProcessResult result = citynet(export_graphml);
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("its first lines are not \"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\" "
                                       "and \"<!-- written by citynet topo --export -->\"); expected a new file name, "
                                       "or a GraphML export that citynet wrote"));
  EXPECT_EQ(read_all(graphml), users);

  const fs::path dot = directory_ / "network.dot";
  std::ofstream(dot) << "graph mine {}\n";
  EXPECT_EQ(citynet("topo " + small_town() + " --export " + dot.string()).exit_code, kExitInputError);
  EXPECT_EQ(read_all(dot), "graph mine {}\n");
}

TEST_F(OutputLocationTest, CutAnalysisRefusesAFileItDidNotWrite) {
  const fs::path csv = directory_ / "cuts.csv";
  const std::string cut = "topo " + small_town() + " --cut-analysis --out " + csv.string();
  ASSERT_EQ(citynet(cut).exit_code, 0);
  ASSERT_EQ(citynet(cut).exit_code, 0) << "its own file is replaced";
  std::ofstream(csv, std::ios::trunc) << "rank,my own column\n";
  const ProcessResult result = citynet(cut);
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("expected a new file name, or a cut-analysis CSV that citynet wrote"));
  EXPECT_EQ(read_all(csv), "rank,my own column\n");
}

}  // namespace
