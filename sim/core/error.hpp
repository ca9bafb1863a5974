#pragma once
// Errors a user can cause. They are raised at the edges (scenario, import, CSV) and turned
// into one line and exit code 2 by the cli; assertions are kept for bugs only.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace citynet {

// A place in an input file; line and column are 1-based, 0 when unknown.
struct SourcePlace {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
};

// "FILE:LINE:COLUMN: what is wrong; what was expected" (place parts omitted when unknown).
class InputError : public std::runtime_error {
 public:
  InputError(const SourcePlace& place, const std::string& message);
  explicit InputError(const std::string& message);
  [[nodiscard]] const SourcePlace& place() const { return place_; }

 private:
  SourcePlace place_;
};

[[nodiscard]] std::string format_place(const SourcePlace& place);

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputError = 2;
inline constexpr int kExitInternalError = 3;

}  // namespace citynet
