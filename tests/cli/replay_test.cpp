// `citynet replay` end to end: the binary runs on small hand-made topologies and traces
// whose completion times are worked out by hand (every link carries 8 Mbit/s, so a
// 1,000,000-byte flow alone on a path takes exactly 1 s).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../scratch_folder.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The engine's progressive filling adds and divides rates; a few ulps of drift are fine.
constexpr double kRelativeTolerance = 1e-9;
constexpr int kExitInputError = 2;
constexpr const char* kHeader = "id,start_s,src,dst,size_bytes,max_rate_bps\n";

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

struct FctRow {
  double start_s = 0;
  double end_s = 0;
  double fct_s = 0;
  double size_bytes = 0;
  double mean_rate_bps = 0;
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string topology(const std::string& name) { return std::string(CITYNET_TEST_DATA) + "/replay/" + name; }

class ReplayTest : public citynet::testing::ScratchFolderTest {
 protected:
  [[nodiscard]] fs::path flows_file(const std::string& rows) const {
    const fs::path path = directory_ / "flows.csv";
    std::ofstream(path) << kHeader << rows;
    return path;
  }
  [[nodiscard]] fs::path out_file() const { return directory_ / "fct.csv"; }

  static ProcessResult run(const std::string& arguments) {
    const std::string command = std::string("'") + CITYNET_BINARY + "' " + arguments + " 2>&1";
    ProcessResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }

  // Runs a replay that must succeed and returns the rows by id, checking that they come
  // in input order.
  [[nodiscard]] std::map<std::string, FctRow> replay(const std::string& topology_name, const std::string& rows,
                                                     const std::string& extra = "") const {
    const ProcessResult result = run("replay --topology '" + topology(topology_name) + "' --flows '" +
                           flows_file(rows).string() + "' --out '" + out_file().string() + "' " + extra);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return parse_fct(read_all(out_file()), input_ids(rows));
  }

  static std::vector<std::string> input_ids(const std::string& rows) {
    std::vector<std::string> ids;
    std::istringstream in(rows);
    std::string line;
    while (std::getline(in, line)) ids.push_back(line.substr(0, line.find(',')));
    return ids;
  }

  static std::map<std::string, FctRow> parse_fct(const std::string& text, const std::vector<std::string>& ids) {
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "id,start_s,end_s,fct_s,size_bytes,mean_rate_bps");
    std::map<std::string, FctRow> rows;
    std::size_t position = 0;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string id;
      std::string value;
      std::getline(fields, id, ',');
      EXPECT_LT(position, ids.size());
      if (position < ids.size()) {
        EXPECT_EQ(id, ids[position]) << "rows must follow the input order";
      }
      ++position;
      FctRow row;
      for (double* field : {&row.start_s, &row.end_s, &row.fct_s, &row.size_bytes, &row.mean_rate_bps}) {
        std::getline(fields, value, ',');
        *field = std::strtod(value.c_str(), nullptr);
      }
      rows[id] = row;
    }
    EXPECT_EQ(position, ids.size()) << "one row per flow";
    return rows;
  }
};

void expect_near_relative(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, kRelativeTolerance * expected) << what;
}

TEST_F(ReplayTest, AFlowAloneTakesItsSizeOverTheBottleneck) {
  // 8,000,000 bits over two 8 Mbit/s links in series: 1 s.
  const auto fct = replay("line.yaml", "f,2.5,a,c,1000000,\n");
  expect_near_relative(fct.at("f").end_s, 3.5, "end_s");
  expect_near_relative(fct.at("f").fct_s, 1.0, "fct_s");
  expect_near_relative(fct.at("f").mean_rate_bps, 8e6, "mean_rate_bps");
  EXPECT_EQ(fct.at("f").start_s, 2.5);
  EXPECT_EQ(fct.at("f").size_bytes, 1e6);
}

TEST_F(ReplayTest, FlowsSharingALinkSplitItEqually) {
  // Both cross a→b, which gives each 4 Mbit/s: 2 s each, although only x goes on to c.
  const auto fct = replay("line.yaml", "x,0,a,c,1000000,\ny,0,a,b,1000000,\n");
  expect_near_relative(fct.at("x").end_s, 2.0, "x");
  expect_near_relative(fct.at("y").end_s, 2.0, "y");
}

