#include "core/error.hpp"

#include <fmt/core.h>

#include "core/user_text.hpp"

namespace citynet {

std::string format_place(const SourcePlace& place) {
  if (place.line == 0) return place.file;
  if (place.column == 0) return fmt::format("{}:{}", place.file, place.line);
  return fmt::format("{}:{}:{}", place.file, place.line, place.column);
}

// Whatever the input held, the message stays one printable line: a NUL would end what()
// early, a line end or an escape sequence would garble the terminal.
InputError::InputError(const SourcePlace& place, const std::string& message)
    : std::runtime_error(
          one_printable_line(place.file.empty() ? message : fmt::format("{}: {}", format_place(place), message))),
      place_(place) {}

InputError::InputError(const std::string& message) : std::runtime_error(one_printable_line(message)) {}

}  // namespace citynet
