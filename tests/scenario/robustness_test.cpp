// Whatever a file holds, loading it either succeeds or raises one InputError line naming
// the file: never a crash, an abort, a hang or another exception.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "scenario/yaml_reader.hpp"

#include "../scratch_folder.hpp"

namespace citynet::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kFile = "junk.yaml";

int estimate_nesting_depth_of(const std::string& text) { return yaml::estimate_shape(text).nesting_depth; }

// Loads `text`; fails the test on anything but success or a one-line InputError.
// Returns the message ("" when it loaded).
std::string outcome_of(const std::string& text) {
  try {
    (void)load_scenario_text(text, kFile);
    return {};
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, StartsWith(kFile));
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
  }
  return {};
}

TEST(Robustness, DeepFlowNestingIsRefusedBeforeParsing) {
  EXPECT_THAT(outcome_of(std::string(100'000, '[')), HasSubstr("nesting is"));
  std::string maps;
  for (int i = 0; i < 10'000; ++i) maps += "{a: ";
  EXPECT_THAT(outcome_of(maps), HasSubstr("expected at most 64"));
}

TEST(Robustness, DeepBlockNestingIsRefusedBeforeParsing) {
  std::string dashes;
  for (int i = 0; i < 10'000; ++i) dashes += "- ";
  EXPECT_THAT(outcome_of(dashes + "x\n"), HasSubstr("nesting is"));
  std::string indented;
  for (int i = 0; i < 2'000; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  EXPECT_THAT(outcome_of(indented), HasSubstr("nesting is"));
}

TEST(Robustness, NestingAfterAMultiLineQuoteIsStillCounted) {
  // The brackets follow a quoted scalar that closes on the next line: YAML reads them as
  // nested flows, and so must the pre-scan.
  const std::string deep = std::string(100'000, '[');
  EXPECT_THAT(outcome_of("a: [\"x\n y\", " + deep + "\n"), HasSubstr("nesting is"));
  EXPECT_THAT(outcome_of("a: 'it''s\n  ok'\nb: " + deep + "\n"), HasSubstr("nesting is"));
  EXPECT_THAT(outcome_of("a: Tianjin's\nb: " + deep + "\n"), HasSubstr("nesting is"));
  EXPECT_THAT(outcome_of("a: |\n  text\nb: " + deep + "\n"), HasSubstr("nesting is"));
}

TEST(Robustness, QuotesAndBlockScalarsDoNotCountAsNesting) {
  EXPECT_LT(estimate_nesting_depth_of("a: \"[[[[[[[[[[\"\nb: '{{{{{{{{'\nc: |\n  [[[[[[[[[[\n"), 4);
}

TEST(Robustness, MillionsOfTinyValuesAreRefusedBeforeParsing) {
  // yaml-cpp would take about a minute over these; the pre-scan refuses them at once.
  std::string many = "a: [";
  for (int i = 0; i < 1'000'000; ++i) many += "1,";
  EXPECT_THAT(outcome_of(many + "1]\n"), HasSubstr("values; expected at most 500000"));
  std::string lines;
  for (int i = 0; i < 600'000; ++i) lines += "- x\n";
  EXPECT_THAT(outcome_of(lines), HasSubstr("values; expected at most 500000"));
}

TEST(Robustness, ALargeExplicitTopologyIsWithinTheLimits) {
  // 2,000 nodes and 4,000 links: several times Tianjin's generated network (312 nodes).
  std::string text = "name: big\nnetwork:\n  nodes:\n";
  constexpr int kNodes = 2'000;
  for (int i = 0; i < kNodes; ++i) text += "    - {id: n" + std::to_string(i) + ", role: access, subscribers: 100}\n";
  text += "  links:\n";
  for (int i = 0; i < 2 * kNodes; ++i) {
    text += "    - {id: l" + std::to_string(i) + ", a: n" + std::to_string(i % kNodes) + ", b: n" +
            std::to_string((i + 1 + i % 7) % kNodes) + ", capacity: 1Gbps, length_km: 1}\n";
  }
  EXPECT_EQ(outcome_of(text), "");
}

TEST(Robustness, RealScenariosAreFarFromTheNestingLimit) {
  EXPECT_EQ(outcome_of(std::string(builtin_scenario_text())), "");
}

TEST(Robustness, NumbersOutOfRangeAreErrors) {
  const std::string head =
      "name: t\ncity:\n  name: T\n  districts:\n    - {name: A, area_km2: 1, households: 1, x_km: ";
  const std::string tail = "}\nnetwork: {nodes: [{id: a}], links: []}\n";
  for (const char* number : {"1e400", ".nan", ".inf", "-.inf", "NaN", "inf", "1e-400x", "0x1p3", "1_000"}) {
    EXPECT_THAT(outcome_of(head + number + tail), HasSubstr("city.districts[0].x_km")) << number;
  }
  EXPECT_THAT(outcome_of("name: t\nnetwork: {nodes: [{id: a, subscribers: 1e400}], links: []}\n"),
              HasSubstr("is not a whole number"));
  EXPECT_THAT(outcome_of("name: t\nnetwork: {nodes: [{id: a, switching_capacity: 1e308Tbps}], links: []}\n"),
              HasSubstr("out of range"));
}

TEST(Robustness, OddYamlIsAnErrorOrLoads) {
  const char* cases[] = {
      "a: &x [*x]\n",                                  // an alias inside its own anchor
      "name: &n t\nnetwork: *n\n",                     // an alias where a mapping belongs
      "name: *undefined\n",                            // an unknown alias
      "? [a, b]\n: c\n",                               // a complex key
      "name: t\n\tnetwork: {}\n",                      // a tab in the indentation
      "!!binary aGVsbG8=\n",                           // a tagged scalar
      "name: !!int t\n",                               // a wrong tag
      "\xEF\xBB\xBFname: t\nnetwork: {nodes: [], links: []}\n",  // a byte-order mark
      "name: \xC3\x28\n",                              // invalid UTF-8
      "%YAML 9.9\n---\nname: t\n",                     // a future YAML version
      "---\n...\n---\n",                               // empty documents
      "name: t\nnetwork: {nodes: [{id: a}], links: [{a: a, b: b, capacity: 1Gbps}]}\n",
      "[]", "{}", "~", "null", "42", "\"just text\"", ":", "-", "?", "&", "*", "|", ">", "'", "\"", "{", "}",
  };
  for (const char* text : cases) (void)outcome_of(text);
}

TEST(Robustness, RandomBytesAreRefusedOrLoaded) {
  constexpr int kSamples = 300;
  constexpr std::size_t kMaxLength = 400;
  RandomStream random(derive_seed(1, {hash_name("random bytes")}));
  for (int i = 0; i < kSamples; ++i) {
    std::string text(random() % kMaxLength, '\0');
    for (char& c : text) c = static_cast<char>(random() % 256);
    (void)outcome_of(text);
  }
}

TEST(Robustness, MutationsOfTheDefaultScenarioAreRefusedOrLoaded) {
  // Each sample changes, deletes or inserts a few bytes of a real scenario: the inputs most
  // like a user's mistakes, reaching every part of the loader.
  constexpr int kSamples = 400;
  constexpr int kEditsPerSample = 3;
  const std::string original(builtin_scenario_text());
  const std::string alphabet = " \n:-[]{},#&*!|>'\"%@`0123456789.eE+abcxyzGMkbpsB";
  RandomStream random(derive_seed(1, {hash_name("mutations")}));
  int refused = 0;
  for (int i = 0; i < kSamples; ++i) {
    std::string text = original;
    for (int e = 0; e < kEditsPerSample; ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: text[at] = c; break;
        case 1: text.erase(at, 1); break;
        default: text.insert(at, 1, c); break;
      }
    }
    refused += outcome_of(text).empty() ? 0 : 1;
  }
  EXPECT_GT(refused, 0);  // the mutations do reach the checks
}

TEST(Robustness, EveryTruncationOfTheDefaultScenarioIsRefusedOrLoaded) {
  constexpr std::size_t kStep = 97;  // a prime, so cuts land at every column eventually
  const std::string original(builtin_scenario_text());
  for (std::size_t length = 0; length < original.size(); length += kStep) (void)outcome_of(original.substr(0, length));
}

// Each test has a folder of its own: one shared folder was removed under a test running
// beside it (ctest -j16).
class RobustnessFiles : public citynet::testing::ScratchFolderTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  static std::string error_of_file(const std::string& path) {
    try {
      (void)load_scenario_file(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return {};
  }
};

TEST_F(RobustnessFiles, AMissingFileADirectoryAndAnEmptyFileAreOneLineErrors) {
  const std::string missing = (directory_ / "missing.yaml").string();
  EXPECT_EQ(error_of_file(missing), missing + ": cannot open the file; expected a readable file");
  EXPECT_EQ(error_of_file(directory_.string()), directory_.string() + ": is a directory; expected a file");
  const std::string empty = write("empty.yaml", "");
  EXPECT_THAT(error_of_file(empty), StartsWith(empty + ":1:1: scenario: the file is empty"));
}

TEST_F(RobustnessFiles, BinaryFilesAreRefused) {
  std::string binary(1000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7);
  const std::string path = write("binary.yaml", binary);
  EXPECT_THAT(error_of_file(path), StartsWith(path + ":1:1: a NUL byte"));
}

TEST_F(RobustnessFiles, AnImportIsResolvedRelativeToTheScenarioAndMustExist) {
  write("city.graphml", "<graphml/>");
  const std::string scenario = write("s.yaml", "name: s\nnetwork: {import: city.graphml}\n");
  EXPECT_EQ(load_scenario_file(scenario).network.import_graphml, (directory_ / "city.graphml").string());
  const std::string broken = write("b.yaml", "name: s\nnetwork: {import: nowhere.graphml}\n");
  EXPECT_THAT(error_of_file(broken), HasSubstr(":2:19: network.import: \"nowhere.graphml\" is not a readable file"));
}

}  // namespace
}  // namespace citynet::scenario
