#pragma once
// Internal: what the classifier asks of LibTorch, behind a module loaded at run time
// (libdwn-torch.so), so that a program starts without loading LibTorch: the window shows
// first and loads the model on another thread.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dwn::detail {

// What the model answers for n images.
struct Answers {
    std::vector<float> logits;  // [n,10]
    std::vector<float> misfits; // [n] misfit logits; empty when the model has no misfit head
    std::vector<float> crops;   // [n,10] the crop reading; empty without the crop head
};

class InferenceBackend {
public:
    virtual ~InferenceBackend() = default;
    // The answers for n images of 28x28 bytes, one after the other; the crop reading only where
    // `crops` asks for it (a model may leave it out otherwise).
    virtual Answers answer(const std::uint8_t* pixels, std::int64_t n, bool crops) const = 0;
    virtual bool judgesMisfits() const = 0;     // the model has the misfit head
    virtual bool readsCrops() const = 0;        // the model has the crop head
    virtual std::string deviceName() const = 0; // "CPU" or "CUDA"
};

// What the module makes a backend from: the model file, "auto", "cpu" or "cuda", and the
// intra-op threads (0: one for up to `oneThreadBatch` images, every core for bigger batches).
struct BackendOptions {
    std::filesystem::path model;
    std::string device;
    int threads = 0;
    int oneThreadBatch = 64;
};

// The module's one entry point, looked up by name.
using MakeBackend = InferenceBackend* (*)(const BackendOptions& options);
inline constexpr const char* kMakeBackend = "dwn_make_inference_backend";

// Loads the model through the module (found beside the running program, in
// PREFIX/lib/detect-written-number/, or in the build tree). Throws dwn::Error when the module
// cannot be loaded, naming it, and the module's errors for a bad model.
std::unique_ptr<InferenceBackend> loadBackend(const BackendOptions& options);

} // namespace dwn::detail
