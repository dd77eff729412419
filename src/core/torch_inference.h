#pragma once
// Internal: a TorchScript module made ready for inference, as the classifier's backend and the
// trainer's teachers run one. Compiled into both (it needs LibTorch, which the core does not).

#include <torch/script.h>

namespace dwn::detail {

// `module` in eval mode, frozen (its weights folded into the graph) and passed through
// LibTorch's inference pass (BatchNorm fused, oneDNN): together several times faster for small
// batches. A module that cannot be frozen is returned in eval mode as it is.
torch::jit::Module readyForInference(torch::jit::Module module);

} // namespace dwn::detail
