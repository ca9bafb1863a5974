#pragma once
// Finds the active group of a (path, cap, weight) key. Every elastic arrival looks its group
// up and every group's last departure takes it out, so this is an open-addressing table
// (linear probing, power-of-two size, at most half full) of 8-byte entries, each a group
// and 32 bits of its key's hash: thousands of active groups take a table small enough to
// stay in cache, and a lookup reads the group's key only where the hash matches (the group
// an arrival joins, which it reads anyway).
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

  // The group of `key`, or kAbsent; `key_of(group)` gives the key of a group in the table.
  template <class KeyOf>
  [[nodiscard]] std::uint32_t find(const GroupKey& key, const KeyOf& key_of) const {
    if (entries_.empty()) return kAbsent;
    const std::uint32_t h = hash(key);
    for (std::size_t at = h & mask_;; at = next(at)) {
      const Entry& e = entries_[at];
      if (e.group == kAbsent) return kAbsent;
      if (e.hash == h && key_of(e.group) == key) return e.group;
    }
  }

  // Asks the cache for where find(key) starts, ahead of the lookup.
  void prefetch(const GroupKey& key) const {
    if (!entries_.empty()) __builtin_prefetch(&entries_[hash(key) & mask_]);
  }

  // `key` must not be in the table.
  void insert(const GroupKey& key, std::uint32_t group) { insert_hashed(hash(key), group); }

  // `group`, of key `key`, must be in the table. Later entries of its probe run move back
  // into the hole, so no tombstones slow later lookups.
  void erase(const GroupKey& key, std::uint32_t group) {
    std::size_t hole = hash(key) & mask_;
    while (entries_[hole].group != group) hole = next(hole);
    for (std::size_t at = next(hole); entries_[at].group != kAbsent; at = next(at)) {
      // An entry may fill the hole iff its home is not within (hole, at].
      const std::size_t wanted = entries_[at].hash & mask_;
      if (((at - wanted) & mask_) >= ((at - hole) & mask_)) {
        entries_[hole] = entries_[at];
        hole = at;
      }
    }
    entries_[hole] = Entry{};
    --size_;
  }

  [[nodiscard]] std::size_t size() const { return size_; }

  [[nodiscard]] static std::uint32_t hash(const GroupKey& key) {
    const std::uint64_t cap_bits = std::bit_cast<std::uint64_t>(key.cap_bps);
    const std::uint64_t weight_bits = std::bit_cast<std::uint64_t>(key.weight);
    return static_cast<std::uint32_t>(mix64(key.path ^ mix64(cap_bits ^ (weight_bits >> 1))));
  }

 private:
  struct Entry {
    std::uint32_t hash = 0;  // also picks the home slot: the table never exceeds 2^32 entries
    std::uint32_t group = kAbsent;
  };

  [[nodiscard]] std::size_t next(std::size_t at) const { return (at + 1) & mask_; }

  void insert_hashed(std::uint32_t h, std::uint32_t group) {
    if (2 * (size_ + 1) > entries_.size()) grow();
    std::size_t at = h & mask_;
    while (entries_[at].group != kAbsent) at = next(at);
    entries_[at] = Entry{h, group};
    ++size_;
  }

  void grow() {
    std::vector<Entry> old = std::move(entries_);
    entries_.assign(old.empty() ? 64 : 2 * old.size(), Entry{});
    mask_ = entries_.size() - 1;
    size_ = 0;
    for (const Entry& e : old) {
      if (e.group != kAbsent) insert_hashed(e.hash, e.group);
    }
  }

  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace citynet::engine
