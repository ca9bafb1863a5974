#include "cli/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace citynet::cli {
namespace {

inline constexpr int kExitBySignal = 128;

// Read by worker threads as well as the main one; a lock-free atomic is also safe to store
// from a signal handler.
std::atomic<int> g_signal{0};  // the signal received; 0: none
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_interrupt(int signal) { g_signal.store(signal, std::memory_order_relaxed); }

}  // namespace

InterruptGuard::InterruptGuard() {
  g_signal.store(0);
  previous_int_ = std::signal(SIGINT, on_interrupt);
  previous_term_ = std::signal(SIGTERM, on_interrupt);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, previous_int_);
  std::signal(SIGTERM, previous_term_);
}

bool InterruptGuard::requested() { return g_signal.load(std::memory_order_relaxed) != 0; }

int InterruptGuard::exit_code() { return kExitBySignal + g_signal.load(); }

}  // namespace citynet::cli
