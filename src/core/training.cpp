#include "dwn/training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "dwn/error.h"
#include "network.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const double kValidationShare = 0.1; // 60,000 MNIST training images: 54,000 + 6,000
const double kWarmupShare = 0.15;    // the learning rate rises over this share of the steps
const double kMaxRotation = 12.0 * M_PI / 180;  // augmentation: rotation up to ±12°
const double kMinScale = 0.85, kMaxScale = 1.1; // …size between 85% and 110%
const double kMaxShear = 0.15;                  // …shear factor up to ±0.15
const double kMaxShift = 2.5 / 14;              // …shift up to ±2.5 px (grid units are 14 px)

double seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

// Images as a float [N,1,side,side] tensor of 0..255, labels as int64 [N].
std::pair<torch::Tensor, torch::Tensor> toTensors(const DigitImages& set)
{
    const auto n = static_cast<std::int64_t>(set.size());
    auto images = torch::from_blob(const_cast<std::uint8_t*>(set.pixels.data()),
                                   {n, 1, set.side, set.side}, torch::kUInt8)
                      .to(torch::kFloat);
    auto labels = torch::from_blob(const_cast<std::uint8_t*>(set.labels.data()), {n}, torch::kUInt8)
                      .to(torch::kLong);
    return {images, labels};
}

// Random rotation, scale, shear and shift of a whole batch in one grid_sample, then a random
// change of stroke width: thicker by a dilation, thinner by an erosion, blended in part.
torch::Tensor augment(const torch::Tensor& x)
{
    const auto n = x.size(0);
    auto uniform = [n](double lo, double hi) { return torch::rand({n}) * (hi - lo) + lo; };
    const auto angle = uniform(-kMaxRotation, kMaxRotation);
    const auto scale = uniform(kMinScale, kMaxScale);
    const auto shear = uniform(-kMaxShear, kMaxShear);
    const auto cos = torch::cos(angle) / scale, sin = torch::sin(angle) / scale;
    const auto theta =
        torch::stack({torch::stack({cos, -sin + shear * cos, uniform(-kMaxShift, kMaxShift)}, 1),
                      torch::stack({sin, cos + shear * sin, uniform(-kMaxShift, kMaxShift)}, 1)},
                     1);
    const auto grid = torch::nn::functional::affine_grid(theta, x.sizes().vec(), false);
    auto warped = torch::nn::functional::grid_sample(
        x, grid, torch::nn::functional::GridSampleFuncOptions().align_corners(false));

    namespace F = torch::nn::functional;
    const auto pool = F::MaxPool2dFuncOptions(3).stride(1).padding(1);
    const auto thicker = F::max_pool2d(warped, pool);
    const auto thinner = -F::max_pool2d(-warped, pool);
    // Per image: t in [-0.5, 0.7]; negative thins, positive thickens, by that share.
    const auto t = uniform(-0.5, 0.7).view({n, 1, 1, 1});
    return warped + torch::clamp(t, 0, 1) * (thicker - warped) +
           torch::clamp(-t, 0, 1) * (thinner - warped);
}

