#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/script.h>

#include "drawing.h"
#include "dwn/classifier.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"
#include "dwn/training.h"
#include "network.h"
#include "sha256.h"
#include "temp_dir.h"
#include "tiny_model.h"
#include "training_stages.h"

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
        set.add(preprocess(test::drawDigit(digit, style)).image, static_cast<std::uint8_t>(digit));
    }
    return set;
}

// Stars in random styles, preprocessed: images that are no digit.
DigitImages stars(int count)
{
    DigitImages set;
    for (int i = 0; i < count; ++i) {
        test::Style style;
        style.canvas = 128;
        style.pen = 3 + i % 9;
        set.add(preprocess(test::drawStar(style)).image, 0);
    }
    set.labels.clear();
    return set;
}

class Training : public test::TempDir {
protected:
    TrainOptions small(int epochs) const
    {
        TrainOptions options;
        options.epochs = epochs;
        options.batch = 25;
        options.seed = 7;
        options.doodles = 50;
        options.numberCrops = 0;
        options.misfitNumbers = 0;
        return options;
    }
};

TEST_F(Training, LearnsExportsAndReloadsTheSameModel)
{
    TrainData data;
    data.train = syntheticDigits(300, 1);
    data.test = syntheticDigits(100, 2);
    data.outliers = stars(30);
    data.hashes["train"] = "abc";
    int epochsSeen = 0;
    const TrainResult result = trainModel(
        data, small(4), dir, dir / "reports", [&](const EpochStats&) { ++epochsSeen; }, nullptr);

    EXPECT_EQ(epochsSeen, 4);
    ASSERT_EQ(result.history.size(), 4u);
    EXPECT_GT(result.test.accuracy, 0.5) << "chance is 0.1";
    EXPECT_EQ(result.test.count, 100);
    EXPECT_GE(result.outliersRejected, 0.0);
    EXPECT_EQ(result.auroc.size(), 3u);
    EXPECT_GE(result.doodlesRejected, 0.0);
    EXPECT_TRUE(result.score == "softmax" || result.score == "logit" || result.score == "energy");
    // The kept weights are those of the best validation epoch.
    int best = 0;
    for (const EpochStats& s : result.history)
        if (best == 0 || s.validation.accuracy > result.history[best - 1].validation.accuracy)
            best = s.epoch;
    EXPECT_EQ(result.bestEpoch, best);
    for (const char* report : {"history.csv", "history.png", "test_report.csv",
                               "test_confusion.csv", "test_confusion.png"})
        EXPECT_TRUE(std::filesystem::exists(dir / "reports" / report)) << report;

    // The exported model, loaded as the app loads it, gives the reported accuracy, and the
    // same logits as the module loaded plainly.
    ClassifierOptions load;
    load.model = dir / "dwn.pt";
    const Classifier classifier(load);
    EXPECT_EQ(toString(classifier.card().score), result.score);
    EXPECT_DOUBLE_EQ(classifier.card().trustedThreshold, result.threshold);
    std::vector<cv::Mat> images;
    for (std::size_t i = 0; i < data.test.size(); ++i)
        images.push_back(data.test.image(i));
    const std::vector<Verdict> verdicts = classifier.classify(images);
    int right = 0;
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        right += verdicts[i].digit == data.test.labels[i];
    EXPECT_NEAR(right / 100.0, result.test.accuracy, 1e-9);

    // The pair is one: data.json names its model, and refuses another one.
    EXPECT_EQ(classifier.card().modelSha256, detail::sha256File(dir / "dwn.pt"));
    EXPECT_FALSE(std::filesystem::exists(dir / ".data.json.part"));
    EXPECT_FALSE(std::filesystem::exists(dir / ".dwn.pt.part"));
    std::filesystem::copy_file(DWN_SOURCE_DIR "/models/dwn.pt", dir / "other.pt");
    ClassifierOptions mixed;
    mixed.model = dir / "other.pt";
    mixed.card = dir / "data.json";
    EXPECT_THAT(test::errorOf([&] { Classifier c(mixed); }),
                ::testing::HasSubstr("was written for another model"));

    torch::jit::Module plain = torch::jit::load((dir / "dwn.pt").string());
    plain.eval();
    torch::NoGradGuard noGrad;
    const auto input =
        torch::from_blob(images[3].data, {1, 1, 28, 28}, torch::kUInt8).to(torch::kFloat);
    const auto logits = plain.forward({input}).toTensor();
    for (int k = 0; k < 10; ++k)
        EXPECT_NEAR(logits[0][k].item<float>(), verdicts[3].logits[k], 1e-3);
}

