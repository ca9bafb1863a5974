#include "demand/calendar_queue.hpp"

#include <algorithm>
#include <cassert>

namespace citynet::demand {

CalendarQueue::CalendarQueue(double bucket_width_s, std::size_t bucket_count, std::size_t stream_count)
    : bucket_width_s_(bucket_width_s),
      mask_(bucket_count - 1),
      bucket_head_(bucket_count, kEndOfBucket),
      next_in_bucket_(stream_count, kEndOfBucket),
      time_s_by_stream_(stream_count, 0.0) {
  assert(bucket_width_s > 0 && bucket_count > 0 && (bucket_count & (bucket_count - 1)) == 0);
}

void CalendarQueue::insert_in_current(Entry entry) {
  const auto position = std::upper_bound(current_.begin(), current_.end(), entry, Later{});
  current_.insert(position, entry);
}

void CalendarQueue::push(Entry entry) {
  const std::uint64_t bucket = bucket_of(entry.time_s);
  // Not after the current bucket means not after anything still queued in later buckets.
  if (bucket <= current_bucket_) {
    insert_in_current(entry);
  } else if (bucket - current_bucket_ <= mask_) {
    std::uint32_t& head = bucket_head_[bucket & mask_];
    time_s_by_stream_[entry.stream] = entry.time_s;
    next_in_bucket_[entry.stream] = head;
    head = entry.stream;
    ++ring_count_;
  } else {
    overflow_.push(entry);
  }
}

bool CalendarQueue::settle() {
  while (current_.empty()) {
    if (ring_count_ == 0) {
      if (overflow_.empty()) return true;
      current_bucket_ = bucket_of(overflow_.top().time_s);  // jump over the empty stretch
    } else {
      ++current_bucket_;
    }
    // The horizon moved: entries it now reaches leave the heap for the ring or the current bucket.
    while (!overflow_.empty() && bucket_of(overflow_.top().time_s) - current_bucket_ <= mask_) {
      const Entry entry = overflow_.top();
      overflow_.pop();
      push(entry);
    }
    std::uint32_t& head = bucket_head_[current_bucket_ & mask_];
    for (std::uint32_t stream = head; stream != kEndOfBucket; stream = next_in_bucket_[stream]) {
      current_.push_back(Entry{time_s_by_stream_[stream], stream});
      --ring_count_;
    }
    head = kEndOfBucket;
    std::sort(current_.begin(), current_.end(), Later{});
  }
  return false;
}

}  // namespace citynet::demand
