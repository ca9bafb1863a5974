// The engine against queueing theory on one link: processor sharing (elastic flows) and
// Erlang's loss formula (streams). Sample sizes scale with CITYNET_VALIDATION_SCALE; the
// confidence intervals come from batch means, so they shrink or widen honestly with it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "core/rng.hpp"
#include "engine/simulator.hpp"

namespace citynet::engine {
namespace {

constexpr int kBatches = 20;
// Two-sided 99.9% quantile of Student's t with kBatches - 1 = 19 degrees of freedom.
constexpr double kStudentT19 = 3.883;
// Customers discarded at the start, as a share of the run: the empty start is atypical.
constexpr double kWarmupShare = 0.05;

double validation_scale() {
  const char* text = std::getenv("CITYNET_VALIDATION_SCALE");
  return text ? std::stod(text) : 1.0;
}

std::uint64_t scaled(double customers) { return static_cast<std::uint64_t>(customers * validation_scale()); }

// Batch means over customers in arrival order after the warm-up.
class BatchMeans {
 public:
  BatchMeans(std::uint64_t total, std::uint64_t warmup)
      : warmup_(warmup), batch_size_((total - warmup) / kBatches), sums_(kBatches, 0.0) {}
  void add(std::uint64_t customer, double value) {
    if (customer < warmup_) return;
    const std::uint64_t batch = (customer - warmup_) / batch_size_;
    if (batch < kBatches) sums_[batch] += value;
  }
  [[nodiscard]] double mean() const {
    double s = 0;
    for (double b : sums_) s += b / batch_size_;
    return s / kBatches;
  }
  [[nodiscard]] double half_width() const {
    const double m = mean();
    double ss = 0;
    for (double b : sums_) ss += (b / batch_size_ - m) * (b / batch_size_ - m);
    return kStudentT19 * std::sqrt(ss / (kBatches - 1) / kBatches);
  }

 private:
  std::uint64_t warmup_;
  std::uint64_t batch_size_;
  std::vector<double> sums_;
};

enum class SizeLaw { exponential, pareto };

// Poisson arrivals of elastic flows (or streams) with sizes of mean 1 on path 0.
class PoissonSource : public ArrivalSource {
 public:
  PoissonSource(double rate_per_s, std::uint64_t count, std::uint64_t seed, SizeLaw law, std::optional<double> stream_bps)
      : rate_(rate_per_s), count_(count), rng_(seed), law_(law), stream_bps_(stream_bps) {}
  std::optional<Arrival> next() override {
    if (issued_ == count_) return std::nullopt;
    now_s_ += -std::log(rng_.uniform01()) / rate_;
    if (stream_bps_) return Arrival{now_s_, issued_++, 0, StreamFlow{PathId{0}, *stream_bps_, unit_exponential()}};
    return Arrival{now_s_, issued_++, 0, ElasticFlow{PathId{0}, size(), {}, 1}};
  }