TEST_F(ReplayTest, ALaterFlowTakesHalfTheLinkFromItsStart) {
  // p is alone for 0.5 s (half its bytes), then both get 4 Mbit/s: p ends 1 s later, at
  // 1.5 s, with q half done; q finishes alone in another 0.5 s, at 2 s.
  const auto fct = replay("line.yaml", "q,0.5,a,b,1000000,\np,0,a,b,1000000,\n");
  expect_near_relative(fct.at("p").end_s, 1.5, "p");
  expect_near_relative(fct.at("q").end_s, 2.0, "q");
}

TEST_F(ReplayTest, ACappedFlowLeavesTheRestToOthers) {
  // slow is held at 2 Mbit/s (4 s for 8 Mbit); fast gets the other 6 Mbit/s: 4/3 s.
  const auto fct = replay("line.yaml", "slow,0,a,b,1000000,2e6\nfast,0,a,b,1000000,\n");
  expect_near_relative(fct.at("slow").end_s, 4.0, "slow");
  expect_near_relative(fct.at("fast").end_s, 4.0 / 3.0, "fast");
  expect_near_relative(fct.at("fast").mean_rate_bps, 6e6, "fast rate");
}

TEST_F(ReplayTest, EachDirectionOfALinkHasTheFullCapacity) {
  // a→b and b→a do not share: 1 s each.
  const auto fct = replay("line.yaml", "up,0,a,b,1000000,\ndown,0,b,a,1000000,\n");
  expect_near_relative(fct.at("up").end_s, 1.0, "up");
  expect_near_relative(fct.at("down").end_s, 1.0, "down");
}

TEST_F(ReplayTest, RoutesTakeTheShortestTotalLength) {
  // a→c goes a-b-c (2 km, not the 5 km link), so it shares a→b with the flow to b: 2 s each.
  const auto fct = replay("triangle_long_detour.yaml", "ac,0,a,c,1000000,\nab,0,a,b,1000000,\n");
  expect_near_relative(fct.at("ac").end_s, 2.0, "ac");
  expect_near_relative(fct.at("ab").end_s, 2.0, "ab");
}

TEST_F(ReplayTest, AGraphmlTopologyIsReadLikeItsYamlTwin) {
  // The same triangle as above, as GraphML: the same route through b, the same 2 s each.
  const auto fct = replay("triangle_long_detour.graphml", "ac,0,a,c,1000000,\nab,0,a,b,1000000,\n");
  expect_near_relative(fct.at("ac").end_s, 2.0, "ac");
  expect_near_relative(fct.at("ab").end_s, 2.0, "ab");
}

TEST_F(ReplayTest, EqualLengthsPreferFewerHops) {
  // a→c is direct (2 km in 1 hop beats 2 km in 2 hops): nothing shared, 1 s each.
  const auto fct = replay("triangle_equal_length.yaml", "ac,0,a,c,1000000,\nab,0,a,b,1000000,\n");
  expect_near_relative(fct.at("ac").end_s, 1.0, "ac");
  expect_near_relative(fct.at("ab").end_s, 1.0, "ab");
}

TEST_F(ReplayTest, EqualLengthAndHopsPreferTheSmallerSequenceOfNodeIds) {
  // a→d goes a-b-d, so it shares b→d with the flow from b: 2 s each; c's links stay idle.
  const auto fct = replay("square.yaml", "ad,0,a,d,1000000,\nbd,0,b,d,1000000,\n");
  expect_near_relative(fct.at("ad").end_s, 2.0, "ad");
  expect_near_relative(fct.at("bd").end_s, 2.0, "bd");
}

TEST_F(ReplayTest, ASwitchingCapacityLimitsTrafficThroughTheNode) {
  // b switches 4 Mbit/s: a→c alone takes 2 s, though its links carry 8 Mbit/s.
  const auto fct = replay("switching_node.yaml", "f,0,a,c,1000000,\n");
  expect_near_relative(fct.at("f").end_s, 2.0, "f");
}

TEST_F(ReplayTest, FastModeAgreesWithExactModeOnAFlowAlone) {
  const auto fct = replay("line.yaml", "f,0,a,c,1000000,\n", "--mode fast");
  expect_near_relative(fct.at("f").end_s, 1.0, "f");
}

TEST_F(ReplayTest, NumbersRoundTripExactly) {
  // 1e6 bytes over 8 Mbit/s from 0.1 s ends at 0.1 + 1: the file must hold the very doubles.
  const auto fct = replay("line.yaml", "f,0.1,a,b,1000000,\n");
  EXPECT_EQ(fct.at("f").start_s, 0.1);
  expect_near_relative(fct.at("f").end_s, 1.1, "end_s");
  EXPECT_EQ(fct.at("f").fct_s, fct.at("f").end_s - 0.1) << "fct_s is end_s - start_s, printed exactly";
}