TEST(Network, NumberHeadsReadWhatForwardReadsWhetherTheCropHoldsTwoDigitsAndItsDigit)
{
    for (const char* arch : {"dwn", "seed"}) {
        torch::manual_seed(3);
        torch::jit::Module net = detail::buildNetwork(arch);
        EXPECT_FALSE(detail::hasMisfitHead(net));
        net.eval();
        const auto x = torch::rand({3, 1, 28, 28}) * 255;
        const auto before = net.forward({x}).toTensor().detach();
        detail::addNumberHeads(net);
        ASSERT_TRUE(detail::hasMisfitHead(net)) << arch;
        ASSERT_TRUE(detail::hasCropHead(net)) << arch;
        const auto crop1 = net.attr("crop1_w").toTensor().clone();
        detail::addNumberHeads(net); // a second time: nothing happens
        EXPECT_TRUE(net.attr("crop1_w").toTensor().equal(crop1)) << arch;
        net.eval();
        torch::NoGradGuard noGrad;
        const auto read = net.get_method(detail::kReadMethod)({x}).toTuple();
        const auto logits = net.forward({x}).toTensor();
        EXPECT_TRUE(logits.allclose(before)) << arch << ": the digits' weights were kept";
        EXPECT_TRUE(read->elements()[0].toTensor().allclose(logits)) << arch;
        EXPECT_EQ(read->elements()[1].toTensor().sizes(), torch::IntArrayRef({3})) << arch;
        EXPECT_EQ(read->elements()[2].toTensor().sizes(), torch::IntArrayRef({3, 10})) << arch;
        EXPECT_FALSE(read->elements()[2].toTensor().allclose(logits)) << arch;
        // read_digits returns read's first two answers, without the crop tower's work.
        const auto digits = net.get_method(detail::kReadDigitsMethod)({x}).toTuple();
        ASSERT_EQ(digits->elements().size(), 2u) << arch;
        EXPECT_TRUE(digits->elements()[0].toTensor().equal(read->elements()[0].toTensor()));
        EXPECT_TRUE(digits->elements()[1].toTensor().equal(read->elements()[1].toTensor()));
        // The crop tower starts as a copy of the trained convolutions, and learns apart.
        EXPECT_TRUE(net.attr("cropconv1_w").toTensor().equal(net.attr("conv1_w").toTensor()));
        EXPECT_TRUE(
            net.attr("cropconv2_bn_var").toTensor().equal(net.attr("conv2_bn_var").toTensor()));
    }
    // A model saved without the heads gets them once loaded, with weights of their own.
    torch::jit::Module saved = detail::buildNetwork("dwn");
    std::stringstream file;
    saved.save(file);
    torch::jit::Module loaded = torch::jit::load(file);
    detail::addNumberHeads(loaded);
    EXPECT_EQ(loaded.attr("misfit1_w").toTensor().size(1), 64 * 3 * 3);
    EXPECT_EQ(loaded.attr("crop2_w").toTensor().size(0), 10);
    torch::jit::Module other("SomeNet");
    EXPECT_THAT(test::errorOf([&] { detail::addNumberHeads(other); }),
                ::testing::HasSubstr("only to a network dwn train built"));
}

