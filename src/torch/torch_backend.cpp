// libdwn-torch.so: the classifier's inference by LibTorch, loaded at run time (see
// src/core/inference_backend.h): TorchScript model loading, freezing, warm-up, the check of
// the model contract, and batched inference on the chosen device and threads.

#include <algorithm>
#include <sstream>
#include <thread>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/script.h>

#include "dwn/error.h"
#include "inference_backend.h"
#include "network.h"
#include "runtime.h"
#include "torch_inference.h"

namespace dwn::detail {
namespace {

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

torch::Device chooseDevice(const std::string& wanted)
{
    const bool cuda = torch::cuda::is_available();
    if (wanted == "cuda" && !cuda)
        throw Error("device 'cuda' was asked for, but CUDA is not available on this machine "
                    "(use --device cpu or auto)");
    if (wanted == "cpu" || !cuda)
        return torch::kCPU;
    return torch::kCUDA;
}

class TorchBackend : public InferenceBackend {
public:
    explicit TorchBackend(const BackendOptions& options)
        : m_options(options), m_device(chooseDevice(options.device))
    {
        prepareCpuRuntime();
        const std::string where = "model '" + options.model.string() + "'";
        try {
            m_module = torch::jit::load(options.model.string(), m_device);
        } catch (const c10::Error& e) {
            throw Error(where +
                        " is not a TorchScript model: " + firstLine(e.what_without_backtrace()));
        }
        m_module = readyForInference(m_module);
        m_read = m_module.find_method(kReadMethod).has_value();
        m_readDigits = m_module.find_method(kReadDigitsMethod).has_value();
        // Check the contract with a dummy batch. The graph executor specialises a graph for
        // each input shape over its first runs: warm up both batches and single drawings, on
        // the thread count they will run with (setting it throws away what oneDNN prepared),
        // with the crop reading and, where read_digits leaves it out, without.
        Run out;
        try {
            useThreadsFor(1);
            const auto warmUp = [this](bool crops) {
                const Run two = run(torch::zeros({2, 1, kSide, kSide}), crops);
                for (int i = 0; i < 3; ++i)
                    run(torch::zeros({1, 1, kSide, kSide}), crops);
                return two;
            };
            out = warmUp(true);
            if (m_readDigits)
                warmUp(false);
        } catch (const c10::Error& e) {
            throw Error(where + " fails on a [2, 1, 28, 28] batch: " +
                        firstLine(e.what_without_backtrace()));
        }
        if (out.logits.dim() != 2 || out.logits.size(0) != 2 || out.logits.size(1) != kClasses)
            throw Error(where + " returns shape " + shapeOf(out.logits) +
                        " for a [2, 1, 28, 28] batch; expected [2, 10] logits");
        if (m_read && (out.misfits.dim() != 1 || out.misfits.size(0) != 2))
            throw Error(where + "'s misfit head returns shape " + shapeOf(out.misfits) +
                        " for a [2, 1, 28, 28] batch; expected [2]");
        m_crops = out.crops.defined();
        if (m_crops &&
            (out.crops.dim() != 2 || out.crops.size(0) != 2 || out.crops.size(1) != kClasses))
            throw Error(where + "'s crop head returns shape " + shapeOf(out.crops) +
                        " for a [2, 1, 28, 28] batch; expected [2, 10] logits");
    }

    Answers answer(const std::uint8_t* pixels, std::int64_t n, bool crops) const override
    {
        const torch::Tensor batch = torch::from_blob(const_cast<std::uint8_t*>(pixels),
                                                     {n, 1, kSide, kSide}, torch::kUInt8);
        // Big batches in chunks, whose activations stay in the cache (on one thread, 64
        // images at a time ran 10% faster per image than 256 at once).
        useThreadsFor(n);
        std::vector<torch::Tensor> logits, misfits, readings;
        for (std::int64_t at = 0; at < n; at += kChunk) {
            Run r = run(batch.slice(0, at, std::min(n, at + kChunk)).to(torch::kFloat), crops);
            logits.push_back(r.logits);
            misfits.push_back(r.misfits);
            readings.push_back(r.crops);
        }
        Answers out;
        out.logits = valuesOf(logits);
        if (m_read)
            out.misfits = valuesOf(misfits);
        if (m_crops && crops)
            out.crops = valuesOf(readings);
        return out;
    }

    bool judgesMisfits() const override { return m_read; }
    bool readsCrops() const override { return m_crops; }

    std::string deviceName() const override { return m_device.is_cuda() ? "CUDA" : "CPU"; }

private:
    void useThreadsFor(std::int64_t images) const
    {
        // Every core the system offers (LibTorch's own default halves that, taking them for
        // hyper-threads).
        static const int cores =
            static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        const int wanted = m_options.threads > 0               ? m_options.threads
                           : images > m_options.oneThreadBatch ? cores
                                                               : 1;
        if (at::get_num_threads() != wanted)
            at::set_num_threads(wanted);
    }

    struct Run {
        torch::Tensor logits, misfits; // misfits: undefined without the misfit head
        torch::Tensor crops;           // the crop reading; undefined without the crop head
    };

    // The logits and, with the misfit head, the misfit logits (and, with the crop head and
    // `crops`, the crop reading: the two heads' logits averaged) of one batch, in one pass.
    Run run(const torch::Tensor& batch, bool crops) const
    {
        c10::InferenceMode guard;
        std::vector<torch::jit::IValue> inputs{batch.to(m_device)};
        const auto cpu = [](const torch::IValue& v) {
            return v.toTensor().to(torch::kCPU, torch::kFloat);
        };
        if (m_read) {
            const char* method = m_readDigits && !crops ? kReadDigitsMethod : kReadMethod;
            const torch::jit::IValue output = m_module.get_method(method)(inputs);
            const std::size_t heads = output.isTuple() ? output.toTupleRef().elements().size() : 0;
            if (heads != 2 && heads != 3)
                throw Error("model '" + m_options.model.string() +
                            "' does not return logits and misfits from its misfit head");
            const auto& all = output.toTupleRef().elements();
            return {cpu(all[0]), cpu(all[1]), heads == 3 ? cpu(all[2]) : torch::Tensor()};
        }
        const torch::jit::IValue output = m_module.forward(inputs);
        if (!output.isTensor())
            throw Error("model '" + m_options.model.string() + "' does not return a tensor");
        return {cpu(output), {}, {}};
    }

    static std::vector<float> valuesOf(const std::vector<torch::Tensor>& chunks)
    {
        const torch::Tensor all =
            (chunks.size() == 1 ? chunks.front() : torch::cat(chunks)).contiguous();
        return {all.data_ptr<float>(), all.data_ptr<float>() + all.numel()};
    }

    BackendOptions m_options;
    torch::Device m_device;
    mutable torch::jit::Module m_module;
    bool m_read = false;       // the model has the misfit head
    bool m_readDigits = false; // and reads without the crop reading (read_digits)
    bool m_crops = false;      // and the crop head
};

} // namespace
} // namespace dwn::detail

extern "C" dwn::detail::InferenceBackend*
dwn_make_inference_backend(const dwn::detail::BackendOptions& options)
{
    return new dwn::detail::TorchBackend(options);
}