void setLearningRate(torch::optim::Adam& optimizer, double lr)
{
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

// One-cycle: a linear rise to the peak, then a cosine fall to nearly zero.
double oneCycle(double peak, std::int64_t step, std::int64_t total)
{
    const double warm = kWarmupShare * total;
    if (step < warm)
        return peak * (0.1 + 0.9 * step / warm);
    const double progress = (step - warm) / std::max(1.0, total - warm);
    return peak * (0.005 + 0.995 * 0.5 * (1 + std::cos(M_PI * progress)));
}

struct Evaluation {
    double loss = 0, accuracy = 0;
    torch::Tensor logits; // [N,10]
};

Evaluation evaluate(torch::jit::Module& net, const torch::Tensor& images,
                    const torch::Tensor& labels)
{
    net.eval();
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> chunks;
    const auto n = images.size(0);
    for (std::int64_t at = 0; at < n; at += 1000)
        chunks.push_back(net.forward({images.slice(0, at, std::min(n, at + 1000))}).toTensor());
    Evaluation e;
    e.logits = torch::cat(chunks);
    e.loss = torch::nn::functional::cross_entropy(e.logits, labels).item<double>();
    e.accuracy = e.logits.argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
    return e;
}

// The values of a module's parameters and buffers, to keep the best epoch's weights.
std::vector<torch::Tensor> snapshot(const torch::jit::Module& net)
{
    std::vector<torch::Tensor> copy;
    for (const auto& t : net.attributes())
        if (t.isTensor())
            copy.push_back(t.toTensor().detach().clone());
    return copy;
}

void restore(torch::jit::Module& net, const std::vector<torch::Tensor>& saved)
{
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (const auto& t : net.attributes())
        if (t.isTensor())
            t.toTensor().copy_(saved.at(i++));
}

// The largest softmax threshold under which `share` of the correct predictions' scores lie
// above. Without a single correct prediction nothing is to be trusted: 1, which no softmax
// score exceeds.
double calibrate(torch::Tensor scores, double share)
{
    const auto n = scores.size(0);
    if (n == 0)
        return 1.0;
    scores = std::get<0>(scores.sort());
    const auto below = static_cast<std::int64_t>(std::floor((1 - share) * n));
    const double at = scores[std::min(below, n - 1)].item<double>();
    // Accepted means score > threshold: step just below the score at the cut.
    return std::nextafter(at, 0.0);
}

} // namespace

