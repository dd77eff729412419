#pragma once
// Training a digit model and exporting it with its data.json and reports.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dwn/datasets.h"
#include "dwn/metrics.h"

namespace dwn {

struct TrainData {
    DigitImages train;               // split 9:1 into training and validation with the seed
    DigitImages test;                // only for the final report
    DigitImages extra;               // labelled drawings added to the training split (fine-tuning)
    DigitImages outliers;            // images that are no digits (Fashion-MNIST): evaluation only
    std::size_t outliersRefused = 0; // more of them, that preprocessing already refused
    std::map<std::string, std::string> hashes; // file name -> sha256, written to data.json
};

struct TrainOptions {
    std::string arch = "dwn";                  // "dwn" (default) or "seed"
    std::optional<std::filesystem::path> init; // fine-tune this model (made by dwn train)
    int epochs = 64;
    int batch = 128;
    double learningRate = 2e-3; // peak of the one-cycle schedule (AdamW)
    double weightDecay = 0.05;  // AdamW's decoupled weight decay
    std::uint64_t seed = 1;     // makes a run repeatable
    // Draws the starting weights from this seed instead; the split, the data and the batches
    // stay the seed's (models that differ only in their start, to learn from together).
    std::optional<std::uint64_t> initSeed;
    int threads = 2;             // intra-op threads
    bool augment = true;         // random rotation, scale, shear, shift and stroke width
    double plainTail = 0.25;     // share of the epochs, at the end, without that augmentation
    int extraRepeat = 1;         // how often each extra drawing appears in an epoch
    double acceptCorrect = 0.99; // fraction of correct validation digits the threshold accepts
    int doodles = 30000;         // generated doodles for outlier exposure (0: none); a further
                                 // tenth of this is held out to choose the score
    double doodleWeight = 0.5;   // weight of the loss that pushes doodles towards uniform
    double rerender = 0.3;       // share of training digits seen re-drawn by preprocess()
    double degraded = 0.25;      // share seen degraded (degradeDigit) and then prepare()d
    double inLine = 0;           // share seen as one digit of a number, large and slanted,
                                 // then prepare()d
    double shear = 0.15;         // augmentation: shear factor up to this either way
    // Numbers made of training digits whose crops (number_crops.h) are learnt: the whole
    // digits as digits, the misfits with the doodles (0: none).
    int numberCrops = 0;
    // Numbers made of training digits whose crops teach the misfit head (0: no head), after the
    // digits are learnt.
    int misfitNumbers = 120000;
    // Models (made by dwn train) whose averaged answers the network also learns, softened at
    // temperature kDistillTemperature (knowledge distillation), and that lesson's share of the
    // digits' loss; the labels keep the rest.
    std::vector<std::filesystem::path> teachers;
    double teacherWeight = 0.5;
};

// The temperature that softens the teachers' and the network's answers when one learns from
// the others.
inline constexpr double kDistillTemperature = 3.0;

struct EpochStats {
    int epoch = 0; // from 1
    double trainLoss = 0, validationLoss = 0;
    Metrics train, validation; // accuracy, precision, recall, F1, macro-F1
    double seconds = 0;
};

// What the misfit head learnt: crops of numbers made of training digits, and how it tells the
// crops of numbers made of validation digits apart.
struct MisfitStats {
    int numbers = 0;                     // 0: no head was trained
    std::size_t digits = 0, misfits = 0; // crops learnt: whole digits, and much of two digits
    double auroc = 0;                    // of held-out misfits against held-out whole digits
    double digitsDoubted = 0;            // held-out whole digits whose misfit probability > 0.5
    double misfitsFound = 0;             // held-out misfits whose misfit probability > 0.5
    // The crop head: the images it learnt from, and the share of held-out whole-digit crops
    // read right by the digit head alone and by the crop reading (both heads).
    std::size_t cropLessons = 0;
    double cropsRightBefore = 0, cropsRight = 0;
    double seconds = 0;
};

struct TrainResult {
    std::vector<EpochStats> history;
    int bestEpoch = 0;    // whose weights were kept
    std::string score;    // "softmax", "logit" or "energy": the one that separated best
    double threshold = 0; // trusted_threshold for that score
    // Per score: AUROC of correct validation digits against held-out doodles (or, without
    // doodles, against wrong predictions).
    std::map<std::string, double> auroc;
    double doodlesRejected = -1;  // fraction of held-out doodles rejected
    Metrics test;                 // of the kept weights on the test set
    double testAccepted = 0;      // fraction of correct test predictions accepted
    double testWrongAccepted = 0; // fraction of wrong test predictions accepted
    double outliersRejected = -1; // fraction of outliers (refused ones included) rejected; -1
                                  // without outliers
    std::string device;           // "CPU" or "CUDA"
    MisfitStats misfit;
    double seconds = 0;
};

// Trains (from scratch, or from options.init) on digits, some of them re-drawn as preprocess()
// re-draws a drawing, and on generated doodles pushed towards a uniform answer (outlier
// exposure); keeps the weights of the best validation epoch, chooses the score that best
// separates digits from held-out doodles and calibrates the trusted_threshold on validation
// digits (as they are and re-drawn), measures on the test set and the outliers, and writes
// `outDir`/dwn.pt and `outDir`/data.json. When `reportDir` is not empty it also gets history.csv,
// history.png, test_report.csv, test_confusion.csv and test_confusion.png. `onEpoch` is called
// after each epoch, `onBatch(done, total)` during it. Throws dwn::Error for bad options, a model
// that cannot be fine-tuned, or an unwritable folder.
TrainResult trainModel(const TrainData& data, const TrainOptions& options,
                       const std::filesystem::path& outDir, const std::filesystem::path& reportDir,
                       const std::function<void(const EpochStats&)>& onEpoch,
                       const std::function<void(int, int)>& onBatch);

// The training digits that trainModel(data with `train`, `options`) holds out for validation and
// never trains on, drawn as that run draws them (the shipped model's, for the default options):
// for choosing settings on digits the model has not learnt. Throws dwn::Error as trainModel
// does for a fine-tuning start (options.init) it cannot load.
DigitImages validationDigits(const DigitImages& train, const TrainOptions& options);

// Gives `model` (made by dwn train, with its data.json beside it) a misfit head learnt from the
// crops of `numbers` numbers made of the training digits it trained on (its data.json's split
// of `mnistTrain()`, MNIST's training images, read once the model is found fit), measured on
// numbers made of its validation digits, and writes the model and its data.json (with
// "misfit_head" added and the new model_sha256) to `outDir`, as dwn train does. A head the
// model has already is learnt again; its digits' answers stay as they were. Throws dwn::Error
// for a model that is no network dwn train makes, a missing or broken data.json, or an
// unwritable folder.
MisfitStats teachMisfitHead(const std::filesystem::path& model,
                            const std::function<DigitImages()>& mnistTrain, int numbers,
                            const std::filesystem::path& outDir);

} // namespace dwn