TEST_F(ReplayTest, RowsFollowTheFileWhateverOrderTheFlowsCompleteIn) {
  // Rows are written in blocks while the replay runs; here the flows start in an order that
  // jumps across the file, so blocks complete out of order. Each flow is alone on the link
  // (they start 2 s apart) and takes 1 s.
  constexpr std::size_t kFlows = 40000;  // several blocks of the writer, the last one short
  constexpr std::size_t kStride = 7919;  // prime, so i -> i * kStride mod kFlows is a permutation
  const auto start_s = [&](std::size_t i) { return 2 * (i * kStride % kFlows); };
  std::string rows;
  for (std::size_t i = 0; i < kFlows; ++i) {
    rows += std::to_string(i) + "," + std::to_string(start_s(i)) + ",a,b,1000000,\n";
  }
  const auto fct = replay("line.yaml", rows);  // checks the rows' order
  for (std::size_t i = 0; i < kFlows; ++i) {
    const FctRow& row = fct.at(std::to_string(i));
    ASSERT_EQ(row.start_s, static_cast<double>(start_s(i))) << i;
    ASSERT_NEAR(row.fct_s, 1.0, kRelativeTolerance) << i;
  }
}

// What a replay prints on each stream, apart.
struct SplitOutput {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

class ReplayProgressTest : public ReplayTest {
 protected:
  [[nodiscard]] SplitOutput replay_split(const std::string& rows, const std::string& extra) const {
    const fs::path out = directory_ / "stdout.txt";
    const fs::path err = directory_ / "stderr.txt";
    const std::string command = std::string("'") + CITYNET_BINARY + "' replay --topology '" + topology("line.yaml") +
                                "' --flows '" + flows_file(rows).string() + "' --out '" + out_file().string() + "' " +
                                extra + " > '" + out.string() + "' 2> '" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(out), read_all(err)};
  }

  static constexpr const char* kRows = "f,0,a,b,1000000,\ng,0.5,a,c,1000000,\nh,1,b,c,2000000,4e6\n";
};

