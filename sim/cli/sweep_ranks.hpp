#pragma once
// The processes that share a sweep. Built without MPI (the default) there is one; built
// with CITYNET_MPI and started by mpirun, the ranks of MPI_COMM_WORLD: every rank runs the
// rows whose index is its rank modulo the number of ranks, and rank 0, which writes
// sweep.csv, receives the others' rows. Only the thread that made the SweepRanks calls it
// (MPI_THREAD_FUNNELED).
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace citynet::cli {

class SweepRanks {
 public:
  SweepRanks();   // MPI_Init, when built with MPI
  ~SweepRanks();  // MPI_Finalize
  SweepRanks(const SweepRanks&) = delete;
  SweepRanks& operator=(const SweepRanks&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

  // Rank 0's value, on every rank.
  [[nodiscard]] std::size_t broadcast(std::size_t value) const;
  // To rank 0.
  void send_row(std::size_t index, const std::string& row) const;
  // On rank 0: a row another rank sent, if one has arrived.
  [[nodiscard]] std::optional<std::pair<std::size_t, std::string>> try_receive_row() const;
  // Leaves MPI and ends this process (every rank does so after the same error).
  [[noreturn]] void finish_and_exit(int exit_code);
  // Ends every rank at once (a rank's run failed, or the sweep was interrupted).
  [[noreturn]] void abort(int exit_code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace citynet::cli
