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

// The number heads, two small networks on a digit network's convolutional features that number
// reading asks about the crops it weighs:
// - the misfit head tells a crop holding much of two digits (touching digits read as one, a cut
//   through a digit's neighbour) from one whole digit;
// - the crop head reads the digit in a crop as number reading cuts it out of a soft-ink number
//   (neighbours' ink at its sides, a digit rescaled from any height).
// A model with them has more methods: `features(x)`, the flattened features; `read(x)`, which
// returns in one pass the [N,10] logits, the [N] misfit logits and the [N,10] crop reading (the
// digit head's and the crop head's logits averaged); and `read_digits(x)`, the first two alone,
// which spares a canvas's strokes the crop tower. `forward` is unchanged. A model made before the
// crop head has `read` alone, which returns the first two.
inline constexpr const char* kReadMethod = "read";
inline constexpr const char* kReadDigitsMethod = "read_digits";
// The crop head reads the features of its own copy of the convolutions (the crop tower, whose
// weights are named with this prefix), which learn with it; `crop_logits(x)` is its answer
// alone, for learning (an exported model keeps `forward`, `read` and `read_digits`).
inline constexpr const char* kCropTower = "crop";
inline constexpr const char* kCropLogitsMethod = "crop_logits";
inline constexpr int kMisfitHidden = 128;
inline constexpr int kCropHidden = 128;

// Whether `net` has the misfit head's methods.
bool hasMisfitHead(const torch::jit::Module& net);
// Whether it has the crop head too, with its own convolutions (the crop tower).
bool hasCropHead(const torch::jit::Module& net);

// Gives `net`, a network of one of kArchitectures (built here, or saved by dwn train and
// loaded), both number heads with freshly initialised weights (drawn from torch's global
// generator) and the crop tower a copy of its convolutions: `net` becomes a network built afresh
// with its weights. Nothing happens when it has them already; a model whose crop head reads the
// digit network's features (made before the crop tower) gets them anew. Throws dwn::Error for
// another network.
void addNumberHeads(torch::jit::Module& net);

// One line that says what `arch` is, for data.json.
std::string describeNetwork(const std::string& arch);

} // namespace dwn::detail