TEST_F(ReplayProgressTest, QuietPrintsNothingOnStderrAndTheSameCompletionTimes) {
  const SplitOutput loud = replay_split(kRows, "");
  ASSERT_EQ(loud.exit_code, 0) << loud.stderr_text;
  const std::string loud_csv = read_all(out_file());
  const SplitOutput quiet = replay_split(kRows, "--quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.stderr_text;
  EXPECT_EQ(quiet.stderr_text, "");
  EXPECT_EQ(read_all(out_file()), loud_csv) << "progress changes nothing in the results";
  EXPECT_EQ(quiet.stdout_text, loud.stdout_text) << "the summary on stdout stays";
}

TEST_F(ReplayProgressTest, TheEndOfAReplayIsReportedOnStderrWithEveryFlowCompleted) {
  const SplitOutput result = replay_split(kRows, "");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_THAT(result.stderr_text, HasSubstr("3 of 3 flows started, 3 completed"));
  EXPECT_THAT(result.stdout_text, StartsWith("citynet replay: 3 flows"));
  EXPECT_THAT(result.stderr_text, ::testing::Not(HasSubstr("citynet replay:"))) << "the summary is on stdout only";
}

// Every user error: exit code 2, one message naming the file (and the line where there is
// one), and no output file, not even a partial one.
struct ErrorCase {
  const char* name;
  const char* topology;
  std::string rows;
  const char* place;     // the message starts with FILE followed by this
  const char* fragment;  // and says what is wrong
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }

class ReplayErrorTest : public ReplayTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(ReplayErrorTest, ExitsWithCodeTwoNamingFileAndLineAndWritesNothing) {
  const ErrorCase& c = GetParam();
  const fs::path flows = flows_file(c.rows);
  const ProcessResult result = run("replay --topology '" + topology(c.topology) + "' --flows '" + flows.string() +
                         "' --out '" + out_file().string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(flows.string() + c.place));
  EXPECT_THAT(result.output, HasSubstr(c.fragment));
  EXPECT_THAT(result.output, HasSubstr("; expected "));
  EXPECT_FALSE(fs::exists(out_file()));
  EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator{}), 1)
      << "only the flows file: no temporary file either";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReplayErrorTest,
    ::testing::Values(
        ErrorCase{"MissingField", "line.yaml", "1,0,a,b,10,\n2,0,a,b,10\n", ":3:11: ", "row has 5 fields"},
        ErrorCase{"NonNumericSize", "line.yaml", "1,0,a,b,ten,\n", ":2:9: ", "size_bytes: \"ten\""},
        ErrorCase{"NegativeSize", "line.yaml", "1,0,a,b,-1,\n", ":2:9: ", "size_bytes: \"-1\""},
        ErrorCase{"NegativeTime", "line.yaml", "1,-0.5,a,b,10,\n", ":2:3: ", "start_s: \"-0.5\""},
        ErrorCase{"NonNumericTime", "line.yaml", "1,noon,a,b,10,\n", ":2:3: ", "start_s: \"noon\""},
        ErrorCase{"UnknownSource", "line.yaml", "1,0,a,b,10,\n2,0,x,b,10,\n", ":3:5: ", "src: unknown node \"x\""},
        ErrorCase{"UnknownDestination", "line.yaml", "1,0,a,zz,10,\n", ":2:7: ", "dst: unknown node \"zz\""},
        ErrorCase{"UnknownNodeWithAnEscapeSequence", "line.yaml", "1,0,a,b,10,\n22,0.5,a,\x1b[2Jz,10,\n", ":3:10: ",
                  "dst: unknown node \"\\x1b[2Jz\"; expected a node id of"},
        ErrorCase{"UnreachablePair", "two_islands.yaml", "1,0,a,b,10,\n2,0,a,d,10,\n", ":3:5: ",
                  "no route from \"a\" to \"d\""}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST_F(ReplayTest, AnErrorLeavesAnExistingOutputUntouched) {
  // Completion times of an earlier replay: a file citynet wrote (it replaces no other).
  (void)replay("line.yaml", "1,0,a,b,1000000,\n");
  const std::string previous = read_all(out_file());
  const ProcessResult result = run("replay --topology '" + topology("line.yaml") + "' --flows '" +
                         flows_file("1,0,a,nowhere,10,\n").string() + "' --out '" + out_file().string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("nowhere"));
  EXPECT_EQ(read_all(out_file()), previous);
}

TEST_F(ReplayTest, ABadTopologyIsReportedAtItsPlace) {
  const ProcessResult result = run("replay --topology '" + topology("unknown_end.yaml") + "' --flows '" +
                         flows_file("1,0,a,b,10,\n").string() + "' --out '" + out_file().string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(topology("unknown_end.yaml") + ":5:"));
  EXPECT_THAT(result.output, HasSubstr("zz"));
  EXPECT_FALSE(fs::exists(out_file()));
}

TEST_F(ReplayTest, WhenTopologyAndTraceAreBothBadTheTopologyIsReported) {
  // The two are read at the same time; the topology's error comes first, as when read in turn.
  const fs::path flows = flows_file("1,0,a,b,ten,\n");
  const ProcessResult result = run("replay --topology '" + topology("unknown_end.yaml") + "' --flows '" +
                                   flows.string() + "' --out '" + out_file().string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(topology("unknown_end.yaml") + ":5:"));
  EXPECT_THAT(result.output, ::testing::Not(HasSubstr(flows.string())));
  EXPECT_FALSE(fs::exists(out_file()));
}

TEST_F(ReplayTest, AMissingFlowsFileIsAnInputError) {
  const std::string missing = (directory_ / "absent.csv").string();
  const ProcessResult result = run("replay --topology '" + topology("line.yaml") + "' --flows '" + missing + "' --out '" +
                         out_file().string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(missing + ": cannot open"));
  EXPECT_FALSE(fs::exists(out_file()));
}

TEST_F(ReplayTest, AnOutputInAMissingDirectoryIsAnInputError) {
  const fs::path out = directory_ / "no-such-dir" / "fct.csv";
  const ProcessResult result = run("replay --topology '" + topology("line.yaml") + "' --flows '" +
                         flows_file("1,0,a,b,10,\n").string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, StartsWith(out.string() + ": "));
}

TEST_F(ReplayTest, AnUnknownModeIsAUsageError) {
  const ProcessResult result = run("replay --topology '" + topology("line.yaml") + "' --flows '" +
                         flows_file("1,0,a,b,10,\n").string() + "' --out '" + out_file().string() +
                         "' --mode approximate");
  EXPECT_EQ(result.exit_code, kExitInputError) << result.output;
  EXPECT_THAT(result.output, HasSubstr("approximate"));
  EXPECT_FALSE(fs::exists(out_file()));
}

}  // namespace
