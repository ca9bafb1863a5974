#include "scenario/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <unordered_set>

#include <fmt/core.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace citynet::scenario::yaml {
namespace {

// A typo is at most this many edits, and at most a third of the word.
constexpr std::size_t kMaxSuggestionEdits = 3;
constexpr std::size_t kWordLengthPerEdit = 3;

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbours each count one edit, so "egde" is one edit from "edge".
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

[[nodiscard]] std::string kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return fmt::format("\"{}\"", shown(node.Scalar()));
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Undefined: return "nothing";
  }
  return "something else";
}

[[nodiscard]] Field child(const Field& parent, const YAML::Node& node, std::string path, const YAML::Node& key) {
  return Field{parent.file, node, std::move(path), place_of(*parent.file, key)};
}

[[nodiscard]] const std::string& scalar_or_fail(const Field& field, std::string_view expected) {
  if (!field.node.IsScalar()) fail(field, fmt::format("got {}; expected {}", kind_name(field.node), expected));
  return field.node.Scalar();
}

// yaml-cpp's own messages, kept whole but on one line.
[[nodiscard]] std::string shown_in_full(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

// The line and column of the byte at `offset` (columns count bytes, as yaml-cpp's marks do).
[[nodiscard]] SourcePlace place_of_offset(std::string_view text, std::size_t offset, const std::string& file) {
  const std::string_view before = text.substr(0, offset);
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  return SourcePlace{file, line, offset - line_start + 1};
}

}  // namespace

SourcePlace place_of(const std::string& file, const YAML::Node& node) {
  SourcePlace place{file, 0, 0};
  if (!node.IsDefined()) return place;
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return place;
  place.line = static_cast<std::size_t>(mark.line) + 1;
  place.column = static_cast<std::size_t>(mark.column) + 1;
  return place;
}

void fail(const Field& field, const std::string& message) {
  SourcePlace place = place_of(*field.file, field.node);
  if (place.line == 0) place = field.place;
  const std::string path = field.path.empty() ? std::string("scenario") : field.path;
  throw InputError(place, fmt::format("{}: {}", path, message));
}

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const std::string_view candidate : candidates) {
    // Lengths further apart than the edits allowed cannot match; skipping them also keeps
    // the distance table small whatever the file holds.
    const std::size_t length_gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                                   : candidate.size() - word.size();
    if (length_gap > kMaxSuggestionEdits) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  const std::size_t allowed = std::min(kMaxSuggestionEdits, std::max<std::size_t>(1, word.size() / kWordLengthPerEdit));
  // Replacing the whole word is no typo ("Q" is not a misspelt "A").
  if (best && best_distance <= allowed && best_distance < word.size() && best_distance < best->size()) return best;
  return std::nullopt;
}

std::string suggestion(std::string_view word, std::span<const std::string_view> candidates) {
  if (const auto match = closest_match(word, candidates)) return fmt::format("; did you mean \"{}\"?", *match);
  std::string list;
  for (const std::string_view candidate : candidates) {
    if (!list.empty()) list += ", ";
    list += candidate;
  }
  return "; expected one of: " + list;
}

namespace {

// Whether a quote at `i` starts a quoted scalar, as YAML reads it: at a token boundary
// after a key's colon, a list dash, a flow opener or comma, or first on the line. Quotes
// elsewhere ("Tianjin's") are plain text.
[[nodiscard]] bool opens_quoted_scalar(std::string_view line, std::size_t i) {
  if (i > 0 && line[i - 1] != ' ' && line[i - 1] != '\t' && line[i - 1] != '[' && line[i - 1] != '{' &&
      line[i - 1] != ',') {
    return false;
  }
  const std::size_t previous = i == 0 ? std::string_view::npos : line.find_last_not_of(" \t", i - 1);
  if (previous == std::string_view::npos) return true;
  return std::string_view(":-[{,?").find(line[previous]) != std::string_view::npos;
}

// Whether the line (outside quotes and flows) ends in a block scalar indicator (| or >).
[[nodiscard]] bool starts_block_scalar(std::string_view line) {
  const std::size_t last = line.find_last_not_of(" \t\r");
  if (last == std::string_view::npos) return false;
  const std::string_view tail = line.substr(0, last + 1);
  const std::size_t indicator = tail.find_last_of("|>");
  return indicator != std::string_view::npos && indicator + 3 >= tail.size() &&
         tail.find_first_not_of("|>+-0123456789", indicator) == std::string_view::npos;
}

}  // namespace

