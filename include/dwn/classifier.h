#pragma once
// Runs a TorchScript digit model (DESIGN.md, "Model") and judges its answer against the
// trusted_threshold of its data.json.

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/model_card.h"
#include "dwn/preprocess.h"

namespace dwn {

enum class Device { Auto, Cpu, Cuda };

// "auto", "cpu" or "cuda"; throws dwn::Error for anything else.
Device parseDevice(const std::string& name);

// Batches of up to this many images run on one thread when ClassifierOptions::threads is 0, and
// bigger ones on every core: every drawing and number the window or dwn recognize reads (a
// number's candidates are one batch) stays on one thread, which a busy second core cannot stall,
// and the thread count is not switched back and forth, which throws away oneDNN's prepared
// convolutions (README, "Speed").
inline constexpr int kOneThreadBatch = 64;

struct ClassifierOptions {
    std::filesystem::path model;
    std::optional<std::filesystem::path> card; // data.json; by default the one beside the model
    Device device = Device::Auto;              // Auto: CUDA when available, else CPU
    // Intra-op threads (process-wide). 0: one for up to kOneThreadBatch images, every core for
    // bigger batches.
    int threads = 0;
};

struct Verdict {
    int digit = -1;                        // the most probable class
    std::array<float, 10> logits{};        // raw model output
    std::array<float, 10> probabilities{}; // softmax of the logits
    float score = 0;                       // what is compared with the threshold
    // The score it must pass: the card's trusted threshold, or, read by the crop reading with a
    // softmax score, the lower of it and kCropTrust.
    float threshold = 0;
    bool accepted = false; // score > threshold, and no refusal
    std::string refusal;   // set when preprocessing found the drawing surely no digit
    // With a model that has the misfit head: how likely the image is a crop holding much of
    // two digits rather than one whole digit (touching digits taken as one, or a cut through a
    // digit's neighbour); 0 without the head.
    float misfit = 0;
};

// The crop reading averages the digit head's and the crop head's logits, so it is less sure of
// right digits than the digit head the card's threshold was set for: with a softmax score, a
// digit it reads with a probability above this is accepted too (chosen on held-out numbers,
// README).
inline constexpr float kCropTrust = 0.55F;

// Which of the model's heads reads the images (DESIGN.md, "Model").
enum class Head {
    Digits, // forward's logits: whole digits
    // The crop head, taught the crops that number reading cuts out of soft-ink numbers; the
    // digit head for a model without one (Classifier::readsCrops()).
    Crops,
};

class Classifier {
public:
    // Loads, checks and warms up the model. Throws dwn::Error naming the file when the model
    // is missing or not TorchScript, when it does not map a [N,1,28,28] batch to [N,10]
    // logits, when its data.json is broken, or when CUDA is asked for but not available.
    explicit Classifier(const ClassifierOptions& options);
    ~Classifier();
    Classifier(Classifier&&) noexcept;
    Classifier& operator=(Classifier&&) noexcept;

    // `image` is a preprocessed 28x28 CV_8UC1 image; throws dwn::Error for anything else.
    Verdict classify(const cv::Mat& image) const;
    std::vector<Verdict> classify(const std::vector<cv::Mat>& images,
                                  Head head = Head::Digits) const;
    // A preprocessed drawing: as above, but never accepted when preprocessing refused it
    // (a dot, ink all over), and then with the reason.
    Verdict classify(const Preprocessed& drawing) const;
    std::vector<Verdict> classify(const std::vector<Preprocessed>& drawings,
                                  Head head = Head::Digits) const;

    const ModelCard& card() const;
    // The score a digit read by `head` must pass: the card's trusted threshold, or for the crop
    // reading with a softmax score the lower of it and kCropTrust.
    double threshold(Head head) const;
    const std::filesystem::path& modelPath() const;
    std::string deviceName() const; // "CPU" or "CUDA"
    bool judgesMisfits() const;     // the model has the misfit head (Verdict::misfit)
    bool readsCrops() const;        // the model has the crop head (Head::Crops)

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dwn
