#pragma once

namespace dwn::detail {

// Settles two process-wide settings that decide how fast LibTorch runs on the CPU; idempotent,
// called by the classifier and the trainer before their first tensor work.
// - Debian's OpenBLAS (pthreads build) keeps its own threads spinning after each matrix
//   product, on the cores LibTorch's threads need: it is limited to the calling thread.
// - glibc maps every block above a threshold fresh from the system and unmaps it when freed, so
//   each batch's activations (several MB) page-fault again: they stay in the heap instead.
void prepareCpuRuntime();

} // namespace dwn::detail
