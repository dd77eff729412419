#include "torch_inference.h"

#include <torch/csrc/jit/passes/frozen_graph_optimizations.h>

#include "network.h"

namespace dwn::detail {

torch::jit::Module readyForInference(torch::jit::Module module)
{
    module.eval();
    std::vector<std::string> kept; // besides forward
    for (const char* method : {kReadMethod, kReadDigitsMethod})
        if (module.find_method(method))
            kept.push_back(method);
    try {
        torch::jit::Module frozen = torch::jit::freeze(module, kept);
        // freeze() optimises forward's graph alone (BatchNorm folded into the convolutions,
        // dropout taken out): the same for the methods kept.
        for (const std::string& name : kept) {
            std::shared_ptr<torch::jit::Graph> graph = frozen.get_method(name).graph();
            torch::jit::OptimizeFrozenGraph(graph);
        }
        return torch::jit::optimize_for_inference(frozen, kept);
    } catch (const c10::Error&) {
        return module;
    }
}

} // namespace dwn::detail