YamlShape estimate_shape(std::string_view text) {
  YamlShape shape;
  std::vector<std::size_t> indents;  // block indentation levels open at this line
  int flow_depth = 0;
  char quote = 0;  // the quote of a quoted scalar that is still open, across lines
  std::optional<std::size_t> block_scalar_indent;  // inside a `|` or `>` scalar
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const bool block_context = quote == 0 && flow_depth == 0;
    std::size_t i = 0;
    int dashes = 0;
    if (block_context) {
      const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
      const bool blank = indent == line.size() || line[indent] == '#' || line[indent] == '\r';
      if (blank || (block_scalar_indent && indent > *block_scalar_indent)) {
        if (end == text.size()) break;
        continue;
      }
      block_scalar_indent.reset();
      while (!indents.empty() && indents.back() > indent) indents.pop_back();
      if (indents.empty() || indents.back() < indent) indents.push_back(indent);
      i = indent;
      ++shape.values;  // the line's key or scalar
      while (i + 1 < line.size() && (line[i] == '-' || line[i] == '?') && line[i + 1] == ' ') {
        ++dashes;
        i += 2;
        while (i < line.size() && line[i] == ' ') ++i;
      }
    }
    int line_flow_peak = flow_depth;
    for (; i < line.size(); ++i) {
      const char c = line[i];
      if (quote == '"') {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          quote = 0;
        }
      } else if (quote == '\'') {
        if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;  // '' is a quote inside a single-quoted scalar
        } else if (c == '\'') {
          quote = 0;
        }
      } else if ((c == '"' || c == '\'') && opens_quoted_scalar(line, i)) {
        quote = c;
      } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
        break;
      } else if (c == '[' || c == '{') {
        line_flow_peak = std::max(line_flow_peak, ++flow_depth);
        ++shape.values;
      } else if ((c == ']' || c == '}') && flow_depth > 0) {
        --flow_depth;
      } else if (c == ',' || (c == ':' && (i + 1 == line.size() || line[i + 1] == ' '))) {
        ++shape.values;  // the next item, or a key's value
      }
    }
    if (quote == 0 && flow_depth == 0 && starts_block_scalar(line)) {
      block_scalar_indent = indents.empty() ? 0 : indents.back();
    }
    shape.values += static_cast<std::size_t>(dashes);
    shape.nesting_depth = std::max(shape.nesting_depth, static_cast<int>(indents.size()) + dashes + line_flow_peak);
    if (end == text.size()) break;
  }
  return shape;
}

