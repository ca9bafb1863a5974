#include "cli/sweep_ranks.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#ifdef CITYNET_MPI
#include <mpi.h>
#endif

namespace citynet::cli {

#ifdef CITYNET_MPI

namespace {
constexpr int kRowTag = 1;
// A row travels as its index (8 bytes, little or big endian as the ranks agree: they run the
// same binary) followed by its text.
constexpr std::size_t kIndexBytes = sizeof(std::uint64_t);
}  // namespace

SweepRanks::SweepRanks() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

SweepRanks::~SweepRanks() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

std::size_t SweepRanks::broadcast(std::size_t value) const {
  std::uint64_t word = value;
  MPI_Bcast(&word, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  return static_cast<std::size_t>(word);
}

void SweepRanks::send_row(std::size_t index, const std::string& row) const {
  std::vector<char> message(kIndexBytes + row.size());
  const std::uint64_t word = index;
  std::memcpy(message.data(), &word, kIndexBytes);
  std::memcpy(message.data() + kIndexBytes, row.data(), row.size());
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kRowTag, MPI_COMM_WORLD);
}

std::optional<std::pair<std::size_t, std::string>> SweepRanks::try_receive_row() const {
  int arrived = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kRowTag, MPI_COMM_WORLD, &arrived, &status);
  if (!arrived) return std::nullopt;
  int length = 0;
  MPI_Get_count(&status, MPI_CHAR, &length);
  std::vector<char> message(static_cast<std::size_t>(length));
  MPI_Recv(message.data(), length, MPI_CHAR, status.MPI_SOURCE, kRowTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::uint64_t word = 0;
  std::memcpy(&word, message.data(), kIndexBytes);
  return std::pair{static_cast<std::size_t>(word), std::string(message.begin() + kIndexBytes, message.end())};
}

void SweepRanks::finish_and_exit(int exit_code) {
  MPI_Finalize();
  std::exit(exit_code);
}

void SweepRanks::abort(int exit_code) const {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

#else

SweepRanks::SweepRanks() = default;
SweepRanks::~SweepRanks() = default;
std::size_t SweepRanks::broadcast(std::size_t value) const { return value; }
void SweepRanks::send_row(std::size_t, const std::string&) const {}
std::optional<std::pair<std::size_t, std::string>> SweepRanks::try_receive_row() const { return std::nullopt; }
void SweepRanks::finish_and_exit(int exit_code) { std::exit(exit_code); }
void SweepRanks::abort(int exit_code) const { std::exit(exit_code); }

#endif

}  // namespace citynet::cli
