#pragma once
// A small XML reader for GraphML: elements, attributes and character data, with the line
// and column of every element so that import errors can name the place. It is written for
// files from the wild: it refuses malformed text with an InputError (never crashes), reads
// iteratively (a deeply nested file cannot exhaust the stack), and ignores what GraphML
// does not need (declarations, comments, DOCTYPE, namespaces: `y:ShapeNode` is `ShapeNode`).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace citynet::topology {

struct XmlElement {
  std::string name;  // local name, namespace prefix dropped
  std::vector<std::pair<std::string, std::string>> attributes;  // entity references decoded
  std::vector<XmlElement> children;
  std::string text;  // the character data directly inside, concatenated
  SourcePlace place;

  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view attribute_name) const;
};

// Elements nested deeper than this are refused; GraphML needs 4 levels.
inline constexpr std::size_t kMaxXmlDepth = 256;

// The root element of `text`; `file` names the input in messages.
[[nodiscard]] XmlElement parse_xml(std::string_view text, const std::string& file);

}  // namespace citynet::topology