TEST_F(Training, TeachesTheMisfitHeadAfterTheDigits)
{
    TrainData data;
    data.train = syntheticDigits(300, 1);
    data.test = syntheticDigits(50, 2);
    TrainOptions options = small(2);
    options.misfitNumbers = 150;
    const TrainResult result = trainModel(data, options, dir, "", nullptr, nullptr);
    EXPECT_EQ(result.misfit.numbers, 150);
    EXPECT_GT(result.misfit.digits, 100u);
    EXPECT_GT(result.misfit.misfits, 50u);
    EXPECT_GT(result.misfit.auroc, 0.8) << "chance is 0.5";
    EXPECT_GT(result.misfit.cropLessons, result.misfit.digits);
    EXPECT_GT(result.misfit.cropsRight, 0.5) << "chance is 0.1";

    // The exported model reads as before and says how likely each crop holds two digits.
    ClassifierOptions load;
    load.model = dir / "dwn.pt";
    const Classifier classifier(load);
    EXPECT_TRUE(classifier.judgesMisfits());
    EXPECT_TRUE(classifier.readsCrops());
    const std::vector<cv::Mat> images{data.test.image(0), data.test.image(1)};
    const std::vector<Verdict> verdicts = classifier.classify(images);
    const std::vector<Verdict> asCrops = classifier.classify(images, Head::Crops);
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        EXPECT_TRUE(verdicts[i].misfit >= 0 && verdicts[i].misfit <= 1);
        EXPECT_EQ(asCrops[i].misfit, verdicts[i].misfit);
        EXPECT_NE(asCrops[i].logits, verdicts[i].logits) << "the crop head reads too";
    }
    const nlohmann::json card = nlohmann::json::parse(std::ifstream(dir / "data.json"));
    EXPECT_EQ(card.at("misfit_head").at("numbers"), 150);
    EXPECT_EQ(card.at("training").at("misfit_numbers"), 150);
}

TEST_F(Training, GivesAnExportedModelAMisfitHeadKeepingItsDigits)
{
    TrainData data;
    data.train = syntheticDigits(300, 1);
    data.test = syntheticDigits(50, 2);
    trainModel(data, small(1), dir, "", nullptr, nullptr);
    ClassifierOptions before;
    before.model = dir / "dwn.pt";
    const std::vector<cv::Mat> images{data.test.image(0), data.test.image(7)};
    const std::vector<Verdict> old = Classifier(before).classify(images);
    EXPECT_FALSE(Classifier(before).judgesMisfits());
    const nlohmann::json oldCard = nlohmann::json::parse(std::ifstream(dir / "data.json"));

    const MisfitStats stats = teachMisfitHead(
        dir / "dwn.pt", [&] { return data.train; }, 150, dir / "out");
    EXPECT_GT(stats.auroc, 0.8);
    ClassifierOptions after;
    after.model = dir / "out" / "dwn.pt";
    const Classifier taught(after); // its data.json names the new model
    EXPECT_TRUE(taught.judgesMisfits());
    const std::vector<Verdict> now = taught.classify(images);
    for (std::size_t i = 0; i < images.size(); ++i)
        for (int k = 0; k < 10; ++k)
            EXPECT_NEAR(now[i].logits[k], old[i].logits[k], 1e-4);
    nlohmann::json card = nlohmann::json::parse(std::ifstream(dir / "out" / "data.json"));
    EXPECT_EQ(card.at("misfit_head").at("numbers"), 150);
    EXPECT_NE(card.at("model_sha256"), oldCard.at("model_sha256"));
    for (const char* kept : {"trusted_threshold", "score", "metrics", "training"})
        EXPECT_EQ(card.at(kept), oldCard.at(kept)) << kept;

    // The head is learnt again on a model that has one; a model with no data.json is refused.
    EXPECT_NO_THROW(teachMisfitHead(
        dir / "out" / "dwn.pt", [&] { return data.train; }, 150, dir / "out"));
    std::filesystem::create_directories(dir / "lone");
    std::filesystem::copy_file(dir / "dwn.pt", dir / "lone" / "dwn.pt");
    EXPECT_THAT(test::errorOf([&] {
                    teachMisfitHead(
                        dir / "lone" / "dwn.pt", [&] { return data.train; }, 150, dir / "lone");
                }),
                ::testing::HasSubstr("data.json"));
}

