#pragma once
// Reading YAML nodes into plain values with messages that name the place and the key path:
// `FILE:LINE:COLUMN: network.links[3].capacity: "-5" has no unit; expected a rate such as 1Gbps`.
// Internal to the scenario stage (the only user of yaml-cpp); loaders of scenario and
// topology files share it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/user_text.hpp"
#include "scenario/units.hpp"

namespace citynet::scenario::yaml {

// Nesting deeper than this is refused before yaml-cpp sees the text, because its parser
// recurses once per level and a hostile file could exhaust the stack. Real scenarios nest
// about 6 levels.
inline constexpr int kMaxNestingDepth = 64;
// yaml-cpp takes about 10 us and a few hundred bytes per value, so a file of millions of
// tiny values would look like a hang. An explicit topology of 10,000 nodes and 20,000
// links holds about 400,000 values.
inline constexpr std::size_t kMaxYamlValues = 500'000;
// Files larger than this are refused unread: a scenario is a few kilobytes, an explicit
// topology of a large city a few megabytes.
inline constexpr std::uintmax_t kMaxFileBytes = 16u << 20;

// What the pre-scan sees of a text before it is parsed: both are over-estimates for
// unusual layouts (brackets in plain text count), never under-estimates.
struct YamlShape {
  int nesting_depth = 0;     // block indentation, "- " items, flow brackets
  std::size_t values = 0;    // scalars and collections
};

// A node together with the file it came from and its key path ("city.districts[2].name").
struct Field {
  const std::string* file = nullptr;
  YAML::Node node;
  std::string path;
  // Where the key was written (for a missing or unknown key, the parent mapping's place).
  SourcePlace place;
};

[[nodiscard]] SourcePlace place_of(const std::string& file, const YAML::Node& node);

// Throws InputError "FILE:LINE:COL: PATH: MESSAGE".
[[noreturn]] void fail(const Field& field, const std::string& message);

// Printable, one-line, shortened text of a user's value, for messages (core/error.hpp).
using citynet::shown;

// The closest candidate by edit distance, when it is close enough to be a likely typo.
[[nodiscard]] std::optional<std::string_view> closest_match(std::string_view word,
                                                            std::span<const std::string_view> candidates);
// "; did you mean "x"?" or "; expected one of: a, b, c".
[[nodiscard]] std::string suggestion(std::string_view word, std::span<const std::string_view> candidates);

// See kMaxNestingDepth and kMaxYamlValues.
[[nodiscard]] YamlShape estimate_shape(std::string_view text);

// Reads a file's text; InputError for a missing file, a directory, an unreadable or
// oversized file.
[[nodiscard]] std::string read_text_file(const std::string& path);

// Parses one YAML document after the nesting check; yaml-cpp's errors become InputError
// with their place. An empty document gives a null node.
[[nodiscard]] YAML::Node parse_document(std::string_view text, const std::string& file);

// A mapping whose keys are checked against the allowed ones (unknown keys with a
// "did you mean", duplicate keys, non-scalar keys).
class MapView {
 public:
  MapView(const Field& field, std::span<const std::string_view> allowed_keys);

  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] std::optional<Field> get(std::string_view key) const;
  // A required key: missing is an error naming `what_expected`.
  [[nodiscard]] Field at(std::string_view key, std::string_view what_expected) const;
  [[nodiscard]] const Field& self() const { return self_; }
  [[nodiscard]] const std::vector<std::pair<std::string, Field>>& entries() const { return entries_; }

 private:
  Field self_;
  std::vector<std::pair<std::string, Field>> entries_;
};

// A mapping whose keys are free names (profiles: name → values); keys must be unique scalars.
[[nodiscard]] std::vector<std::pair<std::string, Field>> read_named_entries(const Field& field);

[[nodiscard]] std::vector<Field> read_list(const Field& field);
[[nodiscard]] std::string read_string(const Field& field);
// A non-empty name without surrounding blanks (ids, district and class names).
[[nodiscard]] std::string read_name(const Field& field);
[[nodiscard]] bool read_bool(const Field& field);
[[nodiscard]] double read_number(const Field& field);  // bare number, key carries the unit
[[nodiscard]] std::int64_t read_count(const Field& field);  // whole number >= 0
[[nodiscard]] std::uint64_t read_seed(const Field& field);  // whole number in [0, 2^64)
[[nodiscard]] double read_quantity(const Field& field, Quantity quantity);
[[nodiscard]] double read_positive_quantity(const Field& field, Quantity quantity);
[[nodiscard]] double read_non_negative_quantity(const Field& field, Quantity quantity);

// One of `names`; returns its index. Unknown words get a "did you mean".
[[nodiscard]] std::size_t read_choice(const Field& field, std::span<const std::string_view> names);

}  // namespace citynet::scenario::yaml
