#include "cli/progress_line.hpp"

#include <cstdio>

#include <fmt/core.h>
#include <unistd.h>

namespace citynet::cli {
namespace {

inline constexpr double kProgressAfter_s = 1.0;  // runs shorter than this print no progress
inline constexpr double kProgressEvery_s = 2.0;

}  // namespace

ProgressLine::ProgressLine(bool show)
    : show_(show), rewrite_line_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

double ProgressLine::wall_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::optional<double> ProgressLine::due() {
  if (!show_) return std::nullopt;
  const double wall_s = this->wall_s();
  if (wall_s < kProgressAfter_s || wall_s < last_print_s_ + kProgressEvery_s) return std::nullopt;
  last_print_s_ = wall_s;
  return wall_s;
}

void ProgressLine::print(std::string_view report) {
  if (!show_) return;
  printed_ = true;
  fmt::print(stderr, "{}{}{}", rewrite_line_ ? "\r" : "", report, rewrite_line_ ? "   " : "\n");
}

void ProgressLine::finish() const {
  if (printed_ && rewrite_line_) fmt::print(stderr, "\n");
}

}  // namespace citynet::cli
