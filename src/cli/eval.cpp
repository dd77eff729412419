#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "dwn/classifier.h"
#include "dwn/datasets.h"
#include "dwn/error.h"
#include "dwn/evaluation.h"
#include "dwn/image_io.h"
#include "dwn/number_eval.h"
#include "dwn/plots.h"
#include "model_flags.h"
#include "progress.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

struct Run {
    Run(const Classifier& c, fs::path folder, bool asJson)
        : classifier(c), out(std::move(folder)), json(asJson)
    {
    }

    const Classifier& classifier;
    fs::path out;
    bool json = false;
    nlohmann::json summaries = nlohmann::json::object();
    std::vector<std::string> written;
    std::vector<Curve> curves;
    bool skippedAny = false;

    void write(const std::string& name, const std::string& text)
    {
        writeTextAtomically(out / name, text);
        written.push_back((out / name).string());
    }
    void write(const std::string& name, const cv::Mat& image)
    {
        writePngAtomically(out / name, image);
        written.push_back((out / name).string());
    }
};

Progress bar(const std::string& label)
{
    return [label](std::size_t done, std::size_t total) { progressBar(label, done, total, 256); };
}

std::string percent(double share)
{
    char text[16];
    std::snprintf(text, sizeof text, "%.2f%%", 100 * share);
    return text;
}

// Classifies a loaded set, writes its reports and prints its summary line.
void report(Run& run, EvalSet& set)
{
    classifyAll(run.classifier, set, bar(set.kind));
    const EvalSummary s = summarise(set);
    run.write(set.kind + ".csv", evalCsv(set));
    const std::string summary = summaryJson(set, s);
    run.write(set.kind + "_summary.json", summary);
    run.summaries[set.kind] = nlohmann::json::parse(summary);
    if (s.labelled > 0) {
        run.write(set.kind + "_report.csv", reportCsv(s.metrics));
        run.write(set.kind + "_confusion.csv", confusionCsv(s.metrics));
        run.write(set.kind + "_confusion.png",
                  confusionHeatmap(s.metrics, set.kind + ": true against predicted"));
    }
    const cv::Mat gallery = errorGallery(set);
    if (!gallery.empty())
        run.write(set.kind + "_errors.png", gallery);

    for (const Skipped& k : set.skipped)
        std::cerr << "dwn: skipped " << set.kind << " image '" << k.name << "': " << k.reason
                  << "\n";
    run.skippedAny = run.skippedAny || !set.skipped.empty();
    if (run.json)
        return;
    std::string line = "[INFO]\t" + set.kind + ": " + std::to_string(s.images) + " images";
    if (s.skipped)
        line += ", " + std::to_string(s.skipped) + " skipped";
    if (s.labelled)
        line += " | accuracy " + percent(s.accuracy) + ", right and accepted " +
                percent(s.rightAndAccepted) + ", macro-F1 " + std::to_string(s.metrics.macroF1);
    if (s.digits)
        line += " | digits accepted " + percent(s.digitsAccepted);
    if (s.nonDigits)
        line += " | non-digits rejected " + percent(s.nonDigitsRejected);
    if (s.auroc >= 0)
        line += " | AUROC " + std::to_string(s.auroc);
    std::cout << line << std::endl;
}

// The set read again as the window reads a drawing (split into symbols first): added to its
// summary and printed.
void reportAsNumbers(Run& run, const EvalSet& set)
{
    const AsNumbers n = readAsNumbers(run.classifier, set);
    nlohmann::json j = nlohmann::json::object();
    std::string line = "[INFO]\t" + set.kind + ", read as numbers:";
    if (n.digits) {
        j["digits_right_and_accepted"] = double(n.digitsRight) / double(n.digits);
        line += " digits right and accepted " + percent(double(n.digitsRight) / double(n.digits));
    }
    if (n.others) {
        j["non_digits_rejected"] = double(n.othersRejected) / double(n.others);
        line += std::string(n.digits ? "," : "") + " non-digits rejected " +
                percent(double(n.othersRejected) / double(n.others));
    }
    run.summaries[set.kind]["as_numbers"] = j;
    run.write(set.kind + "_as_numbers.csv", asNumbersCsv(n));
    if (!run.json)
        std::cout << line << std::endl;
}

