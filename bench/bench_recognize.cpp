// Speed of the recognition path: preprocessing a 512x512 canvas, inference of one drawing,
// the two together, and batch inference, with one or two intra-op threads or the classifier's
// own choice (threads:0).
// Uses the shipped model (models/dwn.pt) unless DWN_BENCH_MODEL names another.

#include <cstdlib>
#include <map>
#include <vector>

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>

#include "dwn/classifier.h"
#include "dwn/preprocess.h"

namespace {

// A 7 drawn with a 12 px pen on a white 512x512 canvas, as the app's canvas holds it.
cv::Mat canvasWithSeven()
{
    cv::Mat canvas(512, 512, CV_8UC1, cv::Scalar(255));
    const std::vector<cv::Point> stroke = {{140, 110}, {370, 105}, {250, 420}};
    cv::polylines(canvas, stroke, false, cv::Scalar(0), 12, cv::LINE_AA);
    return canvas;
}

// One classifier per thread setting (0: the classifier's choice by batch size).
const dwn::Classifier& classifier(int threads)
{
    static std::map<int, dwn::Classifier> instances;
    auto found = instances.find(threads);
    if (found == instances.end()) {
        dwn::ClassifierOptions options;
        const char* model = std::getenv("DWN_BENCH_MODEL");
        options.model = model ? model : DWN_SOURCE_MODELS "/dwn.pt";
        options.device = dwn::Device::Cpu;
        options.threads = threads;
        found = instances.emplace(threads, dwn::Classifier(options)).first;
    }
    return found->second;
}

void BM_Preprocess512(benchmark::State& state)
{
    const cv::Mat canvas = canvasWithSeven();
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::preprocess(canvas));
}
BENCHMARK(BM_Preprocess512)->Unit(benchmark::kMicrosecond);

void BM_Classify(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(static_cast<int>(state.range(0)));
    const cv::Mat image = dwn::preprocess(canvasWithSeven()).image;
    for (auto _ : state)
        benchmark::DoNotOptimize(c.classify(image));
}
BENCHMARK(BM_Classify)->ArgName("threads")->Arg(0)->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_CanvasToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(0);
    const cv::Mat canvas = canvasWithSeven();
    for (auto _ : state)
        benchmark::DoNotOptimize(c.classify(dwn::preprocess(canvas)));
}
BENCHMARK(BM_CanvasToVerdict)->Unit(benchmark::kMicrosecond);

void BM_ClassifyBatch(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(static_cast<int>(state.range(1)));
    const std::vector<cv::Mat> batch(static_cast<std::size_t>(state.range(0)),
                                     dwn::preprocess(canvasWithSeven()).image);
    for (auto _ : state)
        benchmark::DoNotOptimize(c.classify(batch));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ClassifyBatch)
    ->ArgNames({"batch", "threads"})
    ->Args({8, 1})
    ->Args({8, 2})
    ->Args({16, 1})
    ->Args({16, 2})
    ->Args({64, 1})
    ->Args({64, 0})
    ->Args({256, 1})
    ->Args({256, 0})
    ->Args({10000, 0})
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
