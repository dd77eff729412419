#include <random>

#include <gtest/gtest.h>
#include <torch/script.h>

#include "drawing.h"
#include "dwn/classifier.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"
#include "dwn/training.h"
#include "temp_dir.h"

namespace dwn {
namespace {

// `count` synthetic digits in random styles, preprocessed as drawings are.
DigitImages syntheticDigits(int count, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    DigitImages set;
    for (int i = 0; i < count; ++i) {
        test::Style style;
        style.canvas = 128;
        style.pen = 3 + 10 * u(rng);
        style.box = {0.1 + 0.2 * u(rng), 0.1 + 0.2 * u(rng), 0.4 + 0.2 * u(rng),
                     0.5 + 0.2 * u(rng)};
        const int digit = i % 10;
        const cv::Mat img = preprocess(test::drawDigit(digit, style)).image;
        set.pixels.insert(set.pixels.end(), img.datastart, img.dataend);
        set.labels.push_back(static_cast<std::uint8_t>(digit));
    }
    return set;
}

class Training : public test::TempDir {};

TEST_F(Training, LearnsExportsAndReloadsTheSameModel)
{
    const DigitImages train = syntheticDigits(300, 1), test = syntheticDigits(100, 2);
    TrainOptions options;
    options.epochs = 4;
    options.batch = 25;
    options.seed = 7;
    int epochsSeen = 0;
    const TrainResult result = trainModel(
        train, test, options, dir, [&](const EpochStats&) { ++epochsSeen; }, nullptr);

    EXPECT_EQ(epochsSeen, 4);
    ASSERT_EQ(result.history.size(), 4u);
    EXPECT_GT(result.testAccuracy, 0.5) << "chance is 0.1";
    // The kept weights are those of the best validation epoch.
    int best = 0;
    for (const EpochStats& s : result.history)
        if (best == 0 || s.validationAccuracy > result.history[best - 1].validationAccuracy)
            best = s.epoch;
    EXPECT_EQ(result.bestEpoch, best);

    // The exported model, loaded as the app loads it, gives the reported accuracy, and the
    // same logits as the module loaded plainly.
    ClassifierOptions load;
    load.model = dir / "dwn.pt";
    const Classifier classifier(load);
    EXPECT_EQ(classifier.card().score, ScoreKind::Softmax);
    EXPECT_DOUBLE_EQ(classifier.card().trustedThreshold, result.threshold);
    std::vector<cv::Mat> images;
    for (std::size_t i = 0; i < test.size(); ++i)
        images.push_back(test.image(i));
    const std::vector<Verdict> verdicts = classifier.classify(images);
    int right = 0;
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        right += verdicts[i].digit == test.labels[i];
    EXPECT_NEAR(right / 100.0, result.testAccuracy, 1e-9);

    torch::jit::Module plain = torch::jit::load((dir / "dwn.pt").string());
    plain.eval();
    torch::NoGradGuard noGrad;
    const auto input =
        torch::from_blob(images[3].data, {1, 1, 28, 28}, torch::kUInt8).to(torch::kFloat);
    const auto logits = plain.forward({input}).toTensor();
    for (int k = 0; k < 10; ++k)
        EXPECT_NEAR(logits[0][k].item<float>(), verdicts[3].logits[k], 1e-3);
}

TEST_F(Training, IsRepeatableWithASeed)
{
    const DigitImages train = syntheticDigits(100, 3), test = syntheticDigits(20, 4);
    TrainOptions options;
    options.epochs = 1;
    options.batch = 20;
    const TrainResult a = trainModel(train, test, options, dir / "a", nullptr, nullptr);
    const TrainResult b = trainModel(train, test, options, dir / "b", nullptr, nullptr);
    EXPECT_DOUBLE_EQ(a.history[0].trainLoss, b.history[0].trainLoss);
    EXPECT_DOUBLE_EQ(a.threshold, b.threshold);
}

TEST_F(Training, RejectsBadOptions)
{
    const DigitImages train = syntheticDigits(30, 5);
    TrainOptions options;
    options.epochs = 0;
    EXPECT_THROW(trainModel(train, train, options, dir, nullptr, nullptr), Error);
    options.epochs = 1;
    options.arch = "transformer";
    EXPECT_THROW(trainModel(train, train, options, dir, nullptr, nullptr), Error);
}

} // namespace
} // namespace dwn
