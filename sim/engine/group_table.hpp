#pragma once
// Finds the active group of a (path, cap, weight) key. Every elastic arrival looks its group
// up and every group's last departure takes it out, so this is an open-addressing table
// (linear probing, power-of-two size, at most half full) holding the keys themselves: a
// lookup reads one or two adjacent entries and no group.
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/rng.hpp"

namespace citynet::engine {

struct GroupKey {
  std::uint32_t path = 0;
  double cap_bps = std::numeric_limits<double>::infinity();  // infinity: uncapped
  double weight = 1;
  bool operator==(const GroupKey&) const = default;
};

class GroupTable {
 public:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

  // The group of `key`, or kAbsent.
  [[nodiscard]] std::uint32_t find(const GroupKey& key) const {
    if (entries_.empty()) return kAbsent;
    for (std::size_t at = home(key);; at = next(at)) {
      const Entry& e = entries_[at];
      if (e.group == kAbsent) return kAbsent;
      if (e.key == key) return e.group;
    }
  }

  // `key` must not be in the table.
  void insert(const GroupKey& key, std::uint32_t group) {
    if (2 * (size_ + 1) > entries_.size()) grow();
    std::size_t at = home(key);
    while (entries_[at].group != kAbsent) at = next(at);
    entries_[at] = Entry{key, group};
    ++size_;
  }

  // `key` must be in the table. Later entries of its probe run move back into the hole, so
  // no tombstones slow later lookups.
  void erase(const GroupKey& key) {
    std::size_t hole = home(key);
    while (!(entries_[hole].key == key)) hole = next(hole);
    for (std::size_t at = next(hole); entries_[at].group != kAbsent; at = next(at)) {
      // An entry may fill the hole iff its home is not within (hole, at].
      const std::size_t wanted = home(entries_[at].key);
      if (((at - wanted) & mask_) >= ((at - hole) & mask_)) {
        entries_[hole] = entries_[at];
        hole = at;
      }
    }
    entries_[hole] = Entry{};
    --size_;
  }

  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Entry {
    GroupKey key;
    std::uint32_t group = kAbsent;
  };

  [[nodiscard]] std::size_t home(const GroupKey& key) const {
    const std::uint64_t cap_bits = std::bit_cast<std::uint64_t>(key.cap_bps);
    const std::uint64_t weight_bits = std::bit_cast<std::uint64_t>(key.weight);
    return static_cast<std::size_t>(mix64(key.path ^ mix64(cap_bits ^ (weight_bits >> 1)))) & mask_;
  }
  [[nodiscard]] std::size_t next(std::size_t at) const { return (at + 1) & mask_; }

  void grow() {
    std::vector<Entry> old = std::move(entries_);
    entries_.assign(old.empty() ? 64 : 2 * old.size(), Entry{});
    mask_ = entries_.size() - 1;
    size_ = 0;
    for (const Entry& e : old) {
      if (e.group != kAbsent) insert(e.key, e.group);
    }
  }

  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace citynet::engine
