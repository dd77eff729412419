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

// The misfit head: a small network on a digit network's convolutional features that tells a
// crop holding much of two digits (touching digits read as one, a cut through a digit's
// neighbour) from one whole digit. A model with it has two more methods: `features(x)`, the
// flattened features, and `read(x)`, which returns the [N,10] logits and the [N] misfit logits
// in one pass; `forward` is unchanged.
inline constexpr const char* kReadMethod = "read";
inline constexpr int kMisfitHidden = 128;

// Whether `net` has the misfit head's methods.
bool hasMisfitHead(const torch::jit::Module& net);

// Gives `net`, a network of one of kArchitectures (built here, or saved by dwn train and
// loaded), the misfit head's methods and, when it has none, freshly initialised weights for
// it (drawn from torch's global generator). Nothing happens when it has the head already.
// Throws dwn::Error for another network.
void addMisfitHead(torch::jit::Module& net);

// One line that says what `arch` is, for data.json.
std::string describeNetwork(const std::string& arch);

} // namespace dwn::detail
