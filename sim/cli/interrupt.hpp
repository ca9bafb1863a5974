#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a long command. The handler only records the signal;
// the command polls it between runs (the engine between events, through
// CityRunOptions::stop_requested), cleans up what it must and exits with 128 + the signal,
// as shells report a process the signal ended.

namespace citynet::cli {

// Installs the handlers for its lifetime and clears any signal recorded before; restores the
// previous handlers when it ends. One at a time.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Safe to call from any thread.
  [[nodiscard]] static bool requested();
  // 128 + the signal received.
  [[nodiscard]] static int exit_code();

 private:
  using Handler = void (*)(int);
  Handler previous_int_;
  Handler previous_term_;
};

}  // namespace citynet::cli
