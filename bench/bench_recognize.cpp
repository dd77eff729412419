// Speed of the recognition path: preprocessing a 512x512 canvas, inference of one drawing,
// the two together, and batch inference, with one or two intra-op threads or the classifier's
// own choice (threads:0).
// Uses the shipped model (models/dwn.pt) unless DWN_BENCH_MODEL names another.

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>

#include "dwn/classifier.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "dwn/reading.h"
#include "dwn/segmentation.h"

namespace {

// A 7 drawn with a 12 px pen on a white 512x512 canvas, as the app's canvas holds it.
cv::Mat canvasWithSeven()
{
    cv::Mat canvas(512, 512, CV_8UC1, cv::Scalar(255));
    const std::vector<cv::Point> stroke = {{140, 110}, {370, 105}, {250, 420}};
    cv::polylines(canvas, stroke, false, cv::Scalar(0), 12, cv::LINE_AA);
    return canvas;
}

// One classifier per thread setting (0: the classifier's choice by batch size, as the programs
// run it).
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
    // The programs load their model first, which settles the allocator (prepareCpuRuntime);
    // without it glibc gives the ink image's memory back after every image.
    classifier(0);
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
    ->Args({64, 2})
    ->Args({256, 1})
    ->Args({256, 0})
    ->Args({10000, 0})
    ->Unit(benchmark::kMillisecond);

} // namespace

// An 8-digit number written with a 12 px pen across a white 1200x400 canvas, a digit every
// `pitch` px (140: apart; 85: each digit but the 1 touching the next): the corners of its
// strokes.
std::vector<std::vector<cv::Point>> numberShapes(int pitch = 140)
{
    const std::vector<std::vector<cv::Point>> shapes = {
        {{10, 40}, {40, 10}, {40, 190}},                                 // 1
        {{5, 50}, {40, 10}, {85, 45}, {10, 190}, {90, 190}},             // 2
        {{10, 15}, {85, 15}, {45, 90}, {90, 140}, {45, 190}, {5, 170}},  // 3
        {{60, 10}, {5, 130}, {95, 130}},                                 // 4 (with a stroke below)
        {{85, 10}, {20, 10}, {15, 90}, {80, 100}, {80, 180}, {10, 185}}, // 5
        {{80, 10}, {15, 120}, {40, 190}, {85, 150}, {50, 110}, {15, 140}},          // 6
        {{5, 10}, {95, 10}, {35, 190}},                                             // 7
        {{50, 10}, {10, 50}, {90, 140}, {50, 190}, {10, 140}, {90, 50}, {50, 10}}}; // 8
    std::vector<std::vector<cv::Point>> placed;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const cv::Point at(40 + static_cast<int>(i) * pitch, 100);
        placed.emplace_back();
        for (const cv::Point& p : shapes[i])
            placed.back().push_back(p + at);
        if (i == 3)
            placed.push_back(
                {placed.back()[0] + cv::Point(10, 40), placed.back()[0] + cv::Point(10, 180)});
    }
    return placed;
}

// `shapes` written with a 12 px pen across a white 1200x400 canvas.
cv::Mat canvasWith(const std::vector<std::vector<cv::Point>>& shapes)
{
    cv::Mat canvas(400, 1200, CV_8UC1, cv::Scalar(255));
    cv::polylines(canvas, shapes, false, cv::Scalar(0), 12, cv::LINE_AA);
    return canvas;
}

cv::Mat canvasWithNumber()
{
    return canvasWith(numberShapes());
}

// A stroke through `corners` with a 12 px pen, a point every 3 px, as a mouse records it.
dwn::PenStroke penStroke(const std::vector<cv::Point>& corners)
{
    dwn::PenStroke stroke;
    for (std::size_t i = 0; i + 1 < corners.size(); ++i) {
        const cv::Point2f from = corners[i], step = cv::Point2f(corners[i + 1]) - from;
        const int n = std::max(1, static_cast<int>(cv::norm(step) / 3));
        for (int k = 0; k < n; ++k)
            stroke.points.push_back(from + step * (float(k) / float(n)));
    }
    stroke.points.push_back(corners.back());
    stroke.widths.assign(stroke.points.size(), 12.0f);
    return stroke;
}

// Canvas pixels to the number's verdict: segmentation, every candidate preprocessed, one batch.
void BM_NumberToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(static_cast<int>(state.range(0)));
    const cv::Mat canvas = canvasWithNumber();
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfImage(canvas)));
}
BENCHMARK(BM_NumberToVerdict)->ArgName("threads")->Arg(1)->Unit(benchmark::kMicrosecond);

// The 8-digit number blurred as an out-of-focus scan (Gaussian, sigma 3 px): soft ink, whose
// digits the crop reading reads, through the crop tower as well as the digit network.
void BM_SoftNumberToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(1);
    cv::Mat blurred;
    cv::GaussianBlur(canvasWithNumber(), blurred, cv::Size(), 3);
    const dwn::Pieces pieces = dwn::piecesOfImage(blurred);
    if (!pieces.soft)
        state.SkipWithError("the blurred number is not read as soft ink");
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfImage(blurred)));
}
BENCHMARK(BM_SoftNumberToVerdict)->Unit(benchmark::kMicrosecond);

