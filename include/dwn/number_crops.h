#pragma once
// The crops that number reading asks the network about, made from numbers of known digits:
// each crop that holds one whole digit and next to nothing of another, labelled with it, and
// each that holds much of two ("misfits"), which the network should doubt. Training on both
// teaches it the choices readNumber() makes between groupings.

#include <cstddef>
#include <cstdint>
#include <random>

#include "dwn/datasets.h"
#include "dwn/number_images.h"

namespace dwn {

struct NumberCrops {
    DigitImages digits;  // 28x28, labelled
    DigitImages misfits; // 28x28, unlabelled
};

// `number` written in a look drawn at random from `rng`, as `dwn numbers --look` writes it (a
// degradation of allDegradations(), a faded span, a black-and-white scan or a lamp's light),
// with its owner map and digit height scaled as the image is.
NumberImage lookedNumber(NumberImage number, std::mt19937& rng);

// Crops of `numbers` numbers of 2–4 digits drawn from `digits` (use training digits only),
// two in three with touching or overlapping digits, one in three written as a scan or photo
// shows it (a look of `dwn numbers --look`), segmented as image files are and cut into the
// candidates readNumber() weighs. Throws dwn::Error for an empty or unlabelled set.
NumberCrops cropsOfNumbers(const DigitImages& digits, std::size_t numbers, std::uint64_t seed);

} // namespace dwn
