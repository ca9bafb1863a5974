#include "engine/path_table.hpp"

#include <algorithm>
#include <utility>

#include "core/huge_pages.hpp"
#include "core/rng.hpp"

namespace citynet::engine {
namespace {

constexpr std::size_t kInitialSlots = 1024;

}  // namespace

std::uint32_t PathTable::hash(std::span<const std::uint32_t> resources) {
  // FNV-1a over the ids, then a final mix so that the low bits, which pick the slot, depend
  // on every id.
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const std::uint32_t r : resources) h = (h ^ r) * 0x100000001B3ULL;
  return static_cast<std::uint32_t>(mix64(h));
}

void PathTable::place(Slot slot) {
  std::size_t at = slot.hash & mask();
  while (slots_[at].id_plus_one != 0) at = (at + 1) & mask();
  slots_[at] = slot;
}

void PathTable::grow_to(std::size_t slot_count) {
  std::vector<Slot> bigger;
  bigger.reserve(slot_count);
  advise_huge_pages(bigger.data(), slot_count * sizeof(Slot));  // before the slots are zeroed
  bigger.resize(slot_count);
  std::vector<Slot> old = std::exchange(slots_, std::move(bigger));
  for (const Slot& slot : old) {
    if (slot.id_plus_one != 0) place(slot);
  }
}

void PathTable::add_hashed(std::uint32_t h, std::uint32_t id) {
  if (4 * (used_ + 1) > 3 * slots_.size()) grow_to(std::max(kInitialSlots, 2 * slots_.size()));
  place({h, id + 1});
  ++used_;
}

void PathTable::reserve(std::size_t path_count) {
  std::size_t slot_count = std::max(kInitialSlots, slots_.size());
  while (4 * path_count > 3 * slot_count) slot_count *= 2;
  if (slot_count > slots_.size()) grow_to(slot_count);
}

}  // namespace citynet::engine
