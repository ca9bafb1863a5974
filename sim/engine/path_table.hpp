#pragma once
// Engine paths interned by their sequence of resources: the same sequence always gets the
// same id. The sequences stay where the caller keeps them (back to back in one array); the
// table holds only each id and 32 bits of its hash, in an open-addressing array of 8-byte
// slots, so interning a path costs no allocation once the table has grown, and a replay's
// hundreds of thousands of paths take a few megabytes of table.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace citynet::engine {

class PathTable {
 public:
  // The id added for a sequence equal to `resources`, if any; `resources_of(id)` gives the
  // sequence of an id added before.
  template <class ResourcesOf>
  [[nodiscard]] std::optional<std::uint32_t> find(std::span<const std::uint32_t> resources,
                                                  const ResourcesOf& resources_of) const {
    return find(resources, hash(resources), resources_of);
  }
  // The same, with hash(resources) computed by the caller.
  template <class ResourcesOf>
  [[nodiscard]] std::optional<std::uint32_t> find(std::span<const std::uint32_t> resources, std::uint32_t h,
                                                  const ResourcesOf& resources_of) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t at = h & mask(); slots_[at].id_plus_one != 0; at = (at + 1) & mask()) {
      if (slots_[at].hash != h) continue;
      const std::uint32_t id = slots_[at].id_plus_one - 1;
      const std::span<const std::uint32_t> known = resources_of(id);
      if (std::equal(known.begin(), known.end(), resources.begin(), resources.end())) return id;
    }
    return std::nullopt;
  }

  // Records `id` for `resources`, which find() did not find.
  void add(std::span<const std::uint32_t> resources, std::uint32_t id) { add_hashed(hash(resources), id); }
  // The same, with `h` = hash(resources).
  void add_hashed(std::uint32_t h, std::uint32_t id);

  // Asks memory for the slot where a sequence of hash `h` is looked for first, ahead of
  // find() or add(): the table is visited at random, each look a cache miss.
  void prefetch(std::uint32_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask()]);
  }

  // Makes room for `path_count` ids in all, so that adding up to that many grows the table
  // at most once, here.
  void reserve(std::size_t path_count);

  [[nodiscard]] static std::uint32_t hash(std::span<const std::uint32_t> resources);

 private:
  struct Slot {
    std::uint32_t hash = 0;         // also picks the slot: the table never exceeds 2^32 slots
    std::uint32_t id_plus_one = 0;  // 0: free
  };

  [[nodiscard]] std::size_t mask() const { return slots_.size() - 1; }
  void place(Slot slot);
  void grow_to(std::size_t slot_count);

  std::vector<Slot> slots_;  // a power of two in size, at most three quarters full
  std::size_t used_ = 0;
};

}  // namespace citynet::engine
