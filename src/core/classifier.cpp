#include "dwn/classifier.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/script.h>

#include "dwn/error.h"
#include "runtime.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;

const int kSide = 28;           // the model reads 28x28 images
const int kClasses = 10;        // and answers with ten logits
const std::int64_t kChunk = 64; // images per forward pass

// The first line of a c10::Error: the rest is a C++ backtrace, of no use to a user.
std::string firstLine(const std::string& text)
{
    return text.substr(0, text.find('\n'));
}

std::string shapeOf(const torch::Tensor& t)
{
    std::ostringstream out;
    out << t.sizes();
    return out.str();
}

torch::Device chooseDevice(Device wanted)
{
    const bool cuda = torch::cuda::is_available();
    if (wanted == Device::Cuda && !cuda)
        throw Error("device 'cuda' was asked for, but CUDA is not available on this machine "
                    "(use --device cpu or auto)");
    if (wanted == Device::Cpu || !cuda)
        return torch::kCPU;
    return torch::kCUDA;
}

float scoreOf(ScoreKind kind, const Verdict& v)
{
    switch (kind) {
    case ScoreKind::Softmax:
        return v.probabilities[static_cast<std::size_t>(v.digit)];
    case ScoreKind::Energy: {
        const float top = v.logits[static_cast<std::size_t>(v.digit)];
        double sum = 0;
        for (float l : v.logits)
            sum += std::exp(double(l) - top);
        return top + static_cast<float>(std::log(sum));
    }
    case ScoreKind::Logit:
        break;
    }
    return v.logits[static_cast<std::size_t>(v.digit)];
}

} // namespace

Device parseDevice(const std::string& name)
{
    if (name == "auto")
        return Device::Auto;
    if (name == "cpu")
        return Device::Cpu;
    if (name == "cuda")
        return Device::Cuda;
    throw Error("unknown device '" + name + "': use auto, cpu or cuda");
}

struct Classifier::Impl {
    fs::path modelPath;
    ModelCard card;
    torch::Device device = torch::kCPU;
    int threads = 0; // as in ClassifierOptions
    mutable torch::jit::Module module;

    void useThreadsFor(std::int64_t images) const
    {
        // Every core the system offers (LibTorch's own default halves that, taking them for
        // hyper-threads).
        static const int cores =
            static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        const int wanted = threads > 0 ? threads : images >= kParallelBatch ? cores : 1;
        if (at::get_num_threads() != wanted)
            at::set_num_threads(wanted);
    }

    torch::Tensor run(const torch::Tensor& batch) const
    {
        c10::InferenceMode guard;
        std::vector<torch::jit::IValue> inputs{batch.to(device)};
        const torch::jit::IValue output = module.forward(inputs);
        if (!output.isTensor())
            throw Error("model '" + modelPath.string() + "' does not return a tensor");
        return output.toTensor().to(torch::kCPU, torch::kFloat);
    }
};

Classifier::Classifier(const ClassifierOptions& options) : m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.modelPath = options.model;
    const std::string where = "model '" + options.model.string() + "'";
    std::error_code ec;
    if (!fs::exists(options.model, ec))
        throw Error(where + " does not exist");
    d.card = loadModelCard(options.card.value_or(modelCardPathFor(options.model)));
    d.device = chooseDevice(options.device);
    d.threads = options.threads;
    detail::prepareCpuRuntime();

    try {
        d.module = torch::jit::load(options.model.string(), d.device);
    } catch (const c10::Error& e) {
        throw Error(where +
                    " is not a TorchScript model: " + firstLine(e.what_without_backtrace()));
    }
    d.module.eval();
    // Freezing folds the weights into the graph, and the inference pass fuses BatchNorm and
    // uses oneDNN: together several times faster for small batches. A model that cannot be
    // frozen still runs as it is.
    try {
        torch::jit::Module frozen = torch::jit::freeze(d.module);
        d.module = torch::jit::optimize_for_inference(frozen);
    } catch (const c10::Error&) {
    }

    // Check the contract with a dummy batch. The graph executor specialises a graph for each
    // input shape over its first runs: warm up both batches and single drawings.
    torch::Tensor out;
    try {
        out = d.run(torch::zeros({2, 1, kSide, kSide}));
        d.useThreadsFor(1);
        for (int i = 0; i < 3; ++i)
            d.run(torch::zeros({1, 1, kSide, kSide}));
    } catch (const c10::Error& e) {
        throw Error(where +
                    " fails on a [2, 1, 28, 28] batch: " + firstLine(e.what_without_backtrace()));
    }
    if (out.dim() != 2 || out.size(0) != 2 || out.size(1) != kClasses)
        throw Error(where + " returns shape " + shapeOf(out) + " for a [2, 1, 28, 28] batch; " +
                    "expected [2, 10] logits");
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