// Reads every number of a set, writes its reports and prints its summary line.
void reportNumbers(Run& run, NumberSet& set)
{
    readAll(run.classifier, set, bar("numbers"));
    const NumberSummary s = summariseNumbers(set);
    run.write("numbers.csv", numbersCsv(set));
    const std::string summary = numberSummaryJson(set, s);
    run.write("numbers_summary.json", summary);
    run.summaries["numbers"] = nlohmann::json::parse(summary);
    const cv::Mat gallery = numberErrorGallery(set);
    if (!gallery.empty())
        run.write("numbers_errors.png", gallery);
    for (const Skipped& k : set.skipped)
        std::cerr << "dwn: skipped numbers image '" << k.name << "': " << k.reason << "\n";
    run.skippedAny = run.skippedAny || !set.skipped.empty();
    if (run.json)
        return;
    std::string line = "[INFO]\tnumbers: " + std::to_string(s.images) + " images";
    if (s.skipped)
        line += ", " + std::to_string(s.skipped) + " skipped";
    line += " | string accuracy " + percent(s.stringAccuracy) + ", right and accepted " +
            percent(s.rightAndAccepted) + ", digit accuracy " + percent(s.digitAccuracy) +
            " | digits found: " + std::to_string(s.tooFew) + " too few, " +
            std::to_string(s.rightCount) + " right, " + std::to_string(s.tooMany) + " too many";
    std::cout << line << std::endl;
}

// The folders directly in `dir`, in name order. Throws dwn::Error when there are none.
std::vector<fs::path> foldersIn(const fs::path& dir)
{
    std::vector<fs::path> folders;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec))
            folders.push_back(it->path());
    if (folders.empty())
        throw Error("no sets in '" + dir.string() +
                    "': it should hold one folder per kind, as dwn "
                    "degrade writes");
    std::sort(folders.begin(), folders.end());
    return folders;
}

std::vector<const EvalItem*> itemsWhere(const EvalSet& set, bool digit)
{
    std::vector<const EvalItem*> items;
    for (const EvalItem& item : set.items)
        if (item.digit == digit)
            items.push_back(&item);
    return items;
}

void addCurve(Run& run, const std::string& name, const std::vector<const EvalItem*>& digits,
              const std::vector<const EvalItem*>& others, const cv::Scalar& colour)
{
    if (digits.empty() || others.empty())
        return;
    const Roc roc = rocOf(digits, others, run.classifier.card().trustedThreshold);
    char label[128];
    std::snprintf(label, sizeof label, "%s (AUROC %.4f)", name.c_str(), roc.auroc);
    run.curves.push_back({label, roc.curve, roc.at, colour});
}

class Eval : public Command {
public:
    explicit Eval(CLI::App* app) : Command(app)
    {
        app->footer("Writes, per set, a CSV with one row per image, a JSON summary, the confusion "
                    "matrix (CSV and PNG) and a gallery of what went wrong; and the ROC curve of "
                    "digits against non-digits (roc.png) with the model's threshold marked. Images "
                    "that cannot be read are listed as skipped (exit code 1), and the run goes "
                    "on.");
        auto set = [app](const char* flag, std::optional<fs::path>& into, const char* what) {
            return app->add_option(flag, into, what)
                ->type_name("DIR")
                ->group("Sets (at least one)");
        };
        set("--test", m_test, "labelled drawings DIR/<digit>/… (as inputs/test)");
        set("--check", m_check, "DIR/numbers/… and DIR/not numbers/… (as inputs/check)");
        set("--numbers", m_numbers,
            "images of whole numbers labelled by their names (2026.png, 2026_3.png, -3.5.png), "
            "as inputs/numbers or what dwn numbers writes");
        set("--robustness", m_robustness,
            "DIR/<kind>/<digit>/…: one labelled set per kind of degradation (what dwn degrade "
            "writes), each measured alone");
        set("--mnist", m_mnist,
            "MNIST's test images (t10k-images-idx3-ubyte, …), read as they are");
        set("--outliers", m_outliers,
            "IDX test images that are no digits (Fashion-MNIST), passed through preprocessing as "
            "drawings are");
        CLI::Option* kaggle =
            set("--kaggle-test", m_kaggle,
                "a Kaggle \"Digit Recognizer\" test.csv: writes the predictions in Kaggle's "
                "submission format (ImageId,Label)")
                ->type_name("FILE");
        app->add_option("--submission", m_submission,
                        "where the Kaggle predictions go (default: OUT/submission.csv)")
            ->type_name("FILE")
            ->needs(kaggle);
        m_flags.addTo(*app);
        app->add_option("--out", m_out, "where the reports go")
            ->type_name("DIR")
            ->capture_default_str();
        app->add_flag("--json", m_json, "print the summaries as one JSON object");
    }

    int run() override;

private:
    // The labelled folders: drawings, check set, numbers and robustness kinds.
    void evaluateFolders(Run& run) const;
    // MNIST's test images and the outliers (IDX files), and the curve of one against the other.
    void evaluateIdxSets(Run& run) const;
    // The Kaggle test file's predictions, in Kaggle's submission format.
    void writeSubmission(Run& run) const;
    // The summaries as one JSON object (--json), or the files written.
    void printWritten(const Run& run) const;

