#pragma once
// Progress of a long run on stderr: nothing for the first second, then a report at most
// every two seconds, rewritten in place on a terminal and one line each in a log. The
// caller asks `due()` only every few thousand steps, so the clock costs nothing measurable.
#include <chrono>
#include <optional>
#include <string_view>

namespace citynet::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool show);

  // The seconds since the start when a report is due; empty when not (or when not shown).
  [[nodiscard]] std::optional<double> due();
  [[nodiscard]] double wall_s() const;
  // Prints the report, whether due or not (a last report at the end of a run).
  void print(std::string_view report);
  // Ends a line rewritten in place, so that what follows starts on its own line.
  void finish() const;

 private:
  bool show_;
  bool rewrite_line_;
  std::chrono::steady_clock::time_point start_;
  double last_print_s_ = 0;
  bool printed_ = false;
};

}  // namespace citynet::cli
