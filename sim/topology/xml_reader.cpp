#include "topology/xml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include <fmt/core.h>

#include "core/user_text.hpp"

namespace citynet::topology {

std::optional<std::string_view> XmlElement::attribute(std::string_view attribute_name) const {
  for (const auto& [key, value] : attributes) {
    if (key == attribute_name) return value;
  }
  return std::nullopt;
}

namespace {

inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
inline constexpr std::uint32_t kMaxCodePoint = 0x10FFFF;

// XML 1.0 has no place for them, even inside values.
[[nodiscard]] bool is_forbidden_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
}

[[nodiscard]] bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

[[nodiscard]] bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == ':' || c == '-' || c == '.' || u >= 0x80;
}

[[nodiscard]] std::string local_name(std::string_view name) {
  const std::size_t colon = name.rfind(':');
  return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Character references and the five predefined entities; anything else is kept as written,
// because a stray '&' in a label should not cost the user the whole file. So is a reference
// to a control character XML forbids (&#1;), which would reach names and messages.
[[nodiscard]] std::string decode_entities(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    const std::size_t end = raw.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
      out += raw[i];
      continue;
    }
    const std::string_view entity = raw.substr(i + 1, end - i - 1);
    std::optional<std::uint32_t> code;
    if (entity == "lt") code = '<';
    if (entity == "gt") code = '>';
    if (entity == "amp") code = '&';
    if (entity == "quot") code = '"';
    if (entity == "apos") code = '\'';
    if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string digits(entity.substr(hex ? 2 : 1));
      if (!digits.empty() && std::all_of(digits.begin(), digits.end(), [hex](char c) {
            return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : std::isdigit(static_cast<unsigned char>(c)) != 0;
          })) {
        const unsigned long value = std::stoul(digits, nullptr, hex ? 16 : 10);
        const bool forbidden = value < 0x80 && is_forbidden_control(static_cast<char>(value));
        if (value > 0 && value <= kMaxCodePoint && !forbidden) code = static_cast<std::uint32_t>(value);
      }
    }
    if (!code) {
      out += raw[i];
      continue;
    }
    append_utf8(out, *code);
    i = end;
  }
  return out;
}

