#include <cstdio>
#include <iostream>
#include <tuple>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"
#include "dwn/training.h"
#include "progress.h"
#include "sha256.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

const char* const kFashion = "/usr/share/datasets/fashion-mnist"; // Debian's dataset-fashion-mnist

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

class Train : public Command {
public:
    explicit Train(CLI::App* app) : Command(app)
    {
        app->footer("Writes OUT/dwn.pt and OUT/data.json, with the history, test report and "
                    "confusion matrix (CSV and PNG) in the reports folder.");
        const char* data = "Data";
        app->add_option("--mnist", m_mnist, "folder with the four MNIST IDX files")
            ->type_name("DIR")
            ->capture_default_str()
            ->group(data);
        app->add_option("--kaggle", m_kaggle,
                        "train on a Kaggle \"Digit Recognizer\" train.csv instead of MNIST's "
                        "training images (the MNIST test set is still used for the final report "
                        "if present, else every tenth CSV row is held out)")
            ->type_name("FILE")
            ->group(data);
        app->add_option("--folders", m_folders,
                        "add labelled drawings DIR/<digit>/*.png (saved from the window) to "
                        "training")
            ->type_name("DIR")
            ->group(data);
        app->add_option("--repeat", m_options.extraRepeat,
                        "how often each drawing of --folders appears in an epoch")
            ->type_name("N")
            ->capture_default_str()
            ->group(data);
        app->add_option("--fashion", m_fashion,
                        "Fashion-MNIST's test images, passed through preprocessing as drawings "
                        "are, to measure how many non-digits are rejected; never trained on "
                        "(\"\" for none)")
            ->type_name("DIR")
            ->capture_default_str()
            ->group(data);
        app->add_option("--doodles", m_options.doodles,
                        "generated doodles that the model learns to be unsure of (0 for none); "
                        "a tenth more is held out to choose the score")
            ->type_name("N")
            ->capture_default_str()
            ->group(data);
        app->add_option("--doodle-weight", m_options.doodleWeight,
                        "weight of that lesson in the loss")
            ->type_name("X")
            ->capture_default_str()
            ->group(data);
        app->add_option("--rerender", m_options.rerender,
                        "share of training digits seen re-drawn as a drawing is")
            ->type_name("X")
            ->capture_default_str()
            ->group(data);
        app->add_option("--degraded", m_options.degraded,
                        "share of training digits seen degraded as scans and photos are "
                        "(blurred, shrunk, photographed, on lined or squared paper, pencil, "
                        "marker), then prepared as an image file is")
            ->type_name("X")
            ->capture_default_str()
            ->group(data);
        app->add_option("--in-line", m_options.inLine,
                        "share of training digits seen as one digit of a written number is: "
                        "one to three times MNIST's height, slanted either way, then prepared "
                        "as an image file is")
            ->type_name("X")
            ->capture_default_str()
            ->group(data);
        app->add_option("--number-crops", m_options.numberCrops,
                        "numbers made of training digits, segmented as image files are, whose "
                        "crops are learnt: whole digits as digits, pieces of two "
                        "with the doodles (0: none)")
            ->type_name("N")
            ->capture_default_str()
            ->group(data);
        app->add_option("--misfit-numbers", m_options.misfitNumbers,
                        "numbers made of training digits whose crops teach the misfit head, "
                        "which doubts a crop holding much of two digits (0: no head)")
            ->type_name("N")
            ->capture_default_str()
            ->group(data);

        const char* model = "Model";
        CLI::Option* init =
            app->add_option("--init", m_options.init,
                            "fine-tune this model (made by dwn train) instead of starting afresh")
                ->type_name("FILE")
                ->group(model);
        app->add_option("--teacher", m_options.teachers,
                        "a model (made by dwn train) whose answers are learnt besides the labels; "
                        "repeat it for several, whose answers are averaged (knowledge "
                        "distillation)")
            ->type_name("FILE")
            ->group(model);
        app->add_option("--teacher-weight", m_options.teacherWeight,
                        "share of the digits' loss given to the teachers' softened answers")
            ->type_name("X")
            ->capture_default_str()
            ->group(model);
        app->add_option("--arch", m_options.arch,
                        "dwn, or seed (the seed's network; Adam 5e-4 without decay, batch 50)")
            ->type_name("NAME")
            ->capture_default_str()
            ->group(model);
        app->add_option("--epochs", m_options.epochs)
            ->type_name("N")
            ->capture_default_str()
            ->group(model);
        m_batch = app->add_option("--batch", m_options.batch)
                      ->type_name("N")
                      ->capture_default_str()
                      ->group(model);
        m_lr = app->add_option("--lr", m_options.learningRate, "peak learning rate")
                   ->type_name("X")
                   ->capture_default_str()
                   ->group(model);
        m_decay = app->add_option("--weight-decay", m_options.weightDecay, "AdamW's weight decay")
                      ->type_name("X")
                      ->capture_default_str()
                      ->group(model);
        app->add_option("--accept", m_options.acceptCorrect,
                        "share of correct validation digits the threshold accepts")
            ->type_name("X")
            ->capture_default_str()
            ->group(model);
        app->add_option("--seed", m_options.seed, "makes the run repeatable")
            ->type_name("N")
            ->capture_default_str()
            ->group(model);
        app->add_option("--init-seed", m_options.initSeed,
                        "draw the starting weights from this seed instead of --seed, keeping the "
                        "seed's split and batches (teachers that differ only in their start)")
            ->type_name("N")
            ->excludes(init)
            ->group(model);
        app->add_option("--threads", m_options.threads, "intra-op threads")
            ->type_name("N")
            ->capture_default_str()
            ->group(model);
        app->add_flag("--no-augment", m_noAugment, "train on the images as they are")->group(model);
        app->add_option("--shear", m_options.shear,
                        "the distortions' shear factor, up to this either way")
            ->type_name("X")
            ->capture_default_str()
            ->group(model);
        app->add_option("--plain-tail", m_options.plainTail,
                        "share of the epochs, at the end, trained without distortions")
            ->type_name("X")
            ->capture_default_str()
            ->group(model);

        const char* output = "Output";
        app->add_option("--out", m_out, "where the model and data.json go")
            ->type_name("DIR")
            ->capture_default_str()
            ->group(output);
        app->add_option("--reports", m_reports, "where the reports go")
            ->type_name("DIR")
            ->capture_default_str()
            ->group(output);
    }

