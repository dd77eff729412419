#include <cstdio>
#include <iostream>
#include <tuple>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"
#include "dwn/training.h"
#include "options.h"
#include "progress.h"
#include "sha256.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

const char* const kFashion = "/usr/share/datasets/fashion-mnist"; // Debian's dataset-fashion-mnist

const char* const kHelp =
    R"(usage: dwn train [OPTIONS]

Trains a digit model and writes OUT/dwn.pt and OUT/data.json, with the history, test report
and confusion matrix (CSV and PNG) in the reports folder.

Data:
  --mnist DIR      folder with the four MNIST IDX files (default: data/mnist)
  --kaggle FILE    train on a Kaggle "Digit Recognizer" train.csv instead of MNIST's training
                   images (the MNIST test set is still used for the final report if present,
                   else every tenth CSV row is held out)
  --folders DIR    add labelled drawings DIR/<digit>/*.png (saved from the window) to training
  --repeat N       how often each drawing of --folders appears in an epoch (default: 1)
  --fashion DIR    Fashion-MNIST's test images, passed through preprocessing as drawings
                   are, to measure how many non-digits are rejected; never trained on
                   (default: /usr/share/datasets/fashion-mnist when installed; "" for none)
  --doodles N      generated doodles that the model learns to be unsure of (default: 30000;
                   0 for none); a tenth more is held out to choose the score
  --doodle-weight X  weight of that lesson in the loss (default: 0.5)
  --rerender X     share of training digits seen re-drawn as a drawing is (default: 0.3)
Model:
  --init FILE      fine-tune this model (made by dwn train) instead of starting afresh
  --arch NAME      dwn (default) or seed (the seed's network; Adam 5e-4 without decay,
                   batch 50)
  --epochs N       (default: 64)
  --batch N        (default: 128)
  --lr X           peak learning rate (default: 0.002)
  --weight-decay X AdamW's weight decay (default: 0.05)
  --accept X       share of correct validation digits the threshold accepts (default: 0.99)
  --seed N         makes the run repeatable (default: 1)
  --threads N      intra-op threads (default: 2)
  --no-augment     train on the images as they are
  --plain-tail X   share of the epochs, at the end, trained without distortions
                   (default: 0.25)
Output:
  --out DIR        where the model and data.json go (default: models)
  --reports DIR    where the reports go (default: outputs)
  --help           show this help
)";

void hashMnist(const fs::path& folder, TrainData& data)
{
    for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
        if (fs::exists(folder / name))
            data.hashes[name] = detail::sha256File(folder / name);
}

// Every tenth image of `set` moved into a new set.
DigitImages holdOutTenth(DigitImages& set)
{
    DigitImages kept, held;
    for (std::size_t i = 0; i < set.size(); ++i)
        (i % 10 == 9 ? held : kept).add(set.image(i), set.labels[i]);
    set = std::move(kept);
    return held;
}

// The images passed through preprocessing as drawings are; those it refuses (a blot, ink all
// over) are counted instead.
std::pair<DigitImages, std::size_t> asDrawings(const DigitImages& set)
{
    DigitImages seen;
    std::size_t refused = 0;
    for (std::size_t i = 0; i < set.size(); ++i) {
        try {
            const Preprocessed p = preprocess(set.image(i));
            if (p.refusal.empty())
                seen.add(p.image, 0);
            else
                ++refused;
        } catch (const Error&) { // nothing in it
            ++refused;
        }
    }
    seen.labels.clear();
    return {seen, refused};
}

} // namespace

int train(const std::vector<std::string>& args)
{
    fs::path mnist = "data/mnist", out = "models", reports = "outputs";
    std::optional<fs::path> kaggle, folders;
    fs::path fashion = fs::exists(kFashion) ? fs::path(kFashion) : fs::path();
    TrainOptions options;
    bool lrGiven = false, batchGiven = false, decayGiven = false;
    ArgReader in(args, "dwn train");
    while (in.next()) {
        if (in.is("--help") || in.is("-h")) {
            std::cout << kHelp;
            return kOk;
        } else if (in.is("--mnist")) {
            mnist = in.value();
        } else if (in.is("--kaggle")) {
            kaggle = in.value();
        } else if (in.is("--folders")) {
            folders = in.value();
        } else if (in.is("--repeat")) {
            options.extraRepeat = in.intValue();
        } else if (in.is("--fashion")) {
            fashion = in.value();
        } else if (in.is("--doodles")) {
            options.doodles = in.intValue();
        } else if (in.is("--doodle-weight")) {
            options.doodleWeight = in.doubleValue();
        } else if (in.is("--rerender")) {
            options.rerender = in.doubleValue();
        } else if (in.is("--init")) {
            options.init = in.value();
        } else if (in.is("--arch")) {
            options.arch = in.value();
        } else if (in.is("--epochs")) {
            options.epochs = in.intValue();
        } else if (in.is("--batch")) {
            options.batch = in.intValue();
            batchGiven = true;
        } else if (in.is("--lr")) {
            options.learningRate = in.doubleValue();
            lrGiven = true;
        } else if (in.is("--accept")) {
            options.acceptCorrect = in.doubleValue();
        } else if (in.is("--seed")) {
            options.seed = static_cast<std::uint64_t>(in.intValue());
        } else if (in.is("--threads")) {
            options.threads = in.intValue();
        } else if (in.is("--weight-decay")) {
            options.weightDecay = in.doubleValue();
            decayGiven = true;
        } else if (in.is("--plain-tail")) {
            options.plainTail = in.doubleValue();
        } else if (in.is("--no-augment")) {
            options.augment = false;
        } else if (in.is("--out")) {
            out = in.value();
        } else if (in.is("--reports")) {
            reports = in.value();
        } else {
            in.unknown();
        }
    }
    if (options.arch == "seed") { // the seed's own settings, unless overridden
        options.learningRate = lrGiven ? options.learningRate : 5e-4;
        options.batch = batchGiven ? options.batch : 50;
        options.weightDecay = decayGiven ? options.weightDecay : 0;
    }

    TrainData data;
    const bool mnistTest = fs::exists(mnist / "t10k-images-idx3-ubyte");
    if (kaggle) {
        data.train = readKaggleCsv(*kaggle);
        if (!data.train.labelled())
            throw Error("'" + kaggle->string() + "' has no label column: it is a test file");
        data.hashes[kaggle->filename().string()] = detail::sha256File(*kaggle);
        data.test = mnistTest ? readMnist(mnist, false) : holdOutTenth(data.train);
    } else {
        data.train = readMnist(mnist, true);
        data.test = readMnist(mnist, false);
    }
    if (!kaggle || mnistTest)
        hashMnist(mnist, data);
    if (folders)
        data.extra = readImageFolders(*folders);
    if (!fashion.empty())
        std::tie(data.outliers, data.outliersRefused) = asDrawings(readMnist(fashion, false));

    std::cout << "[INFO]\t"
              << (options.init ? "Fine-tuning '" + options.init->string() + "'"
                               : "Training '" + options.arch + "'")
              << " on " << data.train.size() << " images"
              << (data.extra.size() ? " + " + std::to_string(data.extra.size()) + " drawings" : "")
              << ", " << data.test.size() << " for the final test, " << options.epochs << " epochs"
              << std::endl;
    const TrainResult result = trainModel(
        data, options, out, reports,
        [&](const EpochStats& s) {
            std::printf("[INFO]\tEpoch %2d/%d %4.0f s | train loss %.4f acc %.4f P %.4f R %.4f "
                        "F1 %.4f macro-F1 %.4f | validation loss %.4f acc %.4f P %.4f R %.4f "
                        "F1 %.4f macro-F1 %.4f\n",
                        s.epoch, options.epochs, s.seconds, s.trainLoss, s.train.accuracy,
                        s.train.macroPrecision, s.train.macroRecall, s.train.weightedF1,
                        s.train.macroF1, s.validationLoss, s.validation.accuracy,
                        s.validation.macroPrecision, s.validation.macroRecall,
                        s.validation.weightedF1, s.validation.macroF1);
            std::fflush(stdout);
        },
        [](int done, int total) { progressBar("epoch", std::size_t(done), std::size_t(total)); });
    std::printf("[INFO]\tBest epoch %d on %s, %.0f s in all.\n", result.bestEpoch,
                result.device.c_str(), result.seconds);
    std::printf("[INFO]\tTest accuracy %.4f, macro-F1 %.4f.\n", result.test.accuracy,
                result.test.macroF1);
    std::printf("[INFO]\tScore '%s' (AUROC", result.score.c_str());
    for (const auto& [kind, value] : result.auroc)
        std::printf(" %s %.4f", kind.c_str(), value);
    std::printf("); trusted_threshold %.6g accepts %.4f of correct and %.4f of wrong test "
                "predictions",
                result.threshold, result.testAccepted, result.testWrongAccepted);
    if (result.doodlesRejected >= 0)
        std::printf(", rejects %.4f of held-out doodles", result.doodlesRejected);
    if (result.outliersRejected >= 0)
        std::printf(", rejects %.4f of Fashion-MNIST", result.outliersRejected);
    std::printf(".\n");
    std::cout << "[INFO]\tWrote " << (out / "dwn.pt").string() << ", "
              << (out / "data.json").string() << " and the reports in " << reports.string()
              << std::endl;
    return kOk;
}

} // namespace dwn::cli
