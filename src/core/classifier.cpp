#include "dwn/classifier.h"

#include <algorithm>
#include <cmath>

#include "dwn/error.h"
#include "inference_backend.h"
#include "runtime.h"
#include "sha256.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;

const int kSide = 28;    // the model reads 28x28 images
const int kClasses = 10; // and answers with ten logits

const char* nameOf(Device device)
{
    switch (device) {
    case Device::Cpu:
        return "cpu";
    case Device::Cuda:
        return "cuda";
    case Device::Auto:
        break;
    }
    return "auto";
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
    std::unique_ptr<detail::InferenceBackend> backend;
};

Classifier::Classifier(const ClassifierOptions& options) : m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.modelPath = options.model;
    std::error_code ec;
    if (!fs::exists(options.model, ec))
        throw Error("model '" + options.model.string() + "' does not exist");
    const fs::path cardFile = options.card.value_or(modelCardPathFor(options.model));
    d.card = loadModelCard(cardFile);
    // A data.json written for another model (a training stopped between the two files, or a
    // model copied without its own) is refused rather than trusted with the wrong threshold.
    if (!d.card.modelSha256.empty() && d.card.modelSha256 != detail::sha256File(options.model))
        throw Error("model card '" + cardFile.string() + "' was written for another model than '" +
                    options.model.string() +
                    "' (its model_sha256 differs): give the model's own "
                    "data.json, or train again");
    detail::prepareCpuRuntime();
    d.backend = detail::loadBackend(
        {options.model, nameOf(options.device), options.threads, kOneThreadBatch});
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

Verdict Classifier::classify(const cv::Mat& image) const
{
    return classify(std::vector<cv::Mat>{image}).front();
}

std::vector<Verdict> Classifier::classify(const std::vector<cv::Mat>& images, Head head) const
{
    const auto n = static_cast<std::int64_t>(images.size());
    if (n == 0)
        return {};
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(n) * kSide * kSide);
    for (std::size_t i = 0; i < images.size(); ++i) {
        const cv::Mat& img = images[i];
        if (img.type() != CV_8UC1 || img.rows != kSide || img.cols != kSide)
            throw Error("the classifier takes preprocessed 28x28 8-bit grey images");
        img.copyTo(cv::Mat(kSide, kSide, CV_8UC1, pixels.data() + i * kSide * kSide));
    }
    const detail::Answers answers = m_impl->backend->answer(pixels.data(), n, head == Head::Crops);
    const bool crops = head == Head::Crops && !answers.crops.empty();
    const std::vector<float>& logits = crops ? answers.crops : answers.logits;

    std::vector<Verdict> verdicts(images.size());
    const ModelCard& card = m_impl->card;
    const double threshold = this->threshold(head);
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        Verdict& v = verdicts[i];
        std::copy_n(logits.begin() + static_cast<std::ptrdiff_t>(i * kClasses), kClasses,
                    v.logits.begin());
        v.digit =
            static_cast<int>(std::max_element(v.logits.begin(), v.logits.end()) - v.logits.begin());
        // Softmax, from the largest logit for stability.
        const float top = v.logits[static_cast<std::size_t>(v.digit)];
        double sum = 0;
        for (float l : v.logits)
            sum += std::exp(double(l) - top);
        for (std::size_t k = 0; k < v.logits.size(); ++k)
            v.probabilities[k] = static_cast<float>(std::exp(double(v.logits[k]) - top) / sum);
        v.score = scoreOf(card.score, v);
        if (!answers.misfits.empty())
            v.misfit = 1 / (1 + std::exp(-answers.misfits[i]));
        v.threshold = static_cast<float>(threshold);
        v.accepted = v.score > threshold;
    }
    return verdicts;
}

Verdict Classifier::classify(const Preprocessed& drawing) const
{
    return classify(std::vector<Preprocessed>{drawing}).front();
}

std::vector<Verdict> Classifier::classify(const std::vector<Preprocessed>& drawings,
                                          Head head) const
{
    std::vector<cv::Mat> images;
    images.reserve(drawings.size());
    for (const Preprocessed& p : drawings)
        images.push_back(p.image);
    std::vector<Verdict> verdicts = classify(images, head);
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

double Classifier::threshold(Head head) const
{
    const ModelCard& card = m_impl->card;
    return head == Head::Crops && readsCrops() && card.score == ScoreKind::Softmax
               ? std::min(card.trustedThreshold, double(kCropTrust))
               : card.trustedThreshold;
}

const fs::path& Classifier::modelPath() const
{
    return m_impl->modelPath;
}

bool Classifier::judgesMisfits() const
{
    return m_impl->backend->judgesMisfits();
}

bool Classifier::readsCrops() const
{
    return m_impl->backend->readsCrops();
}

std::string Classifier::deviceName() const
{
    return m_impl->backend->deviceName();
}

} // namespace dwn