std::string read_text_file(const std::string& path) {
  const SourcePlace place{path, 0, 0};
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) throw InputError(place, "cannot open the file; expected a readable file");
  if (std::filesystem::is_directory(status)) throw InputError(place, "is a directory; expected a file");
  if (!std::filesystem::is_regular_file(status)) throw InputError(place, "is not a regular file; expected a file");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) throw InputError(place, "cannot read the file size; expected a readable file");
  if (size > kMaxFileBytes) {
    throw InputError(place, fmt::format("the file has {} bytes; expected at most {}", size, kMaxFileBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(place, "cannot open the file; expected a readable file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(place, "cannot read the file; expected a readable file");
  return std::move(text).str();
}

namespace {

// Where each document starts, and nothing else of the events.
class DocumentStarts final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  [[nodiscard]] const YAML::Mark& last() const { return last_; }

 private:
  YAML::Mark last_ = YAML::Mark::null_mark();
};

// yaml-cpp (0.7) reads a document that starts with a stray ',', ']' or '}' as an empty
// document and leaves the token where it was, so YAML::LoadAll reads the same empty
// document forever and fills the memory (a file holding only "," did). The place of such a
// token, found by walking the documents' events until one starts where the last did.
[[nodiscard]] std::optional<YAML::Mark> stuck_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  std::optional<YAML::Mark> previous;
  while (parser.HandleNextDocument(starts)) {
    if (previous && previous->pos == starts.last().pos) return starts.last();
    previous = starts.last();
  }
  return std::nullopt;
}

}  // namespace

YAML::Node parse_document(std::string_view text, const std::string& file) {
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    throw InputError(place_of_offset(text, nul, file), "a NUL byte (\\x00); expected YAML text");
  }
  const YamlShape shape = estimate_shape(text);
  if (shape.nesting_depth > kMaxNestingDepth) {
    throw InputError(SourcePlace{file, 0, 0}, fmt::format("nesting is {} levels deep; expected at most {}",
                                                          shape.nesting_depth, kMaxNestingDepth));
  }
  if (shape.values > kMaxYamlValues) {
    throw InputError(SourcePlace{file, 0, 0}, fmt::format("the file holds about {} values; expected at most {}",
                                                          shape.values, kMaxYamlValues));
  }
  try {
    if (const std::optional<YAML::Mark> stuck = stuck_document(std::string(text))) {
      const auto at = static_cast<std::size_t>(stuck->pos);
      throw InputError(SourcePlace{file, static_cast<std::size_t>(stuck->line) + 1, static_cast<std::size_t>(stuck->column) + 1},
                       fmt::format("not valid YAML (a stray \"{}\" where a value starts); expected a YAML mapping",
                                   at < text.size() ? text.substr(at, 1) : std::string_view{}));
    }
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
    if (documents.size() > 1) {
      throw InputError(place_of(file, documents[1]), "a second YAML document; expected one document per file");
    }
    return documents.empty() ? YAML::Node() : documents.front();
  } catch (const YAML::Exception& e) {
    SourcePlace place{file, 0, 0};
    if (!e.mark.is_null() && e.mark.line >= 0 && e.mark.column >= 0) {
      place.line = static_cast<std::size_t>(e.mark.line) + 1;
      place.column = static_cast<std::size_t>(e.mark.column) + 1;
    }
    throw InputError(place, fmt::format("not valid YAML ({}); expected a YAML mapping", shown_in_full(e.msg)));
  }
}

MapView::MapView(const Field& field, std::span<const std::string_view> allowed_keys) : self_(field) {
  if (!field.node.IsMap()) fail(field, fmt::format("got {}; expected a mapping of keys", kind_name(field.node)));
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    const YAML::Node key = it->first;
    const std::string parent = field.path.empty() ? std::string() : field.path + ".";
    const Field key_field{field.file, key, field.path, field.place};
    if (!key.IsScalar()) fail(key_field, fmt::format("a key is {}; expected a name", kind_name(key)));
    const std::string& name = key.Scalar();
    if (std::find(allowed_keys.begin(), allowed_keys.end(), name) == allowed_keys.end()) {
      fail(key_field, fmt::format("unknown key \"{}\"{}", shown(name), suggestion(name, allowed_keys)));
    }
    if (has(name)) fail(key_field, fmt::format("key \"{}\" is given twice; expected it once", shown(name)));
    entries_.emplace_back(name, child(field, it->second, parent + name, key));
  }
}

bool MapView::has(std::string_view key) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const auto& entry) { return entry.first == key; });
}

std::optional<Field> MapView::get(std::string_view key) const {
  for (const auto& [name, field] : entries_) {
    if (name == key) return field;
  }
  return std::nullopt;
}

Field MapView::at(std::string_view key, std::string_view what_expected) const {
  if (auto field = get(key)) return *field;
  fail(self_, fmt::format("missing key \"{}\"; expected {}", key, what_expected));
}

