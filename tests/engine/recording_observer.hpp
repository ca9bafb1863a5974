#pragma once
// An observer that keeps everything the engine reports, for tests to inspect.
#include <map>
#include <vector>

#include "engine/simulator.hpp"

namespace citynet::engine::test_support {

struct RecordedSample {
  double start_s = 0;
  double end_s = 0;
  std::vector<ResourceSample> resources;
};

class RecordingObserver : public Observer {
 public:
  void on_elastic_completed(const ElasticCompletion& c) override {
    completions.push_back(c);
    end_by_tag[c.tag] = c.end_s;
  }
  void on_stream_admitted(const StreamRecord& s) override { admitted.push_back(s); }
  void on_stream_blocked(const StreamBlocked& b) override { blocked.push_back(b); }
  void on_stream_ended(const StreamEnded& e) override { ended.push_back(e); }
  void on_sample(const SampleTick& t) override {
    samples.push_back({t.start_s, t.end_s, {t.resources.begin(), t.resources.end()}});
  }

  std::vector<ElasticCompletion> completions;
  std::map<std::uint64_t, double> end_by_tag;
  std::vector<StreamRecord> admitted;
  std::vector<StreamBlocked> blocked;
  std::vector<StreamEnded> ended;
  std::vector<RecordedSample> samples;
};

inline Arrival elastic(double start_s, std::uint64_t tag, PathId path, double size_bits,
                       std::optional<double> cap_bps = {}, double weight = 1) {
  return Arrival{start_s, tag, 0, ElasticFlow{path, size_bits, cap_bps, weight}};
}

inline Arrival stream(double start_s, std::uint64_t tag, PathId path, double rate_bps, double duration_s) {
  return Arrival{start_s, tag, 0, StreamFlow{path, rate_bps, duration_s}};
}

}  // namespace citynet::engine::test_support