    ModelFlags m_flags;
    std::optional<fs::path> m_test, m_check, m_numbers, m_robustness, m_mnist, m_outliers, m_kaggle,
        m_submission;
    fs::path m_out = "outputs";
    bool m_json = false;
};

} // namespace

std::unique_ptr<Command> addEval(CLI::App& dwn)
{
    return std::make_unique<Eval>(dwn.add_subcommand(
        "eval", "measure a model on drawings, numbers, MNIST, non-digits; write reports"));
}

int Eval::run()
{
    if (!m_test && !m_check && !m_numbers && !m_robustness && !m_mnist && !m_outliers && !m_kaggle)
        throw Error("nothing to evaluate: give --test, --check, --numbers, --robustness, --mnist, "
                    "--outliers or --kaggle-test (see dwn eval --help)");

    const Classifier classifier(m_flags.options());
    createFolder(m_out);

    Run run(classifier, m_out, m_json);
    if (!m_json) {
        const ModelCard& card = classifier.card();
        std::cout << "[INFO]\tModel " << classifier.modelPath().string() << " on "
                  << classifier.deviceName() << ": accepted when " << toString(card.score) << " > "
                  << card.trustedThreshold;
        if (const double crops = classifier.threshold(Head::Crops); crops != card.trustedThreshold)
            std::cout << " (in soft-ink numbers, read by the crop head: > " << crops << ")";
        std::cout << std::endl;
    }
    evaluateFolders(run);
    evaluateIdxSets(run);
    if (!run.curves.empty())
        run.write("roc.png", rocChart("Digits accepted against non-digits accepted", run.curves));
    if (m_kaggle)
        writeSubmission(run);
    printWritten(run);
    return run.skippedAny ? kSomeFailed : kOk;
}

void Eval::evaluateFolders(Run& run) const
{
    if (m_test) {
        EvalSet set = loadTestFolders(*m_test, bar("reading"), Split::IntoPieces);
        report(run, set);
        reportAsNumbers(run, set);
    }
    if (m_check) {
        EvalSet set = loadCheckFolders(*m_check, bar("reading"), Split::IntoPieces);
        report(run, set);
        reportAsNumbers(run, set);
        addCurve(run, "check: numbers vs not numbers", itemsWhere(set, true),
                 itemsWhere(set, false), {40, 120, 230});
    }
    if (m_numbers) {
        NumberSet set = loadNumberFolder(*m_numbers, bar("reading"));
        reportNumbers(run, set);
    }
    if (m_robustness)
        for (const fs::path& kind : foldersIn(*m_robustness)) {
            EvalSet set = loadTestFolders(kind, bar("reading"));
            set.kind = "robustness-" + kind.filename().string();
            report(run, set);
        }
}

void Eval::evaluateIdxSets(Run& run) const
{
    std::optional<EvalSet> mnistSet, outlierSet;
    if (m_mnist) {
        mnistSet = fromImages(readMnist(*m_mnist, false), "mnist", true, false);
        report(run, *mnistSet);
    }
    if (m_outliers) {
        outlierSet = fromImages(readMnist(*m_outliers, false), "outliers", false, true);
        report(run, *outlierSet);
    }
    if (mnistSet && outlierSet)
        addCurve(run, "MNIST test vs outliers", itemsWhere(*mnistSet, true),
                 itemsWhere(*outlierSet, false), {200, 110, 30});
}

void Eval::writeSubmission(Run& run) const
{
    EvalSet set = fromImages(readKaggleCsv(*m_kaggle), "kaggle", true, false);
    classifyAll(run.classifier, set, bar("kaggle"));
    std::vector<Verdict> verdicts;
    for (const EvalItem& item : set.items)
        verdicts.push_back(item.verdict);
    const fs::path file = m_submission.value_or(m_out / "submission.csv");
    writeTextAtomically(file, submissionCsv(verdicts));
    run.written.push_back(file.string());
    run.summaries["kaggle"] = {{"images", verdicts.size()}, {"submission", file.string()}};
    if (!m_json)
        std::cout << "[INFO]\tkaggle: " << verdicts.size() << " predictions" << std::endl;
}

void Eval::printWritten(const Run& run) const
{
    if (m_json) {
        const Classifier& classifier = run.classifier;
        const nlohmann::json all = {{"model", classifier.modelPath().string()},
                                    {"score", toString(classifier.card().score)},
                                    {"trusted_threshold", classifier.card().trustedThreshold},
                                    {"sets", run.summaries},
                                    {"written", run.written}};
        std::cout << all.dump() << std::endl;
    } else {
        std::cout << "[INFO]\tWrote";
        for (const std::string& file : run.written)
            std::cout << " " << file;
        std::cout << std::endl;
    }
}

} // namespace dwn::cli
