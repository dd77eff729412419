#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/error.h"
#include "dwn/training.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

const char* const kHelp =
    R"(usage: dwn train [OPTIONS]

Trains a digit model on MNIST and writes OUT/dwn.pt and OUT/data.json.

Options:
  --mnist DIR      folder with the four MNIST IDX files (default: data/mnist)
  --out DIR        where the model and data.json go (default: models)
  --arch NAME      dwn (default) or seed
  --epochs N       (default: 15)
  --batch N        (default: 128)
  --lr X           peak learning rate (default: 0.002)
  --seed N         makes the run repeatable (default: 1)
  --threads N      intra-op threads (default: 2)
  --no-augment     train on the images as they are
  --help           show this help
)";

int toInt(const std::string& option, const std::string& text)
{
    try {
        std::size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used == text.size())
            return value;
    } catch (const std::exception&) {
    }
    throw Error("option " + option + " needs a whole number, not '" + text + "'");
}

double toDouble(const std::string& option, const std::string& text)
{
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size())
            return value;
    } catch (const std::exception&) {
    }
    throw Error("option " + option + " needs a number, not '" + text + "'");
}

} // namespace

int train(const std::vector<std::string>& args)
{
    fs::path mnist = "data/mnist", out = "models";
    TrainOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                throw Error("option " + arg + " needs a value");
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << kHelp;
            return kOk;
        } else if (arg == "--mnist") {
            mnist = value();
        } else if (arg == "--out") {
            out = value();
        } else if (arg == "--arch") {
            options.arch = value();
        } else if (arg == "--epochs") {
            options.epochs = toInt(arg, value());
        } else if (arg == "--batch") {
            options.batch = toInt(arg, value());
        } else if (arg == "--lr") {
            options.learningRate = toDouble(arg, value());
        } else if (arg == "--seed") {
            options.seed = static_cast<std::uint64_t>(toInt(arg, value()));
        } else if (arg == "--threads") {
            options.threads = toInt(arg, value());
        } else if (arg == "--no-augment") {
            options.augment = false;
        } else {
            throw Error("unknown option '" + arg + "' (see dwn train --help)");
        }
    }

    const DigitImages trainSet = readMnist(mnist, true);
    const DigitImages testSet = readMnist(mnist, false);
    std::cout << "[INFO]\tTraining '" << options.arch << "' on " << trainSet.size()
              << " MNIST images (" << testSet.size() << " for the final test), " << options.epochs
              << " epochs" << std::endl;
    const TrainResult result = trainModel(
        trainSet, testSet, options, out,
        [&](const EpochStats& s) {
            std::printf("\r[INFO]\tEpoch %2d/%d  train loss %.4f acc %.4f | validation loss %.4f "
                        "acc %.4f | %.0f s\n",
                        s.epoch, options.epochs, s.trainLoss, s.trainAccuracy, s.validationLoss,
                        s.validationAccuracy, s.seconds);
            std::fflush(stdout);
        },
        [](int done, int total) {
            if (done % 20 == 0 || done == total) {
                const int width = 30, filled = width * done / total;
                std::fprintf(stderr, "\r  [%s%s] %d/%d", std::string(filled, '#').c_str(),
                             std::string(width - filled, '.').c_str(), done, total);
                if (done == total)
                    std::fprintf(stderr, "\r%*s\r", width + 20, "");
            }
        });
    std::printf("[INFO]\tBest epoch %d. Test accuracy %.4f; threshold %.6f (softmax) accepts "
                "%.4f of correct and %.4f of wrong test predictions. %.0f s in all.\n",
                result.bestEpoch, result.testAccuracy, result.threshold, result.testAccepted,
                result.testWrongAccepted, result.seconds);
    std::cout << "[INFO]\tWrote " << (out / "dwn.pt").string() << " and "
              << (out / "data.json").string() << std::endl;
    return kOk;
}

} // namespace dwn::cli
