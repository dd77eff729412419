#pragma once
// Internal: the stages of dwn::trainModel, one job each, so that a test can call one alone:
// data, the starting network, teachers, batches (augmentation), epochs, calibration, measurement,
// reports and export.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/script.h>
#include <torch/torch.h>

#include "dwn/training.h"

namespace dwn::detail {

// Throws dwn::Error for options out of range or data too small or unlabelled to train on.
void checkTrainOptions(const TrainData& data, const TrainOptions& options);

// What training reads, as float [N,1,28,28] tensors of 0..255 and int64 [N] labels.
struct TrainingSet {
    torch::Tensor images, redrawn, degraded, labels; // the training split, extra drawings added
    torch::Tensor inLine; // the training split written as digits of a number, prepared
    torch::Tensor valImages, valRedrawn, valLabels; // the validation split
    torch::Tensor doodles;                          // outlier exposure
    torch::Tensor degradedDoodles;                  // the same degraded, then prepared
    torch::Tensor heldOutDoodles;       // a tenth more, to choose the score by (with degraded ones)
    torch::Tensor trainIndex, valIndex; // the split: indices into the MNIST training images
};

// The data stage: MNIST's training images split 9:1 with the seed, each image also as
// preprocess() re-draws it and as a degraded scan or photo of it, prepared (options.degraded
// > 0); the extra drawings appended options.extraRepeat times; the generated doodles, also
// degraded and prepared as the digits are, so that soft grey ink alone is no sign of a digit;
// the crops of numbers made of training digits (whole digits with the digits, misfits with
// the doodles) and misfits of validation digits with the held-out doodles. Throws dwn::Error
// for unlabelled extra drawings.
TrainingSet prepareTrainingSet(const TrainData& data, const TrainOptions& options);

// Random rotation, scale, shear (up to `maxShear` either way), shift and elastic distortion of
// a whole batch in one grid_sample, then a random change of stroke width.
torch::Tensor augment(const torch::Tensor& x, double maxShear);

// The batch of training images `index`: each as it is, re-drawn or degraded (by the options'
// shares), followed by batch/8 random doodles when there are doodles (degraded by the same
// share), distorted by augment() when `distort`, on `device`.
torch::Tensor makeBatch(const TrainingSet& set, const torch::Tensor& index,
                        const TrainOptions& options, bool distort, torch::Device device);

// The network training starts from: options.init's on `device`, or a new one of options.arch
// with weights drawn from options.initSeed (when given) or from the generator as it stands.
// Either way the generator is left where building under options.seed leaves it.
torch::jit::Module startingNetwork(const TrainOptions& options, torch::Device device);

// The models the network learns from besides the labels (options.teachers), in eval mode.
using Teachers = std::vector<torch::jit::Module>;

// The teachers stage: each of options.teachers loaded on `device`. Throws dwn::Error naming a
// file that is no TorchScript model or whose answers are not ten logits.
Teachers loadTeachers(const TrainOptions& options, torch::Device device);

// The epochs stage: AdamW with the one-cycle schedule, the last options.plainTail of the
// epochs undistorted; the digits' loss is the labels' cross-entropy, and with teachers,
// options.teacherWeight of it how far the softened answers are from theirs. After each epoch
// the validation accuracy; the weights of the best epoch are put back at the end. Returns
// every epoch's figures and sets `bestEpoch`.
std::vector<EpochStats> trainEpochs(torch::jit::Module& net, const TrainingSet& set,
                                    Teachers& teachers, const TrainOptions& options,
                                    torch::Device device, int& bestEpoch,
                                    const std::function<void(const EpochStats&)>& onEpoch,
                                    const std::function<void(int, int)>& onBatch);

// The misfit stage: gives `net` the misfit head (addMisfitHead) and teaches it, on the frozen
// features of the digits learnt, to tell the crops of `numbers` numbers made of `train` that
// hold much of two digits from those that hold one whole digit (number_crops.h); measured on
// the crops of a fifth as many numbers made of `validation`. Draws from the seed as it stands.
MisfitStats trainMisfitHead(torch::jit::Module& net, const DigitImages& train,
                            const DigitImages& validation, int numbers, std::uint64_t seed,
                            torch::Device device);

struct Calibration {
    std::string score;                   // "softmax", "logit" or "energy"
    double threshold = 0;                // accepts options.acceptCorrect of the right answers
    std::map<std::string, double> auroc; // per score
    double doodlesRejected = -1;         // of the held-out doodles; -1 without them
};

// The calibration stage: the score that best tells right validation digits (as they are and
// re-drawn) from held-out doodles (or, without doodles, from wrong answers), and its threshold.
Calibration calibrate(torch::jit::Module& net, const TrainingSet& set, const TrainOptions& options,
                      torch::Device device);

// The measurement stage: test metrics, the shares of right and wrong test answers accepted,
// and the share of outliers rejected, into `result` (whose score and threshold are set).
void measureOnTest(torch::jit::Module& net, const TrainData& data, torch::Device device,
                   TrainResult& result);

// history.csv and .png, test_report.csv, test_confusion.csv and .png in `dir`.
void writeTrainingReports(const std::filesystem::path& dir, const TrainResult& result);

// The misfit head's figures, as data.json's "misfit_head".
nlohmann::json misfitJson(const MisfitStats& stats);

// The model's data.json (all but model_sha256, which export adds).
nlohmann::json modelCard(const TrainResult& result, const TrainOptions& options,
                         const TrainData& data, const TrainingSet& set);

// The export stage: the module in eval mode on the CPU as `outDir`/dwn.pt and `card`, with the
// model's SHA-256 added, as `outDir`/data.json. Both are written in full to temporary files
// before either takes its name, so that a failure never leaves a new model beside an old
// data.json, or the reverse. Throws dwn::Error naming the file that cannot be written.
void exportModel(torch::jit::Module& net, const std::filesystem::path& outDir, nlohmann::json card);

} // namespace dwn::detail
