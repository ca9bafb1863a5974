#include "core/user_text.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/core.h>

namespace citynet {
namespace {

// One character of `text` at `at`: its bytes (1 to 4) and code point, or 1 byte and no
// code point where the bytes are not UTF-8 (overlong, surrogate, cut short, out of range).
struct Character {
  std::size_t bytes = 1;
  std::int32_t code_point = -1;
};

[[nodiscard]] Character character_at(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {1, lead};
  std::size_t length = 0;
  std::int32_t code = 0;
  std::int32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, smallest = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xC0) != 0x80) return {};
    code = (code << 6) | (next & 0x3F);
  }
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {};
  return {length, code};
}

// C1 controls and the characters that reorder text on screen without being seen.
[[nodiscard]] bool is_invisible_control(std::int32_t code) {
  return (code >= 0x80 && code <= 0x9F) || code == 0x2028 || code == 0x2029 || (code >= 0x202A && code <= 0x202E) ||
         (code >= 0x2066 && code <= 0x2069) || code == 0x200E || code == 0x200F || code == 0xFEFF;
}

void append_shown(std::string& out, std::string_view text, std::size_t at, const Character& character,
                  bool escape_quotes) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (character.code_point < 0) {
    out += fmt::format("\\x{:02x}", byte);
  } else if (character.bytes > 1) {
    if (is_invisible_control(character.code_point)) {
      out += fmt::format("\\u{:04x}", character.code_point);
    } else {
      out += text.substr(at, character.bytes);
    }
  } else if (byte == '\t') {
    out += "\\t";
  } else if (byte == '\n') {
    out += "\\n";
  } else if (byte == '\r') {
    out += "\\r";
  } else if (byte < 0x20 || byte == 0x7F) {
    out += fmt::format("\\x{:02x}", byte);
  } else if (escape_quotes && (byte == '"' || byte == '\\')) {
    out += '\\';
    out += static_cast<char>(byte);
  } else {
    out += static_cast<char>(byte);
  }
}

}  // namespace

std::string shown(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t count = 0; at < text.size() && count < max_chars; ++count) {
    const Character character = character_at(text, at);
    append_shown(out, text, at, character, true);
    at += character.code_point < 0 ? 1 : character.bytes;
  }
  if (at < text.size()) out += "...";
  return out;
}

std::string one_printable_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const Character character = character_at(text, at);
    append_shown(out, text, at, character, false);
    at += character.code_point < 0 ? 1 : character.bytes;
  }
  return out;
}

std::string write_failure_reason(int error_number) {
  if (error_number == ENOSPC) return "disk full";
  if (error_number == EDQUOT) return "quota exceeded";
  if (error_number == 0) return "the system gave no reason";
  return std::strerror(error_number);
}

std::string write_failure_reason(std::ostream& failed_stream) {
  failed_stream.clear();
  errno = 0;
  failed_stream.put('\n');
  failed_stream.flush();
  const int error_number = failed_stream ? 0 : errno;
  failed_stream.setstate(std::ios::badbit);
  return write_failure_reason(error_number);
}

}  // namespace citynet
