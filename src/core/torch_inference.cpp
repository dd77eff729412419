#include "torch_inference.h"

#include "network.h"

namespace dwn::detail {

torch::jit::Module readyForInference(torch::jit::Module module)
{
    module.eval();
    std::vector<std::string> kept; // besides forward
    if (module.find_method(kReadMethod))
        kept.push_back(kReadMethod);
    try {
        torch::jit::Module frozen = torch::jit::freeze(module, kept);
        return torch::jit::optimize_for_inference(frozen, kept);
    } catch (const c10::Error&) {
        return module;
    }
}

} // namespace dwn::detail
