#include "core/error.hpp"

#include <fmt/core.h>

namespace citynet {

std::string format_place(const SourcePlace& place) {
  if (place.line == 0) return place.file;
  if (place.column == 0) return fmt::format("{}:{}", place.file, place.line);
  return fmt::format("{}:{}:{}", place.file, place.line, place.column);
}

InputError::InputError(const SourcePlace& place, const std::string& message)
    : std::runtime_error(place.file.empty() ? message
                                            : fmt::format("{}: {}", format_place(place), message)),
      place_(place) {}

InputError::InputError(const std::string& message) : std::runtime_error(message) {}

}  // namespace citynet
