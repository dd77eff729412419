#include "torch_inference.h"

namespace dwn::detail {

torch::jit::Module readyForInference(torch::jit::Module module)
{
    module.eval();
    try {
        torch::jit::Module frozen = torch::jit::freeze(module);
        return torch::jit::optimize_for_inference(frozen);
    } catch (const c10::Error&) {
        return module;
    }
}

} // namespace dwn::detail