Verdict Classifier::classify(const cv::Mat& image) const
{
    return classify(std::vector<cv::Mat>{image}).front();
}

std::vector<Verdict> Classifier::classify(const std::vector<cv::Mat>& images) const
{
    const auto n = static_cast<std::int64_t>(images.size());
    if (n == 0)
        return {};
    torch::Tensor batch = torch::empty({n, 1, kSide, kSide}, torch::kUInt8);
    for (std::int64_t i = 0; i < n; ++i) {
        const cv::Mat& img = images[static_cast<std::size_t>(i)];
        if (img.type() != CV_8UC1 || img.rows != kSide || img.cols != kSide)
            throw Error("the classifier takes preprocessed 28x28 8-bit grey images");
        cv::Mat dst(kSide, kSide, CV_8UC1, batch[i].data_ptr<uint8_t>());
        img.copyTo(dst);
    }
    // Big batches in chunks, whose activations stay in the cache (on one thread, 64 images at a
    // time ran 10% faster per image than 256 at once).
    m_impl->useThreadsFor(n);
    std::vector<torch::Tensor> chunks;
    for (std::int64_t at = 0; at < n; at += kChunk)
        chunks.push_back(
            m_impl->run(batch.slice(0, at, std::min(n, at + kChunk)).to(torch::kFloat)));
    const torch::Tensor logits = chunks.size() == 1 ? chunks.front() : torch::cat(chunks);
    const torch::Tensor probs = torch::softmax(logits, 1).contiguous();
    const torch::Tensor raw = logits.contiguous();

    std::vector<Verdict> verdicts(images.size());
    const ModelCard& card = m_impl->card;
    for (std::int64_t i = 0; i < n; ++i) {
        Verdict& v = verdicts[static_cast<std::size_t>(i)];
        std::copy_n(raw[i].data_ptr<float>(), kClasses, v.logits.begin());
        std::copy_n(probs[i].data_ptr<float>(), kClasses, v.probabilities.begin());
        v.digit =
            static_cast<int>(std::max_element(v.logits.begin(), v.logits.end()) - v.logits.begin());
        v.score = scoreOf(card.score, v);
        v.accepted = v.score > card.trustedThreshold;
    }
    return verdicts;
}

Verdict Classifier::classify(const Preprocessed& drawing) const
{
    return classify(std::vector<Preprocessed>{drawing}).front();
}

std::vector<Verdict> Classifier::classify(const std::vector<Preprocessed>& drawings) const
{
    std::vector<cv::Mat> images;
    images.reserve(drawings.size());
    for (const Preprocessed& p : drawings)
        images.push_back(p.image);
    std::vector<Verdict> verdicts = classify(images);
    for (std::size_t i = 0; i < drawings.size(); ++i)
        if (!drawings[i].refusal.empty()) {
            verdicts[i].accepted = false;
            verdicts[i].refusal = drawings[i].refusal;
        }
    return verdicts;
}

const ModelCard& Classifier::card() const
{
    return m_impl->card;
}

const fs::path& Classifier::modelPath() const
{
    return m_impl->modelPath;
}

std::string Classifier::deviceName() const
{
    return m_impl->device.is_cuda() ? "CUDA" : "CPU";
}

} // namespace dwn
