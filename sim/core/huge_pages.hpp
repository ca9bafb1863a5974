#pragma once
// Large arrays in 2 MB pages: a million flows take tens of megabytes, which in 4 kB pages
// are tens of thousands of page faults on first touch (each costly on a virtual machine),
// in 2 MB pages a few dozen.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace citynet {

// Asks for 2 MB pages for the whole 2 MB pages inside [data, data + size_bytes), before
// they are first touched. Only a hint; the kernel may ignore it.
inline void advise_huge_pages(const void* data, std::size_t size_bytes) {
  constexpr std::uintptr_t kHugePageBytes = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + size_bytes) & ~(kHugePageBytes - 1);
  if (begin < end) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace citynet