// The 8-digit number with its digits touching, as an image file: its wide components are cut.
void BM_TouchingNumberToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(1);
    const cv::Mat canvas = canvasWith(numberShapes(85));
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfImage(canvas)));
}
BENCHMARK(BM_TouchingNumberToVerdict)->Unit(benchmark::kMicrosecond);

// The single 7 of BM_CanvasToVerdict, read as a number.
void BM_DigitAsNumberToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(1);
    const cv::Mat canvas = canvasWithSeven();
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfImage(canvas)));
}
BENCHMARK(BM_DigitAsNumberToVerdict)->Unit(benchmark::kMicrosecond);

// The same 7 as the window reads it: one pen stroke, cut into pieces by its strokes rather than
// its pixels.
void BM_DigitStrokesToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(1);
    const std::vector<dwn::PenStroke> strokes = {penStroke({{140, 110}, {370, 105}, {250, 420}})};
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfStrokes(strokes, {512, 512})));
}
BENCHMARK(BM_DigitStrokesToVerdict)->Unit(benchmark::kMicrosecond);

// The 8-digit number as the window reads it, by its strokes.
void BM_NumberStrokesToVerdict(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(1);
    std::vector<dwn::PenStroke> strokes;
    for (const std::vector<cv::Point>& shape : numberShapes())
        strokes.push_back(penStroke(shape));
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfStrokes(strokes, {1200, 400})));
}
BENCHMARK(BM_NumberStrokesToVerdict)->Unit(benchmark::kMicrosecond);

// Reads `images` one after another as the programs do, with the classifier's own thread choice
// (threads:0): each number has its own count of candidates, so the batch sizes change from one
// reading to the next. With busy:1 a second thread keeps the other core busy meanwhile, as the
// window's own thread or another program may. Items are numbers.
void readOneAfterAnother(benchmark::State& state, const std::vector<cv::Mat>& images)
{
    const dwn::Classifier& c = classifier(0);
    std::atomic<bool> done{false};
    std::thread busy;
    if (state.range(0) != 0)
        busy = std::thread([&done] {
            while (!done.load(std::memory_order_relaxed)) {
            }
        });
    for (auto _ : state)
        for (const cv::Mat& image : images)
            benchmark::DoNotOptimize(dwn::readNumber(c, dwn::piecesOfImage(image)));
    done = true;
    if (busy.joinable())
        busy.join();
    state.SetItemsProcessed(state.iterations() * long(images.size()));
}

// How readOneAfterAnother() benchmarks run: with the other core free and busy, in wall time.
void freeAndBusy(benchmark::internal::Benchmark* b)
{
    b->ArgName("busy")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
}

// The numbers of one to eight digits that begin the 8-digit number.
void BM_NumbersOneAfterAnother(benchmark::State& state)
{
    const std::vector<std::vector<cv::Point>> shapes = numberShapes();
    std::vector<cv::Mat> canvases;
    for (std::size_t k = 1; k <= shapes.size(); ++k) {
        if (k == 4) // the 4 without its stem
            continue;
        canvases.push_back(canvasWith({shapes.begin(), shapes.begin() + long(k)}));
    }
    readOneAfterAnother(state, canvases);
}
BENCHMARK(BM_NumbersOneAfterAnother)->Apply(freeAndBusy);

// The 72 numbers of 1–8 digits drawn through the window's canvas (inputs/numbers), as image files.
void BM_DrawnNumbersOneAfterAnother(benchmark::State& state)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(DWN_SOURCE_INPUTS "/numbers"))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> images;
    for (const std::filesystem::path& file : files)
        images.push_back(dwn::readImage(file));
    readOneAfterAnother(state, images);
}
BENCHMARK(BM_DrawnNumbersOneAfterAnother)->Apply(freeAndBusy);

void BM_PiecesOfNumber(benchmark::State& state)
{
    classifier(0); // the allocator as the programs leave it (BM_Preprocess512)
    const cv::Mat canvas = canvasWithNumber();
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::piecesOfImage(canvas));
}
BENCHMARK(BM_PiecesOfNumber)->Unit(benchmark::kMicrosecond);

void BM_PiecesOfDigit(benchmark::State& state)
{
    classifier(0); // the allocator as the programs leave it (BM_Preprocess512)
    const cv::Mat canvas = canvasWithSeven();
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::piecesOfImage(canvas));
}
BENCHMARK(BM_PiecesOfDigit)->Unit(benchmark::kMicrosecond);

// The stages after BM_PiecesOfDigit on the image-file route: the 7's pieces to its verdict
// (its candidates prepared, then classified), and the preparation alone.
void BM_ReadDigitPieces(benchmark::State& state)
{
    const dwn::Classifier& c = classifier(1);
    const dwn::Pieces pieces = dwn::piecesOfImage(canvasWithSeven());
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::readNumber(c, pieces));
}
BENCHMARK(BM_ReadDigitPieces)->Unit(benchmark::kMicrosecond);

void BM_PrepareDigitPieces(benchmark::State& state)
{
    classifier(1);
    const dwn::Pieces pieces = dwn::piecesOfImage(canvasWithSeven());
    for (auto _ : state)
        benchmark::DoNotOptimize(dwn::digitCandidates(pieces));
}
BENCHMARK(BM_PrepareDigitPieces)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
