#pragma once
// Internal: the digit networks, built as TorchScript modules that train as they are and
// save as the model contract (DESIGN.md) says: [N,1,28,28] 0..255 in, [N,10] logits out.

#include <string>

#include <torch/script.h>

namespace dwn::detail {

// The architectures `dwn train --arch` knows.
inline const char* const kArchitectures = "dwn, seed";

// A freshly initialised network of architecture `arch` ("dwn" or "seed"), in training mode.
// Initialisation draws from torch's global generator: seed it first. Throws dwn::Error for
// an unknown architecture.
torch::jit::Module buildNetwork(const std::string& arch);

// One line that says what `arch` is, for data.json.
std::string describeNetwork(const std::string& arch);

} // namespace dwn::detail