std::vector<std::pair<std::string, Field>> read_named_entries(const Field& field) {
  if (!field.node.IsMap()) fail(field, fmt::format("got {}; expected a mapping of names", kind_name(field.node)));
  std::vector<std::pair<std::string, Field>> entries;
  std::unordered_set<std::string> seen;
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    const Field key_field{field.file, it->first, field.path, field.place};
    const std::string name = read_name(key_field);
    if (!seen.insert(name).second) {
      fail(key_field, fmt::format("\"{}\" is given twice; expected unique names", shown(name)));
    }
    entries.emplace_back(name, child(field, it->second, field.path + "." + name, it->first));
  }
  return entries;
}

std::vector<Field> read_list(const Field& field) {
  if (!field.node.IsSequence()) fail(field, fmt::format("got {}; expected a list", kind_name(field.node)));
  std::vector<Field> items;
  items.reserve(field.node.size());
  std::size_t index = 0;
  for (auto it = field.node.begin(); it != field.node.end(); ++it, ++index) {
    SourcePlace place = place_of(*field.file, *it);  // an item's own line, for errors about it as a whole
    if (place.line == 0) place = field.place;
    items.push_back(Field{field.file, *it, fmt::format("{}[{}]", field.path, index), place});
  }
  return items;
}

std::string read_string(const Field& field) { return scalar_or_fail(field, "text"); }

std::string read_name(const Field& field) {
  const std::string& text = scalar_or_fail(field, "a name");
  if (text.empty()) fail(field, "the name is empty; expected a name");
  if (text.find_first_of(" \t") == 0 || text.find_last_of(" \t") == text.size() - 1) {
    fail(field, fmt::format("\"{}\" has blanks around it; expected a name without", shown(text)));
  }
  return text;
}

bool read_bool(const Field& field) {
  const std::string& text = scalar_or_fail(field, "true or false");
  if (text == "true") return true;
  if (text == "false") return false;
  fail(field, fmt::format("\"{}\" is not a truth value; expected true or false", shown(text)));
}

double read_number(const Field& field) {
  const std::string& text = scalar_or_fail(field, "a number");
  if (const auto value = parse_number(text)) return *value;
  fail(field, fmt::format("\"{}\" is not a finite number; expected a plain number (the key names the unit)",
                          shown(text)));
}

std::int64_t read_count(const Field& field) {
  const std::string& text = scalar_or_fail(field, "a whole number");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) fail(field, fmt::format("\"{}\" is too large; expected a count", shown(text)));
  if (error != std::errc{} || end != text.data() + text.size()) {
    fail(field, fmt::format("\"{}\" is not a whole number; expected a count such as 2688", shown(text)));
  }
  if (value < 0) fail(field, fmt::format("{} is negative; expected a count of 0 or more", value));
  return value;
}

std::uint64_t read_seed(const Field& field) {
  const std::string& text = scalar_or_fail(field, "a whole number");
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    fail(field, fmt::format("\"{}\" is not a seed; expected a whole number from 0 to 18446744073709551615",
                            shown(text)));
  }
  return value;
}

double read_quantity(const Field& field, Quantity quantity) {
  const std::string& text = scalar_or_fail(field, std::string(quantity_example(quantity)));
  if (const auto value = parse_quantity(quantity, text)) return *value;
  fail(field, fmt::format("{}; expected {}", describe_quantity_error(quantity, text), quantity_example(quantity)));
}

double read_positive_quantity(const Field& field, Quantity quantity) {
  const double value = read_quantity(field, quantity);
  if (value <= 0) {
    fail(field, fmt::format("\"{}\" is not above zero; expected {} above zero", shown(field.node.Scalar()),
                            quantity_example(quantity)));
  }
  return value;
}

double read_non_negative_quantity(const Field& field, Quantity quantity) {
  const double value = read_quantity(field, quantity);
  if (value < 0) {
    fail(field, fmt::format("\"{}\" is negative; expected {} of zero or more", shown(field.node.Scalar()),
                            quantity_example(quantity)));
  }
  return value;
}

std::size_t read_choice(const Field& field, std::span<const std::string_view> names) {
  const std::string& text = scalar_or_fail(field, "a name");
  const auto found = std::find(names.begin(), names.end(), text);
  if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
  fail(field, fmt::format("unknown value \"{}\"{}", shown(text), suggestion(text, names)));
}

}  // namespace citynet::scenario::yaml