 private:
  double unit_exponential() { return -std::log(rng_.uniform01()); }
  double size() {
    if (law_ == SizeLaw::exponential) return unit_exponential();
    // Pareto with shape 2.5 and mean 1: scale (alpha - 1) / alpha; finite variance.
    constexpr double kAlpha = 2.5;
    constexpr double kScale = (kAlpha - 1) / kAlpha;
    return kScale * std::pow(rng_.uniform01(), -1 / kAlpha);
  }
  double rate_;
  std::uint64_t count_;
  RandomStream rng_;
  SizeLaw law_;
  std::optional<double> stream_bps_;
  std::uint64_t issued_ = 0;
  double now_s_ = 0;
};

struct PsCase {
  double load;
  SizeLaw law;
};

class ProcessorSharing : public ::testing::TestWithParam<PsCase> {};

// M/G/1-PS on a link of 1 bit/s with mean size 1 bit: E[T] = E[S] / (C (1 - rho)),
// whatever the size distribution.
TEST_P(ProcessorSharing, MeanSojournIsSizeOverCapacityTimesOneMinusLoad) {
  const PsCase c = GetParam();
  // Heavier load needs longer runs: the relaxation time grows like 1 / (1 - rho)^2.
  const std::uint64_t customers = scaled(c.load > 0.8 ? 2'000'000 : 600'000);
  const auto warmup = static_cast<std::uint64_t>(kWarmupShare * customers);
  BatchMeans sojourn(customers, warmup);
  struct Collect : Observer {
    explicit Collect(BatchMeans& b) : batches(b) {}
    void on_elastic_completed(const ElasticCompletion& e) override { batches.add(e.tag, e.end_s - e.start_s); }
    BatchMeans& batches;
  } observer(sojourn);
  Simulator sim({1.0}, EngineConfig{});
  const std::uint32_t link = 0;
  (void)sim.add_path(std::span<const std::uint32_t>(&link, 1));
  PoissonSource source(c.load, customers, derive_seed(21, {hash_name("ps"), static_cast<std::uint64_t>(c.load * 100),
                                                           static_cast<std::uint64_t>(c.law)}),
                       c.law, std::nullopt);
  (void)sim.run(source, observer);
  const double expected = 1.0 / (1.0 - c.load);
  EXPECT_NEAR(sojourn.mean(), expected, sojourn.half_width())
      << "load " << c.load << ", 99.9% half-width " << sojourn.half_width();
}

INSTANTIATE_TEST_SUITE_P(LoadsAndSizeLaws, ProcessorSharing,
                         ::testing::Values(PsCase{0.3, SizeLaw::exponential}, PsCase{0.6, SizeLaw::exponential},
                                           PsCase{0.9, SizeLaw::exponential}, PsCase{0.3, SizeLaw::pareto},
                                           PsCase{0.6, SizeLaw::pareto}, PsCase{0.9, SizeLaw::pareto}));

// Erlang B by the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)).
double erlang_b(int circuits, double erlangs) {
  double b = 1;
  for (int n = 1; n <= circuits; ++n) b = erlangs * b / (n + erlangs * b);
  return b;
}

TEST(ErlangB, RecursionReproducesTheTabulatedValues) {
  constexpr double kTableDigits = 5e-6;  // the table is given to 4-5 significant digits
  EXPECT_NEAR(erlang_b(10, 10), 0.21458, kTableDigits);
  EXPECT_NEAR(erlang_b(100, 80), 0.003992, kTableDigits);
}

struct LossCase {
  int circuits;
  double erlangs;
  double customers;
};

class StreamAdmission : public ::testing::TestWithParam<LossCase> {};

// Streams of rate C / N on one link with guard share 0 are N circuits: Poisson arrivals
// with unit mean holding time see Erlang-B blocking.
TEST_P(StreamAdmission, BlockingFollowsErlangB) {
  const LossCase c = GetParam();
  const std::uint64_t customers = scaled(c.customers);
  const auto warmup = static_cast<std::uint64_t>(kWarmupShare * customers);
  BatchMeans blocked(customers, warmup);
  struct Collect : Observer {
    explicit Collect(BatchMeans& b) : batches(b) {}
    void on_stream_blocked(const StreamBlocked& e) override { batches.add(e.stream.tag, 1.0); }
    BatchMeans& batches;
  } observer(blocked);
  constexpr double kCapacityBps = 1e6;
  EngineConfig config;
  config.streaming_guard_share = 0;
  Simulator sim({kCapacityBps}, config);
  const std::uint32_t link = 0;
  (void)sim.add_path(std::span<const std::uint32_t>(&link, 1));
  PoissonSource source(c.erlangs, customers,
                       derive_seed(22, {hash_name("erlang"), static_cast<std::uint64_t>(c.circuits)}),
                       SizeLaw::exponential, kCapacityBps / c.circuits);
  (void)sim.run(source, observer);
  EXPECT_NEAR(blocked.mean(), erlang_b(c.circuits, c.erlangs), blocked.half_width())
      << "N " << c.circuits << ", A " << c.erlangs;
}

INSTANTIATE_TEST_SUITE_P(CircuitsAndLoads, StreamAdmission,
                         ::testing::Values(LossCase{10, 10, 400'000}, LossCase{10, 5, 400'000},
                                           LossCase{30, 25, 400'000}, LossCase{100, 80, 2'000'000}));

}  // namespace
}  // namespace citynet::engine
