#include "dwn/training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <sstream>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/cuda.h>
#include <torch/torch.h>

#include "calibration.h"
#include "dwn/degradations.h"
#include "dwn/doodles.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/model_card.h"
#include "dwn/number_crops.h"
#include "dwn/number_images.h"
#include "dwn/plots.h"
#include "dwn/preprocess.h"
#include "json_file.h"
#include "network.h"
#include "runtime.h"
#include "sha256.h"
#include "torch_inference.h"
#include "training_stages.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const double kValidationShare = 0.1; // 60,000 MNIST training images: 54,000 + 6,000
const double kWarmupShare = 0.15;    // the learning rate rises over this share of the steps
const double kMaxRotation = 12.0 * M_PI / 180;  // augmentation: rotation up to ±12°
const double kMinScale = 0.85, kMaxScale = 1.1; // …size between 85% and 110%
const double kMaxShift = 2.5 / 14;              // …shift up to ±2.5 px (grid units are 14 px)
const double kElasticAlpha = 20;                // …elastic displacement scale, up to 20 px
const double kElasticSigma = 4;                 // …whose field is smoothed over 4 px
const double kMaxInLineSlant = 0.3;             // digits written in a line slant up to this
const std::int64_t kEvalChunk = 1000;           // images per forward pass when evaluating
// The misfit head learns for kMisfitEpochs (AdamW, one-cycle up to kMisfitRate) on batches of
// kMisfitBatch crops; a fifth as many held-out numbers as learnt ones measure it.
const int kMisfitEpochs = 10;
const double kMisfitRate = 2e-3;
const std::int64_t kMisfitBatch = 128;
const std::uint64_t kMisfitSeed = 5; // its draws start from the run's seed plus this
// The crop head and its tower learn for kCropEpochs, one-cycle up to kCropRate, with
// kCropDoodles doodles in each batch pushed towards a uniform answer with weight
// kCropDoodleWeight.
const int kCropEpochs = 6;
const double kCropRate = 1e-3;
const std::int64_t kCropDoodles = 32;
const double kCropDoodleWeight = 0.5;