TrainResult trainModel(const DigitImages& trainSet, const DigitImages& testSet,
                       const TrainOptions& options, const fs::path& outDir,
                       const std::function<void(const EpochStats&)>& onEpoch,
                       const std::function<void(int, int)>& onBatch)
{
    if (options.epochs < 1 || options.batch < 1 || options.learningRate <= 0)
        throw Error("epochs, batch and learning rate must be positive");
    if (trainSet.size() < 20 || testSet.size() == 0)
        throw Error("too few images to train on: " + std::to_string(trainSet.size()));
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir, ec))
        throw Error("cannot create the output folder '" + outDir.string() + "'");

    const auto started = Clock::now();
    torch::manual_seed(options.seed);
    at::set_num_threads(std::max(1, options.threads));
    torch::jit::Module net = detail::buildNetwork(options.arch);

    auto [allImages, allLabels] = toTensors(trainSet);
    const auto order = torch::randperm(allImages.size(0));
    const auto nVal = static_cast<std::int64_t>(std::round(kValidationShare * allImages.size(0)));
    const auto valIdx = order.slice(0, 0, nVal), trainIdx = order.slice(0, nVal);
    const auto valImages = allImages.index_select(0, valIdx);
    const auto valLabels = allLabels.index_select(0, valIdx);
    const auto trainImages = allImages.index_select(0, trainIdx);
    const auto trainLabels = allLabels.index_select(0, trainIdx);

    std::vector<torch::Tensor> params;
    for (const auto& p : net.parameters())
        params.push_back(p);
    torch::optim::Adam optimizer(params, torch::optim::AdamOptions(options.learningRate));

    const auto nTrain = trainImages.size(0);
    const auto perEpoch = (nTrain + options.batch - 1) / options.batch;
    const auto totalSteps = perEpoch * options.epochs;
    std::int64_t step = 0;

    TrainResult result;
    double bestAccuracy = -1;
    std::vector<torch::Tensor> best;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        const auto epochStart = Clock::now();
        net.train();
        const auto shuffle = torch::randperm(nTrain);
        double lossSum = 0, correct = 0;
        for (std::int64_t b = 0; b < perEpoch; ++b, ++step) {
            const auto idx =
                shuffle.slice(0, b * options.batch, std::min(nTrain, (b + 1) * options.batch));
            auto x = trainImages.index_select(0, idx);
            const auto y = trainLabels.index_select(0, idx);
            if (options.augment)
                x = augment(x);
            setLearningRate(optimizer, oneCycle(options.learningRate, step, totalSteps));
            optimizer.zero_grad();
            const auto logits = net.forward({x}).toTensor();
            const auto loss = torch::nn::functional::cross_entropy(logits, y);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>() * idx.size(0);
            correct += logits.argmax(1).eq(y).sum().item<double>();
            if (onBatch)
                onBatch(static_cast<int>(b + 1), static_cast<int>(perEpoch));
        }
        const Evaluation val = evaluate(net, valImages, valLabels);
        EpochStats stats;
        stats.epoch = epoch;
        stats.trainLoss = lossSum / nTrain;
        stats.trainAccuracy = correct / nTrain;
        stats.validationLoss = val.loss;
        stats.validationAccuracy = val.accuracy;
        stats.seconds = seconds(epochStart);
        result.history.push_back(stats);
        if (val.accuracy > bestAccuracy) {
            bestAccuracy = val.accuracy;
            best = snapshot(net);
            result.bestEpoch = epoch;
        }
        if (onEpoch)
            onEpoch(stats);
    }
    restore(net, best);

    // Threshold: accept the requested share of correct validation predictions.
    const Evaluation val = evaluate(net, valImages, valLabels);
    const auto valProbs = torch::softmax(val.logits, 1);
    const auto [valScore, valPred] = valProbs.max(1);
    result.threshold =
        calibrate(valScore.masked_select(valPred.eq(valLabels)), options.acceptCorrect);

    auto [testImages, testLabels] = toTensors(testSet);
    const Evaluation test = evaluate(net, testImages, testLabels);
    const auto [testScore, testPred] = torch::softmax(test.logits, 1).max(1);
    const auto right = testPred.eq(testLabels);
    const auto accepted = testScore.gt(result.threshold);
    result.testAccuracy = test.accuracy;
    result.testAccepted = accepted.masked_select(right).to(torch::kDouble).mean().item<double>();
    const auto wrong = right.logical_not();
    result.testWrongAccepted =
        wrong.any().item<bool>()
            ? accepted.masked_select(wrong).to(torch::kDouble).mean().item<double>()
            : 0.0;
    result.seconds = seconds(started);

    // Export: the module in eval mode, and its data.json; both through temporary files.
    net.eval();
    const fs::path model = outDir / "dwn.pt";
    const fs::path card = outDir / "data.json";
    try {
        net.save((outDir / ".dwn.pt.part").string());
    } catch (const c10::Error& e) {
        throw Error("cannot write '" + model.string() + "': " + e.what_without_backtrace());
    }
    const std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    nlohmann::json json = {{"trusted_threshold", result.threshold},
                           {"score", "softmax"},
                           {"classes", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
                           {"architecture", detail::describeNetwork(options.arch)},
                           {"metrics",
                            {{"test_accuracy", result.testAccuracy},
                             {"validation_accuracy", bestAccuracy},
                             {"test_correct_accepted", result.testAccepted},
                             {"test_wrong_accepted", result.testWrongAccepted}}},
                           {"training",
                            {{"arch", options.arch},
                             {"epochs", options.epochs},
                             {"best_epoch", result.bestEpoch},
                             {"batch", options.batch},
                             {"learning_rate", options.learningRate},
                             {"seed", options.seed},
                             {"augment", options.augment},
                             {"train_images", nTrain},
                             {"validation_images", nVal},
                             {"seconds", std::round(result.seconds)}}},
                           {"date", date}};
    {
        std::ofstream out(outDir / ".data.json.part");
        out << json.dump(2) << "\n";
        if (!out)
            throw Error("cannot write '" + card.string() + "'");
    }
    fs::rename(outDir / ".dwn.pt.part", model, ec);
    if (!ec)
        fs::rename(outDir / ".data.json.part", card, ec);
    if (ec)
        throw Error("cannot write '" + model.string() + "': " + ec.message());
    return result;
}

} // namespace dwn