class XmlParser {
 public:
  XmlParser(std::string_view text, const std::string& file) : text_(text), file_(file) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
      if (is_forbidden_control(text_[i]) && !first_control_) first_control_ = i;
    }
  }

  XmlElement parse() {
    if (first_control_) {
      fail(place(*first_control_),
           fmt::format("a control character \"{}\"; expected XML text (of the control characters it allows only "
                       "tab, line feed and carriage return)",
                       shown(text_.substr(*first_control_, 1))));
    }
    if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
    while (pos_ < text_.size()) {
      if (text_[pos_] == '<') {
        markup();
      } else {
        character_data();
      }
    }
    if (!open_.empty()) {
      fail(open_.back().place, fmt::format("element <{}> is never closed; expected </{}> before the end of the file",
                                           shown(open_.back().name), shown(open_.back().name)));
    }
    if (!root_) fail(place(pos_), "no element; expected an XML document");
    return std::move(*root_);
  }

 private:
  [[nodiscard]] SourcePlace place(std::size_t offset) const {
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const std::size_t line = static_cast<std::size_t>(after - line_starts_.begin());
    return {file_, line, offset - *(after - 1) + 1};
  }

  [[noreturn]] void fail(const SourcePlace& where, const std::string& message) const {
    throw InputError(where, "malformed XML: " + message);
  }
  [[noreturn]] void fail_here(const std::string& message) const { fail(place(pos_), message); }

  [[nodiscard]] bool starts_with(std::string_view prefix) const { return text_.substr(pos_, prefix.size()) == prefix; }

  void skip_past(std::string_view terminator, std::string_view what) {
    const std::size_t end = text_.find(terminator, pos_);
    if (end == std::string_view::npos) fail_here(fmt::format("{} is never closed; expected \"{}\"", what, terminator));
    pos_ = end + terminator.size();
  }

  void skip_spaces() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  [[nodiscard]] std::string_view read_name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    if (pos_ == start) {
      const std::string_view rest = text_.substr(pos_);
      fail_here(fmt::format("got \"{}\"; expected a name", shown(rest.substr(0, rest.find('\n')))));
    }
    return text_.substr(start, pos_ - start);
  }

  void markup() {
    if (starts_with("<?")) return skip_past("?>", "a processing instruction");
    if (starts_with("<!--")) return skip_past("-->", "a comment");
    if (starts_with("<![CDATA[")) {
      const std::size_t start = pos_ + std::string_view("<![CDATA[").size();
      skip_past("]]>", "a CDATA section");
      append_text(text_.substr(start, pos_ - 3 - start), false);
      return;
    }
    if (starts_with("<!")) return skip_declaration();
    if (starts_with("</")) return end_tag();
    start_tag();
  }

  // <!DOCTYPE ... [ ... ]>: brackets may nest the internal subset.
  void skip_declaration() {
    int depth = 0;
    for (std::size_t i = pos_ + 2; i < text_.size(); ++i) {
      if (text_[i] == '[') ++depth;
      if (text_[i] == ']') --depth;
      if (text_[i] == '>' && depth <= 0) {
        pos_ = i + 1;
        return;
      }
    }
    fail_here("a declaration is never closed; expected \">\"");
  }

  void start_tag() {
    const std::size_t tag_start = pos_;
    ++pos_;
    XmlElement element;
    element.place = place(tag_start);
    element.name = local_name(read_name());
    while (true) {
      skip_spaces();
      if (pos_ >= text_.size()) fail(element.place, fmt::format("tag <{}> is never closed; expected \">\"", shown(element.name)));
      if (text_[pos_] == '>') {
        ++pos_;
        if (open_.size() >= kMaxXmlDepth) {
          fail(element.place, fmt::format("elements nested deeper than {}; expected a GraphML file", kMaxXmlDepth));
        }
        open_.push_back(std::move(element));
        return;
      }
      if (starts_with("/>")) {
        pos_ += 2;
        close(std::move(element));
        return;
      }
      attribute(element);
    }
  }

  void attribute(XmlElement& element) {
    const std::string name = local_name(read_name());
    skip_spaces();
    if (pos_ >= text_.size() || text_[pos_] != '=') fail_here(fmt::format("attribute {} has no value; expected =\"...\"", shown(name)));
    ++pos_;
    skip_spaces();
    if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) {
      fail_here(fmt::format("attribute {} has no quoted value; expected \"...\"", shown(name)));
    }
    const char quote = text_[pos_++];
    const std::size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) fail_here(fmt::format("attribute {} is never closed; expected {}", shown(name), quote));
    const std::string_view raw = text_.substr(pos_, end - pos_);
    if (raw.find('<') != std::string_view::npos) fail_here(fmt::format("attribute {} contains '<'; expected &lt; for a '<' in a value", shown(name)));
    element.attributes.emplace_back(name, decode_entities(raw));
    pos_ = end + 1;
  }

  void end_tag() {
    const std::size_t tag_start = pos_;
    pos_ += 2;
    const std::string name = local_name(read_name());
    skip_spaces();
    if (pos_ >= text_.size() || text_[pos_] != '>') fail_here(fmt::format("end tag </{}> is not closed; expected \">\"", shown(name)));
    ++pos_;
    if (open_.empty()) fail(place(tag_start), fmt::format("end tag </{}> closes nothing; expected it after its start tag <{}>", shown(name),
                                         shown(name)));
    if (open_.back().name != name) {
      fail(place(tag_start), fmt::format("end tag </{}> does not match <{}> opened at line {}; expected </{}>", shown(name),
                                         shown(open_.back().name), open_.back().place.line, shown(open_.back().name)));
    }
    XmlElement element = std::move(open_.back());
    open_.pop_back();
    close(std::move(element));
  }

  void close(XmlElement element) {
    if (!open_.empty()) {
      open_.back().children.push_back(std::move(element));
      return;
    }
    if (root_) fail(element.place,
         fmt::format("a second root element <{}>; expected one document element", shown(element.name)));
    root_ = std::move(element);
  }

  void character_data() {
    const std::size_t end = std::min(text_.find('<', pos_), text_.size());
    append_text(text_.substr(pos_, end - pos_), true);
    pos_ = end;
  }

  void append_text(std::string_view raw, bool decode) {
    if (open_.empty()) {
      if (std::all_of(raw.begin(), raw.end(), is_space)) return;
      fail_here(fmt::format("text \"{}\" outside the document element; expected only markup before and after it",
                            shown(raw.substr(raw.find_first_not_of(" \t\r\n")))));
    }
    open_.back().text += decode ? decode_entities(raw) : std::string(raw);
  }

  std::string_view text_;
  const std::string& file_;
  std::vector<std::size_t> line_starts_;
  std::size_t pos_ = 0;
  std::vector<XmlElement> open_;
  std::optional<XmlElement> root_;
  std::optional<std::size_t> first_control_;  // the offset of the first control character XML forbids
};

}  // namespace

XmlElement parse_xml(std::string_view text, const std::string& file) { return XmlParser(text, file).parse(); }

}  // namespace citynet::topology
