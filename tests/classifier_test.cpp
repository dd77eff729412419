#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <torch/cuda.h>

#include "drawing.h"
#include "dwn/classifier.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"
#include "temp_dir.h"
#include "tiny_model.h"

namespace dwn {
namespace {

using test::errorOf;
using ::testing::HasSubstr;

cv::Mat digit(int d, double pen = 12)
{
    test::Style style;
    style.pen = pen;
    return preprocess(test::drawDigit(d, style)).image;
}

class ClassifierTest : public test::TempDir {
protected:
    void SetUp() override
    {
        TempDir::SetUp();
        test::saveTemplateModel(dir / "dwn.pt", {{1, digit(1)}, {4, digit(4)}, {7, digit(7)}});
        test::writeText(dir / "data.json", R"({"trusted_threshold": 9.0})");
    }
    ClassifierOptions options() const
    {
        ClassifierOptions o;
        o.model = dir / "dwn.pt";
        return o;
    }
};

TEST_F(ClassifierTest, RecognisesAndAcceptsByTheLogitThreshold)
{
    const Classifier classifier(options());
    const Verdict seven = classifier.classify(digit(7, 30));
    EXPECT_EQ(seven.digit, 7);
    EXPECT_TRUE(seven.accepted);
    EXPECT_GT(seven.score, 9.0f);
    EXPECT_FLOAT_EQ(seven.score, seven.logits[7]);
    float sum = 0;
    for (float p : seven.probabilities)
        sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-5);