TEST_F(Training, FineTunesAnExportedModelOnDrawings)
{
    TrainData data;
    data.train = syntheticDigits(200, 1);
    data.test = syntheticDigits(50, 2);
    trainModel(data, small(2), dir / "base", "", nullptr, nullptr);
    data.extra = syntheticDigits(40, 9);
    TrainOptions tune = small(1);
    tune.init = dir / "base" / "dwn.pt";
    tune.extraRepeat = 3;
    const TrainResult tuned = trainModel(data, tune, dir / "tuned", "", nullptr, nullptr);
    EXPECT_EQ(tuned.history.size(), 1u);
    const ModelCard card = loadModelCard(dir / "tuned" / "data.json");
    EXPECT_NE(card.architecture.find("fine-tuned from dwn.pt"), std::string::npos);
    ClassifierOptions load;
    load.model = dir / "tuned" / "dwn.pt";
    EXPECT_EQ(Classifier(load).card().architecture, card.architecture);

    // A model that was not made by dwn train has no weights to tune.
    test::saveFiveClassModel(dir / "five.pt");
    tune.init = dir / "five.pt";
    try {
        trainModel(data, tune, dir / "x", "", nullptr, nullptr);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("made by dwn train"), std::string::npos) << e.what();
    }
}

// How many test digits the model of `result` answered `digit`.
std::int64_t answered(const TrainResult& result, int digit)
{
    std::int64_t n = 0;
    for (const auto& row : result.test.confusion)
        n += row[std::size_t(digit)];
    return n;
}

TEST_F(Training, LearnsItsTeachersAnswers)
{
    TrainData data;
    data.train = syntheticDigits(200, 1);
    data.test = syntheticDigits(50, 2);
    // A teacher that says 3 to every image (its only template is all ink).
    test::saveTemplateModel(dir / "threes.pt", {{3, cv::Mat(28, 28, CV_8UC1, cv::Scalar(255))}});
    TrainOptions options = small(3);
    options.teachers = {dir / "threes.pt"};
    options.teacherWeight = 1; // the teacher alone, no labels
    const TrainResult taught = trainModel(data, options, dir / "taught", "", nullptr, nullptr);
    EXPECT_GE(answered(taught, 3), 45) << "nearly every test digit is a 3, as the teacher says";
    options.teacherWeight = 0; // the labels alone
    const TrainResult labelled = trainModel(data, options, dir / "labelled", "", nullptr, nullptr);
    EXPECT_LT(answered(labelled, 3), 25);
    std::ifstream in(dir / "taught" / "data.json");
    const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(json.find("threes.pt"), std::string::npos) << "the card names its teachers";

    test::saveFiveClassModel(dir / "five.pt");
    options.teachers = {dir / "five.pt"};
    EXPECT_THAT(test::errorOf([&] { trainModel(data, options, dir / "x", "", nullptr, nullptr); }),
                ::testing::HasSubstr("not ten logits"));
    options.teachers = {dir / "absent.pt"};
    EXPECT_THAT(test::errorOf([&] { trainModel(data, options, dir / "x", "", nullptr, nullptr); }),
                ::testing::HasSubstr("cannot learn from"));
}

TEST_F(Training, IsRepeatableWithASeed)
{
    TrainData data;
    data.train = syntheticDigits(100, 3);
    data.test = syntheticDigits(20, 4);
    TrainOptions options = small(1);
    options.batch = 20;
    const TrainResult a = trainModel(data, options, dir / "a", "", nullptr, nullptr);
    const TrainResult b = trainModel(data, options, dir / "b", "", nullptr, nullptr);
    EXPECT_DOUBLE_EQ(a.history[0].trainLoss, b.history[0].trainLoss);
    EXPECT_DOUBLE_EQ(a.threshold, b.threshold);
}

