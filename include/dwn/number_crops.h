#pragma once
// The crops that number reading asks the network about, made from numbers of known digits:
// each crop that holds one whole digit and next to nothing of another, labelled with it, and
// each that holds much of two ("misfits"), which the network should doubt. Training on both
// teaches it the choices readNumber() makes between groupings.

#include <cstddef>
#include <cstdint>

#include "dwn/datasets.h"

namespace dwn {

struct NumberCrops {
    DigitImages digits;  // 28x28, labelled
    DigitImages misfits; // 28x28, unlabelled
};

// Crops of `numbers` numbers of 2–4 digits drawn from `digits` (use training digits only),
// two in three with touching or overlapping digits, segmented as image files are and cut into
// the candidates readNumber() weighs. Throws dwn::Error for an empty or unlabelled set.
NumberCrops cropsOfNumbers(const DigitImages& digits, std::size_t numbers, std::uint64_t seed);

} // namespace dwn