    test::Style style;
    const Verdict star = classifier.classify(preprocess(test::drawStar(style)).image);
    EXPECT_FALSE(star.accepted) << "score " << star.score;
}

TEST_F(ClassifierTest, UsesTheSoftmaxScoreWhenDataJsonSaysSo)
{
    test::writeText(dir / "soft.json", R"({"trusted_threshold": 0.5, "score": "softmax"})");
    ClassifierOptions o = options();
    o.card = dir / "soft.json";
    const Classifier classifier(o);
    const Verdict v = classifier.classify(digit(4));
    EXPECT_EQ(v.digit, 4);
    EXPECT_FLOAT_EQ(v.score, v.probabilities[4]);
    EXPECT_EQ(v.accepted, v.score > 0.5f);
    EXPECT_EQ(classifier.card().score, ScoreKind::Softmax);
}

TEST_F(ClassifierTest, AcceptsACropReadingFromItsOwnProbability)
{
    // Digit 3 at p = e^x / (e^x + 9): 0.60 for x = ln 13.5, 0.50 for x = ln 9; the card asks 0.617.
    std::vector<float> sure60(10, 0.0F), sure50(10, 0.0F);
    sure60[3] = std::log(13.5F);
    sure50[3] = std::log(9.0F);
    test::writeText(dir / "data.json", R"({"trusted_threshold": 0.617, "score": "softmax"})");
    const cv::Mat image = digit(7);
    for (const auto& [crop, accepted] : {std::pair{sure60, true}, std::pair{sure50, false}}) {
        test::saveFixedReaderModel(dir / "dwn.pt", sure60, crop);
        const Classifier classifier(options());
        ASSERT_TRUE(classifier.readsCrops());
        const Verdict byDigits = classifier.classify(std::vector<cv::Mat>{image}).front();
        EXPECT_EQ(byDigits.digit, 3);
        EXPECT_NEAR(byDigits.probabilities[3], 0.60, 1e-4);
        EXPECT_FALSE(byDigits.accepted) << "below the card's threshold";
        const Verdict byCrops =
            classifier.classify(std::vector<cv::Mat>{image}, Head::Crops).front();
        EXPECT_EQ(byCrops.digit, 3);
        EXPECT_EQ(byCrops.accepted, accepted) << "p " << byCrops.probabilities[3];
        // The digit head's reading comes from read_digits (misfit logit 1), sparing the crop
        // tower; the crop reading from read (misfit logit 0).
        EXPECT_NEAR(byDigits.misfit, 1 / (1 + std::exp(-1.0)), 1e-6);
        EXPECT_NEAR(byCrops.misfit, 0.5, 1e-6);
        EXPECT_FLOAT_EQ(byDigits.threshold, 0.617F);
        EXPECT_FLOAT_EQ(byCrops.threshold, kCropTrust);
        EXPECT_DOUBLE_EQ(classifier.threshold(Head::Digits), 0.617);
        EXPECT_DOUBLE_EQ(classifier.threshold(Head::Crops), kCropTrust);
    }
    // A model without the crop head reads crops with the digit head, and its threshold.
    test::saveTemplateModel(dir / "dwn.pt", {{7, image}});
    const Classifier plain(options());
    EXPECT_DOUBLE_EQ(plain.threshold(Head::Crops), 0.617);
    EXPECT_FLOAT_EQ(plain.classify(std::vector<cv::Mat>{image}, Head::Crops).front().threshold,
                    0.617F);
}

TEST_F(ClassifierTest, UsesTheEnergyScoreWhenDataJsonSaysSo)
{
    test::writeText(dir / "energy.json", R"({"trusted_threshold": 9.0, "score": "energy"})");
    ClassifierOptions o = options();
    o.card = dir / "energy.json";
    const Verdict v = Classifier(o).classify(digit(7));
    double sum = 0;
    for (float l : v.logits)
        sum += std::exp(double(l));
    EXPECT_NEAR(v.score, std::log(sum), 1e-3);
    EXPECT_GE(v.score, v.logits[7]) << "log-sum-exp is at least the largest logit";
}

TEST_F(ClassifierTest, NeverAcceptsWhatPreprocessingRefused)
{
    const Classifier classifier(options());
    test::Style style;
    const Preprocessed seven = preprocess(test::drawDigit(7, style));
    const Verdict accepted = classifier.classify(seven);
    EXPECT_TRUE(accepted.accepted);
    EXPECT_EQ(accepted.refusal, "");

    Preprocessed refused = seven;
    refused.refusal = "only a dot or a blot";
    const std::vector<Verdict> both =
        classifier.classify(std::vector<Preprocessed>{seven, refused});
    EXPECT_TRUE(both[0].accepted);
    EXPECT_FALSE(both[1].accepted);
    EXPECT_EQ(both[1].refusal, "only a dot or a blot");
    EXPECT_EQ(both[1].digit, 7) << "the network's answer is still there to show";
}

TEST_F(ClassifierTest, ABatchGivesWhatSingleImagesGive)
{
    const Classifier classifier(options());
    const std::vector<cv::Mat> images = {digit(1), digit(7), digit(4, 3)};
    const std::vector<Verdict> batch = classifier.classify(images);
    ASSERT_EQ(batch.size(), 3u);
    for (std::size_t i = 0; i < images.size(); ++i) {
        const Verdict one = classifier.classify(images[i]);
        EXPECT_EQ(batch[i].digit, one.digit);
        for (int k = 0; k < 10; ++k)
            EXPECT_NEAR(batch[i].logits[k], one.logits[k], 1e-4);
    }
    EXPECT_EQ(batch[0].digit, 1);
    EXPECT_EQ(batch[1].digit, 7);
    EXPECT_EQ(batch[2].digit, 4);
    EXPECT_TRUE(classifier.classify(std::vector<cv::Mat>{}).empty());
}

TEST_F(ClassifierTest, RunsSmallBatchesOnOneThreadAndBigOnesOnEveryCore)
{
    const Classifier classifier(options());
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    classifier.classify(std::vector<cv::Mat>(kOneThreadBatch, digit(7)));
    EXPECT_EQ(at::get_num_threads(), 1) << "a number's candidates stay on one thread";
    classifier.classify(std::vector<cv::Mat>(kOneThreadBatch + 1, digit(7)));
    EXPECT_EQ(at::get_num_threads(), cores);
    classifier.classify(digit(7));
    EXPECT_EQ(at::get_num_threads(), 1);

    ClassifierOptions two = options();
    two.threads = 2;
    const Classifier fixed(two);
    fixed.classify(digit(7));
    EXPECT_EQ(at::get_num_threads(), 2) << "an explicit setting holds for every batch";
}

TEST_F(ClassifierTest, KeepsOpenBlasFromSpinningThreadsOfItsOwn)
{
    const Classifier classifier(options());
    using GetThreads = int (*)();
    auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (!get)
        GTEST_SKIP() << "LibTorch does not use OpenBLAS here";
    EXPECT_EQ(get(), 1);
}

TEST_F(ClassifierTest, RunsOnTheCpuWhereThereIsNoCuda)
{
    const Classifier classifier(options());
    EXPECT_EQ(classifier.deviceName(), torch::cuda::is_available() ? "CUDA" : "CPU");
    ClassifierOptions cpu = options();
    cpu.device = Device::Cpu;
    EXPECT_EQ(Classifier(cpu).deviceName(), "CPU");
    if (!torch::cuda::is_available()) {
        ClassifierOptions cuda = options();
        cuda.device = Device::Cuda;
        EXPECT_THAT(errorOf([&] { Classifier c(cuda); }), HasSubstr("CUDA is not available"));
    }
}

TEST_F(ClassifierTest, ExplainsEveryBrokenModel)
{
    ClassifierOptions o = options();
    o.model = dir / "missing.pt";
    EXPECT_THAT(errorOf([&] { Classifier c(o); }), HasSubstr("missing.pt' does not exist"));

    test::writeText(dir / "text.pt", "not a model at all");
    o.model = dir / "text.pt";
    EXPECT_THAT(errorOf([&] { Classifier c(o); }),
                HasSubstr("text.pt' is not a TorchScript model"));

    test::saveFiveClassModel(dir / "five.pt");
    o.model = dir / "five.pt";
    EXPECT_THAT(errorOf([&] { Classifier c(o); }), HasSubstr("expected [2, 10] logits"));

    o = options();
    o.card = dir / "nothing.json";
    EXPECT_THAT(errorOf([&] { Classifier c(o); }), HasSubstr("nothing.json' does not exist"));
}

TEST_F(ClassifierTest, RefusesImagesThatAreNotPreprocessed)
{
    const Classifier classifier(options());
    EXPECT_THAT(errorOf([&] { classifier.classify(cv::Mat(32, 32, CV_8UC1)); }),
                HasSubstr("28x28"));
}

TEST(DeviceName, ParsesTheThreeSettings)
{
    EXPECT_EQ(parseDevice("auto"), Device::Auto);
    EXPECT_EQ(parseDevice("cpu"), Device::Cpu);
    EXPECT_EQ(parseDevice("cuda"), Device::Cuda);
    EXPECT_THAT(errorOf([] { parseDevice("gpu"); }), HasSubstr("use auto, cpu or cuda"));
}

} // namespace
} // namespace dwn
