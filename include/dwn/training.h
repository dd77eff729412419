#pragma once
// Training a digit model on MNIST and exporting it with its data.json.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "dwn/datasets.h"

namespace dwn {

struct TrainOptions {
    std::string arch = "dwn"; // "dwn" (default) or "seed"
    int epochs = 15;
    int batch = 128;
    double learningRate = 2e-3;  // peak of the one-cycle schedule (Adam)
    std::uint64_t seed = 1;      // makes a run repeatable
    int threads = 2;             // intra-op threads
    bool augment = true;         // random rotation, scale, shear, shift and stroke width
    double acceptCorrect = 0.99; // fraction of correct validation digits the threshold accepts
};

struct EpochStats {
    int epoch = 0; // from 1
    double trainLoss = 0, trainAccuracy = 0;
    double validationLoss = 0, validationAccuracy = 0;
    double seconds = 0;
};

struct TrainResult {
    std::vector<EpochStats> history;
    int bestEpoch = 0;            // whose weights were kept
    double threshold = 0;         // softmax trusted_threshold
    double testAccuracy = 0;      // on the test set
    double testAccepted = 0;      // fraction of correct test predictions accepted
    double testWrongAccepted = 0; // fraction of wrong test predictions accepted
    double seconds = 0;
};

// Splits `train` 9:1 into training and validation with the seed, trains, keeps the weights
// of the best validation epoch, calibrates the trusted_threshold on validation, measures on
// `test`, and writes `outDir`/dwn.pt and `outDir`/data.json. `onEpoch` is called after each
// epoch; `onBatch(done, total)` during it. Throws dwn::Error for bad options or an
// unwritable folder.
TrainResult trainModel(const DigitImages& train, const DigitImages& test,
                       const TrainOptions& options, const std::filesystem::path& outDir,
                       const std::function<void(const EpochStats&)>& onEpoch,
                       const std::function<void(int, int)>& onBatch);

} // namespace dwn