    int run() override;

private:
    // MNIST's (or Kaggle's) training and test images with their hashes, the drawings to
    // fine-tune on and Fashion-MNIST, as the options name them.
    TrainData readData() const;
    void printEpoch(const EpochStats& s) const;
    void printResult(const TrainResult& result) const;

    fs::path m_mnist = "data/mnist", m_out = "models", m_reports = "outputs";
    std::optional<fs::path> m_kaggle, m_folders;
    fs::path m_fashion = fs::exists(kFashion) ? fs::path(kFashion) : fs::path();
    TrainOptions m_options;
    bool m_noAugment = false;
    CLI::Option* m_batch = nullptr;
    CLI::Option* m_lr = nullptr;
    CLI::Option* m_decay = nullptr;
};

} // namespace

std::unique_ptr<Command> addTrain(CLI::App& dwn)
{
    return std::make_unique<Train>(
        dwn.add_subcommand("train", "train a model on MNIST and write it with its data.json"));
}

int Train::run()
{
    TrainOptions& options = m_options;
    options.augment = !m_noAugment;
    if (options.arch == "seed") { // the seed's own settings, unless given
        options.learningRate = m_lr->count() ? options.learningRate : 5e-4;
        options.batch = m_batch->count() ? options.batch : 50;
        options.weightDecay = m_decay->count() ? options.weightDecay : 0;
    }
    const TrainData data = readData();
    std::cout << "[INFO]\t"
              << (options.init ? "Fine-tuning '" + options.init->string() + "'"
                               : "Training '" + options.arch + "'")
              << " on " << data.train.size() << " images"
              << (data.extra.size() ? " + " + std::to_string(data.extra.size()) + " drawings" : "")
              << ", " << data.test.size() << " for the final test, " << options.epochs << " epochs"
              << std::endl;
    const TrainResult result = trainModel(
        data, options, m_out, m_reports, [this](const EpochStats& s) { printEpoch(s); },
        [](int done, int total) { progressBar("epoch", std::size_t(done), std::size_t(total)); });
    printResult(result);
    return kOk;
}

TrainData Train::readData() const
{
    const fs::path& mnist = m_mnist;
    TrainData data;
    const bool mnistTest = fs::exists(mnist / "t10k-images-idx3-ubyte");
    if (m_kaggle) {
        data.train = readKaggleCsv(*m_kaggle);
        if (!data.train.labelled())
            throw Error("'" + m_kaggle->string() + "' has no label column: it is a test file");
        data.hashes[m_kaggle->filename().string()] = detail::sha256File(*m_kaggle);
        data.test = mnistTest ? readMnist(mnist, false) : holdOutTenth(data.train);
    } else {
        data.train = readMnist(mnist, true);
        data.test = readMnist(mnist, false);
    }
    if (!m_kaggle || mnistTest)
        hashMnist(mnist, data);
    if (m_folders)
        data.extra = readImageFolders(*m_folders);
    if (!m_fashion.empty())
        std::tie(data.outliers, data.outliersRefused) = asDrawings(readMnist(m_fashion, false));
    return data;
}

void Train::printEpoch(const EpochStats& s) const
{
    std::printf("[INFO]\tEpoch %2d/%d %4.0f s | train loss %.4f acc %.4f P %.4f R %.4f "
                "F1 %.4f macro-F1 %.4f | validation loss %.4f acc %.4f P %.4f R %.4f "
                "F1 %.4f macro-F1 %.4f\n",
                s.epoch, m_options.epochs, s.seconds, s.trainLoss, s.train.accuracy,
                s.train.macroPrecision, s.train.macroRecall, s.train.weightedF1, s.train.macroF1,
                s.validationLoss, s.validation.accuracy, s.validation.macroPrecision,
                s.validation.macroRecall, s.validation.weightedF1, s.validation.macroF1);
    std::fflush(stdout);
}

void Train::printResult(const TrainResult& result) const
{
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
    if (result.misfit.numbers > 0)
        printMisfitHead(result.misfit);
    std::cout << "[INFO]\tWrote " << (m_out / "dwn.pt").string() << ", "
              << (m_out / "data.json").string() << " and the reports in " << m_reports.string()
              << std::endl;
}

} // namespace dwn::cli