double secondsSince(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

// Images as a float [N,1,side,side] tensor of 0..255, labels as int64 [N].
torch::Tensor imagesOf(const DigitImages& set)
{
    const auto n = static_cast<std::int64_t>(set.size());
    return torch::from_blob(const_cast<std::uint8_t*>(set.pixels.data()),
                            {n, 1, set.side, set.side}, torch::kUInt8)
        .to(torch::kFloat);
}

torch::Tensor labelsOf(const DigitImages& set)
{
    const auto n = static_cast<std::int64_t>(set.labels.size());
    return torch::from_blob(const_cast<std::uint8_t*>(set.labels.data()), {n}, torch::kUInt8)
        .to(torch::kLong);
}

std::vector<int> toVector(const torch::Tensor& t)
{
    const auto c = t.to(torch::kCPU, torch::kInt).contiguous();
    return {c.data_ptr<int>(), c.data_ptr<int>() + c.numel()};
}

std::vector<double> toDoubles(const torch::Tensor& t)
{
    const auto c = t.to(torch::kCPU, torch::kDouble).contiguous();
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

// A smooth random displacement field [N,H,W,2] in grid units: uniform noise blurred by a
// Gaussian of kElasticSigma pixels and scaled to up to kElasticAlpha pixels (Simard et al.,
// "Best practices for convolutional neural networks applied to visual document analysis").
torch::Tensor elasticField(std::int64_t n, std::int64_t side, const torch::TensorOptions& options)
{
    namespace F = torch::nn::functional;
    const auto radius = static_cast<std::int64_t>(2 * kElasticSigma);
    const auto taps = torch::arange(-radius, radius + 1, options);
    auto kernel = torch::exp(-(taps * taps) / (2 * kElasticSigma * kElasticSigma));
    kernel = kernel / kernel.sum();
    auto field = torch::rand({n * 2, 1, side, side}, options) * 2 - 1;
    field =
        F::conv2d(field, kernel.view({1, 1, -1, 1}), F::Conv2dFuncOptions().padding({radius, 0}));
    field =
        F::conv2d(field, kernel.view({1, 1, 1, -1}), F::Conv2dFuncOptions().padding({0, radius}));
    const auto alpha = torch::rand({n, 1, 1, 1}, options) * kElasticAlpha;
    return (field.view({n, 2, side, side}) * alpha * (2.0 / double(side))).permute({0, 2, 3, 1});
}

void setLearningRate(torch::optim::AdamW& optimizer, double lr)
{
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

// One-cycle: a linear rise to the peak, then a cosine fall to nearly zero.
double oneCycle(double peak, std::int64_t step, std::int64_t total)
{
    const double warm = kWarmupShare * double(total);
    if (double(step) < warm)
        return peak * (0.1 + 0.9 * double(step) / warm);
    const double progress = (double(step) - warm) / std::max(1.0, double(total) - warm);
    return peak * (0.005 + 0.995 * 0.5 * (1 + std::cos(M_PI * progress)));
}

// What `answer` makes of all images, run on `device` in chunks of kEvalChunk with the module in
// eval mode, gathered on the CPU; `none` when there are no images.
torch::Tensor inChunks(torch::jit::Module& net, const torch::Tensor& images, torch::Device device,
                       const std::function<torch::Tensor(const torch::Tensor&)>& answer,
                       const torch::Tensor& none)
{
    net.eval();
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> chunks;
    const auto n = images.size(0);
    for (std::int64_t at = 0; at < n; at += kEvalChunk)
        chunks.push_back(
            answer(images.slice(0, at, std::min(n, at + kEvalChunk)).to(device)).cpu());
    return chunks.empty() ? none : torch::cat(chunks);
}

// The model's logits for all images.
torch::Tensor logitsOf(torch::jit::Module& net, const torch::Tensor& images, torch::Device device)
{
    return inChunks(
        net, images, device, [&net](const torch::Tensor& x) { return net.forward({x}).toTensor(); },
        torch::empty({0, 10}));
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

const std::vector<std::string> kScoreKinds = {"softmax", "logit", "energy"};

struct Scores {
    std::map<std::string, torch::Tensor> of; // per score kind, per image
    torch::Tensor predicted;
};

Scores scoresOf(const torch::Tensor& logits)
{
    Scores s;
    torch::Tensor top;
    std::tie(top, s.predicted) = logits.max(1);
    s.of["logit"] = top;
    s.of["softmax"] = std::get<0>(torch::softmax(logits, 1).max(1));
    s.of["energy"] = torch::logsumexp(logits, 1);
    return s;
}

// Every image of `set` as preprocess() re-draws a drawing, or as it is where preprocessing
// finds nothing in it.
DigitImages redrawn(const DigitImages& set)
{
    DigitImages out = set;
    for (std::size_t i = 0; i < set.size(); ++i) {
        try {
            cv::Mat target = out.image(i);
            preprocess(set.image(i)).image.copyTo(target);
        } catch (const Error&) {
        }
    }
    return out;
}

// Every image of `set` made a page of by `page` (given the image and a generator seeded by
// `seed`, `salt` and the image's index), then prepared as an image file is; as it is where
// preparing finds nothing in it. Images are made in parallel.
template <typename Page>
DigitImages preparedPages(const DigitImages& set, std::uint64_t seed, std::uint64_t salt,
                          const Page& page)
{
    DigitImages out = set;
    cv::parallel_for_(cv::Range(0, static_cast<int>(set.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            std::mt19937 rng(static_cast<std::uint32_t>(seed * salt + std::uint64_t(i)));
            try {
                const cv::Mat made = page(set.image(std::size_t(i)), rng);
                cv::Mat target = out.image(std::size_t(i));
                prepare(made).image.copyTo(target);
            } catch (const Error&) {
            }
        }
    });
    return out;
}

// Every image of `set` written as one digit of a number is (digitOnPage(): 1 to 3 times
// MNIST's height, slanted up to kMaxInLineSlant either way), then prepared as an image file
// is; as it is where preparing finds nothing in it.
DigitImages inLine(const DigitImages& set, std::uint64_t seed)
{
    return preparedPages(set, seed, 1000033u, [](const cv::Mat& digit, std::mt19937& rng) {
        auto uniform = [&rng](double lo, double hi) {
            return std::uniform_real_distribution<>(lo, hi)(rng);
        };
        const double height = 20 * uniform(1, 3);
        return digitOnPage(digit, height, uniform(-kMaxInLineSlant, kMaxInLineSlant));
    });
}

// Every image of `set` degraded as a scan or photo of it would be (a kind drawn at random per
// image), then prepared as an image file is; as it is where preparing finds nothing in it.
DigitImages degraded(const DigitImages& set, std::uint64_t seed)
{
    const auto& kinds = allDegradations();
    return preparedPages(set, seed, 1000003u, [&kinds](const cv::Mat& digit, std::mt19937& rng) {
        const Degradation kind = kinds[rng() % kinds.size()];
        return degradeDigit(digit, kind, rng);
    });
}

double shareAbove(const torch::Tensor& scores, double threshold)
{
    return scores.numel() ? scores.gt(threshold).to(torch::kDouble).mean().item<double>() : 0.0;
}

// A model exported by dwn train, with trainable weights, to `what` ("fine-tune": messages say
// what could not be done to it).
torch::jit::Module loadForTraining(const fs::path& file, torch::Device device,
                                   const std::string& what = "fine-tune")
{
    torch::jit::Module net;
    try {
        net = torch::jit::load(file.string(), device);
    } catch (const c10::Error& e) {
        throw Error("cannot " + what + " '" + file.string() + "': not a TorchScript model");
    }
    if (!net.hasattr("training") || net.parameters().size() == 0)
        throw Error("cannot " + what + " '" + file.string() +
                    "': it has no trainable weights (only models made by dwn train can be)");
    for (auto p : net.parameters())
        p.requires_grad_(true);
    net.train();
    return net;
}

std::string historyCsv(const std::vector<EpochStats>& history)
{
    std::ostringstream out;
    out.precision(6);
    out << "epoch,seconds";
    for (const char* part : {"train", "validation"})
        for (const char* m : {"loss", "accuracy", "precision", "recall", "f1", "macro_f1"})
            out << ',' << part << '_' << m;
    out << '\n';
    for (const EpochStats& e : history) {
        out << e.epoch << ',' << e.seconds;
        for (const auto& [loss, m] :
             {std::pair{e.trainLoss, e.train}, {e.validationLoss, e.validation}})
            out << ',' << loss << ',' << m.accuracy << ',' << m.macroPrecision << ','
                << m.macroRecall << ',' << m.weightedF1 << ',' << m.macroF1;
        out << '\n';
    }
    return out.str();
}

cv::Mat historyPlot(const std::vector<EpochStats>& history)
{
    Series trainLoss{"train", {}, {200, 110, 30}}, valLoss{"validation", {}, {30, 120, 230}};
    Series trainAcc{"train", {}, {200, 110, 30}}, valAcc{"validation", {}, {30, 120, 230}};
    for (const EpochStats& e : history) {
        trainLoss.values.push_back(e.trainLoss);
        valLoss.values.push_back(e.validationLoss);
        trainAcc.values.push_back(e.train.accuracy);
        valAcc.values.push_back(e.validation.accuracy);
    }
    cv::Mat plot;
    cv::vconcat(lineChart("Loss", "epoch", {trainLoss, valLoss}),
                lineChart("Accuracy", "epoch", {trainAcc, valAcc}), plot);
    return plot;
}

nlohmann::json metricsJson(const Metrics& m)
{
    return {{"accuracy", m.accuracy},
            {"macro_precision", m.macroPrecision},
            {"macro_recall", m.macroRecall},
            {"macro_f1", m.macroF1},
            {"count", m.count}};
}

} // namespace

namespace detail {

void checkTrainOptions(const TrainData& data, const TrainOptions& options)
{
    if (options.epochs < 1 || options.batch < 1 || options.learningRate <= 0 ||
        options.extraRepeat < 1 || options.acceptCorrect <= 0 || options.acceptCorrect > 1 ||
        options.doodles < 0 || options.doodleWeight < 0 || options.rerender < 0 ||
        options.rerender > 1 || options.degraded < 0 || options.inLine < 0 ||
        options.rerender + options.degraded + options.inLine > 1 || options.shear < 0 ||
        options.shear > 1 || options.plainTail < 0 || options.plainTail > 1 ||
        options.weightDecay < 0 || options.numberCrops < 0 || options.misfitNumbers < 0 ||
        options.teacherWeight < 0 || options.teacherWeight > 1)
        throw Error(
            "epochs, batch, learning rate and repeat must be positive, the doodles and "
            "their weight, the number crops, the misfit numbers and the weight decay not "
            "negative, and the "
            "accepted, re-drawn (plus degraded and in-line), plain and teacher shares and the "
            "shear between 0 and 1");
    if (data.train.size() < 20 || !data.train.labelled())
        throw Error("too few labelled images to train on: " + std::to_string(data.train.size()));
    if (data.test.size() == 0 || !data.test.labelled())
        throw Error("training needs a labelled test set for its final report");
    if (data.extra.size() > 0 && !data.extra.labelled())
        throw Error("the drawings to fine-tune on must be labelled");
    if (options.init && options.initSeed)
        throw Error("a fine-tuning start (init) has its weights already: it takes no init seed");
}

torch::jit::Module startingNetwork(const TrainOptions& options, torch::Device device)
{
    if (options.init)
        return loadForTraining(*options.init, device);
    // Built under the generator as it stands even when another seed gives the weights, so that
    // the generator moves on exactly as without that seed.
    torch::jit::Module net = buildNetwork(options.arch);
    if (options.initSeed) {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        const torch::Tensor after = generator.get_state();
        torch::manual_seed(*options.initSeed);
        net = buildNetwork(options.arch);
        generator.set_state(after);
    }
    net.to(device);
    return net;
}

} // namespace detail

namespace {

// How many of `count` training images are held out for validation.
std::int64_t validationCount(std::int64_t count)
{
    return static_cast<std::int64_t>(std::round(kValidationShare * double(count)));
}

// The images of `set` at `index`.
DigitImages subset(const DigitImages& set, const torch::Tensor& index)
{
    DigitImages out;
    out.side = set.side;
    for (int i : toVector(index))
        out.add(set.image(std::size_t(i)), set.labels[std::size_t(i)]);
    return out;
}

// The crops of numbers made of training digits into the training set (whole digits with the
// digits, misfits with the doodles, as they are whether the doodles are degraded or not), and the
// misfits of a tenth as many numbers made of validation digits as held-out doodles; nothing without
// options.numberCrops.
void addNumberCrops(detail::TrainingSet& set, const DigitImages& digits,
                    const torch::Tensor& trainIdx, const torch::Tensor& valIdx,
                    const TrainOptions& options)
{
    if (options.numberCrops == 0)
        return;
    const NumberCrops crops = cropsOfNumbers(subset(digits, trainIdx),
                                             std::size_t(options.numberCrops), options.seed + 3);
    const auto whole = imagesOf(crops.digits);
    set.images = torch::cat({set.images, whole});
    set.redrawn = torch::cat({set.redrawn, whole});
    set.degraded = torch::cat({set.degraded, whole});
    set.labels = torch::cat({set.labels, labelsOf(crops.digits)});
    const auto misfits = imagesOf(crops.misfits);
    set.doodles = torch::cat({set.doodles, misfits});
    set.degradedDoodles = torch::cat({set.degradedDoodles, misfits});
    const NumberCrops heldOut = cropsOfNumbers(
        subset(digits, valIdx), std::size_t(options.numberCrops / 10), options.seed + 4);
    set.heldOutDoodles = torch::cat({set.heldOutDoodles, imagesOf(heldOut.misfits)});
}

} // namespace

namespace detail {

TrainingSet prepareTrainingSet(const TrainData& data, const TrainOptions& options)
{
    const auto images = imagesOf(data.train), labels = labelsOf(data.train);
    const auto redrawnImages = imagesOf(redrawn(data.train));
    const auto order = torch::randperm(images.size(0));
    const auto nVal = validationCount(images.size(0));
    const auto valIdx = order.slice(0, 0, nVal), trainIdx = order.slice(0, nVal);
    TrainingSet set;
    set.valImages = images.index_select(0, valIdx);
    set.valLabels = labels.index_select(0, valIdx);
    set.valRedrawn = redrawnImages.index_select(0, valIdx);
    set.images = images.index_select(0, trainIdx);
    set.redrawn = redrawnImages.index_select(0, trainIdx);
    set.degraded = options.degraded > 0
                       ? imagesOf(degraded(data.train, options.seed)).index_select(0, trainIdx)
                       : set.images;
    set.inLine = options.inLine > 0
                     ? imagesOf(inLine(data.train, options.seed)).index_select(0, trainIdx)
                     : set.images;
    set.labels = labels.index_select(0, trainIdx);
    set.trainIndex = trainIdx;
    set.valIndex = valIdx;
    if (data.extra.size() > 0) { // drawings: re-drawn and prepared already
        const auto extra = imagesOf(data.extra).repeat({options.extraRepeat, 1, 1, 1});
        set.images = torch::cat({set.images, extra});
        set.redrawn = torch::cat({set.redrawn, extra});
        set.degraded = torch::cat({set.degraded, extra});
        set.inLine = torch::cat({set.inLine, extra});
        set.labels = torch::cat({set.labels, labelsOf(data.extra).repeat({options.extraRepeat})});
    }
    const DigitImages doodles = makeDoodles(std::size_t(options.doodles), options.seed);
    const DigitImages heldOut =
        makeDoodles(std::size_t(options.doodles / 10), options.seed + 1000003);
    set.doodles = imagesOf(doodles);
    set.heldOutDoodles = imagesOf(heldOut);
    set.degradedDoodles = set.doodles;
    if (options.degraded > 0) {
        set.degradedDoodles = imagesOf(degraded(doodles, options.seed + 1));
        set.heldOutDoodles =
            torch::cat({set.heldOutDoodles, imagesOf(degraded(heldOut, options.seed + 2))});
    }
    addNumberCrops(set, data.train, trainIdx, valIdx, options);
    return set;
}

torch::Tensor augment(const torch::Tensor& x, double maxShear)
{
    namespace F = torch::nn::functional;
    const auto n = x.size(0);
    auto uniform = [&](double lo, double hi) {
        return torch::rand({n}, x.options()) * (hi - lo) + lo;
    };
    const auto angle = uniform(-kMaxRotation, kMaxRotation);
    const auto scale = uniform(kMinScale, kMaxScale);
    const auto shear = uniform(-maxShear, maxShear);
    const auto cos = torch::cos(angle) / scale, sin = torch::sin(angle) / scale;
    const auto theta =
        torch::stack({torch::stack({cos, -sin + shear * cos, uniform(-kMaxShift, kMaxShift)}, 1),
                      torch::stack({sin, cos + shear * sin, uniform(-kMaxShift, kMaxShift)}, 1)},
                     1);
    const auto grid =
        F::affine_grid(theta, x.sizes().vec(), false) + elasticField(n, x.size(2), x.options());
    const auto warped = F::grid_sample(x, grid, F::GridSampleFuncOptions().align_corners(false));
    const auto pool = F::MaxPool2dFuncOptions(3).stride(1).padding(1);
    const auto thicker = F::max_pool2d(warped, pool);
    const auto thinner = -F::max_pool2d(-warped, pool);
    // Per image: t in [-0.3, 0.5]; negative thins, positive thickens, by that share.
    const auto t = uniform(-0.3, 0.5).view({n, 1, 1, 1});
    return warped + torch::clamp(t, 0, 1) * (thicker - warped) +
           torch::clamp(-t, 0, 1) * (thinner - warped);
}

torch::Tensor makeBatch(const TrainingSet& set, const torch::Tensor& index,
                        const TrainOptions& options, bool distort, torch::Device device)
{
    const auto n = index.size(0);
    auto x = set.images.index_select(0, index);
    if (options.rerender > 0 || options.degraded > 0 || options.inLine > 0) {
        const auto u = torch::rand({n}).view({n, 1, 1, 1});
        const double degradedEnd = options.rerender + options.degraded;
        x = torch::where(u.lt(options.rerender), set.redrawn.index_select(0, index), x);
        x = torch::where(u.ge(options.rerender) & u.lt(degradedEnd),
                         set.degraded.index_select(0, index), x);
        x = torch::where(u.ge(degradedEnd) & u.lt(degradedEnd + options.inLine),
                         set.inLine.index_select(0, index), x);
    }
    if (set.doodles.size(0) > 0) {
        const std::int64_t m = std::max(1, options.batch / 8);
        const auto pick = torch::randint(set.doodles.size(0), {m}, torch::kLong);
        const auto worn = torch::rand({m}).lt(options.degraded).view({m, 1, 1, 1});
        x = torch::cat({x, torch::where(worn, set.degradedDoodles.index_select(0, pick),
                                        set.doodles.index_select(0, pick))});
    }
    x = x.to(device);
    return distort ? augment(x, options.shear) : x;
}

namespace {

// The teachers' answers averaged, softened at kDistillTemperature.
torch::Tensor teachersAnswer(Teachers& teachers, const torch::Tensor& x)
{
    torch::NoGradGuard noGrad;
    torch::Tensor sum;
    for (torch::jit::Module& teacher : teachers) {
        const auto p = torch::softmax(teacher.forward({x}).toTensor() / kDistillTemperature, 1);
        sum = sum.defined() ? sum + p : p;
    }
    return sum / double(teachers.size());
}

// How far the network's softened answers are from the teachers' (Kullback-Leibler, scaled by
// the temperature squared so that its gradients weigh as the labels' do).
torch::Tensor distillationLoss(const torch::Tensor& logits, Teachers& teachers,
                               const torch::Tensor& x)
{
    const auto target = teachersAnswer(teachers, x);
    const auto logP = torch::log_softmax(logits / kDistillTemperature, 1);
    return (target * (torch::log(target.clamp_min(1e-12)) - logP)).sum(1).mean() *
           (kDistillTemperature * kDistillTemperature);
}

// One epoch over the training split in shuffled batches; `step` counts the optimiser's steps.
EpochStats runEpoch(torch::jit::Module& net, torch::optim::AdamW& optimizer, const TrainingSet& set,
                    Teachers& teachers, const TrainOptions& options, int epoch, std::int64_t& step,
                    std::int64_t totalSteps, bool distort, torch::Device device,
                    const std::function<void(int, int)>& onBatch)
{
    const auto epochStart = Clock::now();
    net.train();
    const auto nTrain = set.images.size(0);
    const auto perEpoch = (nTrain + options.batch - 1) / options.batch;
    const auto shuffle = torch::randperm(nTrain);
    double lossSum = 0;
    std::vector<int> truth, predicted;
    for (std::int64_t b = 0; b < perEpoch; ++b, ++step) {
        const auto idx =
            shuffle.slice(0, b * options.batch, std::min(nTrain, (b + 1) * options.batch));
        const auto n = idx.size(0);
        const auto x = makeBatch(set, idx, options, distort, device);
        const auto y = set.labels.index_select(0, idx).to(device);
        setLearningRate(optimizer, oneCycle(options.learningRate, step, totalSteps));
        optimizer.zero_grad();
        const auto all = net.forward({x}).toTensor();
        const auto logits = all.slice(0, 0, n);
        auto loss = torch::nn::functional::cross_entropy(logits, y);
        if (!teachers.empty())
            loss = (1 - options.teacherWeight) * loss +
                   options.teacherWeight * distillationLoss(logits, teachers, x.slice(0, 0, n));
        if (all.size(0) > n) // cross-entropy of the doodles' answers against uniform
            loss =
                loss - options.doodleWeight * torch::log_softmax(all.slice(0, n), 1).mean(1).mean();
        loss.backward();
        optimizer.step();
        lossSum += loss.item<double>() * double(n);
        const std::vector<int> p = toVector(logits.argmax(1)), t = toVector(y);
        predicted.insert(predicted.end(), p.begin(), p.end());
        truth.insert(truth.end(), t.begin(), t.end());
        if (onBatch)
            onBatch(static_cast<int>(b + 1), static_cast<int>(perEpoch));
    }
    const auto valLogits = logitsOf(net, set.valImages, device);
    EpochStats stats;
    stats.epoch = epoch;
    stats.trainLoss = lossSum / double(nTrain);
    stats.train = computeMetrics(truth, predicted);
    stats.validationLoss =
        torch::nn::functional::cross_entropy(valLogits, set.valLabels).item<double>();
    stats.validation = computeMetrics(toVector(set.valLabels), toVector(valLogits.argmax(1)));
    stats.seconds = secondsSince(epochStart);
    return stats;
}

} // namespace

std::vector<EpochStats> trainEpochs(torch::jit::Module& net, const TrainingSet& set,
                                    Teachers& teachers, const TrainOptions& options,
                                    torch::Device device, int& bestEpoch,
                                    const std::function<void(const EpochStats&)>& onEpoch,
                                    const std::function<void(int, int)>& onBatch)
{
    std::vector<torch::Tensor> params;
    for (const auto& p : net.parameters())
        params.push_back(p);
    torch::optim::AdamW optimizer(
        params, torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
    const auto perEpoch = (set.images.size(0) + options.batch - 1) / options.batch;
    const auto totalSteps = perEpoch * options.epochs;
    const int plainEpochs = static_cast<int>(std::round(options.plainTail * options.epochs));
    std::int64_t step = 0;
    std::vector<EpochStats> history;
    double bestAccuracy = -1;
    std::vector<torch::Tensor> best;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        // The last epochs see the digits undistorted, at the schedule's smallest steps.
        const bool distort = options.augment && epoch <= options.epochs - plainEpochs;
        history.push_back(runEpoch(net, optimizer, set, teachers, options, epoch, step, totalSteps,
                                   distort, device, onBatch));
        if (history.back().validation.accuracy > bestAccuracy) {
            bestAccuracy = history.back().validation.accuracy;
            best = snapshot(net);
            bestEpoch = epoch;
        }
        if (onEpoch)
            onEpoch(history.back());
    }
    restore(net, best);
    return history;
}

Teachers loadTeachers(const TrainOptions& options, torch::Device device)
{
    Teachers teachers;
    for (const fs::path& file : options.teachers) {
        torch::jit::Module teacher;
        try {
            teacher = torch::jit::load(file.string(), device);
        } catch (const c10::Error& e) {
            throw Error("cannot learn from '" + file.string() + "': not a TorchScript model");
        }
        teacher = readyForInference(teacher);
        torch::Tensor answer;
        try {
            torch::NoGradGuard noGrad;
            answer = teacher.forward({torch::zeros({1, 1, 28, 28}, torch::kFloat).to(device)})
                         .toTensor();
        } catch (const c10::Error& e) {
            throw Error("cannot learn from '" + file.string() + "': " + e.what_without_backtrace());
        }
        if (answer.dim() != 2 || answer.size(1) != 10)
            throw Error("cannot learn from '" + file.string() +
                        "': its answers are not ten logits");
        teachers.push_back(teacher);
    }
    return teachers;
}

namespace {

// The flattened convolutional features of `images` (the misfit head's input).
torch::Tensor featuresOf(torch::jit::Module& net, const torch::Tensor& images, torch::Device device)
{
    torch::jit::Method features = net.get_method("features");
    return inChunks(
        net, images, device,
        [&features](const torch::Tensor& x) { return features({x}).toTensor(); },
        torch::empty({0, 0}));
}

// Answer `k` of the module's read method for `images`: 1 the misfit logits, 2 the crop reading.
torch::Tensor readOf(torch::jit::Module& net, const torch::Tensor& images, torch::Device device,
                     std::size_t k)
{
    torch::jit::Method read = net.get_method(kReadMethod);
    return inChunks(
        net, images, device,
        [&read, k](const torch::Tensor& x) {
            return read({x}).toTupleRef().elements()[k].toTensor();
        },
        k == 1 ? torch::empty({0}) : torch::empty({0, 10}));
}

torch::Tensor misfitLogitsOf(torch::jit::Module& net, const torch::Tensor& images,
                             torch::Device device)
{
    return readOf(net, images, device, 1);
}

torch::Tensor cropReadingOf(torch::jit::Module& net, const torch::Tensor& images,
                            torch::Device device)
{
    return readOf(net, images, device, 2);
}

// What a head's loss is for the batch of sample indices given.
using HeadLoss = std::function<torch::Tensor(torch::nn::Sequential&, const torch::Tensor&)>;

// Steps `optimizer` through `epochs` over `n` samples in shuffled batches of kMisfitBatch, its
// learning rate one-cycle up to `peak`; `batchLoss` is the loss of the batch of sample indices
// given.
void learnInBatches(torch::optim::AdamW& optimizer, int epochs, double peak, std::int64_t n,
                    const std::function<torch::Tensor(const torch::Tensor&)>& batchLoss)
{
    const std::int64_t steps = epochs * ((n + kMisfitBatch - 1) / kMisfitBatch);
    std::int64_t step = 0;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        const auto order = torch::randperm(n);
        for (std::int64_t at = 0; at < n; at += kMisfitBatch) {
            setLearningRate(optimizer, oneCycle(peak, step++, steps));
            const auto loss = batchLoss(order.slice(0, at, std::min(n, at + kMisfitBatch)));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }
}

// Learns a head (hidden layer of `hidden`, ReLU, dropout, `outputs` answers) on `device` for
// kMisfitEpochs over `n` samples in shuffled batches of kMisfitBatch, and returns its two layers'
// weights and biases.
std::vector<torch::Tensor> learnHead(std::int64_t features, int hidden, int outputs, std::int64_t n,
                                     const HeadLoss& loss, torch::Device device)
{
    torch::nn::Sequential head(torch::nn::Linear(features, hidden), torch::nn::ReLU(),
                               torch::nn::Dropout(0.25), torch::nn::Linear(hidden, outputs));
    head->to(device);
    torch::optim::AdamW optimizer(head->parameters(),
                                  torch::optim::AdamWOptions(kMisfitRate).weight_decay(0.05));
    head->train();
    learnInBatches(optimizer, kMisfitEpochs, kMisfitRate, n,
                   [&](const torch::Tensor& index) { return loss(head, index); });
    std::vector<torch::Tensor> out;
    for (const auto& p : head->parameters())
        out.push_back(p.detach());
    return out;
}

// The misfit head learnt from features `x` (on the CPU) labelled `misfit` (1: much of two
// digits), misfits weighted up to as many as the digits.
std::vector<torch::Tensor> learnMisfitHead(const torch::Tensor& x, const torch::Tensor& misfit,
                                           torch::Device device)
{
    const double misfits = misfit.sum().item<double>();
    const auto weight =
        torch::tensor({float((double(misfit.size(0)) - misfits) / std::max(1.0, misfits))})
            .to(device);
    return learnHead(
        x.size(1), kMisfitHidden, 1, x.size(0),
        [&](torch::nn::Sequential& head, const torch::Tensor& index) {
            const auto logits = head->forward(x.index_select(0, index).to(device)).flatten();
            return torch::nn::functional::binary_cross_entropy_with_logits(
                logits, misfit.index_select(0, index).to(device),
                torch::nn::functional::BinaryCrossEntropyWithLogitsFuncOptions().pos_weight(
                    weight));
        },
        device);
}

// Teaches `net`'s crop tower and crop head (kCropLogitsMethod) to read `images` (on the CPU) as
// their digits `y`, with kCropDoodles of `doodles` in each batch pushed towards a uniform answer
// (kCropDoodleWeight), as the digit network learns them: kCropEpochs of AdamW, one-cycle up to
// kCropRate, on batches of kMisfitBatch.
void learnCropReading(torch::jit::Module& net, const torch::Tensor& images, const torch::Tensor& y,
                      const torch::Tensor& doodles, torch::Device device)
{
    std::vector<torch::Tensor> learnt;
    for (const auto& p : net.named_parameters(false))
        if (p.name.rfind(kCropTower, 0) == 0)
            learnt.push_back(p.value);
    torch::optim::AdamW optimizer(learnt, torch::optim::AdamWOptions(kCropRate).weight_decay(0.05));
    torch::jit::Method read = net.get_method(kCropLogitsMethod);
    // Op by op under plain autograd, as trainModel() runs the digit network.
    torch::jit::GraphOptimizerEnabledGuard plainAutograd(false);
    net.train();
    learnInBatches(
        optimizer, kCropEpochs, kCropRate, images.size(0), [&](const torch::Tensor& index) {
            const auto pick = torch::randint(doodles.size(0), {kCropDoodles}, torch::kLong);
            const auto batch =
                torch::cat({images.index_select(0, index), doodles.index_select(0, pick)});
            const auto logits = read({batch.to(device)}).toTensor();
            const auto digits = logits.slice(0, 0, index.size(0));
            const auto uniform = torch::log_softmax(logits.slice(0, index.size(0)), 1);
            return torch::nn::functional::cross_entropy(digits,
                                                        y.index_select(0, index).to(device)) -
                   kCropDoodleWeight * uniform.mean(1).mean();
        });
    net.eval();
}

// Copies a head's weights and biases, as learnHead() returns them, into `net`'s `name`1_w,
// `name`1_b, `name`2_w and `name`2_b.
void setHead(torch::jit::Module& net, const std::string& name,
             const std::vector<torch::Tensor>& learnt)
{
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (const char* part : {"1_w", "1_b", "2_w", "2_b"})
        net.attr(name + part).toTensor().copy_(learnt.at(i++));
}

// The share of `logits` whose first answer is `labels`.
double shareRight(const torch::Tensor& logits, const torch::Tensor& labels)
{
    return labels.size(0) == 0
               ? 0
               : logits.argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
}

} // namespace

MisfitStats trainMisfitHead(torch::jit::Module& net, const DigitImages& train,
                            const DigitImages& validation, int numbers, std::uint64_t seed,
                            torch::Device device)
{
    const auto started = Clock::now();
    MisfitStats stats;
    stats.numbers = numbers;
    addNumberHeads(net);
    const NumberCrops crops = cropsOfNumbers(train, std::size_t(numbers), seed);
    stats.digits = crops.digits.size();
    stats.misfits = crops.misfits.size();
    if (stats.digits == 0 || stats.misfits == 0)
        throw Error("the misfit head needs crops of whole digits and of misfits; " +
                    std::to_string(numbers) + " numbers gave " + std::to_string(stats.digits) +
                    " and " + std::to_string(stats.misfits) + ": use more numbers");
    const auto images = torch::cat({imagesOf(crops.digits), imagesOf(crops.misfits)});
    const auto misfit = torch::cat(
        {torch::zeros({std::int64_t(stats.digits)}), torch::ones({std::int64_t(stats.misfits)})});
    const auto features = featuresOf(net, images, device);
    setHead(net, "misfit", learnMisfitHead(features, misfit, device));

    // The crop head and its tower learn from the crops' whole digits (the first of `images`) and
    // the training digits as they are and degraded (a kind drawn at random per digit) as scans
    // and photos degrade them.
    const DigitImages worn = degraded(train, seed);
    const auto lessons = torch::cat(
        {images.slice(0, 0, std::int64_t(stats.digits)), imagesOf(train), imagesOf(worn)});
    const auto labels = torch::cat({labelsOf(crops.digits), labelsOf(train), labelsOf(worn)});
    stats.cropLessons = std::size_t(lessons.size(0));
    const DigitImages doodles = makeDoodles(std::size_t(numbers) * 3 / 2, seed);
    const auto doodleImages = torch::cat({imagesOf(doodles), imagesOf(degraded(doodles, seed))});
    learnCropReading(net, lessons, labels, doodleImages, device);

    const NumberCrops heldOut =
        cropsOfNumbers(validation, std::size_t(std::max(1, numbers / 5)), seed + 1);
    const auto heldOutDigits = imagesOf(heldOut.digits);
    const auto digitLogits = misfitLogitsOf(net, heldOutDigits, device);
    const auto misfitLogits = misfitLogitsOf(net, imagesOf(heldOut.misfits), device);
    stats.auroc = auroc(toDoubles(misfitLogits), toDoubles(digitLogits));
    stats.digitsDoubted = shareAbove(digitLogits, 0);
    stats.misfitsFound = shareAbove(misfitLogits, 0);
    const auto heldOutLabels = labelsOf(heldOut.digits);
    stats.cropsRightBefore = shareRight(logitsOf(net, heldOutDigits, device), heldOutLabels);
    stats.cropsRight = shareRight(cropReadingOf(net, heldOutDigits, device), heldOutLabels);
    stats.seconds = secondsSince(started);
    return stats;
}

Calibration calibrate(torch::jit::Module& net, const TrainingSet& set, const TrainOptions& options,
                      torch::Device device)
{
    const auto valBoth = torch::cat({set.valImages, set.valRedrawn});
    const auto valBothLabels = torch::cat({set.valLabels, set.valLabels});
    const Scores val = scoresOf(logitsOf(net, valBoth, device));
    const auto valRight = val.predicted.eq(valBothLabels);
    const bool haveDoodles = set.heldOutDoodles.size(0) > 0;
    const Scores doodles =
        scoresOf(haveDoodles ? logitsOf(net, set.heldOutDoodles, device) : torch::empty({0, 10}));
    Calibration c;
    for (const std::string& kind : kScoreKinds) {
        const auto right = val.of.at(kind).masked_select(valRight);
        const auto others = haveDoodles ? doodles.of.at(kind)
                                        : val.of.at(kind).masked_select(valRight.logical_not());
        c.auroc[kind] = auroc(toDoubles(right), toDoubles(others));
    }
    c.score = *std::max_element(
        kScoreKinds.begin(), kScoreKinds.end(),
        [&](const std::string& a, const std::string& b) { return c.auroc[a] < c.auroc[b]; });
    c.threshold = calibrateThreshold(toDoubles(val.of.at(c.score).masked_select(valRight)),
                                     options.acceptCorrect);
    if (haveDoodles)
        c.doodlesRejected = 1 - shareAbove(doodles.of.at(c.score), c.threshold);
    return c;
}

void measureOnTest(torch::jit::Module& net, const TrainData& data, torch::Device device,
                   TrainResult& result)
{
    const auto testLabels = labelsOf(data.test);
    const Scores test = scoresOf(logitsOf(net, imagesOf(data.test), device));
    result.test = computeMetrics(toVector(testLabels), toVector(test.predicted));
    const auto testScore = test.of.at(result.score);
    const auto testRight = test.predicted.eq(testLabels);
    result.testAccepted = shareAbove(testScore.masked_select(testRight), result.threshold);
    result.testWrongAccepted =
        shareAbove(testScore.masked_select(testRight.logical_not()), result.threshold);
    if (data.outliers.size() + data.outliersRefused > 0) {
        const Scores out = scoresOf(logitsOf(net, imagesOf(data.outliers), device));
        const double seen = double(data.outliers.size());
        const double passed = shareAbove(out.of.at(result.score), result.threshold) * seen;
        result.outliersRejected = 1 - passed / (seen + double(data.outliersRefused));
    }
}

void writeTrainingReports(const fs::path& dir, const TrainResult& result)
{
    writeTextAtomically(dir / "history.csv", historyCsv(result.history));
    writePngAtomically(dir / "history.png", historyPlot(result.history));
    writeTextAtomically(dir / "test_report.csv", reportCsv(result.test));
    writeTextAtomically(dir / "test_confusion.csv", confusionCsv(result.test));
    writePngAtomically(dir / "test_confusion.png",
                       confusionHeatmap(result.test, "MNIST test: true against predicted"));
}

nlohmann::json misfitJson(const MisfitStats& stats)
{
    return {{"numbers", stats.numbers},
            {"crops_digits", stats.digits},
            {"crops_misfits", stats.misfits},
            {"held_out_auroc", stats.auroc},
            {"held_out_digits_doubted", stats.digitsDoubted},
            {"held_out_misfits_found", stats.misfitsFound},
            {"crop_head_lessons", stats.cropLessons},
            {"held_out_crops_read_right_by_digits", stats.cropsRightBefore},
            {"held_out_crops_read_right", stats.cropsRight},
            {"seconds", std::round(stats.seconds)}};
}

nlohmann::json modelCard(const TrainResult& result, const TrainOptions& options,
                         const TrainData& data, const TrainingSet& set)
{
    std::string architecture = options.init ? "" : describeNetwork(options.arch);
    if (options.init) {
        std::error_code ec;
        const fs::path initCard = modelCardPathFor(*options.init);
        architecture = fs::exists(initCard, ec) ? loadModelCard(initCard).architecture : "";
        architecture += (architecture.empty() ? "" : "; ") + std::string("fine-tuned from ") +
                        options.init->filename().string();
    }
    std::vector<std::string> teacherNames;
    for (const fs::path& teacher : options.teachers)
        teacherNames.push_back(teacher.string());
    const std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    const double bestValidation =
        result.bestEpoch > 0
            ? result.history.at(std::size_t(result.bestEpoch - 1)).validation.accuracy
            : 0;
    nlohmann::json metrics = {{"test_accuracy", result.test.accuracy},
                              {"test_macro_f1", result.test.macroF1},
                              {"validation_accuracy", bestValidation},
                              {"test_correct_accepted", result.testAccepted},
                              {"test_wrong_accepted", result.testWrongAccepted}};
    for (const auto& [kind, value] : result.auroc)
        metrics["auroc_" + kind] = value;
    if (result.doodlesRejected >= 0)
        metrics["doodles_rejected"] = result.doodlesRejected;
    if (result.outliersRejected >= 0)
        metrics["outliers_rejected"] = result.outliersRejected;
    nlohmann::json card = {{"trusted_threshold", result.threshold},
                           {"score", result.score},
                           {"classes", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
                           {"architecture", architecture},
                           {"metrics", metrics},
                           {"test", metricsJson(result.test)},
                           {"training",
                            {{"arch", options.arch},
                             {"init", options.init ? options.init->string() : ""},
                             {"epochs", options.epochs},
                             {"best_epoch", result.bestEpoch},
                             {"batch", options.batch},
                             {"learning_rate", options.learningRate},
                             {"weight_decay", options.weightDecay},
                             {"seed", options.seed},
                             {"init_seed", options.initSeed.value_or(options.seed)},
                             {"augment", options.augment},
                             {"plain_tail", options.plainTail},
                             {"doodles", options.doodles},
                             {"doodle_weight", options.doodleWeight},
                             {"rerender", options.rerender},
                             {"degraded", options.degraded},
                             {"in_line", options.inLine},
                             {"shear", options.shear},
                             {"number_crops", options.numberCrops},
                             {"misfit_numbers", options.misfitNumbers},
                             {"teachers", teacherNames},
                             {"teacher_weight", options.teacherWeight},
                             {"train_images", set.images.size(0)},
                             {"validation_images", set.valImages.size(0)},
                             {"extra_images", data.extra.size()},
                             {"accept_correct", options.acceptCorrect},
                             {"device", result.device},
                             {"seconds", std::round(result.seconds)}}},
                           {"data", data.hashes},
                           {"date", date}};
    if (result.misfit.numbers > 0)
        card["misfit_head"] = misfitJson(result.misfit);
    return card;
}

void exportModel(torch::jit::Module& net, const fs::path& outDir, nlohmann::json card)
{
    net.eval();
    net.to(torch::kCPU);
    const fs::path model = outDir / "dwn.pt";
    const fs::path temporary = outDir / ".dwn.pt.part";
    try {
        net.save(temporary.string());
    } catch (const c10::Error& e) {
        throw Error("cannot write '" + model.string() + "': " + e.what_without_backtrace());
    }
    card["model_sha256"] = sha256File(temporary);
    const fs::path cardFile = outDir / "data.json";
    const fs::path cardTemporary = outDir / ".data.json.part";
    writeTextAtomically(cardTemporary, card.dump(2) + "\n");
    std::error_code ec;
    fs::rename(temporary, model, ec);
    if (!ec)
        fs::rename(cardTemporary, cardFile, ec);
    if (ec)
        throw Error("cannot write '" + model.string() + "' and '" + cardFile.string() +
                    "': " + ec.message());
}

} // namespace detail

TrainResult trainModel(const TrainData& data, const TrainOptions& options, const fs::path& outDir,
                       const fs::path& reportDir,
                       const std::function<void(const EpochStats&)>& onEpoch,
                       const std::function<void(int, int)>& onBatch)
{
    detail::checkTrainOptions(data, options);
    for (const fs::path& dir : {outDir, reportDir})
        if (!dir.empty())
            createFolder(dir);

    const auto started = Clock::now();
    const torch::Device device = torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
    torch::manual_seed(options.seed);
    at::set_num_threads(std::max(1, options.threads));
    detail::prepareCpuRuntime();
    // The module's forward runs op by op under plain autograd: the graph executor's
    // differentiable graphs made the backward pass slower (14.6 s an epoch against 11.3 s).
    torch::jit::GraphOptimizerEnabledGuard plainAutograd(false);
    torch::jit::Module net = detail::startingNetwork(options, device);

    detail::Teachers teachers = detail::loadTeachers(options, device);
    const detail::TrainingSet set = detail::prepareTrainingSet(data, options);
    TrainResult result;
    result.device = device.is_cuda() ? "CUDA" : "CPU";
    result.history = detail::trainEpochs(net, set, teachers, options, device, result.bestEpoch,
                                         onEpoch, onBatch);
    if (options.misfitNumbers > 0)
        result.misfit = detail::trainMisfitHead(
            net, subset(data.train, set.trainIndex), subset(data.train, set.valIndex),
            options.misfitNumbers, options.seed + kMisfitSeed, device);
    const detail::Calibration calibration = detail::calibrate(net, set, options, device);
    result.score = calibration.score;
    result.threshold = calibration.threshold;
    result.auroc = calibration.auroc;
    result.doodlesRejected = calibration.doodlesRejected;
    detail::measureOnTest(net, data, device, result);
    result.seconds = secondsSince(started);
    if (!reportDir.empty())
        detail::writeTrainingReports(reportDir, result);
    detail::exportModel(net, outDir, detail::modelCard(result, options, data, set));
    return result;
}

namespace {

// The order in which trainModel(data with `train`, `options`) draws the training images: the
// first validationCount() are its validation digits, the rest its training digits.
torch::Tensor splitOrder(const DigitImages& train, const TrainOptions& options)
{
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    const torch::Tensor before = generator.get_state();
    // What trainModel draws before the split: the seed, then the starting network's weights
    // (nothing for a fine-tuning start, which is loaded).
    torch::manual_seed(options.seed);
    detail::startingNetwork(options, torch::kCPU);
    const torch::Tensor order = torch::randperm(std::int64_t(train.size()));
    generator.set_state(before);
    return order;
}

// The options whose split made the model `card` describes (its seed, architecture, start).
TrainOptions splitOptionsOf(const nlohmann::json& card, const std::string& where)
{
    TrainOptions options;
    const nlohmann::json training = card.value("training", nlohmann::json::object());
    try {
        options.seed = training.value("seed", options.seed);
        options.arch = training.value("arch", options.arch);
        if (training.contains("init_seed"))
            options.initSeed = training.at("init_seed").get<std::uint64_t>();
        if (const std::string init = training.value("init", ""); !init.empty())
            options.init = init;
    } catch (const nlohmann::json::exception&) {
        throw Error(where + ": key 'training' does not say how the model was trained");
    }
    return options;
}

} // namespace

DigitImages validationDigits(const DigitImages& train, const TrainOptions& options)
{
    return subset(
        train, splitOrder(train, options).slice(0, 0, validationCount(std::int64_t(train.size()))));
}

MisfitStats teachMisfitHead(const fs::path& model, const std::function<DigitImages()>& mnistTrain,
                            int numbers, const fs::path& outDir)
{
    if (numbers < 1)
        throw Error("the misfit head needs at least one number to learn from");
    const fs::path cardFile = modelCardPathFor(model);
    const std::string where = "model card '" + cardFile.string() + "'";
    loadModelCard(cardFile); // a broken one is refused before the work
    nlohmann::json card = detail::readJsonObject(cardFile, where);
    const TrainOptions options = splitOptionsOf(card, where);
    const torch::Device device = torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
    at::set_num_threads(std::max(1, options.threads));
    detail::prepareCpuRuntime();
    torch::jit::Module net = loadForTraining(model, device, "teach a misfit head to");
    detail::addNumberHeads(net); // a network dwn train does not make is refused before the work
    const DigitImages train = mnistTrain();
    const torch::Tensor order = splitOrder(train, options);
    const auto nVal = validationCount(std::int64_t(train.size()));
    createFolder(outDir);
    torch::manual_seed(options.seed + kMisfitSeed);
    const MisfitStats stats = detail::trainMisfitHead(net, subset(train, order.slice(0, nVal)),
                                                      subset(train, order.slice(0, 0, nVal)),
                                                      numbers, options.seed + kMisfitSeed, device);
    card["misfit_head"] = detail::misfitJson(stats);
    detail::exportModel(net, outDir, card);
    return stats;
}

} // namespace dwn
