#pragma once
// The pending sessions of many streams, handed out in (time, stream) order: a calendar
// queue (R. Brown, CACM 1988) in place of a heap, because with tens of thousands of
// streams a heap's sift costs more than drawing a session does.
//
// Time is cut into buckets of a fixed width; a ring holds the buckets of a horizon ahead
// of the current one, a heap holds the few entries beyond it. The current bucket is kept
// sorted. Pushing costs O(1) (O(log n) beyond the horizon); popping costs the sort of a
// bucket, a few entries when the width is near the mean gap between arrivals. A ring
// bucket is a list threaded through per-stream arrays, so the hot data is a few flat
// arrays (4 bytes per bucket, 12 per stream) that stay in cache.
//
// Contract: each stream is queued at most once at a time, and every push is at a time not
// earlier than the last entry popped (the streams' times only move forward), which is what
// keeps the order exact.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

namespace citynet::demand {

class CalendarQueue {
 public:
  struct Entry {
    double time_s = 0;
    std::uint32_t stream = 0;
  };

  // bucket_width_s > 0; bucket_count a power of two; streams are numbered below stream_count.
  CalendarQueue(double bucket_width_s, std::size_t bucket_count, std::size_t stream_count);

  void push(Entry entry);
  [[nodiscard]] bool empty() { return settle(); }
  // The smallest entry; the queue must not be empty.
  [[nodiscard]] const Entry& top() {
    settle();
    return current_.back();
  }
  void pop() { current_.pop_back(); }
  [[nodiscard]] std::size_t size() const { return current_.size() + ring_count_ + overflow_.size(); }

 private:
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time_s > b.time_s || (a.time_s == b.time_s && a.stream > b.stream);
    }
  };

  [[nodiscard]] std::uint64_t bucket_of(double time_s) const {
    return static_cast<std::uint64_t>(time_s / bucket_width_s_);
  }
  // Makes current_ hold the earliest non-empty bucket; true when the queue is empty.
  bool settle();
  void insert_in_current(Entry entry);

  double bucket_width_s_;
  std::uint64_t mask_;
  std::uint64_t current_bucket_ = 0;
  std::vector<Entry> current_;  // sorted latest first, so the earliest pops from the back
  // Ring bucket k's streams: bucket_head_[k], then next_in_bucket_[that], ... up to kEndOfBucket.
  static constexpr std::uint32_t kEndOfBucket = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> bucket_head_;
  std::vector<std::uint32_t> next_in_bucket_;
  std::vector<double> time_s_by_stream_;
  std::size_t ring_count_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, Later> overflow_;  // at or beyond the horizon
};

}  // namespace citynet::demand