TEST_F(Training, DrawsTheStartFromTheInitSeedAndLeavesTheRestToTheSeed)
{
    const auto weights = [](const torch::jit::Module& net) {
        std::vector<torch::Tensor> all;
        for (const torch::Tensor& p : net.parameters())
            all.push_back(p.flatten());
        return torch::cat(all);
    };
    TrainOptions options = small(1);
    torch::manual_seed(options.seed);
    const torch::Tensor seeds = weights(detail::startingNetwork(options, torch::kCPU));
    const torch::Tensor seedsNext = torch::rand({8});

    options.initSeed = 11;
    torch::manual_seed(options.seed);
    const torch::Tensor own = weights(detail::startingNetwork(options, torch::kCPU));
    EXPECT_TRUE(torch::equal(seedsNext, torch::rand({8}))) << "the split and batches unchanged";
    EXPECT_FALSE(torch::equal(seeds, own));

    options.initSeed.reset();
    torch::manual_seed(11);
    EXPECT_TRUE(torch::equal(own, weights(detail::startingNetwork(options, torch::kCPU))));

    TrainData data;
    data.train = syntheticDigits(100, 3);
    data.test = syntheticDigits(20, 4);
    options.initSeed = 11;
    trainModel(data, options, dir / "a", "", nullptr, nullptr);
    std::ifstream in(dir / "a" / "data.json");
    const std::string card((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(card.find("\"init_seed\": 11,"), std::string::npos) << card;
}

TEST_F(Training, TrainsTheLastShareOfEpochsUndistorted)
{
    TrainData data;
    data.train = syntheticDigits(100, 3);
    data.test = syntheticDigits(20, 4);
    TrainOptions plain = small(2);
    plain.augment = false;
    TrainOptions tail = small(2);
    tail.plainTail = 0.5; // the second epoch
    tail.weightDecay = 0.2;
    const TrainResult a = trainModel(data, plain, dir / "a", "", nullptr, nullptr);
    const TrainResult b = trainModel(data, tail, dir / "b", "", nullptr, nullptr);
    EXPECT_NE(a.history[0].trainLoss, b.history[0].trainLoss) << "the first epoch is augmented";
    tail.plainTail = 1;
    tail.weightDecay = plain.weightDecay;
    const TrainResult c = trainModel(data, tail, dir / "c", "", nullptr, nullptr);
    EXPECT_DOUBLE_EQ(a.history[1].trainLoss, c.history[1].trainLoss);

    std::ifstream in(dir / "b" / "data.json");
    const std::string card((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(card.find("\"plain_tail\": 0.5,"), std::string::npos) << card;
    EXPECT_NE(card.find("\"weight_decay\": 0.2\n"), std::string::npos) << card;
}

TEST_F(Training, RejectsBadOptions)
{
    TrainData data;
    data.train = syntheticDigits(30, 5);
    data.test = data.train;
    TrainOptions options;
    options.epochs = 0;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.epochs = 1;
    options.arch = "transformer";
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    data.test = DigitImages();
    EXPECT_THROW(trainModel(data, TrainOptions{}, dir, "", nullptr, nullptr), Error);
    data.test = data.train;
    options.arch = "dwn";
    options.rerender = 1.5;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.rerender = 0.6;
    options.degraded = 0.6; // together more than all of them
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.degraded = 0.2;
    options.inLine = 0.3; // the three shares more than all of them
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.inLine = -0.1;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.inLine = 0;
    options.shear = 1.5;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.shear = 0.15;
    options.plainTail = 1.5;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.plainTail = 0;
    options.weightDecay = -1;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.weightDecay = 0;
    options.misfitNumbers = -1;
    EXPECT_THROW(trainModel(data, options, dir, "", nullptr, nullptr), Error);
    options.misfitNumbers = 0;
    options.init = dir / "start.pt";
    options.initSeed = 2;
    EXPECT_THAT(test::errorOf([&] { trainModel(data, options, dir, "", nullptr, nullptr); }),
                ::testing::HasSubstr("takes no init seed"));
}

// Whether two tensors hold the same values.
bool same(const torch::Tensor& a, const torch::Tensor& b)
{
    return a.sizes() == b.sizes() && a.equal(b);
}

TEST_F(Training, PreparesTheSplitTheRedrawnAndDegradedCopiesAndTheDoodles)
{
    TrainData data;
    data.train = syntheticDigits(200, 1);
    data.extra = syntheticDigits(10, 2);
    TrainOptions options = small(1);
    options.extraRepeat = 2;
    torch::manual_seed(1);
    const detail::TrainingSet set = detail::prepareTrainingSet(data, options);
    EXPECT_EQ(set.valImages.size(0), 20) << "a tenth for validation";
    EXPECT_EQ(set.images.size(0), 180 + 2 * 10) << "the extra drawings twice";
    EXPECT_EQ(set.labels.size(0), set.images.size(0));
    EXPECT_EQ(set.redrawn.sizes(), set.images.sizes());
    EXPECT_EQ(set.degraded.sizes(), set.images.sizes());
    EXPECT_FALSE(same(set.degraded, set.images)) << "degraded digits differ";
    EXPECT_FALSE(same(set.redrawn, set.images)) << "re-drawn digits differ";
    EXPECT_TRUE(same(set.degraded.slice(0, 180), set.images.slice(0, 180)))
        << "drawings are used as they are";
    EXPECT_EQ(set.doodles.size(0), 50);
    EXPECT_EQ(set.degradedDoodles.sizes(), set.doodles.sizes());
    EXPECT_FALSE(same(set.degradedDoodles, set.doodles)) << "doodles degraded as digits are";
    EXPECT_EQ(set.heldOutDoodles.size(0), 5 + 5) << "held out as they are and degraded";

    EXPECT_TRUE(same(set.inLine, set.images)) << "no digits written in a line unless asked";
    options.inLine = 0.2;
    torch::manual_seed(1);
    const detail::TrainingSet inLine = detail::prepareTrainingSet(data, options);
    EXPECT_EQ(inLine.inLine.sizes(), inLine.images.sizes());
    EXPECT_FALSE(same(inLine.inLine.slice(0, 0, 180), inLine.images.slice(0, 0, 180)))
        << "digits written in a line, then prepared, differ";
    EXPECT_TRUE(same(inLine.inLine.slice(0, 180), inLine.images.slice(0, 180)))
        << "drawings are used as they are";
    options.inLine = 0;

    options.degraded = 0;
    torch::manual_seed(1);
    const detail::TrainingSet plain = detail::prepareTrainingSet(data, options);
    EXPECT_TRUE(same(plain.degraded, set.images));
    EXPECT_TRUE(same(plain.degradedDoodles, plain.doodles));
    EXPECT_EQ(plain.heldOutDoodles.size(0), 5);

    options.numberCrops = 30;
    torch::manual_seed(1);
    const detail::TrainingSet cropped = detail::prepareTrainingSet(data, options);
    const auto crops = cropped.images.size(0) - set.images.size(0);
    EXPECT_GE(crops, 30) << "whole digits cropped from 30 numbers of 2-4 digits";
    EXPECT_EQ(cropped.labels.size(0), cropped.images.size(0));
    EXPECT_EQ(cropped.redrawn.sizes(), cropped.images.sizes());
    EXPECT_TRUE(same(cropped.images.slice(0, 0, 200), set.images)) << "crops come after";
    EXPECT_GT(cropped.doodles.size(0), 50) << "misfits join the doodles";
    EXPECT_EQ(cropped.degradedDoodles.sizes(), cropped.doodles.sizes());
    EXPECT_GT(cropped.heldOutDoodles.size(0), 10) << "misfits of validation digits held out";
}

TEST_F(Training, TellsWhichDigitsARunHoldsOutForValidation)
{
    // What `dwn numbers --held-out` writes numbers of: the digits trainModel's split holds out,
    // drawn as trainModel draws them (the seed, the starting network, then the split).
    TrainData data;
    data.train = syntheticDigits(200, 1);
    for (const std::uint64_t seed : {1u, 7u}) {
        TrainOptions options = small(1);
        options.seed = seed;
        torch::manual_seed(12345);
        const DigitImages held = validationDigits(data.train, options);
        const torch::Tensor after = torch::rand({1});
        torch::manual_seed(12345);
        EXPECT_TRUE(same(after, torch::rand({1}))) << "the global generator is left as it was";

        torch::manual_seed(options.seed);
        detail::startingNetwork(options, torch::kCPU);
        const detail::TrainingSet set = detail::prepareTrainingSet(data, options);
        ASSERT_EQ(held.size(), 20u) << "a tenth";
        const torch::Tensor images = torch::from_blob(const_cast<std::uint8_t*>(held.pixels.data()),
                                                      {20, 1, 28, 28}, torch::kUInt8)
                                         .to(torch::kFloat);
        const torch::Tensor labels =
            torch::from_blob(const_cast<std::uint8_t*>(held.labels.data()), {20}, torch::kUInt8)
                .to(torch::kLong);
        EXPECT_TRUE(same(images, set.valImages)) << seed;
        EXPECT_TRUE(same(labels, set.valLabels)) << seed;
    }
}

TEST_F(Training, MakesBatchesOfDigitsDoodlesAndDistortions)
{
    TrainData data;
    data.train = syntheticDigits(100, 1);
    TrainOptions options = small(1);
    const detail::TrainingSet set = detail::prepareTrainingSet(data, options);
    const torch::Tensor index = torch::arange(25);
    options.rerender = options.degraded = 0;
    const torch::Tensor plain = detail::makeBatch(set, index, options, false, torch::kCPU);
    EXPECT_EQ(plain.size(0), 25 + 3) << "a batch of 25 digits and 25/8 doodles";
    EXPECT_TRUE(same(plain.slice(0, 0, 25), set.images.slice(0, 0, 25)));
    EXPECT_FALSE(same(detail::makeBatch(set, index, options, true, torch::kCPU).slice(0, 0, 25),
                      set.images.slice(0, 0, 25)))
        << "distorted";
    options.rerender = 1;
    EXPECT_TRUE(same(detail::makeBatch(set, index, options, false, torch::kCPU).slice(0, 0, 25),
                     set.redrawn.slice(0, 0, 25)));
    options.rerender = 0;
    options.degraded = 1;
    EXPECT_TRUE(same(detail::makeBatch(set, index, options, false, torch::kCPU).slice(0, 0, 25),
                     set.degraded.slice(0, 0, 25)));
    options.degraded = 0;
    options.inLine = 1;
    EXPECT_TRUE(same(detail::makeBatch(set, index, options, false, torch::kCPU).slice(0, 0, 25),
                     set.inLine.slice(0, 0, 25)));
}

TEST_F(Training, CalibratesAndExportsAsStagesAlone)
{
    TrainData data;
    data.train = syntheticDigits(100, 1);
    const TrainOptions options = small(1);
    torch::manual_seed(3);
    torch::jit::Module net = detail::buildNetwork("seed");
    const detail::TrainingSet set = detail::prepareTrainingSet(data, options);
    const detail::Calibration calibration = detail::calibrate(net, set, options, torch::kCPU);
    EXPECT_EQ(calibration.auroc.size(), 3u);
    EXPECT_TRUE(std::isfinite(calibration.threshold));
    EXPECT_GE(calibration.doodlesRejected, 0.0);
    EXPECT_LE(calibration.doodlesRejected, 1.0);

    const nlohmann::json card = {{"trusted_threshold", calibration.threshold},
                                 {"score", calibration.score}};
    detail::exportModel(net, dir, card);
    ClassifierOptions load;
    load.model = dir / "dwn.pt";
    const Classifier classifier(load);
    EXPECT_EQ(classifier.card().modelSha256, detail::sha256File(dir / "dwn.pt"));
    EXPECT_DOUBLE_EQ(classifier.card().trustedThreshold, calibration.threshold);

    EXPECT_THROW(detail::exportModel(net, dir / "missing", card), Error);
    EXPECT_FALSE(std::filesystem::exists(dir / "missing")) << "nothing half-written";
}

} // namespace
} // namespace dwn
